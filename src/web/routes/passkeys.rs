//! Passkey pages: adding and removing one's own (signed in; reachable while a centre's policy
//! asks the person to set up two-step sign-in), and signing in with one at the second step
//! (public: carried by the password step's five-minute signed cookie and the pre-session token).
//! The two `options` routes answer the page's script in JSON; the others are form posts.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Deserialize;
use serde_json::json;

use super::account::{signed_in_response, two_step_section_typed, user_agent};
use super::pre_session::pre_session_ok;
use super::two_step::{PlainForm, challenge_of, code_page, refused_page};
use crate::actions::people::passkey_sign_in;
use crate::actions::people::passkeys::{self as act, NewPasskeyAnswer, Started};
use crate::actions::people::sign_in::Credentials;
use crate::actions::{ActionError, AppState};
use crate::web::auth::csrf::SignedInForm;
use crate::web::client_address::client_address;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{html, see_other};
use crate::web::views::{account as account_view, two_step as view};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddForm {
    csrf_token: String,
    name: String,
    ceremony: String,
    answer: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInForm {
    csrf_token: String,
    ceremony: String,
    answer: String,
}

crate::carries_csrf!(AddForm);

fn started(result: Result<Started, ActionError>) -> HttpResponse {
    match result {
        Ok(started) => HttpResponse::Ok().json(json!({
            "ceremony": started.ceremony,
            "options": started.options,
        })),
        Err(error) => {
            let error = AppError::from(error);
            HttpResponse::build(error.status_code()).json(json!({ "message": error.detail() }))
        }
    }
}

/// `POST /account/two-step/passkeys/options`. Signed in: the options for the device (JSON).
pub async fn add_options(
    state: web::Data<AppState>,
    submitted: SignedInForm<PlainForm>,
) -> HttpResponse {
    started(act::begin_adding(&state, &submitted.current.user).await)
}

/// `POST /account/two-step/passkeys`. Signed in: the device's answer and the passkey's name.
pub async fn add(
    state: web::Data<AppState>,
    submitted: SignedInForm<AddForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let typed = form.name.clone();
    let answer = NewPasskeyAnswer {
        ceremony: form.ceremony,
        name: form.name,
        answer: form.answer,
    };
    match act::finish_adding(&state, &current.user, answer).await {
        Ok(_) if current.session.two_step_setup => Ok(see_other("/home")),
        Ok(_) => Ok(see_other("/account?done=passkey-added#passkeys")),
        Err(ActionError::Invalid(errors)) if current.session.two_step_setup => Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            view::required(
                &current,
                state.passkeys.is_some().then_some(&typed),
                &errors,
            ),
        )),
        Err(ActionError::Invalid(errors)) => {
            let section = two_step_section_typed(&state, &current, &errors, &typed).await?;
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                account_view::account(&current, &[], None, section),
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/two-step/passkeys/{passkey_id}/remove`. Signed in: one's own passkey.
pub async fn remove(
    state: web::Data<AppState>,
    passkey: web::Path<String>,
    submitted: SignedInForm<PlainForm>,
) -> Result<HttpResponse, PageError> {
    act::remove(&state, &submitted.current.user, &passkey).await?;
    Ok(see_other("/account?done=passkey-removed#passkeys"))
}

/// `POST /sign-in/passkey/options`. Public, with the password step's cookie: the options for
/// the device (JSON).
pub async fn sign_in_options(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<PlainForm>,
) -> HttpResponse {
    if !pre_session_ok(&request, &form.csrf_token) {
        let message = "The page had expired. Please reload it and try again.";
        return HttpResponse::Forbidden().json(json!({ "message": message }));
    }
    match passkey_sign_in::begin(&state, &challenge_of(&request)).await {
        // The password step's five minutes are over (or it never happened here): start again.
        Err(ActionError::Unauthenticated) => HttpResponse::Gone().json(json!({
            "message": "More than five minutes have passed since your password. Start again with your password.",
        })),
        other => started(other),
    }
}

/// `POST /sign-in/passkey`. Public: the device's answer opens the session.
pub async fn sign_in(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<SignInForm>,
) -> HttpResponse {
    if !pre_session_ok(&request, &form.csrf_token) {
        let expired = Some("The page had expired. Please try your passkey again.");
        return code_page(&state, &request, StatusCode::FORBIDDEN, expired).await;
    }
    let credentials = Credentials {
        client_address: client_address(&request),
        user_agent: user_agent(&request),
        ..Credentials::default()
    };
    let challenge = challenge_of(&request);
    match passkey_sign_in::finish(
        &state,
        &challenge,
        &form.ceremony,
        &form.answer,
        credentials,
    )
    .await
    {
        Ok(signed_in) => signed_in_response(&state, signed_in.token),
        Err(error) => refused_page(&state, &request, error).await,
    }
}
