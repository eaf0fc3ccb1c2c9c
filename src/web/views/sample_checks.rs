//! The IQA's review page of a sampled decision (decision, criterion wording, evidence relied on,
//! judgement and feedback, earlier checks and actions, the agree/refer form) and the assessor's
//! page of the actions referrals set them.

use maud::{Markup, html};

use super::forms::{csrf, error_summary, form_problem};
use super::layout::Page;
use super::words;
use crate::actions::iqa::iqa_actions_report::MyAction;
use crate::actions::iqa::sample_checks::SampleDetail;
use crate::domain::evidence::EvidenceKind;
use crate::domain::ids::UserId;
use crate::domain::iqa_check::{CheckOutcome, OutcomeInput, SampleStatus};
use crate::domain::people::FieldError;
use crate::store::sample_checks::{Action, Check};
use crate::web::auth::CurrentUser;

/// Action rows the form always offers.
pub const ACTION_ROWS: usize = 3;

pub struct SamplePage<'a> {
    pub current: &'a CurrentUser,
    pub detail: &'a SampleDetail,
    /// The caller is an IQA of the centre (may record a check).
    pub is_iqa: bool,
    /// What was sent, shown again after a refusal.
    pub entered: &'a OutcomeInput,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
}

fn message_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

pub fn sample_page(p: &SamplePage<'_>) -> Markup {
    let d = p.detail;
    let s = &d.sample;
    let title = format!("Sampled decision for {}", d.learner_name);
    Page::new(&title)
        .user(Some(p.current))
        .notice(p.notice)
        .trail("Home", "/home")
        .render(html! {
            (error_summary(p.errors))
            (form_problem(p.problem))
            dl class="summary" {
                dt { "Learner" } dd { a href={ "/registrations/" (s.registration_id) } { (d.learner_name) } }
                dt { "Assessment location" } dd { (d.workplace) }
                dt { "Criterion" } dd { (d.item) }
                dt { "Assessor" } dd { (d.name_of(&UserId::from_stored(s.assessor_id.as_str()))) }
                dt { "Stage" } dd { (s.stage.label()) }
                dt { "Status" } dd { strong { (s.status.label()) } }
            }
            section aria-labelledby="decision" {
                h2 id="decision" { "The assessor's decision" }
                p {
                    strong { (d.judgement.outcome.label()) }
                    " (round " (d.judgement.round) "), judged " (words::day(d.judgement.judged_at.date())) " by " (d.name_of(&UserId::from_stored(d.judgement.assessor_id.as_str()))) "."
                    @if d.signed_off { " The unit is signed off." }
                }
                h3 { "Feedback to the learner" }
                @if d.judgement.feedback.trim().is_empty() { p { "None given." } }
                @else { p class="prewrap" { (d.judgement.feedback) } }
                h3 { "Evidence relied on" }
                @if d.evidence.is_empty() { p { "No evidence is recorded for this decision." } }
                ul {
                    @for (e, version) in &d.evidence {
                        li { a href={ "/evidence/" (e.id) } { (e.title) } " (" (EvidenceKind::parse(&e.kind).map_or_else(|| e.kind.replace('_', " "), |k| k.label().to_owned())) ", version " (version) ")" }
                    }
                }
                @if !d.sufficiency.is_empty() {
                    div class="callout" role="note" {
                        p { strong { "Is the evidence for this unit sufficient?" } }
                        ul { @for w in &d.sufficiency { li class="warning" { (w) } } }
                    }
                }
                p { a href={ "/registrations/" (s.registration_id) "/assessment" } { "The learner's whole assessment record" } }
                p { a href=(super::unit_sample::path(&s.registration_id, &s.unit_id)) { "Every sampled decision of this unit" } }
            }
            section aria-labelledby="checks" {
                h2 id="checks" { "IQA checks" }
                @if d.checks.is_empty() { p { "Not checked yet." } }
                @for c in &d.checks { (check(d, c)) }
            }
            (outcome_section(p))
        })
}

fn check(d: &SampleDetail, c: &Check) -> Markup {
    let outcome = c.outcome.label();
    let actions: Vec<&Action> = d
        .actions
        .iter()
        .filter(|a| a.created_at == c.recorded_at)
        .collect();
    html! {
        div class="review" {
            h3 { "Check " (c.check_no) ": " (outcome) }
            p { "By " (d.name_of(&UserId::from_stored(c.iqa_id.as_str()))) " on " (words::day(c.recorded_at.date())) "." }
            @if !c.feedback.is_empty() { p class="prewrap" { strong { "Feedback: " } (c.feedback) } }
            @if !actions.is_empty() {
                table {
                    caption { "Actions set by check " (c.check_no) }
                    thead { tr { th scope="col" { "Action" } th scope="col" { "Due" } th scope="col" { "State" } } }
                    tbody {
                        @for a in actions {
                            tr {
                                td data-label="Action" { (a.description) }
                                td data-label="Due" { (words::day(a.due_on)) }
                                td data-label="State" {
                                    @match (&a.closed_at, &a.closing_note) {
                                        (Some(at), note) => { "Closed " (words::day(at.date())) @if let Some(n) = note { ": " (n) } }
                                        (None, _) => { "Open" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn outcome_section(p: &SamplePage<'_>) -> Markup {
    let d = p.detail;
    let status = d.sample.status;
    let open = d.actions.iter().filter(|a| !a.is_closed()).count();
    html! {
        @if p.is_iqa {
            section aria-labelledby="record" {
                h2 id="record" { "Record your check" }
                @if d.sample.assessor_id == p.current.user.id || d.judgement.assessor_id == p.current.user.id {
                    p { "You made this decision as its assessor, so you cannot quality-assure it. Another IQA must check it." }
                } @else if matches!(status, SampleStatus::Agreed | SampleStatus::Resolved) {
                    p { "Nothing left to check: the decision is agreed." }
                } @else if open > 0 {
                    p { "Waiting for the assessor to close " (open) @if open == 1 { " action" } @else { " actions" } ". You can check the decision again once they are closed." }
                } @else {
                    (outcome_form(p, status == SampleStatus::Referred))
                }
            }
        }
    }
}

fn outcome_form(p: &SamplePage<'_>, recheck: bool) -> Markup {
    let e = p.entered;
    let rows = e.actions.len().max(ACTION_ROWS);
    let outcome_error = message_for(p.errors, "outcome");
    html! {
        @if recheck { p { "The assessor has closed every action. Check the decision again: agree to resolve the referral, or refer it again with new actions." } }
        form method="post" action={ "/samples/" (p.detail.sample.id) "/outcome" } {
            (csrf(&p.current.session.csrf_token))
            div class={ "field" @if outcome_error.is_some() { " invalid" } } {
                fieldset {
                    legend { "Your judgement of the assessor's decision" }
                    @if let Some(m) = outcome_error { p class="error" { (m) } }
                    @let chosen = CheckOutcome::parse(e.outcome.trim());
                    label class="checkbox" for="outcome" {
                        input type="radio" id="outcome" name="outcome" value=(CheckOutcome::Agree.as_str()) checked[chosen == Some(CheckOutcome::Agree)];
                        "Agree: the decision is sound"
                    }
                    label class="checkbox" for="outcome-refer" {
                        input type="radio" id="outcome-refer" name="outcome" value=(CheckOutcome::Refer.as_str()) checked[chosen == Some(CheckOutcome::Refer)];
                        "Refer back to the assessor, with actions"
                    }
                }
            }
            (super::forms::textarea("feedback", "Feedback to the assessor (needed when you refer)", &e.feedback, p.errors))
            fieldset {
                legend { "Actions for the assessor (when you refer)" }
                @if let Some(m) = message_for(p.errors, "actions") { p class="error" id="actions" { (m) } }
                @for i in 0..rows {
                    @let a = e.actions.get(i);
                    @let desc_id = format!("actions[{i}].description");
                    @let due_id = format!("actions[{i}].due_on");
                    div class="action-row" {
                        div class="field" {
                            label for=(desc_id) { "Action " (i + 1) @if i > 0 { " (optional)" } }
                            @if let Some(m) = message_for(p.errors, &desc_id) { p class="error" { (m) } }
                            input type="text" id=(desc_id) name="description" value=(a.map_or("", |a| a.description.as_str()));
                        }
                        div class="field" {
                            label for=(due_id) { "Action " (i + 1) " due on" }
                            @if let Some(m) = message_for(p.errors, &due_id) { p class="error" { (m) } }
                            input type="date" id=(due_id) name="due_on" value=(a.map_or("", |a| a.due_on.as_str()));
                        }
                    }
                }
            }
            button type="submit" { "Record the check" }
        }
    }
}

pub struct MyActionsPage<'a> {
    pub current: &'a CurrentUser,
    pub actions: &'a [MyAction],
    pub today: chrono::NaiveDate,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
}

/// The assessor's actions from IQA referrals: open ones with a form to close each.
pub fn my_actions(p: &MyActionsPage<'_>) -> Markup {
    let (open, closed): (Vec<_>, Vec<_>) = p.actions.iter().partition(|m| !m.action.is_closed());
    Page::new("Actions from IQA referrals")
        .user(Some(p.current))
        .notice(p.notice)
        .trail("Home", "/home")
        .render(html! {
            (error_summary(p.errors))
            (form_problem(p.problem))
            p { "When an internal quality assurer refers one of your decisions back, the actions they set appear here. Close each one when it is done, saying what you did; the IQA then checks the decision again." }
            section aria-labelledby="open-actions" {
                h2 id="open-actions" { "Open actions" }
                @if open.is_empty() { p { "None." } }
                @for (n, m) in open.iter().enumerate() {
                    @let (a, s) = (&m.action, &m.sample);
                    div class="review" {
                        h3 { (a.description) }
                        p {
                            "Decision on " (m.decision) " · due " (words::day(a.due_on))
                            @if a.due_on < p.today { " " strong class="void" { "Overdue" } }
                        }
                        p { a href={ "/registrations/" (s.registration_id) "/assessment" } { "The learner's assessment record" } }
                        form method="post" action={ "/iqa-actions/" (a.id) "/close" } {
                            (csrf(&p.current.session.csrf_token))
                            div class="field" {
                                label for={ "note-" (n) } { "What you did about this action" }
                                textarea id={ "note-" (n) } name="note" rows="3" {}
                            }
                            button type="submit" { "Close this action" }
                        }
                    }
                }
            }
            section aria-labelledby="closed-actions" {
                h2 id="closed-actions" { "Closed actions" }
                @if closed.is_empty() { p { "None." } }
                @else {
                    table {
                        caption { "Actions you have closed" }
                        thead { tr { th scope="col" { "Decision" } th scope="col" { "Action" } th scope="col" { "What you did" } } }
                        tbody {
                            @for m in &closed {
                                tr {
                                    td data-label="Decision" { (m.decision) }
                                    td data-label="Action" { (m.action.description) }
                                    td data-label="What you did" { (m.action.closing_note.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
            }
        })
}
