//! A person answers a centre's invitation to join it, from their home. Signed in; only an
//! invitation to the caller can be answered.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::people::centre_people::answer_invitation;
use crate::domain::ids::CentreId;
use crate::domain::invitation::InvitationAnswer;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::PageError;
use crate::web::routes::respond::see_other;

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    csrf_token: String,
}

crate::carries_csrf!(AnswerForm);

/// What the home says after an answer.
pub fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("joined") => Some("You have joined the centre. Its work is below."),
        Some("declined") => Some("You have declined. The centre sees nothing of your record."),
        _ => None,
    }
}

async fn answer(
    state: &AppState,
    centre: &CentreId,
    submitted: SignedInForm<AnswerForm>,
    answer: InvitationAnswer,
) -> Result<HttpResponse, PageError> {
    answer_invitation(state, &submitted.current, centre, answer).await?;
    Ok(see_other(match answer {
        InvitationAnswer::Accepted => "/home?done=joined",
        InvitationAnswer::Declined => "/home?done=declined",
    }))
}

/// `POST /invitations/{centre_id}/accept`.
pub async fn accept(
    state: web::Data<AppState>,
    centre: web::Path<CentreId>,
    submitted: SignedInForm<AnswerForm>,
) -> Result<HttpResponse, PageError> {
    answer(&state, &centre, submitted, InvitationAnswer::Accepted).await
}

/// `POST /invitations/{centre_id}/decline`.
pub async fn decline(
    state: web::Data<AppState>,
    centre: web::Path<CentreId>,
    submitted: SignedInForm<AnswerForm>,
) -> Result<HttpResponse, PageError> {
    answer(&state, &centre, submitted, InvitationAnswer::Declined).await
}
