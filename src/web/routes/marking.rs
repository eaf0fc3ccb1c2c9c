//! The marking workspace pages: `GET /evidence/{id}/marking` shows an evidence item beside its
//! criteria; `POST /evidence/{id}/judgements` judges every criterion the assessor chose in one
//! submission (all or none), then returns to the workspace with what they typed on a refusal.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::assessment::judgements::{JudgementBatch, JudgementRequest, judge_all};
use crate::actions::assessment::marking::{MarkingWorkspace, workspace};
use crate::actions::{ActionError, AppState};
use crate::domain::ids::{EvidenceId, RegistrationId};
use crate::domain::judgement::JudgementInput;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{
    NamedFields, html, refusals_by_row, see_other, shown_on_the_form,
};
use crate::web::views::marking::{
    MarkingPage, Typed, feedback_field, outcome_field, page, round_field, row_id,
};

#[derive(Deserialize, Default)]
pub struct Shown {
    #[serde(default)]
    all: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

/// `GET /evidence/{evidence_id}/marking`: the allocated assessor's workspace.
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<EvidenceId>,
    query: web::Query<Shown>,
) -> Result<HttpResponse, PageError> {
    let w = workspace(&state, &current, &id).await?;
    let notice = (query.done.as_deref() == Some("judged")).then_some(
        "Your judgements are recorded, and the learner has one message listing them. Anything not yet met is back with them to improve.",
    );
    let typed = Typed::new();
    let shown = MarkingPage {
        current: &current,
        workspace: &w,
        typed: &typed,
        all_met: query.all.as_deref() == Some("met"),
        errors: &[],
        notice,
    };
    Ok(html(StatusCode::OK, page(&shown)))
}

/// The judgements chosen on the form, in the workspace's row order, with each one's row.
fn chosen(w: &MarkingWorkspace, typed: &Typed) -> (JudgementBatch, Vec<usize>) {
    let evidence = w.view.item.id.clone();
    let mut batch = JudgementBatch {
        overall_feedback: typed.get("overall_feedback").cloned().unwrap_or_default(),
        ..JudgementBatch::default()
    };
    let mut rows = Vec::new();
    let all = w.mapped.iter().map(|r| (r, true));
    let all = all.chain(w.others.iter().map(|r| (r, false)));
    for (index, (row, mapped)) in all.enumerate() {
        let outcome = typed
            .get(&outcome_field(&row.item_id))
            .map_or("", |v| v.trim());
        if outcome.is_empty() {
            continue;
        }
        let field = |f: String| typed.get(&f).cloned().unwrap_or_default();
        batch.judgements.push(JudgementRequest {
            input: JudgementInput {
                item_id: row.item_id.clone(),
                outcome: outcome.to_owned(),
                evidence_ids: vec![evidence.clone()],
                feedback: field(feedback_field(&row.item_id)),
            },
            seen_round: field(round_field(&row.item_id)).trim().parse().ok(),
            map_evidence_ids: if mapped {
                Vec::new()
            } else {
                vec![evidence.clone()]
            },
        });
        rows.push(index);
    }
    (batch, rows)
}

/// `POST /evidence/{evidence_id}/judgements`: judge what was chosen, all or none.
pub async fn judge(
    state: web::Data<AppState>,
    id: web::Path<EvidenceId>,
    submitted: SignedInForm<NamedFields>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let typed: Typed = submitted.form.0.into_iter().collect();
    let w = workspace(&state, &current, &id).await?;
    let (batch, rows) = chosen(&w, &typed);
    let registration = RegistrationId::from_stored(w.view.registration.id.clone());
    match judge_all(&state, &current, &registration, batch).await {
        Ok(_) => Ok(see_other(format!(
            "/evidence/{id}/marking?done=judged#main"
        ))),
        Err(error) if shown_on_the_form(&error) => {
            let status = if matches!(error, ActionError::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let errors = refusals_by_row(error, &rows, row_id, "criteria-heading");
            let shown = MarkingPage {
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
