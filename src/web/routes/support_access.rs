//! Support access from the centre's page: its own administrator gives (or renews) it with a
//! reason and a number of days, and ends it.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::people::support_access as act;
use crate::actions::{ActionError, AppState};
use crate::domain::ids::CentreId;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::PageError;
use crate::web::routes::respond::see_other;
use crate::web::views::centre::CentreDrafts;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct GrantForm {
    csrf_token: String,
    reason: String,
    days: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EndForm {
    csrf_token: String,
}

crate::carries_csrf!(GrantForm, EndForm);

/// `POST /centres/{centre_id}/support-access`. The centre's own administrator.
pub async fn grant(
    state: web::Data<AppState>,
    centre: web::Path<CentreId>,
    submitted: SignedInForm<GrantForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    match act::grant(&state, &current, &centre, (&form.reason, &form.days)).await {
        Ok(_) => Ok(see_other(format!("/centres/{centre}?done=support#support"))),
        Err(ActionError::Invalid(errors)) => {
            let typed = CentreDrafts {
                support: (form.reason, form.days),
                ..CentreDrafts::default()
            };
            let refused = (errors.as_slice(), "support", &typed);
            super::centres::render_centre(&state, &current, &centre, refused, None).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /centres/{centre_id}/support-access/end`. The centre's own administrator.
pub async fn end(
    state: web::Data<AppState>,
    centre: web::Path<CentreId>,
    submitted: SignedInForm<EndForm>,
) -> Result<HttpResponse, PageError> {
    act::end(&state, &submitted.current, &centre).await?;
    Ok(see_other(format!(
        "/centres/{centre}?done=support-ended#support"
    )))
}
