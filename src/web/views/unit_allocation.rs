//! A registration's units with who assesses and who quality-assures each (C6 and C8 are per
//! unit), and for the centre administrator one small form per unit to allocate it.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, select_with_id};
use crate::actions::people::registrations::{UnitAllocationInput, UnitStaffing};
use crate::domain::people::FieldError;

/// A unit's allocation the centre administrator sent and the platform refused: what they chose
/// is shown again, with the reasons beside the fields.
pub struct UnitDraft {
    pub unit_id: String,
    pub input: UnitAllocationInput,
    pub errors: Vec<FieldError>,
}

pub struct UnitsSection<'a> {
    pub registration_id: &'a str,
    pub csrf_token: &'a str,
    pub units: &'a [UnitStaffing],
    pub names: &'a dyn Fn(&str) -> String,
    /// The centre's assessors and IQAs: (user id, name).
    pub assessors: &'a [(String, String)],
    pub iqas: &'a [(String, String)],
    /// The centre administrator of an active registration may allocate.
    pub manage: bool,
    pub draft: Option<&'a UnitDraft>,
}

/// An id for a unit's fields on the page: its id with anything but letters and digits as `-`.
fn prefix(unit_id: &str) -> String {
    unit_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

pub fn section(s: &UnitsSection<'_>) -> Markup {
    html! {
        h2 id="units" { "Who assesses and quality-assures each unit" }
        table {
            caption { "Units of the qualification" }
            thead { tr { th scope="col" { "Unit" } th scope="col" { "Assessor" } th scope="col" { "IQA" } } }
            tbody {
                @for u in s.units {
                    tr {
                        td data-label="Unit" { (u.unit_title) }
                        td data-label="Assessor" { ((s.names)(&u.assessor_id)) }
                        td data-label="IQA" { ((s.names)(&u.iqa_id)) }
                    }
                }
            }
        }
        @if s.manage {
            p { "Each unit may have its own assessor and IQA. A Unit 001 assessor may hold the QCF Level 3 Award in Assessing Vocationally Related Achievement; the IQA of a unit is never its assessor." }
            @for u in s.units { (unit_form(s, u)) }
        }
    }
}

/// One unit's form, open when it is the one just refused.
fn unit_form(s: &UnitsSection<'_>, unit: &UnitStaffing) -> Markup {
    let p = prefix(&unit.unit_id);
    let draft = s.draft.filter(|d| d.unit_id == unit.unit_id);
    let errors: Vec<FieldError> = draft
        .map(|d| {
            d.errors
                .iter()
                .map(|e| FieldError::new(&format!("{p}-{}", e.field), &e.message))
                .collect()
        })
        .unwrap_or_default();
    let reason_id = format!("{p}-reason");
    let (assessor, iqa, reason) = match draft {
        Some(d) => (
            d.input.assessor_id.as_str(),
            d.input.iqa_id.as_str(),
            d.input.reason.as_str(),
        ),
        None => (unit.assessor_id.as_str(), unit.iqa_id.as_str(), ""),
    };
    html! {
        details id={ "unit-" (p) } open[draft.is_some()] {
            summary { "Change who holds " (unit.unit_title) }
            (error_summary(&errors))
            form method="post" action={ "/registrations/" (s.registration_id) "/units/" (unit.unit_id) "/allocation" } novalidate {
                (csrf(s.csrf_token))
                (select_with_id(&format!("{p}-assessor_id"), "assessor_id", "Assessor of this unit", s.assessors, assessor, &errors))
                (select_with_id(&format!("{p}-iqa_id"), "iqa_id", "IQA of this unit", s.iqas, iqa, &errors))
                (Input::new("reason", "Reason").id(&reason_id).value(reason).optional().render(&errors))
                button type="submit" class="secondary" { "Allocate this unit" }
            }
        }
    }
}
