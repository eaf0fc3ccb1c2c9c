//! Sign-in and sign-out, passwords and the home page. Sign-in, forgotten password and password
//! links are public (they are how one gets in); the rest needs a signed-in person.

use super::pre_session::{https, pre_session_cookie, pre_session_ok};
use crate::actions::ActionError;
use crate::web::routes::respond::{html, see_other};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::people::directory;
use crate::actions::people::sign_in::{self, Credentials, FirstStep};
use crate::actions::people::signed_in_places::where_signed_in;
use crate::auth::keys::random_hex;
use crate::auth::tokens::Audience;
use crate::domain::ids::SessionId;
use crate::web::auth::csrf::{SignedInForm, same_origin};
use crate::web::auth::{CurrentUser, MaybeUser, cookie_name};
use crate::web::client_address::client_address;
use crate::web::error::{AppError, PageError};
use crate::web::views::account as view;

#[derive(Deserialize)]
pub struct NoticeQuery {
    #[serde(default)]
    done: Option<String>,
}

fn notice_text(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("password") => Some("Your password is saved. Sign in with it now."),
        Some("signed-out") => Some("You have signed out."),
        Some("code-expired") => {
            Some("The sign-in had waited too long for its code. Sign in again with your password.")
        }
        _ => None,
    }
}

/// `GET /sign-in`. Public.
pub async fn sign_in_page(
    maybe: MaybeUser,
    request: HttpRequest,
    query: web::Query<NoticeQuery>,
) -> HttpResponse {
    if maybe.0.is_some() {
        return see_other("/home");
    }
    let token = random_hex(16);
    let page = view::sign_in(&token, "", None, notice_text(query.done.as_deref()));
    let mut response = html(actix_web::http::StatusCode::OK, page);
    let _ = response.add_cookie(&pre_session_cookie(&token, https(&request)));
    response
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /sign-in`. Public; checked for origin and the pre-session token.
pub async fn sign_in_submit(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<SignInForm>,
) -> HttpResponse {
    let (form, secure) = (form.into_inner(), https(&request));
    let retry = |problem: &str, status| {
        let token = random_hex(16);
        let mut response = html(
            status,
            view::sign_in(&token, &form.email, Some(problem), None),
        );
        let _ = response.add_cookie(&pre_session_cookie(&token, secure));
        response
    };
    if !pre_session_ok(&request, &form.csrf_token) {
        return retry(
            "The form had expired. Please sign in again.",
            actix_web::http::StatusCode::FORBIDDEN,
        );
    }
    let credentials = Credentials {
        email: form.email.clone(),
        password: form.password.clone(),
        client_address: client_address(&request),
        user_agent: user_agent(&request),
        one_time_code: None,
    };
    match sign_in::first_step(&state, credentials, Audience::Session).await {
        Ok(FirstStep::SignedIn(signed_in)) => signed_in_response(&state, signed_in.token),
        Ok(FirstStep::CodeNeeded { challenge }) => {
            let mut response = see_other("/sign-in/code");
            let _ = response.add_cookie(&super::pre_session::challenge_cookie(&challenge, secure));
            response
        }
        Err(ActionError::TooManyAttempts { retry_after }) => {
            let mut response = retry(
                &AppError::RateLimited { retry_after }.to_string(),
                actix_web::http::StatusCode::TOO_MANY_REQUESTS,
            );
            if let Ok(value) = header::HeaderValue::from_str(&retry_after.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        Err(ActionError::SignInFailed) => retry(
            &AppError::SignInFailed.to_string(),
            actix_web::http::StatusCode::UNAUTHORIZED,
        ),
        Err(other) => PageError(AppError::from(other)).into_response(),
    }
}

/// Signed in: the session cookie, the sign-in form's cookies gone, and on to the home page.
pub(super) fn signed_in_response(state: &AppState, token: String) -> HttpResponse {
    let cookie = Cookie::build(cookie_name(state.sessions.secure_cookies), token)
        .path("/")
        .http_only(true)
        .secure(state.sessions.secure_cookies)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::seconds(
            state.sessions.absolute_lifetime.num_seconds(),
        ))
        .finish();
    let mut response = see_other("/home");
    let _ = response.add_cookie(&cookie);
    let secure = state.sessions.secure_cookies;
    let _ = response.add_removal_cookie(&pre_session_cookie("", secure));
    let _ = response.add_removal_cookie(&super::pre_session::challenge_cookie("", secure));
    response
}

pub fn user_agent(request: &HttpRequest) -> String {
    request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /sign-out`. Signed in.
pub async fn sign_out(
    state: web::Data<AppState>,
    submitted: SignedInForm<CsrfOnly>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let session = SessionId::from_stored(current.session.id.as_str());
    sign_in::sign_out(&state, &current.user, &session).await?;
    let mut response = see_other("/sign-in?done=signed-out");
    let removal = Cookie::build(cookie_name(state.sessions.secure_cookies), "")
        .path("/")
        .finish();
    let _ = response.add_removal_cookie(&removal);
    Ok(response)
}

/// `GET /home`. Signed in.
pub async fn home(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: web::Query<HomeDone>,
) -> Result<Markup, PageError> {
    let centres = directory::my_centres(&state, &current).await?;
    let (own, caseload) = directory::my_registrations(&state, &current).await?;
    let due = crate::actions::assessment::due_next::for_learner(&state, &current, &own).await?;
    let waiting = crate::actions::waiting::waiting_for(&state, &current).await?;
    let asked =
        crate::actions::people::centre_people::invitations_waiting(&state, &current).await?;
    let home = view::Home {
        centres: &centres,
        own: &own,
        caseload: &caseload,
        due: &due,
        waiting: &waiting,
        invitations: crate::web::views::invitations::section(&current, &state.curriculum, &asked),
        notice: super::invitations::notice(query.done.as_deref()),
    };
    Ok(view::home(&current, &state.curriculum, &home))
}

#[derive(Deserialize, Default)]
pub struct HomeDone {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /account`. Signed in.
pub async fn account(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: web::Query<HomeDone>,
) -> Result<Markup, PageError> {
    let section = two_step_section(&state, &current, &[]).await?;
    let notice = match query.done.as_deref() {
        Some("passkey-added") => {
            Some("Your passkey is added. Next time you sign in, use it after your password.")
        }
        Some("passkey-removed") => Some("The passkey is removed: it no longer signs you in."),
        Some("place-signed-out") => {
            Some("Signed out there: that browser or program must sign in again.")
        }
        Some("place-gone") => Some("That place was signed out already."),
        _ => None,
    };
    Ok(view::account(&current, &[], notice, section))
}

/// The account page's two-step sign-in (the app and the passkeys) and where one is signed in.
pub(super) async fn two_step_section(
    state: &AppState,
    current: &CurrentUser,
    errors: &[crate::domain::people::FieldError],
) -> Result<Markup, PageError> {
    two_step_section_typed(state, current, errors, "").await
}

/// The same, keeping the name typed for a passkey that was refused.
pub(super) async fn two_step_section_typed(
    state: &AppState,
    current: &CurrentUser,
    errors: &[crate::domain::people::FieldError],
    typed_name: &str,
) -> Result<Markup, PageError> {
    let status = crate::actions::people::two_step::status(state, &current.user).await?;
    let passkeys = crate::actions::people::passkeys::list(state, &current.user).await?;
    let session = SessionId::from_stored(current.session.id.as_str());
    let places = where_signed_in(state, current, &session).await?;
    let available = state.passkeys.is_some();
    Ok(maud::html! {
        (crate::web::views::two_step::section(current, &status, (&passkeys, available, typed_name), errors))
        (crate::web::views::signed_in_places::section(&current.session.csrf_token, &places))
    })
}

#[derive(Deserialize)]
pub struct ChangePasswordForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// `POST /account/password`. Signed in. Every session ends, this one included.
pub async fn change_password(
    state: web::Data<AppState>,
    submitted: SignedInForm<ChangePasswordForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    match sign_in::change_password(
        &state,
        &current.user,
        &form.current_password,
        &form.new_password,
    )
    .await
    {
        Ok(()) => Ok(see_other("/sign-in?done=password")),
        Err(ActionError::Invalid(errors)) => {
            let section = two_step_section(&state, &current, &[]).await?;
            Ok(html(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                view::account(&current, &errors, None, section),
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /password/forgot`. Public.
pub async fn forgot_page(request: HttpRequest) -> HttpResponse {
    let token = random_hex(16);
    let mut response = html(
        actix_web::http::StatusCode::OK,
        view::forgot(&token, false, &[]),
    );
    let _ = response.add_cookie(&pre_session_cookie(&token, https(&request)));
    response
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
}

/// `POST /password/forgot`. Public; the answer is the same whether or not the account exists.
pub async fn forgot_submit(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<ForgotForm>,
) -> Result<HttpResponse, PageError> {
    if !pre_session_ok(&request, &form.csrf_token) {
        return Err(AppError::Forbidden.into());
    }
    if crate::domain::people::Email::parse("email", &form.email).is_err() {
        let token = random_hex(16);
        let errors = [crate::domain::people::FieldError::new(
            "email",
            "Enter an email address like name@example.org",
        )];
        let mut response = html(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            view::forgot(&token, false, &errors),
        );
        let _ = response.add_cookie(&pre_session_cookie(&token, https(&request)));
        return Ok(response);
    }
    sign_in::request_reset(&state, &form.email).await?;
    Ok(html(
        actix_web::http::StatusCode::OK,
        view::forgot("", true, &[]),
    ))
}

/// `GET /password/{token}`. Public: the token is the permission.
pub async fn choose_password_page(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> HttpResponse {
    match sign_in::check_link(&state, &token).await {
        Ok(user) => html(
            actix_web::http::StatusCode::OK,
            view::choose_password(&token, &user.name, &[]),
        ),
        Err(ActionError::Malformed(message)) => html(
            actix_web::http::StatusCode::GONE,
            view::link_spent(&message),
        ),
        Err(other) => PageError(AppError::from(other)).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ChoosePasswordForm {
    #[serde(default)]
    password: String,
}

/// `POST /password/{token}`. Public: the single-use token is the permission (and the CSRF
/// defence: it is unguessable and not in any cookie). The origin is still checked.
pub async fn choose_password_submit(
    state: web::Data<AppState>,
    request: HttpRequest,
    token: web::Path<String>,
    form: web::Form<ChoosePasswordForm>,
) -> Result<HttpResponse, PageError> {
    if !same_origin(&request) {
        return Err(AppError::Forbidden.into());
    }
    match sign_in::use_link(&state, &token, &form.password).await {
        Ok(_) => Ok(see_other("/sign-in?done=password")),
        Err(ActionError::Invalid(errors)) => {
            let name = sign_in::check_link(&state, &token)
                .await
                .map(|u| u.name)
                .unwrap_or_default();
            Ok(html(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                view::choose_password(&token, &name, &errors),
            ))
        }
        Err(ActionError::Malformed(message)) => Ok(html(
            actix_web::http::StatusCode::GONE,
            view::link_spent(&message),
        )),
        Err(other) => Err(other.into()),
    }
}

trait IntoResponse {
    fn into_response(self) -> HttpResponse;
}

impl IntoResponse for PageError {
    fn into_response(self) -> HttpResponse {
        actix_web::ResponseError::error_response(&self)
    }
}

crate::carries_csrf!(CsrfOnly, ChangePasswordForm);
