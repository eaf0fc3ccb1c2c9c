//! The account page's "Where you are signed in": signing out one place.

use actix_web::{HttpResponse, web};

use super::two_step::PlainForm;
use crate::actions::AppState;
use crate::actions::people::signed_in_places::sign_out_place;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::PageError;
use crate::web::routes::respond::see_other;

/// `POST /account/signed-in-places/{reference}/sign-out`. Signed in: one of one's own places;
/// this browser's own goes to the sign-in page.
pub async fn sign_out(
    state: web::Data<AppState>,
    reference: web::Path<String>,
    submitted: SignedInForm<PlainForm>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let places = crate::actions::people::signed_in_places::where_signed_in(
        &state,
        &current,
        &crate::domain::ids::SessionId::from_stored(current.session.id.as_str()),
    )
    .await?;
    let this_one = places
        .iter()
        .any(|p| p.this_one && p.reference == reference.as_str());
    let ended = sign_out_place(&state, &current, &reference).await?;
    Ok(see_other(match (this_one, ended) {
        (true, _) => "/sign-in?done=signed-out",
        (false, true) => "/account?done=place-signed-out#signed-in-places",
        (false, false) => "/account?done=place-gone#signed-in-places",
    }))
}
