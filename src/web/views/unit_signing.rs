//! The page a person reads before signing a unit: the assessor before signing it off, the
//! learner before countersigning. What is being signed, in the specification's words: each
//! criterion's latest decision, the evidence it rests on, and what the signature does.

use maud::{Markup, html};

use super::forms::{csrf, form_problem};
use super::layout::Page;
use crate::actions::assessment::signing::{Signer, UnitSigning};
use crate::domain::ids::{CriterionId, JudgementId};
use crate::domain::judgement::{JudgementOutcome, judgeable_items_of_unit};
use crate::web::auth::CurrentUser;
use crate::web::views::support_needs::SupportPanel;

pub struct SigningPage<'a> {
    pub current: &'a CurrentUser,
    pub signing: &'a UnitSigning,
    /// A refusal of the signature, shown above the summary.
    pub problem: Option<&'a str>,
}

/// The confirmation page of a unit's sign-off or countersignature.
pub fn page(p: &SigningPage<'_>) -> Markup {
    let s = p.signing;
    let r = &s.record;
    let unit = &s.unit;
    let registration = &r.registration.id;
    let base = format!("/registrations/{registration}/units/{}", unit.id);
    let items = judgeable_items_of_unit(unit);
    let met = items
        .iter()
        .filter(|i| {
            r.latest(&CriterionId::from_stored(i.as_str()))
                .is_some_and(|j| j.outcome == JudgementOutcome::Met)
        })
        .count();
    let (title, action, button) = match s.signer {
        Signer::Assessor => (
            format!("Sign off Unit {} for {}", unit.number, r.learner_name),
            format!("{base}/sign-off"),
            format!("Sign off Unit {}", unit.number),
        ),
        Signer::Learner => (
            format!("Countersign Unit {}", unit.number),
            format!("{base}/countersign"),
            format!("Countersign Unit {}", unit.number),
        ),
    };
    Page::new(&title)
        .user(Some(p.current))
        .trail("Home", "/home")
        .trail("Assessment record", format!("/registrations/{registration}/assessment"))
        .render(html! {
            (form_problem(p.problem))
            p { "Unit " (unit.number) " " (unit.title) ": " (met) " of " (items.len()) " met." }
            @match s.signer {
                Signer::Assessor => p { "By signing off you confirm that " (r.learner_name) " has met every criterion of this unit on sufficient, authentic evidence. The unit is then locked: no decision on it changes unless a centre administrator or an IQA referral opens it again. The learner is asked to countersign." },
                Signer::Learner => p { "By countersigning you confirm that you have read your assessor's decisions and feedback on this unit, and that the evidence is your own work." },
            }
            @if s.signer == Signer::Assessor {
                (SupportPanel::for_staff(p.current, &r.registration))
                @if !s.warnings.is_empty() {
                    div class="callout" role="note" {
                        p { strong { "Is the evidence sufficient?" } }
                        ul { @for w in &s.warnings { li class="warning" { (w) } } }
                    }
                }
            }
            (signed_table(s, &items))
            form method="post" action=(action) {
                (csrf(&p.current.session.csrf_token))
                button type="submit" { (button) }
            }
            p { a href={ "/registrations/" (registration) "/assessment" } { "Back to the assessment record without signing" } }
        })
}

/// Each criterion of the unit with its latest decision and the evidence it relied on.
fn signed_table(s: &UnitSigning, items: &[String]) -> Markup {
    let (r, unit) = (&s.record, &s.unit);
    html! {
    table class="stack" {
        caption { "What is being signed" }
        thead { tr { th scope="col" { "Criterion" } th scope="col" { "Decision" } th scope="col" { "Evidence relied on" } } }
        tbody {
            @for item in items {
                @let latest = r.latest(&CriterionId::from_stored(item.as_str()));
                tr {
                    th scope="row" { (unit.item_words(item).unwrap_or_else(|| item.clone())) }
                    td data-label="Decision" { (latest.map_or("Not judged yet", |j| j.outcome.label())) }
                    td data-label="Evidence relied on" { (latest.map(|j| relied_on(s, &j.id)).unwrap_or_default()) }
                }
            }
        }
    }
    }
}

/// The titles of the evidence a judgement relied on.
fn relied_on(s: &UnitSigning, judgement_id: &str) -> String {
    let r = &s.record;
    r.evidence_of(&JudgementId::from_stored(judgement_id))
        .iter()
        .filter_map(|je| r.evidence.iter().find(|(e, _)| e.id == je.evidence_id))
        .map(|(e, _)| e.title.clone())
        .collect::<Vec<_>>()
        .join(", ")
}
