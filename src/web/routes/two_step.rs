//! Two-step sign-in pages: setting it up and turning it off (signed in, one's own account), the
//! second step of signing in (public: it is how one gets in, carried by a five-minute signed
//! cookie from the password step), and a centre administrator's reset.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::account::{signed_in_response, two_step_section, user_agent};
use super::pre_session::{challenge_cookie_name, https, pre_session_cookie, pre_session_ok};
use crate::actions::people::passkey_sign_in;
use crate::actions::people::sign_in::{self, Credentials};
use crate::actions::people::two_step as act;
use crate::actions::{ActionError, AppState};
use crate::auth::keys::random_hex;
use crate::domain::ids::{CentreId, UserId};
use crate::domain::two_step_policy::TwoStepPolicy;
use crate::web::auth::csrf::SignedInForm;
use crate::web::auth::{CurrentUser, MaybeUser};
use crate::web::client_address::client_address;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{html, see_other};
use crate::web::views::centre::CentreDrafts;
use crate::web::views::{account as account_view, two_step as view};

/// The password step's token, from its signed cookie.
pub(super) fn challenge_of(request: &HttpRequest) -> String {
    request
        .cookie(challenge_cookie_name(https(request)))
        .map(|c| c.value().to_owned())
        .unwrap_or_default()
}

/// The second step's page, with the ways the person's account has (the app's code when the
/// token no longer says).
pub(super) async fn code_page(
    state: &AppState,
    request: &HttpRequest,
    status: StatusCode,
    problem: Option<&str>,
) -> HttpResponse {
    let ways = passkey_sign_in::ways(state, &challenge_of(request))
        .await
        .unwrap_or_default();
    let token = random_hex(16);
    let mut response = html(status, view::second_step(&token, problem, ways));
    let _ = response.add_cookie(&pre_session_cookie(&token, https(request)));
    response
}

/// A refused second step, on its page, with the wait when there is one.
pub(super) async fn refused_page(
    state: &AppState,
    request: &HttpRequest,
    error: ActionError,
) -> HttpResponse {
    match error {
        ActionError::SecondFactorRefused(why) => {
            code_page(state, request, StatusCode::UNAUTHORIZED, Some(&why)).await
        }
        ActionError::Unauthenticated => see_other("/sign-in?done=code-expired"),
        ActionError::TooManyAttempts { retry_after } => {
            let message = AppError::RateLimited { retry_after }.to_string();
            let mut response = code_page(
                state,
                request,
                StatusCode::TOO_MANY_REQUESTS,
                Some(&message),
            )
            .await;
            if let Ok(value) = header::HeaderValue::from_str(&retry_after.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        other => actix_web::ResponseError::error_response(&PageError(AppError::from(other))),
    }
}

/// `GET /sign-in/code`. Public; without the password step's cookie, back to the sign-in page.
pub async fn code_form(
    state: web::Data<AppState>,
    maybe: MaybeUser,
    request: HttpRequest,
) -> HttpResponse {
    if maybe.0.is_some() {
        return see_other("/home");
    }
    if request
        .cookie(challenge_cookie_name(https(&request)))
        .is_none()
    {
        return see_other("/sign-in");
    }
    code_page(&state, &request, StatusCode::OK, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CodeForm {
    csrf_token: String,
    code: String,
}

/// `POST /sign-in/code`. Public; checked for origin, the pre-session token and the password
/// step's signed cookie.
pub async fn code_submit(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<CodeForm>,
) -> HttpResponse {
    if !pre_session_ok(&request, &form.csrf_token) {
        let expired = Some("The form had expired. Please type the code again.");
        return code_page(&state, &request, StatusCode::FORBIDDEN, expired).await;
    }
    let credentials = Credentials {
        client_address: client_address(&request),
        user_agent: user_agent(&request),
        one_time_code: Some(form.code.clone()),
        ..Credentials::default()
    };
    match sign_in::second_step(&state, &challenge_of(&request), credentials).await {
        Ok(signed_in) => signed_in_response(&state, signed_in.token),
        Err(error) => refused_page(&state, &request, error).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlainForm {
    pub(super) csrf_token: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfirmForm {
    csrf_token: String,
    code: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OffForm {
    csrf_token: String,
    password: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PolicyForm {
    csrf_token: String,
    required_for: String,
}

crate::carries_csrf!(PlainForm, ConfirmForm, OffForm, PolicyForm);

/// `GET /account/two-step`. Signed in: the setting-up page while it is being set up.
pub async fn setting_up(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, PageError> {
    let status = act::status(&state, &current.user).await?;
    Ok(match status.setting_up {
        Some(enrolment) => html(StatusCode::OK, view::setting_up(&current, &enrolment, &[])),
        // Signed in only to set it up: what is asked, and the button to start.
        None if current.session.two_step_setup => html(
            StatusCode::OK,
            view::required(&current, state.passkeys.is_some().then_some(""), &[]),
        ),
        None => see_other("/account#two-step"),
    })
}

/// `POST /account/two-step`. Signed in: start setting up.
pub async fn begin(
    state: web::Data<AppState>,
    submitted: SignedInForm<PlainForm>,
) -> Result<HttpResponse, PageError> {
    act::begin(&state, &submitted.current.user).await?;
    Ok(see_other("/account/two-step"))
}

/// `POST /account/two-step/confirm`. Signed in: the code from the app turns it on; the
/// recovery codes are shown once.
pub async fn confirm(
    state: web::Data<AppState>,
    submitted: SignedInForm<ConfirmForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    match act::confirm(&state, &current.user, &form.code).await {
        Ok(codes) => Ok(html(StatusCode::OK, view::recovery_codes(&current, &codes))),
        Err(ActionError::Invalid(errors)) => {
            let status = act::status(&state, &current.user).await?;
            let Some(enrolment) = status.setting_up else {
                return Ok(see_other("/account#two-step"));
            };
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                view::setting_up(&current, &enrolment, &errors),
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/two-step/off`. Signed in, with the password.
pub async fn turn_off(
    state: web::Data<AppState>,
    submitted: SignedInForm<OffForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    match act::turn_off(&state, &current.user, &form.password).await {
        Ok(()) => {
            let section = two_step_section(&state, &current, &[]).await?;
            let notice = Some("Two-step sign-in is off: you sign in with your password alone.");
            Ok(html(
                StatusCode::OK,
                account_view::account(&current, &[], notice, section),
            ))
        }
        Err(ActionError::Invalid(errors)) => {
            let section = two_step_section(&state, &current, &errors).await?;
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                account_view::account(&current, &[], None, section),
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /centres/{centre_id}/people/{user_id}/two-step/reset`. The centre's administrator.
pub async fn reset(
    state: web::Data<AppState>,
    path: web::Path<(CentreId, UserId)>,
    submitted: SignedInForm<PlainForm>,
) -> Result<HttpResponse, PageError> {
    let (centre, person) = path.into_inner();
    act::reset(&state, &submitted.current, &centre, &person).await?;
    Ok(see_other(format!(
        "/centres/{centre}/people/{person}?done=two-step-reset"
    )))
}

/// `POST /centres/{centre_id}/two-step-policy`. The centre's administrator.
pub async fn set_policy(
    state: web::Data<AppState>,
    centre: web::Path<CentreId>,
    submitted: SignedInForm<PolicyForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let chosen = TwoStepPolicy::parse("required_for", &form.required_for);
    match crate::actions::people::two_step_policy::set_policy(&state, &current, &centre, chosen)
        .await
    {
        Ok(_) => Ok(see_other(format!(
            "/centres/{centre}?done=two-step-policy#two-step-policy"
        ))),
        Err(ActionError::Invalid(errors)) => {
            let nothing = CentreDrafts::default();
            let refused = (errors.as_slice(), "two-step", &nothing);
            super::centres::render_centre(&state, &current, &centre, refused, None).await
        }
        Err(other) => Err(other.into()),
    }
}
