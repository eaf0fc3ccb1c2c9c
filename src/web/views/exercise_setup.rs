//! Setting up a blind double-marking exercise, in two steps and without typing an id: choose
//! one of the centre's submitted, mapped evidence items, then tick the criteria to judge (all
//! the item's mapped criteria start ticked) and the assessors to invite.

use maud::{Markup, html};

use super::forms::{checkboxes, csrf, error_summary, select_with_id};
use super::standardisation::{StandardisationPage, criterion_words};
use super::words;
use crate::curriculum::Curriculum;
use crate::domain::people::FieldError;
use crate::store::exercise_candidates::Candidate;

/// What the IQA sent when the exercise was refused, so the form shows it again.
#[derive(Debug, Clone, Default)]
pub struct ExerciseDraft {
    pub criteria: Vec<String>,
    pub markers: Vec<String>,
}

/// "Reflective account — Sam Learner, Personalisation (3085-02), submitted 3 December 2026".
fn described(curriculum: &Curriculum, c: &Candidate) -> String {
    format!(
        "{} — {}, {}, submitted {}",
        c.title,
        c.learner,
        curriculum.qualification_name(&c.qualification_id),
        words::day(c.updated_at.date())
    )
}

pub fn exercise_form(p: &StandardisationPage<'_>, errors: &[FieldError]) -> Markup {
    let page = format!("/centres/{}/standardisation", p.centre_id);
    html! {
        h3 id="exercise" { "Set up a blind double-marking exercise" }
        @if p.candidates.is_empty() {
            p { "No submitted evidence is mapped to criteria yet. Items appear here once a learner submits one." }
        } @else if let Some(chosen) = p.chosen {
            (criteria_step(p, chosen, errors, &page))
        } @else {
            @let options: Vec<(String, String)> = p.candidates.iter()
                .map(|c| (c.evidence_id.clone(), described(p.curriculum, c)))
                .collect();
            form method="get" action={ (page) "#exercise" } {
                (error_summary(errors))
                (select_with_id("evidence_id", "evidence", "Evidence item", &options, "", errors))
                p class="hint" { "The newest submitted items mapped to criteria. Markers see an anonymised copy, without the learner's name." }
                button type="submit" { "Choose the criteria" }
            }
        }
    }
}

fn criteria_step(
    p: &StandardisationPage<'_>,
    chosen: &Candidate,
    errors: &[FieldError],
    page: &str,
) -> Markup {
    let criteria: Vec<(String, String)> = chosen
        .mapped
        .iter()
        .map(|id| (id.clone(), criterion_words(p.curriculum, id)))
        .collect();
    let ticked = if errors.is_empty() {
        &chosen.mapped
    } else {
        &p.draft.exercise.criteria
    };
    html! {
        form method="post" action={ "/centres/" (p.centre_id) "/double-marking" } {
            (error_summary(errors))
            (csrf(&p.current.session.csrf_token))
            input type="hidden" name="evidence_id" value=(chosen.evidence_id);
            dl class="summary" {
                dt { "Evidence item" }
                dd { (described(p.curriculum, chosen)) " " a href={ (page) "#exercise" } { "Choose another item" } }
            }
            (checkboxes("criteria", "Criteria to judge", &criteria, ticked, errors))
            (checkboxes("markers", "Assessors to invite (at least two)", &p.overview.assessors, &p.draft.exercise.markers, errors))
            button type="submit" { "Set up the exercise and invite the markers" }
        }
    }
}
