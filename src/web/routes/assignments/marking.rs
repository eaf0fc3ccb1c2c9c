//! The assessor's page that marks every task of the submission in one post.

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::access::{require_allocated_assessor, visible_registration};
use crate::actions::assessment::assignments::marking as marking_action;
use crate::actions::assessment::assignments::submission::{self, AssignmentOverview};
use crate::actions::evidence::items;
use crate::curriculum::model::Unit;
use crate::domain::assignment::{MarkInput, criteria_met};
use crate::domain::ids::{EvidenceId, RegistrationId};
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::PageError;
use crate::web::routes::respond::{NamedFields, html as page_html, see_other, shown_on_the_form};
use crate::web::views::assignment_marking::{feedback_field, outcome_field};
use crate::web::views::assignment_recording::criterion_words;
use crate::web::views::assignments::{MarkingPage, Typed, marking_page};

use super::{Done, Refusal, unit_and_name};

/// `GET /registrations/{registration_id}/assignment/marking`
pub async fn marking(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let marked = query.done.as_deref() == Some("marked");
    let notice = marked.then_some(
        "The marks are recorded, and the learner has a message with your feedback by task.",
    );
    draw_marking(
        &state,
        &current,
        &id,
        &Typed::new(),
        Refusal::none(),
        notice,
        marked,
    )
    .await
}

async fn draw_marking(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    typed: &Typed,
    refusal: Refusal,
    notice: Option<&str>,
    show_met: bool,
) -> Result<HttpResponse, PageError> {
    let registration = visible_registration(state, current, id).await?;
    require_allocated_assessor(current, &registration)?;
    let o = submission::overview(state, current, id).await?;
    let (unit, name) = unit_and_name(state, &o).await?;
    let view = match &o.submission {
        Some((_, item)) => {
            let evidence = EvidenceId::from_stored(item.id.clone());
            Some(items::view(state, current, &evidence).await?)
        }
        None => None,
    };
    let met = if show_met {
        met_words(&o, unit)
    } else {
        Vec::new()
    };
    let shown = MarkingPage {
        current,
        overview: &o,
        unit,
        learner_name: &name,
        submission: view.as_ref(),
        typed,
        errors: &refusal.errors,
        problem: refusal.problem.as_deref(),
        notice,
        met: &met,
    };
    Ok(page_html(refusal.status, marking_page(&shown)))
}

/// The criteria the latest marks meet, in the specification's words.
fn met_words(o: &AssignmentOverview, unit: &Unit) -> Vec<String> {
    let Some((_, tasks)) = &o.assignment else {
        return Vec::new();
    };
    let covered: Vec<(i32, Vec<String>)> = tasks.iter().map(|t| (t.number, t.criteria())).collect();
    let marks: Vec<_> = o
        .marks
        .iter()
        .map(|m| (m.task_number, m.outcome, m.feedback.clone()))
        .collect();
    criteria_met(&covered, &marks)
        .iter()
        .map(|c| criterion_words(Some(unit), c))
        .collect()
}

/// `POST /registrations/{registration_id}/assignment/marks`: every task in one submission.
pub async fn mark(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<NamedFields>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let typed: Typed = submitted.form.0.into_iter().collect();
    let registration = visible_registration(&state, &current, &id).await?;
    require_allocated_assessor(&current, &registration)?;
    let o = submission::overview(&state, &current, &id).await?;
    let input: Vec<MarkInput> = o
        .assignment
        .iter()
        .flat_map(|(_, tasks)| tasks.iter())
        .filter_map(|t| {
            let outcome = typed.get(&outcome_field(t.number))?;
            Some(MarkInput {
                task_number: t.number,
                outcome: outcome.clone(),
                feedback: typed
                    .get(&feedback_field(t.number))
                    .cloned()
                    .unwrap_or_default(),
            })
        })
        .collect();
    match marking_action::mark(&state, &current, &id, input).await {
        Ok(_) => Ok(see_other(format!(
            "/registrations/{id}/assignment/marking?done=marked#met-now"
        ))),
        Err(e) if shown_on_the_form(&e) => {
            let refusal = Refusal::of(e, None);
            draw_marking(&state, &current, &id, &typed, refusal, None, false).await
        }
        Err(other) => Err(other.into()),
    }
}
