//! Knowledge check pages: a programme's checks (and the form to write one), one check (its
//! questions and answer key for tutors, the start button and past attempts for learners), an
//! attempt (the answer form, then marks and feedback, the tutor's marking, the offer as evidence)
//! and the cohort view.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem, select, textarea};
use super::layout::Page;
use super::words;
use crate::actions::learning::check_attempts::AttemptView;
use crate::actions::learning::cohort::CohortView;
use crate::actions::learning::knowledge_checks::{CheckView, ProgrammeRole};
use crate::domain::knowledge_check::{AttemptState, QuestionKind};
use crate::domain::people::FieldError;
use crate::store::knowledge_checks::KnowledgeCheck;
use crate::store::programmes::Programme;
use crate::web::auth::CurrentUser;

/// What every form page carries besides its content.
pub struct Frame<'a> {
    pub current: &'a CurrentUser,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
}

fn page<'a>(f: &'a Frame<'a>, title: &'a str, programme: &Programme) -> Page<'a> {
    Page::new(title)
        .user(Some(f.current))
        .notice(f.notice)
        .trail("Home", "/home")
        .trail(
            "Knowledge checks",
            format!("/programmes/{}/checks", programme.id),
        )
}

pub fn checks(
    f: &Frame<'_>,
    programme: &Programme,
    role: &ProgrammeRole,
    list: &[KnowledgeCheck],
    outcomes: &[(String, String)],
) -> Markup {
    let title = format!("Knowledge checks: {}", programme.title);
    page(f, &title, programme).render(html! {
        (error_summary(f.errors))
        (form_problem(f.problem))
        @if list.is_empty() { p { "No checks yet." } }
        ul {
            @for c in list {
                li { a href={ "/checks/" (c.id) } { (c.title) } " (" (outcome_words(outcomes, &c.outcome_id)) ", pass mark " (c.pass_mark) "%)" }
            }
        }
        @if matches!(role, ProgrammeRole::Staff) {
            p { a href={ "/programmes/" (programme.id) "/cohort" } { "The cohort's progress and marking queue" } }
            section aria-labelledby="new-check" {
                h2 id="new-check" { "Write a check" }
                p class="hint" { "Add the questions once the check is saved." }
                form method="post" action={ "/programmes/" (programme.id) "/checks" } {
                    (csrf(&f.current.session.csrf_token))
                    (Input::new("title", "Title").render(f.errors))
                    (select("outcome_id", "Outcome it checks", outcomes, "", f.errors))
                    (Input::new("pass_mark", "Pass mark (percent of questions right)").kind("number").value("80").render(f.errors))
                    button type="submit" { "Save the check" }
                }
            }
        }
    })
}

/// An outcome in the specification's words, from the (id, words) the page was given; the id
/// only when the curriculum no longer knows it.
fn outcome_words<'a>(outcomes: &'a [(String, String)], id: &'a str) -> &'a str {
    outcomes
        .iter()
        .find(|(o, _)| o == id)
        .map_or(id, |(_, words)| words.as_str())
}

/// One check; `outcomes` are the (id, words) of its qualification's outcomes.
pub fn check(f: &Frame<'_>, v: &CheckView, outcomes: &[(String, String)]) -> Markup {
    let staff = matches!(v.role, ProgrammeRole::Staff);
    page(f, &v.check.title, &v.programme).render(html! {
        (error_summary(f.errors))
        (form_problem(f.problem))
        p { "Outcome: " (outcome_words(outcomes, &v.check.outcome_id)) ". Pass mark " (v.check.pass_mark) "%. " (v.questions.len()) " questions." }
        @if staff {
            @for (i, q) in v.questions.iter().enumerate() {
                section aria-labelledby={ "q" (i) } {
                    h2 id={ "q" (i) } { "Question " (i + 1) " (" (q.kind.label()) ")" }
                    p class="prewrap" { (q.prompt) }
                    ul {
                        @for o in &q.options {
                            li { (o.text) @if o.correct { " " strong { "(correct)" } } @if !o.feedback.is_empty() { ". Feedback: " (o.feedback) } }
                        }
                    }
                    @if !q.guidance.is_empty() { p { "Guidance for marking: " (q.guidance) } }
                }
            }
            (question_form(f, &v.check.id))
        } @else {
            @if !v.attempts.is_empty() {
                h2 { "Your attempts" }
                ul {
                    @for a in &v.attempts {
                        li { a href={ "/attempts/" (a.id) } { "Started " (words::moment(a.started_at)) } ": "
                            (a.state.label()) }
                    }
                }
            }
            form method="post" action={ "/checks/" (v.check.id) "/attempts" } {
                (csrf(&f.current.session.csrf_token))
                button type="submit" { "Take the check" }
            }
        }
    })
}

fn question_form(f: &Frame<'_>, check_id: &str) -> Markup {
    let kinds: Vec<(String, String)> = QuestionKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect();
    let option_error = f
        .errors
        .iter()
        .find(|e| e.field == "options")
        .map(|e| e.message.clone());
    html! {
        section aria-labelledby="add-question" {
            h2 id="add-question" { "Add a question" }
            form method="post" action={ "/checks/" (check_id) "/questions" } {
                (csrf(&f.current.session.csrf_token))
                (select("kind", "Kind of question", &kinds, "single_choice", f.errors))
                (textarea("prompt", "Question", "", f.errors))
                fieldset id="options" {
                    legend { "Options (leave unused ones blank; none for a short answer)" }
                    @if let Some(message) = option_error { p class="error" { (message) } }
                    @for i in 0..4 {
                        div class="field" {
                            label for={ "option-" (i) } { "Option " (i + 1) }
                            input type="text" id={ "option-" (i) } name="option";
                            label class="checkbox" for={ "correct-" (i) } {
                                input type="checkbox" id={ "correct-" (i) } name="correct" value=(i);
                                "Option " (i + 1) " is correct"
                            }
                            label for={ "feedback-" (i) } { "Feedback for option " (i + 1) }
                            input type="text" id={ "feedback-" (i) } name="feedback";
                        }
                    }
                }
                (textarea("guidance", "Guidance for marking a short answer (not shown to learners)", "", f.errors))
                button type="submit" { "Add the question" }
            }
        }
    }
}

pub fn attempt(f: &Frame<'_>, v: &AttemptView, criteria: &[(String, String)], own: bool) -> Markup {
    let title = format!("{}: {}", v.check.title, v.learner_name);
    let state = v.state();
    page(f, &title, &v.programme).render(html! {
        (error_summary(f.errors))
        (form_problem(f.problem))
        @match state {
            AttemptState::Open if own => (answer_form(f, v)),
            AttemptState::Open => p { "Not submitted yet." },
            s => {
                p { strong { (s.label()) } ". " (v.attempt.questions_right.unwrap_or(0)) " of " (v.questions.len()) " questions right; the pass mark is " (v.check.pass_mark) "%." }
                (marked(f, v))
                @if own && s == AttemptState::Passed {
                    (offer(f, v, criteria))
                }
            }
        }
    })
}

fn answer_form(f: &Frame<'_>, v: &AttemptView) -> Markup {
    html! {
        form method="post" action={ "/attempts/" (v.attempt.id) "/submit" } {
            (csrf(&f.current.session.csrf_token))
            @for (i, q) in v.questions.iter().enumerate() {
                @let name = format!("answer-{i}");
                @if q.kind == QuestionKind::ShortAnswer {
                    div class="field" {
                        label for=(name) { "Question " (i + 1) ": " (q.prompt) }
                        textarea id=(name) name=(name) rows="4" {}
                    }
                } @else {
                    fieldset id=(format!("answers[{i}]")) {
                        legend { "Question " (i + 1) ": " (q.prompt) @if q.kind == QuestionKind::MultipleChoice { " (choose all that apply)" } }
                        @for (o, option) in q.options.iter().enumerate() {
                            @let id = format!("{name}-{o}");
                            label class="checkbox" for=(id) {
                                @if q.kind == QuestionKind::SingleChoice {
                                    input type="radio" id=(id) name=(name) value=(o);
                                } @else {
                                    input type="checkbox" id=(id) name=(name) value=(o);
                                }
                                (option.text)
                            }
                        }
                    }
                }
            }
            button type="submit" { "Submit my answers" }
        }
    }
}

fn marked(f: &Frame<'_>, v: &AttemptView) -> Markup {
    html! {
        @for (i, (q, a)) in v.questions.iter().zip(&v.answers).enumerate() {
            section aria-labelledby={ "answer-" (i) } {
                h2 id={ "answer-" (i) } { "Question " (i + 1) ": "
                    (match a.correct { Some(true) => "right", Some(false) => "not right", None => "waiting for the tutor" }) }
                p class="prewrap" { (q.prompt) }
                @if q.kind == QuestionKind::ShortAnswer {
                    p class="prewrap" { "Answer: " (a.text) }
                } @else {
                    p { "Chosen: " (a.choices.iter().filter_map(|c| q.options.get(*c)).map(|o| o.text.as_str()).collect::<Vec<_>>().join("; ")) }
                }
                @for fb in &a.feedback { p class="notice" { "Feedback: " (fb) } }
                @if v.is_staff && a.correct.is_none() && q.kind == QuestionKind::ShortAnswer {
                    @if !q.guidance.is_empty() { p { "Guidance: " (q.guidance) } }
                    form method="post" action={ "/attempts/" (v.attempt.id) "/marks" } {
                        (csrf(&f.current.session.csrf_token))
                        input type="hidden" name="question" value=(i);
                        fieldset {
                            legend { "Mark question " (i + 1) }
                            label class="checkbox" for={ "correct-" (i) } { input type="radio" id={ "correct-" (i) } name="outcome" value="correct"; "Correct" }
                            label class="checkbox" for={ "incorrect-" (i) } { input type="radio" id={ "incorrect-" (i) } name="outcome" value="incorrect"; "Incorrect" }
                        }
                        div class="field" {
                            label for={ "feedback-" (i) } { "Feedback for the learner" }
                            textarea id={ "feedback-" (i) } name="feedback" rows="3" {}
                        }
                        button type="submit" { "Save the mark" }
                    }
                }
            }
        }
    }
}

fn offer(f: &Frame<'_>, v: &AttemptView, criteria: &[(String, String)]) -> Markup {
    html! {
        section aria-labelledby="offer" {
            h2 id="offer" { "Use this check as evidence" }
            @if let Some(id) = &v.attempt.evidence_id {
                p { "This check is evidence in your portfolio: " a href={ "/evidence/" (id) } { "open it" } "." }
            } @else if criteria.is_empty() {
                p { "This outcome's Knowledge/Skills items are assessed by short-response questions on assessment occasions: see "
                    a href={ "/registrations/" (v.registration.id) "/occasions" } { "your assessment occasions" } "." }
            } @else {
                form method="post" action={ "/attempts/" (v.attempt.id) "/evidence" } {
                    (csrf(&f.current.session.csrf_token))
                    (super::forms::checkboxes("criteria", "Criteria this check shows", criteria, &[], f.errors))
                    button type="submit" { "Add it to my evidence" }
                }
            }
        }
    }
}

pub fn cohort(f: &Frame<'_>, v: &CohortView) -> Markup {
    let title = format!("Cohort: {}", v.programme.title);
    let c = &v.cohort;
    page(f, &title, &v.programme).render(html! {
        p { (c.members.len()) " learners; " (c.sessions) " sessions; median sessions done " (c.median_sessions_done) "." }
        table {
            caption { "Progress" }
            thead { tr {
                th scope="col" { "Learner" } th scope="col" { "Sessions done" } th scope="col" { "Behind" }
                @for check in &v.checks { th scope="col" { (check.title) } }
            } }
            tbody {
                @for m in &c.members {
                    tr {
                        th scope="row" { (m.learner_name) }
                        td data-label="Sessions done" { (m.sessions_done) " of " (c.sessions) }
                        td data-label="Behind" { @if m.behind { strong { "Behind" } @if !m.overdue.is_empty() { ": " (m.overdue.join(", ")) " not done" } } @else { "On track" } }
                        @for check in &v.checks { td data-label=(check.title) { (m.checks.get(&check.id).map_or("", |s| s.label())) } }
                    }
                }
            }
        }
        h2 { "Questions most learners miss" }
        @if c.questions.is_empty() { p { "No answers marked yet." } }
        table {
            caption { "Share wrong on each learner's first attempt" }
            thead { tr { th scope="col" { "Check" } th scope="col" { "Question" } th scope="col" { "Wrong" } } }
            tbody {
                @for q in &c.questions {
                    tr {
                        td data-label="Check" { (q.check_title) }
                        td data-label="Question" { (q.question + 1) ". " (q.prompt) }
                        td data-label="Wrong" { (q.share_wrong) "% (" (q.wrong) " of " (q.answered) ")" }
                    }
                }
            }
        }
        h2 { "Waiting for marking" }
        @if v.awaiting.is_empty() { p { "Nothing waits." } }
        ul {
            @for (a, name) in &v.awaiting {
                li { a href={ "/attempts/" (a.id) } { (name) ": " (v.checks.iter().find(|c| c.id == a.check_id).map_or("", |c| c.title.as_str())) } }
            }
        }
    })
}
