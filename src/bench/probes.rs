//! What the benchmark requests, each as the person who makes it, signed in as the sign-in page
//! signs people in.

use super::{BenchError, PASSWORD, Shape, Target, seed};
use crate::actions::people::sign_in::{Credentials, sign_in};
use crate::auth::tokens::Audience;
use crate::web::AppState;
use crate::web::auth::cookie_name;

/// A signed-in session's token for `email`, made as the sign-in page makes it.
pub(super) async fn token(
    state: &AppState,
    email: &str,
    audience: Audience,
) -> Result<String, BenchError> {
    let mut tokens = tokens(state, email, &[audience]).await?;
    tokens
        .pop()
        .ok_or_else(|| BenchError::Setup(format!("signing in {email}: no session")))
}

/// A token for each of `audiences`, signed in before two-step sign-in is set up (a second
/// sign-in after it would need a fresh code); then set up as an administrator does at their
/// first sign-in, which ends the setting-up of all their sessions.
pub(super) async fn tokens(
    state: &AppState,
    email: &str,
    audiences: &[Audience],
) -> Result<Vec<String>, BenchError> {
    let failed =
        |e: crate::actions::ActionError| BenchError::Setup(format!("signing in {email}: {e}"));
    let mut signed = Vec::new();
    for audience in audiences {
        let credentials = Credentials {
            email: email.to_owned(),
            password: PASSWORD.to_owned(),
            client_address: "127.0.0.1".to_owned(),
            user_agent: "eportfolio-bench".to_owned(),
            one_time_code: None,
        };
        signed.push(
            sign_in(state, credentials, *audience)
                .await
                .map_err(failed)?,
        );
    }
    if let Some(first) = signed.iter().find(|s| s.session.two_step_setup) {
        use crate::actions::people::two_step;
        let enrolment = two_step::begin(state, &first.user).await.map_err(failed)?;
        let now = u64::try_from(state.clock.now().timestamp()).unwrap_or_default();
        let code = enrolment.secret.code_at(now);
        two_step::confirm(state, &first.user, &code)
            .await
            .map_err(failed)?;
    }
    Ok(signed.into_iter().map(|s| s.token).collect())
}

/// Who makes a request, and how they are signed in.
#[derive(Clone, Copy)]
enum Caller {
    Nobody,
    LearnerPage,
    LearnerApi,
    AssessorPage,
    AdminPage,
}

/// The requests to measure, and the centre administrator's API token (for the import).
pub(super) async fn probes(
    state: &AppState,
    seeded: &seed::Seeded,
    shape: Shape,
) -> Result<(Vec<Target>, String), BenchError> {
    let cookie = |token: String| {
        vec![(
            "cookie".to_owned(),
            format!("{}={token}", cookie_name(false)),
        )]
    };
    let bearer = |token: String| vec![("authorization".to_owned(), format!("Bearer {token}"))];
    let learner_page = cookie(token(state, &seeded.heavy_learner, Audience::Session).await?);
    let learner_api = bearer(token(state, &seeded.heavy_learner, Audience::Api).await?);
    let assessor_page = cookie(token(state, &seeded.assessor, Audience::Session).await?);
    let admin = [Audience::Session, Audience::Api];
    let [admin_page, admin_api]: [String; 2] = tokens(state, &seeded.centre_admin, &admin)
        .await?
        .try_into()
        .map_err(|_| BenchError::Setup("the administrator's sessions".to_owned()))?;
    let admin_page = cookie(admin_page);
    let targets = requests(seeded, shape)
        .into_iter()
        .map(|(name, path, caller)| Target {
            name,
            path,
            headers: match caller {
                Caller::Nobody => Vec::new(),
                Caller::LearnerPage => learner_page.clone(),
                Caller::LearnerApi => learner_api.clone(),
                Caller::AssessorPage => assessor_page.clone(),
                Caller::AdminPage => admin_page.clone(),
            },
        })
        .collect();
    Ok((targets, admin_api))
}

/// The requests measured: what each is, its path, and who makes it.
fn requests(seeded: &seed::Seeded, shape: Shape) -> Vec<(String, String, Caller)> {
    let registration = &seeded.heavy_registration;
    let heavy = format!(
        "learner, {} items, {} mappings",
        shape.evidence, shape.mappings
    );
    let centre = seed::CENTRE;
    let (assessor, all) = (seeded.assessor_caseload, shape.learners);
    vec![
        (
            "/healthz (full middleware, no database)".to_owned(),
            "/healthz".to_owned(),
            Caller::Nobody,
        ),
        (
            "small page (a learner's notifications)".to_owned(),
            "/notifications".to_owned(),
            Caller::LearnerPage,
        ),
        (
            format!("tracker page ({heavy})"),
            format!("/registrations/{registration}/tracker"),
            Caller::LearnerPage,
        ),
        (
            format!("tracker API ({heavy})"),
            format!("/api/v1/registrations/{registration}/tracker"),
            Caller::LearnerApi,
        ),
        (
            format!("caseload page (assessor, {assessor} learners, first 50)"),
            "/caseload".to_owned(),
            Caller::AssessorPage,
        ),
        (
            format!("caseload page (centre admin, {all} learners, first 50)"),
            "/caseload".to_owned(),
            Caller::AdminPage,
        ),
        (
            "caseload search (centre admin, a learner's name)".to_owned(),
            "/caseload?q=learner1999".to_owned(),
            Caller::AdminPage,
        ),
        (
            format!("claims page (centre admin, {all} learners)"),
            format!("/centres/{centre}/claims"),
            Caller::AdminPage,
        ),
        (
            format!("sampling report (centre admin, {all} learners)"),
            format!("/centres/{centre}/sampling/report"),
            Caller::AdminPage,
        ),
    ]
}
