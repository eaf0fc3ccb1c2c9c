//! The learner's assignment (C4, Unit 001) for everyone who may see the registration: the brief,
//! the tasks, the submission and its state, the marks by task with feedback, and the external
//! verification; the learner's form to start their submission, the centre's form to record the
//! verification; and the assessor's page that marks every task in one submission.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::assignment_recording::criterion_words;
use super::forms::{csrf, error_summary, form_problem};
use super::layout::Page;
use super::words;
use crate::actions::assessment::assignments::submission::AssignmentOverview;
use crate::actions::evidence::items::EvidenceView;
use crate::curriculum::model::Unit;
use crate::domain::assignment::VerificationStatus;
use crate::domain::evidence::EvidenceStatus;
use crate::domain::people::FieldError;
use crate::store::assignments::AssignmentTask;
use crate::web::auth::CurrentUser;
use crate::web::views::support_needs::SupportPanel;

/// What was typed, by field name (kept after a refusal).
pub type Typed = BTreeMap<String, String>;

/// Who is looking, and what they may do here.
#[derive(Debug, Clone, Copy, Default)]
pub struct Viewer {
    pub learner: bool,
    pub assessor: bool,
    pub admin: bool,
}

pub struct AssignmentPage<'a> {
    pub current: &'a CurrentUser,
    pub overview: &'a AssignmentOverview,
    pub unit: &'a Unit,
    pub learner_name: &'a str,
    pub viewer: Viewer,
    pub typed: &'a Typed,
    pub errors: &'a [FieldError],
    /// A refusal that is not about one field.
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
}

fn base(o: &AssignmentOverview) -> String {
    format!("/registrations/{}/assignment", o.registration.id)
}

pub fn page(page: &AssignmentPage<'_>) -> Markup {
    let o = page.overview;
    let title = if page.viewer.learner {
        format!("Your assignment: Unit {}", page.unit.number)
    } else {
        format!(
            "Unit {} assignment: {}",
            page.unit.number, page.learner_name
        )
    };
    Page::new(&title)
        .user(Some(page.current))
        .notice(page.notice)
        .trail("Home", "/home")
        .trail("Registration", format!("/registrations/{}", o.registration.id))
        .render(html! {
            (error_summary(page.errors))
            (form_problem(page.problem))
            @match &o.assignment {
                None => p { "The centre has not recorded the assignment in force for Unit " (page.unit.number) " yet. It will appear here once they have." },
                Some((a, tasks)) => {
                    p { "Unit " (page.unit.number) " " (page.unit.title) " is assessed by the assignment City & Guilds sets. This is version " (a.version_label) "." }
                    p { a href={ (base(o)) "/brief" } { "Download the brief (" (a.brief_filename) ")" } }
                    (task_list(page.unit, tasks, o))
                    (submission_section(page))
                }
            }
            (verification_section(page))
        })
}

fn task_list(unit: &Unit, tasks: &[AssignmentTask], o: &AssignmentOverview) -> Markup {
    html! {
        h2 id="tasks" { "Tasks" }
        ul class="tasks" {
            @for t in tasks {
                @let mark = o.marks.iter().find(|m| m.task_number == t.number);
                li {
                    strong { "Task " (t.number) ": " (t.title) }
                    @if let Some(m) = mark {
                        p { "Marked " strong { (m.outcome.label()) } " on " (words::day(m.marked_at.date())) }
                        @if !m.feedback.is_empty() { p class="feedback" { "Feedback: " (m.feedback) } }
                    }
                    details {
                        summary { "Criteria this task covers (" (t.criteria().len()) ")" }
                        ul { @for c in t.criteria() { li { (criterion_words(Some(unit), &c)) } } }
                    }
                }
            }
        }
    }
}

fn submission_section(page: &AssignmentPage<'_>) -> Markup {
    let o = page.overview;
    html! {
        h2 id="submission" { "Submission" }
        @match &o.submission {
            None if page.viewer.learner => (start_form(page)),
            None => p { "The learner has not started their submission yet." },
            Some((_, item)) => {
                p {
                    "“" (item.title) "”, version " (item.current_version) ": "
                    @if item.status == EvidenceStatus::Submitted { strong { "submitted" } ", waiting for marking or marked" }
                    @else { strong { "a draft" } ", not submitted yet" }
                }
                @if page.viewer.learner && item.status != EvidenceStatus::Submitted {
                    p { a class="button primary" href={ "/evidence/" (item.id) "/one-step" } { "Add your files, sign the declaration and submit" } }
                }
                p { a href={ "/evidence/" (item.id) } { "Open the submission" } }
                @if page.viewer.assessor {
                    p { a class="button secondary" href={ (base(o)) "/marking" } { "Mark the assignment task by task" } }
                }
            }
        }
    }
}

fn start_form(page: &AssignmentPage<'_>) -> Markup {
    let o = page.overview;
    let typed = |name: &str| page.typed.get(name).map_or("", String::as_str);
    let title = page
        .typed
        .get("title")
        .cloned()
        .unwrap_or_else(|| format!("My Unit {} assignment", page.unit.number));
    html! {
        p { "Start your submission: give it a title and the date you did the work, and write your answer here or attach it as files on the next page, where you also sign the declaration and submit it." }
        form method="post" action={ (base(o)) "/submission" } novalidate {
            (csrf(&page.current.session.csrf_token))
            (super::forms::Input::new("title", "Title").value(&title).render(page.errors))
            (super::forms::Input::new("activity_date", "Date you did the work").kind("date").value(typed("activity_date")).render(page.errors))
            (super::forms::textarea("text", "Your answer (optional here: you can attach it as files next)", typed("text"), page.errors))
            button type="submit" class="primary" { "Start your submission" }
        }
    }
}

fn verification_words(status: Option<VerificationStatus>) -> &'static str {
    status.map_or("Not recorded yet", VerificationStatus::label)
}

fn verification_section(page: &AssignmentPage<'_>) -> Markup {
    let o = page.overview;
    html! {
        h2 id="verification" { "External verification" }
        p {
            (verification_words(o.verification.as_ref().map(|v| v.status)))
            @if let Some(v) = &o.verification {
                " (recorded " (words::day(v.recorded_at.date())) ")"
                @if !v.note.is_empty() { ": " (v.note) }
            }
        }
        p class="hint" { "A claim for this unit waits until the external verifier has verified the assignment's marking." }
        @if page.viewer.admin { (verification_form(page.current, o, page.typed, page.errors)) }
    }
}

/// The centre's one small form: where the unit stands with the external verifier.
pub fn verification_form(
    current: &CurrentUser,
    o: &AssignmentOverview,
    typed: &Typed,
    errors: &[FieldError],
) -> Markup {
    let chosen = typed
        .get("status")
        .cloned()
        .or_else(|| {
            o.verification
                .as_ref()
                .map(|v| v.status.as_str().to_owned())
        })
        .unwrap_or_default();
    let note = typed.get("note").map_or("", String::as_str);
    let error = |f: &str| {
        errors
            .iter()
            .find(|e| e.field == f)
            .map(|e| e.message.clone())
    };
    html! {
        form method="post" action={ (base(o)) "/verification" } novalidate class="verification-form" {
            (csrf(&current.session.csrf_token))
            input type="hidden" name="unit_id" value=(o.unit_id);
            fieldset id="status" class={ "field" @if error("status").is_some() { " invalid" } } {
                legend { "Where the external verification stands" }
                @if let Some(m) = error("status") { p class="error" { (m) } }
                @for s in [VerificationStatus::Awaiting, VerificationStatus::Verified, VerificationStatus::NotAccepted] {
                    @let id = format!("status-{}", s.as_str());
                    label class="checkbox" for=(id) {
                        input type="radio" id=(id) name="status" value=(s.as_str()) checked[chosen == s.as_str()];
                        (s.label())
                    }
                }
            }
            (super::forms::textarea("note", "Note (optional): the verifier's visit or report", note, errors))
            button type="submit" class="secondary" { "Record the verification" }
        }
    }
}

/// The assessor's page: the submission, the marking guidance, one row per task.
pub struct MarkingPage<'a> {
    pub current: &'a CurrentUser,
    pub overview: &'a AssignmentOverview,
    pub unit: &'a Unit,
    pub learner_name: &'a str,
    pub submission: Option<&'a EvidenceView>,
    pub typed: &'a Typed,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
    /// After marking: the unit's criteria the marks meet, in words.
    pub met: &'a [String],
}

pub fn marking_page(page: &MarkingPage<'_>) -> Markup {
    let o = page.overview;
    let title = format!("Mark the assignment: {}", page.learner_name);
    Page::new(&title)
        .user(Some(page.current))
        .notice(page.notice)
        .trail("Home", "/home")
        .trail("Assessment record", format!("/registrations/{}/assessment", o.registration.id))
        .render(html! {
            (SupportPanel::for_staff(page.current, &o.registration))
            (error_summary(page.errors))
            (form_problem(page.problem))
            (met_list(page))
            @if let Some(view) = page.submission { (super::assignment_marking::submission(view)) }
            @match (&o.assignment, page.submission) {
                (Some((a, tasks)), Some(view)) => {
                    p { a href={ (base(o)) "/guidance" } { "Download the marking guidance (" (a.guidance_filename) ")" } }
                    @if view.item.status == EvidenceStatus::Submitted {
                        (super::assignment_marking::form(page, tasks))
                    } @else {
                        div class="notice" role="status" { p { "The submission is with the learner as a draft: you can mark it once they have signed the declaration and submitted it." } }
                    }
                }
                (None, _) => p { "The centre has not recorded the assignment in force yet." },
                (_, None) => p { "The learner has not started their submission yet." },
            }
        })
}

fn met_list(page: &MarkingPage<'_>) -> Markup {
    html! {
        @if !page.met.is_empty() {
            section class="panel" aria-labelledby="met-now" {
                h2 id="met-now" { "Criteria met on this submission (" (page.met.len()) ")" }
                ul { @for c in page.met { li { (c) } } }
                p { a href={ "/registrations/" (page.overview.registration.id) "/assessment" } { "Go to the assessment record to sign Unit " (page.unit.number) " off" } }
            }
        }
    }
}

/// The way to the assignment from the assessment record: marking for the assessor.
pub fn assessment_link(registration_id: &str, units: &[&Unit], assessor: bool) -> Markup {
    let base = format!("/registrations/{registration_id}/assignment");
    html! {
        @for unit in units.iter().filter(|u| crate::domain::assignment::assessed_by_assignment(u)) {
            p {
                @if assessor { a href={ (base) "/marking" } { "Mark the Unit " (unit.number) " assignment task by task" } }
                @else { a href=(base) { "The Unit " (unit.number) " assignment" } }
            }
        }
    }
}
