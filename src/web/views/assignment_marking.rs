//! Parts of the assessor's assignment marking page: the learner's submission as it stands, and
//! the form that marks every task at once (met or not yet met, with feedback).

use maud::{Markup, html};

use super::assignments::MarkingPage;
use super::forms::csrf;
use super::words;
use crate::actions::evidence::items::EvidenceView;
use crate::store::assignments::AssignmentTask;

/// The field a task's outcome is sent in.
pub fn outcome_field(number: i32) -> String {
    format!("outcome-{number}")
}

/// The field a task's feedback is sent in.
pub fn feedback_field(number: i32) -> String {
    format!("feedback-{number}")
}

/// The submission's text and files, with the way to the marking workspace.
pub fn submission(view: &EvidenceView) -> Markup {
    let current = view.current();
    html! {
        section class="evidence-pane" aria-labelledby="submission-heading" {
            h2 id="submission-heading" { "The submission: " (view.item.title) }
            p class="hint" {
                "Version " (view.item.current_version)
                @if let Some(c) = current { ", " (words::day(c.created_at.date())) }
                @if view.declaration_valid() { ". The learner has signed the declaration on this version." }
                @else { ". The learner has not signed the declaration on this version." }
            }
            @if let Some(c) = current {
                @if !c.body_text.trim().is_empty() {
                    div class="evidence-text" { (super::markdown::render(&c.body_text)) }
                }
            }
            @if !view.files.is_empty() {
                ul class="files" {
                    @for f in &view.files {
                        li {
                            a href={ "/evidence/" (view.item.id) "/files/" (f.id) } download { "Download " (f.filename) }
                            @if let Some(w) = f.word_count { " (" (w) " words)" }
                        }
                    }
                }
            }
            p { a href={ "/evidence/" (view.item.id) "/marking" } { "Read the files in the page, in the marking workspace" } }
        }
    }
}

/// One row per task, all sent together.
pub fn form(page: &MarkingPage<'_>, tasks: &[AssignmentTask]) -> Markup {
    let o = page.overview;
    html! {
        form method="post" action={ "/registrations/" (o.registration.id) "/assignment/marks" } novalidate class="marking-form" {
            (csrf(&page.current.session.csrf_token))
            h2 id="marks" { "Mark each task" }
            p class="hint" { "Every task is marked in this one submission. A criterion is met when every task covering it is met; a task not yet met sends the submission back to the learner with your feedback." }
            @for t in tasks { (task_row(page, t)) }
            button type="submit" class="primary" { "Record these marks" }
        }
    }
}

fn task_row(page: &MarkingPage<'_>, t: &AssignmentTask) -> Markup {
    let id = format!("task_{}", t.number);
    let error = page.errors.iter().find(|e| e.field == id);
    let outcome = outcome_field(t.number);
    let chosen = page.typed.get(&outcome).map_or("", String::as_str);
    let feedback = feedback_field(t.number);
    let words: Vec<String> = t
        .criteria()
        .iter()
        .map(|c| super::assignment_recording::criterion_words(Some(page.unit), c))
        .collect();
    html! {
        fieldset id=(id) class={ "criterion" @if error.is_some() { " has-error" } } {
            legend { "Task " (t.number) ": " (t.title) }
            details { summary { "Criteria it covers (" (words.len()) ")" } ul { @for w in &words { li { (w) } } } }
            @if let Some(e) = error { p class="error-message" { (e.message) } }
            div class="radios inline" {
                @for (value, label) in [("met", "Met"), ("not_yet_met", "Not yet met")] {
                    @let rid = format!("{outcome}-{value}");
                    div class="radio" {
                        input type="radio" id=(rid) name=(outcome) value=(value) checked[chosen == value];
                        label for=(rid) { (label) }
                    }
                }
            }
            label for=(feedback) { "Feedback on task " (t.number) span class="hint" { " (needed for not yet met)" } }
            textarea id=(feedback) name=(feedback) rows="2" { (page.typed.get(&feedback).map_or("", String::as_str)) }
        }
    }
}
