//! The centre's standardisation page: the due warning per qualification, the activities on
//! record and the form to record one, the double-marking exercises and the form to set one up,
//! and the decision log with its search box.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::exercise_setup::{ExerciseDraft, exercise_form};
use super::forms::{Input, checkboxes, csrf, error_summary, form_problem, select, textarea};
use super::layout::Page;
use super::words;
use crate::actions::iqa::standardisation::{Overview, QualificationDue};
use crate::curriculum::Curriculum;
use crate::curriculum::model::Unit;
use crate::domain::people::FieldError;
use crate::domain::standardisation::activity::ActivityInput;
use crate::domain::standardisation::{ActivityRelation, ExerciseStatus};
use crate::store::exercise_candidates::Candidate;
use crate::store::standardisation::{ActivityRecord, Decision};
use crate::web::auth::CurrentUser;

/// What was sent when a form was refused, so the form shows it again.
#[derive(Debug, Clone, Default)]
pub struct Drafts {
    pub activity: ActivityInput,
    pub exercise: ExerciseDraft,
}

pub struct StandardisationPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub centre_id: &'a str,
    pub overview: &'a Overview,
    pub qualifications: &'a [(String, String)],
    pub units: &'a [(String, String)],
    pub decisions: &'a [Decision],
    /// For an IQA: the evidence an exercise may be set up on, and the one chosen.
    pub candidates: &'a [Candidate],
    pub chosen: Option<&'a Candidate>,
    /// What was sent when a form was refused.
    pub draft: &'a Drafts,
    pub q: &'a str,
    pub criterion: &'a str,
    /// Which form the errors belong to: "activity" or "exercise".
    pub failed_form: &'a str,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
}

fn name<'a>(names: &'a BTreeMap<String, String>, id: &'a str) -> &'a str {
    names.get(id).map_or(id, String::as_str)
}

/// What a list of `(id, words)` says for `id`; the id itself only when the list lacks it.
fn words_of<'a>(list: &'a [(String, String)], id: &'a str) -> &'a str {
    list.iter()
        .find(|(i, _)| i == id)
        .map_or(id, |(_, w)| w.as_str())
}

/// The units of every specification, for finding an item whose unit is not stored with it.
fn units(curriculum: &Curriculum) -> impl Iterator<Item = &Unit> {
    curriculum
        .specifications()
        .iter()
        .flat_map(|s| s.units.iter())
}

/// A criterion of any unit in the specification's words ("Unit 001, 1.1 Explain …"); the id
/// only when no unit knows it (a curriculum change under stored records).
pub fn criterion_words(curriculum: &Curriculum, item_id: &str) -> String {
    curriculum
        .any_item_words(item_id)
        .unwrap_or_else(|| item_id.to_owned())
}

/// A criterion of any unit by its numbers only ("Unit 001, criterion 1.1"), where its wording
/// is shown beside it; the id only when no unit knows it.
pub fn criterion_reference(curriculum: &Curriculum, item_id: &str) -> String {
    for u in units(curriculum) {
        for o in &u.outcomes {
            if let Some(c) = o.criteria.iter().find(|c| c.id == item_id) {
                return format!("Unit {}, criterion {}", u.number, c.number);
            }
            if let Some(k) = o.knowledge_skills.iter().find(|k| k.id == item_id) {
                return format!(
                    "Unit {}, Outcome {}, Knowledge/Skills {}",
                    u.number, o.number, k.number
                );
            }
        }
        if let Some(e) = u.evidence_requirements.iter().find(|e| e.id == item_id) {
            return format!("Unit {}, Evidence Requirement {}", u.number, e.number);
        }
    }
    item_id.to_owned()
}

/// The domain's warning with its date as people write it.
fn due_message(d: &QualificationDue) -> Option<String> {
    let message = d.state.message(&d.title)?;
    Some(match d.state.due_on() {
        Some(on) => message.replace(&on.to_string(), &words::day(on)),
        None => message,
    })
}

fn exercise_status(status: ExerciseStatus) -> &'static str {
    match status {
        ExerciseStatus::Open => "open for marking",
        ExerciseStatus::Closed => "closed",
    }
}

pub fn page(p: &StandardisationPage<'_>) -> Markup {
    let o = p.overview;
    Page::new("Standardisation")
        .user(Some(p.current))
        .notice(p.notice)
        .trail("Home", "/home")
        .render(html! {
            (form_problem(p.problem))
            section aria-labelledby="due" {
                h2 id="due" { "Due by qualification" }
                p class="hint" { "At least one standardisation activity per qualification every 12 months." }
                @if o.due.is_empty() { p { "No qualification delivered yet." } }
                ul {
                    @for d in &o.due {
                        li {
                            @match due_message(d) {
                                Some(warning) => strong class="warning" { (warning) },
                                None => { (d.title) ": next due by " (d.state.due_on().map(words::day).unwrap_or_default()) "." },
                            }
                        }
                    }
                }
            }
            section aria-labelledby="activities" {
                h2 id="activities" { "Activities" }
                @if o.activities.is_empty() { p { "None recorded." } }
                @for a in &o.activities { (activity(p, a)) }
                @if o.reader.records() { (activity_form(p)) }
            }
            section aria-labelledby="exercises" {
                h2 id="exercises" { "Blind double-marking" }
                @if o.exercises.is_empty() { p { "No exercise yet." } }
                ul {
                    @for e in &o.exercises {
                        li { a href={ "/double-marking/" (e.id) } { (e.anonymised_title) } " (" (words_of(p.qualifications, &e.qualification_id)) ", " (exercise_status(e.status)) ", set " (words::day(e.created_at.date())) ")" }
                    }
                }
                @if o.reader.records() { (exercise_form(p, errors_for(p, "exercise"))) }
            }
            (decision_log(p))
        })
}

fn activity(p: &StandardisationPage<'_>, r: &ActivityRecord) -> Markup {
    let (a, names) = (&r.activity, &p.overview.names);
    let units: &[String] = &a.units;
    let who = |attendee: bool| -> Vec<&str> {
        r.people
            .iter()
            .filter(|p| (p.relation == ActivityRelation::Attendee) == attendee)
            .map(|p| name(names, &p.user_id))
            .collect()
    };
    html! {
        article class="activity" {
            h3 { (a.title) " (" (words::day(a.held_on)) ")" }
            dl {
                dt { "Qualification" } dd { (words_of(p.qualifications, &a.qualification_id)) }
                dt { "Attended" } dd { (who(true).join(", ")) }
                dt { "Assessors it concerns" } dd { @if who(false).is_empty() { "None named" } @else { (who(false).join(", ")) } }
                dt { "Units" } dd { @if units.is_empty() { "All" } @else { (units.iter().map(|u| words_of(p.units, u)).collect::<Vec<_>>().join("; ")) } }
                dt { "What was agreed" } dd class="prewrap" { (a.agreed) }
            }
            @if !r.actions.is_empty() {
                table {
                    caption { "Actions" }
                    thead { tr { th scope="col" { "Action" } th scope="col" { "Owner" } th scope="col" { "Due" } } }
                    tbody { @for x in &r.actions { tr {
                        td data-label="Action" { (x.description) }
                        td data-label="Owner" { (name(names, &x.owner_id)) }
                        td data-label="Due" { (words::day(x.due_on)) }
                    } } }
                }
            }
        }
    }
}

fn errors_for<'a>(p: &'a StandardisationPage<'_>, form: &str) -> &'a [FieldError] {
    if p.failed_form == form { p.errors } else { &[] }
}

fn activity_form(p: &StandardisationPage<'_>) -> Markup {
    let errors = errors_for(p, "activity");
    let o = p.overview;
    let mut owners = vec![(String::new(), "No action".to_owned())];
    owners.extend(o.members.iter().cloned());
    let d = &p.draft.activity;
    let action = d.actions.first().cloned().unwrap_or_default();
    html! {
        form method="post" action={ "/centres/" (p.centre_id) "/standardisation" } {
            h3 { "Record an activity" }
            (error_summary(errors))
            (csrf(&p.current.session.csrf_token))
            (select("qualification_id", "Qualification", p.qualifications, &d.qualification_id, errors))
            (Input::new("held_on", "Held on").kind("date").value(&d.held_on).render(errors))
            (Input::new("title", "Title").value(&d.title).render(errors))
            (checkboxes("attendees", "Who attended", &o.members, &d.attendees, errors))
            (checkboxes("assessors", "Assessors it concerns", &o.assessors, &d.assessors, errors))
            (checkboxes("units", "Units covered", p.units, &d.units, errors))
            (textarea("agreed", "What was agreed", &d.agreed, errors))
            fieldset {
                legend { "An action (optional)" }
                (Input::new("action_description", "Action").id("actions[0].description").value(&action.description).optional().render(errors))
                (Input::new("action_due_on", "Due on").id("actions[0].due_on").kind("date").value(&action.due_on).optional().render(errors))
                (super::forms::select_with_id("actions[0].owner_id", "action_owner_id", "Owner", &owners, &action.owner_id, errors))
            }
            button type="submit" { "Record the activity" }
        }
    }
}

fn decision_log(p: &StandardisationPage<'_>) -> Markup {
    let unit_filter: Vec<(String, String)> =
        std::iter::once((String::new(), "Any unit".to_owned()))
            .chain(p.units.iter().cloned())
            .collect();
    html! {
        section aria-labelledby="decision-log" {
            h2 id="decision-log" { "Decision log" }
            form method="get" action={ "/centres/" (p.centre_id) "/standardisation" } role="search" {
                (Input::new("q", "Words").value(p.q).optional().render(&[]))
                (select("criterion", "Unit", &unit_filter, p.criterion, &[]))
                button type="submit" { "Search the log" }
            }
            @if p.decisions.is_empty() { p { "No agreed outcome matches." } }
            @else {
                table {
                    caption { "Agreed outcomes" }
                    thead { tr { th scope="col" { "Criterion" } th scope="col" { "Agreed outcome" } th scope="col" { "Rationale" } th scope="col" { "Markers' agreement" } th scope="col" { "Exercise" } } }
                    tbody {
                        @for d in p.decisions {
                            tr {
                                td data-label="Criterion" { (criterion_words(p.curriculum, &d.criterion_id)) }
                                td data-label="Agreed outcome" { (d.outcome.words()) }
                                td data-label="Rationale" class="prewrap" { (d.rationale) }
                                td data-label="Markers' agreement" { @if let Some(pc) = d.agreement_percent { (pc) "%" } @else { "n/a" } }
                                td data-label="Exercise" { a href={ "/double-marking/" (d.exercise_id) } { "Open" } }
                            }
                        }
                    }
                }
            }
        }
    }
}
