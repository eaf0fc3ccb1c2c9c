//! A learner's unit as the IQA samples it: every sampled decision on one page with its criterion
//! in words, the assessor's outcome, feedback and evidence, and one form to agree or refer each;
//! a separate one-button form agrees them all.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::forms::{csrf, error_summary};
use super::layout::Page;
use super::words;
use crate::actions::iqa::unit_sample::{Checkable, SampledDecision, UnitSample};
use crate::domain::ids::UserId;
use crate::domain::iqa_check::CheckOutcome;
use crate::domain::people::FieldError;
use crate::web::auth::CurrentUser;

/// What the IQA typed and chose, by field name, shown again after a refusal.
pub type Typed = BTreeMap<String, String>;

pub struct UnitSamplePage<'a> {
    pub current: &'a CurrentUser,
    pub sample: &'a UnitSample,
    /// The caller is an IQA of the centre (may record checks).
    pub is_iqa: bool,
    pub typed: &'a Typed,
    pub errors: &'a [FieldError],
    pub notice: Option<&'a str>,
}

/// The field a decision's outcome is sent in; feedback, action and due date likewise.
pub fn field(name: &str, sample_id: &str) -> String {
    format!("{name}:{sample_id}")
}

/// The element id of a decision's block (what errors link to).
pub fn row_id(index: usize) -> String {
    format!("decision-{index}")
}

/// Where the unit's sample page lives.
pub fn path(registration_id: &str, unit_id: &str) -> String {
    format!("/registrations/{registration_id}/units/{unit_id}/sample")
}

pub fn page(p: &UnitSamplePage<'_>) -> Markup {
    let s = p.sample;
    let me = p.current.user.id.as_str();
    let waiting: Vec<&SampledDecision> = s
        .decisions
        .iter()
        .filter(|d| {
            matches!(
                d.checkable_by(&UserId::from_stored(me)),
                Checkable::First | Checkable::Again
            )
        })
        .collect();
    let title = format!("{}: sample of {}", s.learner_name(), s.unit_title);
    let action = format!("{}/checks", path(&s.registration.id, &s.unit_id));
    Page::new(&title)
        .user(Some(p.current))
        .notice(p.notice)
        .trail("Home", "/home")
        .render(html! {
            (error_summary(p.errors))
            (summary(s))
            @if p.is_iqa && !waiting.is_empty() {
                form method="post" action=(action) class="agree-all" {
                    (csrf(&p.current.session.csrf_token))
                    input type="hidden" name="all" value="agree";
                    p { "Read each decision below. If every one is sound, agree them all at once; otherwise choose for each." }
                    button type="submit" {
                        @if waiting.len() == 1 { "Agree the decision waiting for your check" }
                        @else { "Agree all " (waiting.len()) " decisions waiting for your check" }
                    }
                }
            }
            form method="post" action=(action) id="checks" {
                (csrf(&p.current.session.csrf_token))
                @for (index, d) in s.decisions.iter().enumerate() {
                    (decision(p, index, d))
                }
                @if p.is_iqa && !waiting.is_empty() {
                    button type="submit" { "Record these checks" }
                }
            }
        })
}

fn summary(s: &UnitSample) -> Markup {
    let mut assessors: Vec<&str> = s
        .decisions
        .iter()
        .map(|d| s.name_of(&UserId::from_stored(d.judgement.assessor_id.as_str())))
        .collect();
    assessors.dedup();
    let mut stages: Vec<&str> = s.decisions.iter().map(|d| d.sample.stage.label()).collect();
    stages.sort_unstable();
    stages.dedup();
    html! {
        dl class="summary" {
            dt { "Learner" } dd { a href={ "/registrations/" (s.registration.id) } { (s.learner_name()) } }
            dt { "Assessment location" } dd { (s.registration.workplace) }
            dt { "Unit" } dd { (s.unit_title) @if s.signed_off { " (signed off)" } }
            dt { "Assessor" } dd { (assessors.join(", ")) }
            dt { "Stage" } dd { (stages.join(", ")) }
            dt { "Decisions sampled" } dd { (s.decisions.len()) }
        }
        @if !s.sufficiency.is_empty() {
            div class="callout" role="note" {
                p { strong { "Is the evidence for this unit sufficient?" } }
                ul { @for w in &s.sufficiency { li class="warning" { (w) } } }
            }
        }
        p { a href={ "/registrations/" (s.registration.id) "/assessment" } { "The learner's whole assessment record" } }
    }
}

fn decision(p: &UnitSamplePage<'_>, index: usize, d: &SampledDecision) -> Markup {
    let s = p.sample;
    let j = &d.judgement;
    let error = p.errors.iter().find(|e| e.field == row_id(index));
    html! {
        section id=(row_id(index)) class={ "sampled-decision" @if error.is_some() { " invalid" } } aria-labelledby={ (row_id(index)) "-title" } {
            h2 id={ (row_id(index)) "-title" } { (d.words) }
            @if let Some(e) = error { p class="error" { (e.message) } }
            p {
                strong { (j.outcome.label()) }
                " (round " (j.round) "), judged " (words::day(j.judged_at.date())) " by " (s.name_of(&UserId::from_stored(j.assessor_id.as_str()))) ". "
                "Sample status: " (d.sample.status.label()) "."
            }
            @if !j.feedback.trim().is_empty() {
                p class="prewrap" { strong { "Feedback to the learner: " } (j.feedback) }
            }
            @if d.evidence.is_empty() { p { "No evidence is recorded for this decision." } }
            @else {
                ul class="evidence-relied-on" aria-label="Evidence relied on" {
                    @for (e, version) in &d.evidence {
                        li { a href={ "/evidence/" (e.id) } { (e.title) } " (version " (version) ")" }
                    }
                }
            }
            @for c in &d.checks {
                p {
                    "Check " (c.check_no) " by " (s.name_of(&UserId::from_stored(c.iqa_id.as_str()))) " on " (words::day(c.recorded_at.date())) ": " (c.outcome.label())
                    @if !c.feedback.is_empty() { ". " (c.feedback) }
                }
            }
            (choice(p, d))
            p { a href={ "/samples/" (d.sample.id) } { "This decision on its own page" } }
        }
    }
}

fn choice(p: &UnitSamplePage<'_>, d: &SampledDecision) -> Markup {
    let id = d.sample.id.as_str();
    let typed = |name: &str| p.typed.get(&field(name, id)).map_or("", String::as_str);
    let chosen = CheckOutcome::parse(typed("outcome").trim());
    let open_actions = d.actions.iter().filter(|a| !a.is_closed()).count();
    html! {
        @match (p.is_iqa, d.checkable_by(&UserId::from_stored(p.current.user.id.as_str()))) {
            (false, _) => {}
            (true, Checkable::Own) => { p { "You made this decision as its assessor, so another IQA must check it." } }
            (true, Checkable::Settled) => { p { "Nothing left to check: the decision is agreed." } }
            (true, Checkable::Waiting { .. }) => {
                p { "Waiting for the assessor to close " (open_actions) @if open_actions == 1 { " action" } @else { " actions" } "." }
            }
            (true, checkable) => {
                fieldset {
                    legend {
                        @if checkable == Checkable::Again { "The assessor closed every action. Your check of this decision now" }
                        @else { "Your check of this decision" }
                    }
                    label class="checkbox" {
                        input type="radio" name=(field("outcome", id)) value=(CheckOutcome::Agree.as_str()) checked[chosen == Some(CheckOutcome::Agree)];
                        "Agree: the decision is sound"
                    }
                    label class="checkbox" {
                        input type="radio" name=(field("outcome", id)) value=(CheckOutcome::Refer.as_str()) checked[chosen == Some(CheckOutcome::Refer)];
                        "Refer back to the assessor"
                    }
                    details class="refer-details" open[chosen == Some(CheckOutcome::Refer)] {
                        summary { "What to say when you refer" }
                        div class="field" {
                            label for=(field("feedback", id)) { "Feedback to the assessor" }
                            textarea id=(field("feedback", id)) name=(field("feedback", id)) rows="3" { (typed("feedback")) }
                        }
                        div class="field" {
                            label for=(field("action", id)) { "Action for the assessor" }
                            input type="text" id=(field("action", id)) name=(field("action", id)) value=(typed("action"));
                        }
                        div class="field" {
                            label for=(field("due_on", id)) { "Action due on" }
                            input type="date" id=(field("due_on", id)) name=(field("due_on", id)) value=(typed("due_on"));
                        }
                    }
                }
            }
        }
    }
}
