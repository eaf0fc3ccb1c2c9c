//! The assessor's marking workspace for a unit: the learner's evidence on the unit, then every
//! criterion in the specification's words with its latest decision and the evidence mapped to it,
//! ticked to rely on; one form judges many criteria at once. Signing the unit off follows from
//! here once every criterion is met.

use maud::{Markup, html};

use super::forms::{csrf, error_summary};
use super::layout::Page;
use super::marking::{Typed, feedback_field, outcome_field, round_field, row_id};
use super::words;
use crate::actions::assessment::unit_marking::{UnitCriterion, UnitEvidence, UnitMarking};
use crate::domain::people::FieldError;
use crate::web::auth::CurrentUser;
use crate::web::views::support_needs::SupportPanel;

pub struct UnitMarkingPage<'a> {
    pub current: &'a CurrentUser,
    pub workspace: &'a UnitMarking,
    pub typed: &'a Typed,
    /// Preselect "met" on every criterion not yet met that has evidence (`?all=met`).
    pub all_met: bool,
    pub errors: &'a [FieldError],
    pub notice: Option<&'a str>,
}

pub fn path(registration_id: &str, unit_id: &str) -> String {
    format!("/registrations/{registration_id}/units/{unit_id}/marking")
}

/// The checkbox that relies on one piece of evidence for one criterion.
pub fn rely_field(item_id: &str, evidence_id: &str) -> String {
    format!("rely:{item_id}:{evidence_id}")
}

fn evidence_list(w: &UnitMarking) -> Markup {
    html! {
        section aria-labelledby="evidence-heading" {
            h2 id="evidence-heading" { "Evidence on this unit (" (w.evidence.len()) ")" }
            @if w.evidence.is_empty() {
                p { "Nothing is mapped to this unit yet." }
            } @else {
                ul class="evidence-list" {
                    @for e in &w.evidence { li { (evidence_entry(e)) } }
                }
            }
        }
    }
}

fn evidence_entry(e: &UnitEvidence) -> Markup {
    html! {
        a href={ "/evidence/" (e.item.id) "/marking" } { (e.item.title) }
        " — " (e.kind) ", " (words::day(e.item.activity_date))
        @if !e.ready { " " strong class="tag tag-grey" { "With the learner as a draft" } }
    }
}

fn choice(row: &UnitCriterion, value: &str, label: &str, chosen: &str) -> Markup {
    let name = outcome_field(&row.item_id);
    let id = format!("{name}:{value}");
    html! {
        div class="radio" {
            input type="radio" id=(id) name=(name) value=(value) checked[chosen == value];
            label for=(id) { (label) }
        }
    }
}

fn relied_on(page: &UnitMarkingPage<'_>, row: &UnitCriterion) -> Markup {
    let w = page.workspace;
    let posted = !page.typed.is_empty();
    html! {
        @if row.mapped.is_empty() {
            p class="hint" { "No evidence is mapped to this criterion yet." }
        } @else {
            fieldset class="checkboxes small" {
                legend { "Relying on" }
                @for evidence_id in &row.mapped {
                    @if let Some(e) = w.evidence_item(evidence_id) {
                        @let field = rely_field(&row.item_id, evidence_id);
                        @let ticked = if posted { page.typed.contains_key(&field) } else { e.ready };
                        div class="checkbox" {
                            input type="checkbox" id=(field) name=(field) value="on" checked[ticked];
                            label for=(field) { (e.item.title) " (" (e.kind) ")" }
                        }
                    }
                }
            }
        }
    }
}

fn row(page: &UnitMarkingPage<'_>, index: usize, row: &UnitCriterion) -> Markup {
    let typed = |field: String| page.typed.get(&field).map(String::as_str);
    let default = if page.all_met && !row.is_met() && !row.mapped.is_empty() {
        "met"
    } else {
        ""
    };
    let chosen = typed(outcome_field(&row.item_id)).unwrap_or(default);
    let feedback = typed(feedback_field(&row.item_id)).unwrap_or_default();
    let id = row_id(index);
    let error = page.errors.iter().find(|e| e.field == id);
    let round = row.latest.as_ref().map_or(0, |j| j.round);
    html! {
        fieldset id=(id) class={ "criterion" @if error.is_some() { " has-error" } } {
            legend { (row.words) }
            @match &row.latest {
                Some(j) => p class="hint" { "Latest decision: " strong { (j.outcome.label()) } " (" (words::day(j.judged_at.date())) ")" },
                None => p class="hint" { "Not judged yet." },
            }
            @if let Some(e) = error { p class="error-message" { (e.message) } }
            input type="hidden" name=(round_field(&row.item_id)) value=(round);
            div class="radios inline" {
                (choice(row, "met", "Met", chosen))
                (choice(row, "not_yet_met", "Not yet met", chosen))
                (choice(row, "", "Leave for now", chosen))
            }
            (relied_on(page, row))
            @let fid = feedback_field(&row.item_id);
            label for=(fid) { "Feedback on this criterion" span class="hint" { " (needed for not yet met)" } }
            textarea id=(fid) name=(fid) rows="2" { (feedback) }
        }
    }
}

fn form(page: &UnitMarkingPage<'_>) -> Markup {
    let w = page.workspace;
    let here = path(&w.registration.id, &w.unit_id);
    let overall = page
        .typed
        .get("overall_feedback")
        .map_or("", String::as_str);
    html! {
        form method="post" action={ "/registrations/" (w.registration.id) "/units/" (w.unit_id) "/judgements" } class="marking-form" {
            (csrf(&page.current.session.csrf_token))
            h2 id="criteria-heading" { "Criteria (" (w.met()) " of " (w.criteria.len()) " met)" }
            p { a href={ (here) "?all=met#criteria-heading" } { "Choose met for every criterion with evidence not yet met" } " — then change those that are not." }
            @for (i, r) in w.criteria.iter().enumerate() { (row(page, i, r)) }
            label for="overall_feedback" { "Overall feedback to the learner" span class="hint" { " (optional)" } }
            textarea id="overall_feedback" name="overall_feedback" rows="3" { (overall) }
            p class="hint" { "Every judgement you chose is recorded together, or none is. The learner gets one message listing them." }
            button type="submit" { "Record these judgements" }
        }
    }
}

fn sign_off(w: &UnitMarking) -> Markup {
    let all_met = !w.criteria.is_empty() && w.met() == w.criteria.len();
    html! {
        section aria-labelledby="sign-off-heading" {
            h2 id="sign-off-heading" { "Signing the unit off" }
            @if all_met {
                p { "Every criterion of this unit is met." }
                p { a class="button" href={ "/registrations/" (w.registration.id) "/units/" (w.unit_id) "/sign-off" } { "Check and sign off " (w.unit_title) } }
            } @else {
                p { "You can sign the unit off once every criterion is met: " (w.met()) " of " (w.criteria.len()) " so far." }
            }
        }
    }
}

pub fn page(page: &UnitMarkingPage<'_>) -> Markup {
    let w = page.workspace;
    let r = &w.registration;
    let title = format!("Marking: {}", w.unit_title);
    Page::new(&title)
        .user(Some(page.current))
        .notice(page.notice)
        .trail(
            "Assessment record",
            format!("/registrations/{}/assessment", r.id),
        )
        .render(html! {
            p { "Evidence from " strong { (w.learner_name) } "." }
            (SupportPanel::for_staff(page.current, r))
            (error_summary(page.errors))
            (evidence_list(w))
            (form(page))
            (sign_off(w))
        })
}
