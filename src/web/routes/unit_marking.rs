//! The assessor's marking workspace for a unit: `GET /registrations/{id}/units/{unit_id}/marking`
//! lists every criterion of the unit with the evidence mapped to it; `POST …/judgements` records
//! every judgement chosen in one submission (all or none), each relying on the evidence ticked,
//! and comes back with what was typed and ticked on a refusal.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::assessment::judgements::{JudgementBatch, JudgementRequest, judge_all};
use crate::actions::assessment::unit_marking::{UnitMarking, unit_workspace};
use crate::actions::{ActionError, AppState};
use crate::domain::ids::{RegistrationId, UnitId};
use crate::domain::judgement::JudgementInput;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{
    NamedFields, html, refusals_by_row, see_other, shown_on_the_form,
};
use crate::web::views::marking::{Typed, feedback_field, outcome_field, round_field, row_id};
use crate::web::views::unit_marking::{UnitMarkingPage, page, path, rely_field};

#[derive(Deserialize, Default)]
pub struct Shown {
    #[serde(default)]
    all: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

/// `GET /registrations/{registration_id}/units/{unit_id}/marking`: the allocated assessor's
/// workspace for the unit.
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    ids: web::Path<(RegistrationId, UnitId)>,
    query: web::Query<Shown>,
) -> Result<HttpResponse, PageError> {
    let (registration, unit) = ids.into_inner();
    let w = unit_workspace(&state, &current, &registration, &unit).await?;
    let notice = (query.done.as_deref() == Some("judged")).then_some(
        "Your judgements are recorded, and the learner has one message listing them. Anything not yet met is back with them to improve.",
    );
    let typed = Typed::new();
    let shown = UnitMarkingPage {
        current: &current,
        workspace: &w,
        typed: &typed,
        all_met: query.all.as_deref() == Some("met"),
        errors: &[],
        notice,
    };
    Ok(html(StatusCode::OK, page(&shown)))
}

/// The judgements chosen on the form, in the page's order, with each one's row: each relies on
/// the evidence ticked beside it.
fn chosen(w: &UnitMarking, typed: &Typed) -> (JudgementBatch, Vec<usize>) {
    let mut batch = JudgementBatch {
        overall_feedback: typed.get("overall_feedback").cloned().unwrap_or_default(),
        ..JudgementBatch::default()
    };
    let mut rows = Vec::new();
    for (index, row) in w.criteria.iter().enumerate() {
        let outcome = typed
            .get(&outcome_field(&row.item_id))
            .map_or("", |v| v.trim());
        if outcome.is_empty() {
            continue;
        }
        let field = |f: String| typed.get(&f).cloned().unwrap_or_default();
        let evidence_ids = row
            .mapped
            .iter()
            .filter(|e| typed.contains_key(&rely_field(&row.item_id, e)))
            .cloned()
            .collect();
        batch.judgements.push(JudgementRequest {
            input: JudgementInput {
                item_id: row.item_id.clone(),
                outcome: outcome.to_owned(),
                evidence_ids,
                feedback: field(feedback_field(&row.item_id)),
            },
            seen_round: field(round_field(&row.item_id)).trim().parse().ok(),
            map_evidence_ids: Vec::new(),
        });
        rows.push(index);
    }
    (batch, rows)
}

/// `POST /registrations/{registration_id}/units/{unit_id}/judgements`: judge what was chosen,
/// all or none.
pub async fn judge(
    state: web::Data<AppState>,
    ids: web::Path<(RegistrationId, UnitId)>,
    submitted: SignedInForm<NamedFields>,
) -> Result<HttpResponse, PageError> {
    let (registration, unit) = ids.into_inner();
    let current = submitted.current;
    let typed: Typed = submitted.form.0.into_iter().collect();
    let w = unit_workspace(&state, &current, &registration, &unit).await?;
    let (batch, rows) = chosen(&w, &typed);
    match judge_all(&state, &current, &registration, batch).await {
        Ok(_) => Ok(see_other(format!(
            "{}?done=judged#main",
            path(&registration, &unit)
        ))),
        Err(error) if shown_on_the_form(&error) => {
            let status = if matches!(error, ActionError::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let errors = refusals_by_row(error, &rows, row_id, "criteria-heading");
            let shown = UnitMarkingPage {
                current: &current,
                workspace: &w,
                typed: &typed,
                all_met: false,
                errors: &errors,
                notice: None,
            };
            Ok(html(status, page(&shown)))
        }
        Err(other) => Err(PageError(AppError::from(other))),
    }
}
