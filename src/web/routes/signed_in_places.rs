//! The account page's "Where you are signed in": signing out one place.

use actix_web::{HttpResponse, web};

use super::two_step::PlainForm;
use crate::actions::AppState;
use crate::actions::people::signed_in_places::{PlaceSignedOut, sign_out_place};
use crate::domain::ids::SessionId;
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
    let session = SessionId::from_stored(current.session.id.as_str());
    Ok(see_other(
        match sign_out_place(&state, &current, &session, &reference).await? {
            PlaceSignedOut::ThisOne => "/sign-in?done=signed-out",
            PlaceSignedOut::Another => "/account?done=place-signed-out#signed-in-places",
            PlaceSignedOut::AlreadyGone => "/account?done=place-gone#signed-in-places",
        },
    ))
}
