//! Changing a registration's details in the page: `GET /registrations/{id}/details` shows the
//! form filled with the details as they stand; `POST` saves the change, or shows the form again
//! with what was typed and each problem.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::people::registrations::{Editable, change_details, editable, input_of};
use crate::domain::ids::RegistrationId;
use crate::domain::registration::DetailsInput;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{html, see_other, shown_on_the_form};
use crate::web::views::registration_details::{DetailsPage, page};

fn render(
    current: &CurrentUser,
    e: &Editable,
    details: &DetailsInput,
    failure: Option<AppError>,
) -> HttpResponse {
    let (errors, problem, status) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None, StatusCode::UNPROCESSABLE_ENTITY),
        Some(other) => (
            Vec::new(),
            Some(other.detail()),
            actix_web::ResponseError::status_code(other),
        ),
        None => (Vec::new(), None, StatusCode::OK),
    };
    html(
        status,
        page(&DetailsPage {
            current,
            registration: &e.registration,
            learner_name: &e.learner_name,
            reference_label: e.reference_label,
            details,
            errors: &errors,
            problem: problem.as_deref(),
        }),
    )
}

/// `GET /registrations/{registration_id}/details`
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, PageError> {
    let e = editable(&state, &current, &id).await?;
    let details = input_of(&e.registration);
    Ok(render(&current, &e, &details, None))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailsForm {
    csrf_token: String,
    awarding_body_ref: String,
    employer: String,
    workplace: String,
    planned_end_date: String,
    support_needs: String,
    reasonable_adjustments: String,
}

/// `POST /registrations/{registration_id}/details`
pub async fn save(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<DetailsForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let details = DetailsInput {
        awarding_body_ref: f.awarding_body_ref,
        employer: f.employer,
        workplace: f.workplace,
        planned_end_date: f.planned_end_date,
        support_needs: f.support_needs,
        reasonable_adjustments: f.reasonable_adjustments,
    };
    match change_details(&state, &current, &id, &details).await {
        Ok(_) => Ok(see_other(format!("/registrations/{id}?done=details"))),
        Err(error) if shown_on_the_form(&error) => {
            let e = editable(&state, &current, &id).await?;
            Ok(render(&current, &e, &details, Some(AppError::from(error))))
        }
        Err(other) => Err(PageError(AppError::from(other))),
    }
}

crate::carries_csrf!(DetailsForm);
