//! SQA assessment occasion pages: the centre's question bank, and a registration's occasions
//! (scheduled, open, answered, marked) with the forms each person may use.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem, select, textarea};
use super::layout::Page;
use crate::actions::assessment::occasion_answers::{OccasionView, OccasionsView};
use crate::actions::assessment::occasions::{OccasionInput, method_label};
use crate::curriculum::Curriculum;
use crate::domain::occasion::{METHODS, Mark, SQA_UNIT, adjustments_sentence};
use crate::domain::people::FieldError;
use crate::store::occasions::{BankQuestion, OccasionItem};
use crate::web::auth::CurrentUser;
use crate::web::views::support_needs::SupportPanel;

fn when(t: chrono::NaiveDateTime) -> String {
    t.format("%-d %B %Y %H:%M UTC").to_string()
}

/// Every Knowledge/Skills item of the unit as (id, "Outcome 2, item 4: the specification's words").
fn item_options(curriculum: &Curriculum) -> Vec<(String, String)> {
    let Some((_, unit)) = curriculum.unit(SQA_UNIT) else {
        return Vec::new();
    };
    unit.outcomes
        .iter()
        .flat_map(|o| {
            o.knowledge_skills.iter().map(move |k| {
                let label = format!("Outcome {}, item {}: {}", o.number, k.number, k.text);
                (k.id.clone(), label)
            })
        })
        .collect()
}

/// An item in words (its id only when the curriculum does not know it).
fn item_label(curriculum: &Curriculum, item_id: &str) -> String {
    item_options(curriculum)
        .into_iter()
        .find(|(id, _)| id == item_id)
        .map_or_else(|| item_id.to_owned(), |(_, label)| label)
}

pub struct BankPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub centre_id: &'a str,
    pub questions: &'a [BankQuestion],
    pub can_add: bool,
    pub item_id: &'a str,
    pub text: &'a str,
    pub errors: &'a [FieldError],
    pub notice: Option<&'a str>,
}

pub fn bank(p: &BankPage<'_>) -> Markup {
    let options = item_options(p.curriculum);
    Page::new("Question bank: SQA FX35 35 Knowledge and Skills")
        .user(Some(p.current))
        .notice(p.notice)
        .trail("Home", "/home")
        .render(html! {
            (error_summary(p.errors))
            p { "Questions for assessment occasions (S2). An occasion never puts the same question to a candidate twice (S3), so keep several for each item." }
            @if p.can_add {
                form method="post" action={ "/centres/" (p.centre_id) "/question-bank" } {
                    (csrf(&p.current.session.csrf_token))
                    fieldset {
                        legend { "Add a question" }
                        (select("item_id", "Knowledge/Skills item", &options, p.item_id, p.errors))
                        (textarea("text", "Question", p.text, p.errors))
                    }
                    button type="submit" { "Add the question" }
                }
            }
            h2 { "Questions by item" }
            @for (id, label) in &options {
                @let mine: Vec<&BankQuestion> = p.questions.iter().filter(|q| &q.item_id == id).collect();
                @if !mine.is_empty() {
                    h3 { (label) }
                    ol { @for q in mine { li { (q.text) } } }
                }
            }
            @if p.questions.is_empty() { p { "No questions yet." } }
        })
}

pub struct OccasionsPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub view: &'a OccasionsView,
    pub learner_name: &'a str,
    pub is_assessor: bool,
    pub is_learner: bool,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
    /// What the assessor typed into the schedule form, kept when it is refused.
    pub typed: &'a OccasionInput,
}

pub fn occasions(p: &OccasionsPage<'_>) -> Markup {
    let r = &p.view.registration;
    let title = format!("Assessment occasions: {}", p.learner_name);
    Page::new(&title)
        .user(Some(p.current))
        .notice(p.notice)
        .trail("Home", "/home")
        .trail("Registration", format!("/registrations/{}", r.id))
        .render(html! {
            (error_summary(p.errors))
            (form_problem(p.problem))
            (SupportPanel::for_staff(p.current, r))
            p { "Knowledge/Skills items not shown by the project are assessed on occasions (S2). The candidate sees the sampled questions only once an occasion opens (S3)." }
            @if p.view.occasions.is_empty() { p { "No occasion is scheduled." } }
            @for (n, o) in p.view.occasions.iter().enumerate() {
                (occasion(p, n + 1, o))
            }
            @if p.is_assessor { (schedule_form(p)) }
        })
}

fn occasion(p: &OccasionsPage<'_>, n: usize, v: &OccasionView) -> Markup {
    let o = &v.occasion;
    html! {
        section class="occasion" aria-labelledby={ "occasion-" (n) } {
            h2 id={ "occasion-" (n) } { "Occasion " (n) ": " (method_label(&o.method)) }
            p { @if v.open { "Open since " } @else { "Scheduled: opens " } (when(o.opens_at)) "." }
            @if let Some(adjusted) = adjustments_sentence(o.extra_time_minutes, &o.adjustments) {
                p { strong { "Adjustments: " } (adjusted) }
            }
            @match &v.items {
                None => p { "The questions are shown when the occasion opens." },
                Some(items) => {
                    @for (i, q) in items { (item(p, o.id.as_str(), v.open, i, q)) }
                }
            }
        }
    }
}

fn item(
    p: &OccasionsPage<'_>,
    occasion_id: &str,
    open: bool,
    i: &OccasionItem,
    q: &BankQuestion,
) -> Markup {
    let key = format!("{occasion_id}-{}", i.position);
    let marked = i.outcome.is_some();
    let label = item_label(p.curriculum, &i.item_id);
    let short = label.split(':').next().unwrap_or_default();
    html! {
        div class="occasion-item" {
            h3 { (label) }
            p { strong { "Question: " } (q.text) }
            @if let Some(answer) = &i.answer { p class="prewrap" { strong { "Answer: " } (answer) } }
            @if let Some(outcome) = &i.outcome {
                p { strong { "Marked: " } (outcome.label()) }
                @if let Some(feedback) = &i.feedback { p class="prewrap" { strong { "Feedback: " } (feedback) } }
            }
            @if p.is_learner && open && !marked {
                form method="post" action={ "/occasions/" (occasion_id) "/answers" } {
                    (csrf(&p.current.session.csrf_token))
                    input type="hidden" name="item_id" value=(i.item_id);
                    div class="field" {
                        label for={ "answer-" (key) } { "Your answer (" (short) ")" }
                        textarea id={ "answer-" (key) } name="answer" rows="5" { (i.answer.as_deref().unwrap_or_default()) }
                    }
                    button type="submit" { "Save the answer" }
                }
            }
            @if p.is_assessor && i.answer.is_some() && !marked {
                form method="post" action={ "/occasions/" (occasion_id) "/marks" } {
                    (csrf(&p.current.session.csrf_token))
                    input type="hidden" name="item_id" value=(i.item_id);
                    fieldset {
                        legend { "Mark the answer (" (short) ")" }
                        label class="checkbox" for={ "satisfied-" (key) } {
                            input type="radio" id={ "satisfied-" (key) } name="outcome" value=(Mark::Satisfied.as_str()) required;
                            "Satisfied"
                        }
                        label class="checkbox" for={ "not-satisfied-" (key) } {
                            input type="radio" id={ "not-satisfied-" (key) } name="outcome" value=(Mark::NotSatisfied.as_str());
                            "Not satisfied"
                        }
                        div class="field" {
                            label for={ "feedback-" (key) } { "Feedback for the learner" }
                            textarea id={ "feedback-" (key) } name="feedback" rows="3" {}
                        }
                    }
                    button type="submit" { "Save the mark" }
                }
            }
        }
    }
}

/// S5: the occasion's adjustments; on a fresh form, the learner's recorded reasonable
/// adjustments are the starting point.
fn adjustment_fields(p: &OccasionsPage<'_>) -> Markup {
    let typed = p.typed;
    let adjustments = if typed.adjustments.is_empty() && p.errors.is_empty() {
        p.view.registration.reasonable_adjustments.as_str()
    } else {
        typed.adjustments.as_str()
    };
    html! {
        fieldset {
            legend { "Adjustments for this occasion" }
            (Input::new("extra_time_minutes", "Extra time (minutes)").kind("number").value(typed.extra_time_minutes.trim()).optional().hint("Leave empty for none.").render(p.errors))
            (textarea("adjustments", "Other adjustments (format, reader, scribe, breaks)", adjustments, p.errors))
        }
    }
}

fn schedule_form(p: &OccasionsPage<'_>) -> Markup {
    let options = item_options(p.curriculum);
    let methods: Vec<(String, String)> = METHODS
        .iter()
        .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
        .collect();
    let typed = p.typed;
    let method = match typed.method.trim() {
        "" => "short_response",
        chosen => chosen,
    };
    let items_error = p
        .errors
        .iter()
        .find(|e| e.field == "items")
        .map(|e| e.message.as_str());
    html! {
        h2 { "Schedule an occasion" }
        form method="post" action={ "/registrations/" (p.view.registration.id) "/occasions" } {
            (csrf(&p.current.session.csrf_token))
            (Input::new("opens_at", "Opens at (UTC)").kind("datetime-local").value(typed.opens_at.trim()).hint("The candidate sees the questions from then on.").render(p.errors))
            (select("method", "Method", &methods, method, p.errors))
            div class={ "field" @if items_error.is_some() { " invalid" } } {
                fieldset {
                    legend { "Knowledge/Skills items to sample" }
                    p class="hint" { "Leave all unticked to sample every item not yet met by the project or satisfied on an occasion, except those sampled on the last occasion." }
                    @if let Some(message) = items_error { p class="error" { span class="visually-hidden" { "Error: " } (message) } }
                    @for (index, (value, text)) in options.iter().enumerate() {
                        @let id = if index == 0 { "items".to_owned() } else { format!("items-{index}") };
                        label class="checkbox" for=(id) {
                            input type="checkbox" id=(id) name="items" value=(value) checked[typed.items.iter().any(|i| i.trim() == value)];
                            (text)
                        }
                    }
                }
            }
            (adjustment_fields(p))
            button type="submit" { "Schedule the occasion" }
        }
    }
}
