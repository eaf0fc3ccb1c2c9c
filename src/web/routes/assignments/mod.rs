//! The assignment set by the awarding body (C4, City & Guilds Unit 001) in the pages: the centre
//! records its versions, the learner reads the brief and starts their submission, the assessor
//! marks it task by task, and the centre records the external verification. Each handler parses,
//! calls the action (which authorises), and draws the page again with what was typed on a refusal.

mod centre;
mod learner;
mod marking;

pub use centre::{centre_page, record, version_brief, version_guidance};
pub use learner::{brief, guidance, show, submit, verify};
pub use marking::{mark, marking};

use actix_web::http::StatusCode;
use maud::{Markup, html};
use serde::Deserialize;

use crate::actions::access::require_allocated_assessor;
use crate::actions::assessment::assignments::submission::assignment_unit;
use crate::actions::assessment::assignments::submission::{self, AssignmentOverview};
use crate::actions::people::directory;
use crate::actions::{ActionError, AppState};
use crate::curriculum::model::Unit;
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::registrations::Registration;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, PageError};
use crate::web::views::assignments::{Typed, Viewer};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    pub(super) done: Option<String>,
}

/// A refusal drawn on the page: messages by field, or one about the whole form.
pub(super) struct Refusal {
    status: StatusCode,
    errors: Vec<FieldError>,
    problem: Option<String>,
}

impl Refusal {
    pub(super) fn none() -> Self {
        Self {
            status: StatusCode::OK,
            errors: Vec::new(),
            problem: None,
        }
    }

    /// `conflict_field`: the field a conflict is about, when it is about one.
    pub(super) fn of(error: ActionError, conflict_field: Option<&str>) -> Self {
        let status = if matches!(error, ActionError::Conflict(_)) {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        match (error, conflict_field) {
            (ActionError::Invalid(errors), _) => Self {
                status,
                errors,
                problem: None,
            },
            (ActionError::Conflict(message), Some(field)) => Self {
                status,
                errors: vec![FieldError::new(field, &message)],
                problem: None,
            },
            (other, _) => Self {
                status,
                errors: Vec::new(),
                problem: Some(other.to_string()),
            },
        }
    }
}

/// The unit and the learner's name, for the pages of one registration.
pub(super) async fn unit_and_name<'s>(
    state: &'s AppState,
    o: &AssignmentOverview,
) -> Result<(&'s Unit, String), PageError> {
    let unit = state
        .curriculum
        .unit(&o.unit_id)
        .map(|(_, u)| u)
        .ok_or_else(|| AppError::from(ActionError::NotFound(format!("unit {}", o.unit_id))))?;
    let name = directory::learner_name(state, &o.registration).await?;
    Ok((unit, name))
}

pub(super) fn viewer(current: &CurrentUser, r: &Registration) -> Viewer {
    Viewer {
        learner: r.learner_id == current.user.id,
        assessor: require_allocated_assessor(current, r).is_ok(),
        admin: current.supports(&CentreId::from_stored(r.centre_id.as_str()))
            || current.has_role(
                &CentreId::from_stored(r.centre_id.as_str()),
                Role::CentreAdmin,
            ),
    }
}

// ---- links from the other pages ----

/// The registration page's section: the way to the assignment, and the centre's verification
/// form. Empty when no unit of the qualification is assessed by an assignment.
pub async fn registration_section(
    state: &AppState,
    current: &CurrentUser,
    registration: &Registration,
) -> Result<Markup, PageError> {
    if assignment_unit(state, registration).is_err() {
        return Ok(html! {});
    }
    let id = RegistrationId::from_stored(registration.id.clone());
    let o = submission::overview(state, current, &id).await?;
    let who = viewer(current, registration);
    let number = state
        .curriculum
        .unit(&o.unit_id)
        .map_or("001", |(_, u)| u.number.as_str());
    Ok(html! {
        section id="assignment" aria-labelledby="assignment-heading" {
            h2 id="assignment-heading" { "Unit " (number) " assignment" }
            p {
                a href={ "/registrations/" (registration.id) "/assignment" } {
                    @if who.learner { "Your assignment: the brief, your submission and its marks" }
                    @else { "The assignment: the brief, the submission, its marks and the external verification" }
                }
            }
            @if who.assessor && o.submission.is_some() {
                p { a href={ "/registrations/" (registration.id) "/assignment/marking" } { "Mark the assignment task by task" } }
            }
            @if who.admin {
                (crate::web::views::assignments::verification_form(current, &o, &Typed::new(), &[]))
            }
        }
    })
}
