//! The IQA's sample of a learner's unit: `GET /registrations/{id}/units/{unit_id}/sample` shows
//! every sampled decision of the unit; `POST …/sample/checks` records the checks chosen (or, with
//! `all=agree`, agrees every decision waiting), all or none, and comes back with what was typed
//! on a refusal.

use crate::actions::access::centre_of;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

use crate::actions::iqa::sample_outcomes::{SampleOutcome, record_outcomes};
use crate::actions::iqa::unit_sample::{Checkable, UnitSample, unit_sample};
use crate::actions::{ActionError, AppState};
use crate::domain::ids::{CentreId, RegistrationId, SampleId, UnitId, UserId};
use crate::domain::iqa_check::{ActionInput, OutcomeInput};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{
    NamedFields, html, refusals_by_row, see_other, shown_on_the_form,
};
use crate::web::views::unit_sample::{Typed, UnitSamplePage, field, page, path, row_id};

#[derive(Deserialize, Default)]
pub struct Shown {
    #[serde(default)]
    done: Option<String>,
}

fn render(
    current: &CurrentUser,
    sample: &UnitSample,
    typed: &Typed,
    errors: &[FieldError],
    notice: Option<&str>,
) -> Markup {
    page(&UnitSamplePage {
        current,
        sample,
        is_iqa: current.has_role(&centre_of(&sample.registration), Role::Iqa),
        typed,
        errors,
        notice,
    })
}

/// `GET /registrations/{registration_id}/units/{unit_id}/sample`
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    ids: web::Path<(RegistrationId, UnitId)>,
    query: web::Query<Shown>,
) -> Result<HttpResponse, PageError> {
    let (registration, unit) = ids.into_inner();
    let sample = unit_sample(&state, &current, &registration, &unit).await?;
    let notice = (query.done.as_deref() == Some("checked")).then_some(
        "Your checks are recorded. Each assessor has one message listing their decisions you checked; learners whose decisions you referred are told too.",
    );
    let shown = render(&current, &sample, &Typed::new(), &[], notice);
    Ok(html(StatusCode::OK, shown))
}

/// The checks chosen on the form, in the page's order, with each one's row; with `all=agree`,
/// every decision waiting for the caller's check, agreed.
fn chosen(sample: &UnitSample, typed: &Typed, me: &str) -> (Vec<SampleOutcome>, Vec<usize>) {
    let me = &UserId::from_stored(me);
    let agree_all = typed.get("all").map(String::as_str) == Some("agree");
    let mut outcomes = Vec::new();
    let mut rows = Vec::new();
    for (index, d) in sample.decisions.iter().enumerate() {
        let id = d.sample.id.as_str();
        let get = |name: &str| typed.get(&field(name, id)).cloned().unwrap_or_default();
        let waiting = matches!(d.checkable_by(me), Checkable::First | Checkable::Again);
        let outcome = if agree_all && waiting {
            "agree".to_owned()
        } else {
            get("outcome")
        };
        if outcome.trim().is_empty() {
            continue;
        }
        let action = get("action");
        let due_on = get("due_on");
        let actions =
            if outcome.trim() == "refer" && !(action.trim().is_empty() && due_on.is_empty()) {
                vec![ActionInput {
                    description: action,
                    due_on,
                }]
            } else {
                Vec::new()
            };
        outcomes.push(SampleOutcome {
            sample_id: SampleId::from_stored(id),
            input: OutcomeInput {
                outcome,
                feedback: get("feedback"),
                actions,
            },
        });
        rows.push(index);
    }
    (outcomes, rows)
}

/// `POST /registrations/{registration_id}/units/{unit_id}/sample/checks`
pub async fn check(
    state: web::Data<AppState>,
    ids: web::Path<(RegistrationId, UnitId)>,
    submitted: SignedInForm<NamedFields>,
) -> Result<HttpResponse, PageError> {
    let (registration, unit) = ids.into_inner();
    let current = submitted.current;
    let typed: Typed = submitted.form.0.into_iter().collect();
    let sample = unit_sample(&state, &current, &registration, &unit).await?;
    let (outcomes, rows) = chosen(&sample, &typed, &current.user.id);
    let centre = CentreId::from_stored(sample.registration.centre_id.clone());
    match record_outcomes(&state, &current, &centre, outcomes).await {
        Ok(_) => Ok(see_other(format!(
            "{}?done=checked#main",
            path(&registration, &unit)
        ))),
        Err(error) if shown_on_the_form(&error) => {
            let status = if matches!(error, ActionError::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let errors = refusals_by_row(error, &rows, row_id, "checks");
            Ok(html(
                status,
                render(&current, &sample, &typed, &errors, None),
            ))
        }
        Err(other) => Err(PageError(AppError::from(other))),
    }
}
