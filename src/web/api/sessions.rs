//! `POST /api/v1/sessions` (public: it is how a client signs in), `DELETE /api/v1/sessions/current`
//! (signed in), and password resets (public; the answer never says whether an account exists).

use actix_web::{HttpRequest, HttpResponse, web};

use crate::actions::AppState;
use crate::actions::people::sign_in::{self, Credentials};
use crate::actions::people::wire::sessions::{
    PasswordResetAccepted, PasswordResetRequest, PasswordResetUse, RecoveryCodesOut,
    SessionCreated, SignInRequest, SignedInPlaces, TwoStepConfirmRequest, TwoStepEnrolmentOut,
    TwoStepPolicyOut, TwoStepPolicyRequest,
};
use crate::actions::people::{two_step, two_step_policy};
use crate::auth::tokens::Audience;
use crate::domain::ids::{CentreId, SessionId, UserId};
use crate::domain::two_step_policy::TwoStepPolicy;
use crate::web::auth::CurrentUser;
use crate::web::client_address::client_address;
use crate::web::error::AppError;
use crate::web::routes::account::user_agent;

pub async fn create(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<SignInRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let credentials = Credentials {
        email: body.email,
        password: body.password,
        client_address: client_address(&request),
        user_agent: user_agent(&request),
        one_time_code: body.one_time_code,
    };
    let signed_in = sign_in::sign_in(&state, credentials, Audience::Api).await?;
    let memberships = sign_in::memberships(&state, &signed_in).await?;
    Ok(HttpResponse::Created().json(SessionCreated::new(signed_in, &memberships)))
}

pub async fn delete_current(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let session = SessionId::from_stored(current.session.id.as_str());
    sign_in::sign_out(&state, &current.user, &session).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /api/v1/password-resets`: 202 whether or not the account exists.
pub async fn request_reset(
    state: web::Data<AppState>,
    body: web::Json<PasswordResetRequest>,
) -> Result<HttpResponse, AppError> {
    sign_in::request_reset(&state, &body.email).await?;
    Ok(HttpResponse::Accepted().json(PasswordResetAccepted::default()))
}

/// `POST /api/v1/password-resets/{token}`: set the password with a single-use link's token.
pub async fn use_link(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Json<PasswordResetUse>,
) -> Result<HttpResponse, AppError> {
    sign_in::use_link(&state, &token, &body.password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /api/v1/account/two-step`: start setting up two-step sign-in (201).
pub async fn begin_two_step(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let enrolment = two_step::begin(&state, &current.user).await?;
    Ok(HttpResponse::Created().json(TwoStepEnrolmentOut {
        secret: enrolment.secret.0,
        otpauth_url: enrolment.address,
    }))
}

/// `POST /api/v1/account/two-step/confirm`: a code from the app turns it on.
pub async fn confirm_two_step(
    state: web::Data<AppState>,
    current: CurrentUser,
    body: web::Json<TwoStepConfirmRequest>,
) -> Result<HttpResponse, AppError> {
    let recovery_codes = two_step::confirm(&state, &current.user, &body.code).await?;
    Ok(HttpResponse::Ok().json(RecoveryCodesOut { recovery_codes }))
}

/// `DELETE /api/v1/centres/{centre_id}/people/{user_id}/two-step`: the centre's administrator
/// resets a person's two-step sign-in (204).
pub async fn reset_two_step(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(CentreId, UserId)>,
) -> Result<HttpResponse, AppError> {
    let (centre, person) = path.into_inner();
    two_step::reset(&state, &current, &centre, &person).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `GET /api/v1/centres/{centre_id}/two-step-policy`: who must use two-step sign-in there.
pub async fn two_step_policy(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let policy = two_step_policy::policy_of(&state, &current, &centre).await?;
    let out = TwoStepPolicyOut::new(&centre, policy);
    Ok(HttpResponse::Ok().json(out))
}

/// `PUT /api/v1/centres/{centre_id}/two-step-policy` `{required_for}`.
pub async fn set_two_step_policy(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    body: web::Json<TwoStepPolicyRequest>,
) -> Result<HttpResponse, AppError> {
    let chosen = TwoStepPolicy::parse("required_for", &body.required_for);
    let policy = two_step_policy::set_policy(&state, &current, &centre, chosen).await?;
    let out = TwoStepPolicyOut::new(&centre, policy);
    Ok(HttpResponse::Ok().json(out))
}

/// `GET /api/v1/account/sessions`. Signed in: where the caller is signed in.
pub async fn signed_in_places(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let session = SessionId::from_stored(current.session.id.as_str());
    let places =
        crate::actions::people::signed_in_places::where_signed_in(&state, &current, &session)
            .await?;
    Ok(HttpResponse::Ok().json(SignedInPlaces::new(&places)))
}

/// `DELETE /api/v1/account/sessions/{reference}`. Signed in: sign out one of the caller's
/// places; 204 whether it was open or was signed out already.
pub async fn sign_out_place(
    state: web::Data<AppState>,
    current: CurrentUser,
    reference: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = SessionId::from_stored(current.session.id.as_str());
    crate::actions::people::signed_in_places::sign_out_place(
        &state, &current, &session, &reference,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
