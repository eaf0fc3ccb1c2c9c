//! A registration's units with who assesses and quality-assures each; the centre administrator
//! allocates one unit at a time (C6 and C8 checked for that unit).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::people::directory::CentreMember;
use crate::actions::people::registrations::{self as act, UnitAllocationInput};
use crate::domain::ids::{RegistrationId, UnitId};
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;
use crate::store::registrations::Registration;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::after_post;
pub use crate::web::views::unit_allocation::UnitDraft;
use crate::web::views::unit_allocation::{self as view, UnitsSection};

/// The centre's people who hold `role`: (user id, name).
fn holding(everyone: &[CentreMember], role: Role) -> Vec<(String, String)> {
    everyone
        .iter()
        .filter(|(_, roles)| role.is_among(roles))
        .map(|(u, _)| (u.id.clone(), u.name.clone()))
        .collect()
}

/// The units section of the registration page.
pub(super) async fn section(
    state: &AppState,
    current: &CurrentUser,
    registration: &Registration,
    names: &dyn Fn(&str) -> String,
    (everyone, manage, draft): (&[CentreMember], bool, Option<&UnitDraft>),
) -> Result<maud::Markup, PageError> {
    let units = act::unit_staffing(state, registration).await?;
    let (assessors, iqas) = (
        holding(everyone, Role::Assessor),
        holding(everyone, Role::Iqa),
    );
    Ok(view::section(&UnitsSection {
        registration_id: &registration.id,
        csrf_token: &current.session.csrf_token,
        units: &units,
        names,
        assessors: &assessors,
        iqas: &iqas,
        manage: manage && registration.status == RegistrationStatus::Active,
        draft,
    }))
}

#[derive(Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    assessor_id: String,
    #[serde(default)]
    iqa_id: String,
    #[serde(default)]
    reason: String,
}

/// `POST /registrations/{registration_id}/units/{unit_id}/allocation`. Centre administrator.
/// A refusal shows the page again with the unit's form open and what was chosen kept.
pub async fn allocate_unit(
    state: web::Data<AppState>,
    path: web::Path<(RegistrationId, UnitId)>,
    submitted: SignedInForm<UnitForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let (id, unit) = path.into_inner();
    let input = UnitAllocationInput {
        assessor_id: form.assessor_id,
        iqa_id: form.iqa_id,
        reason: form.reason,
    };
    let result = act::allocate_unit(&state, &current, &id, &unit, input.clone()).await;
    after_post(
        result,
        |_| format!("/registrations/{id}?done=unit#units"),
        |failure| {
            let (errors, failure) = match failure {
                AppError::Invalid(errors) => (errors, None),
                other => (Vec::new(), Some(other)),
            };
            let draft = UnitDraft {
                unit_id: unit.to_string(),
                input,
                errors,
            };
            super::render_page(&state, &current, &id, (failure, None), Some(draft))
        },
    )
    .await
}
crate::carries_csrf!(UnitForm);
