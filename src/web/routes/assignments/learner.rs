//! The learner's assignment page, its downloads, the start of the submission and the
//! centre's verification form.

use actix_web::http::header::Range;
use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::assessment::assignments::recording::{self, AssignmentFile};
use crate::actions::assessment::assignments::submission::{self, SubmissionInput};
use crate::actions::assessment::assignments::verification::{self, VerificationInput};
use crate::domain::ids::RegistrationId;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::PageError;
use crate::web::routes::respond::{NamedFields, html as page_html, see_other, shown_on_the_form};
use crate::web::sent_file::attachment;
use crate::web::views::assignments::{AssignmentPage, Typed, page as assignment_view};

use super::{Done, Refusal, unit_and_name, viewer};

fn notice_of(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("verification") => Some("The external verification is recorded."),
        _ => None,
    }
}

/// `GET /registrations/{registration_id}/assignment`
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let notice = notice_of(query.done.as_deref());
    draw(
        &state,
        &current,
        &id,
        &Typed::new(),
        Refusal::none(),
        notice,
    )
    .await
}

async fn draw(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    typed: &Typed,
    refusal: Refusal,
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let o = submission::overview(state, current, id).await?;
    let (unit, name) = unit_and_name(state, &o).await?;
    let shown = AssignmentPage {
        current,
        overview: &o,
        unit,
        learner_name: &name,
        viewer: viewer(current, &o.registration),
        typed,
        errors: &refusal.errors,
        problem: refusal.problem.as_deref(),
        notice,
    };
    Ok(page_html(refusal.status, assignment_view(&shown)))
}

/// `GET /registrations/{registration_id}/assignment/brief`
pub async fn brief(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    range: Option<web::Header<Range>>,
) -> Result<HttpResponse, PageError> {
    let file = recording::file(&state, &current, &id, AssignmentFile::Brief).await?;
    Ok(attachment(file, range.as_deref()))
}

/// `GET /registrations/{registration_id}/assignment/guidance`
pub async fn guidance(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    range: Option<web::Header<Range>>,
) -> Result<HttpResponse, PageError> {
    let file = recording::file(&state, &current, &id, AssignmentFile::Guidance).await?;
    Ok(attachment(file, range.as_deref()))
}

/// `POST /registrations/{registration_id}/assignment/submission`: the learner starts their
/// submission, then adds files, signs and submits it on the one-step page.
pub async fn submit(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<NamedFields>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let typed: Typed = submitted.form.0.into_iter().collect();
    let field = |name: &str| typed.get(name).cloned().unwrap_or_default();
    let input = SubmissionInput {
        title: field("title"),
        activity_date: field("activity_date"),
        text: field("text"),
    };
    match submission::submit(&state, &current, &id, input).await {
        Ok(s) => Ok(see_other(format!("/evidence/{}/one-step", s.evidence_id))),
        Err(e) if shown_on_the_form(&e) => {
            draw(&state, &current, &id, &typed, Refusal::of(e, None), None).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /registrations/{registration_id}/assignment/verification`: the centre records where the
/// unit stands with the external verifier.
pub async fn verify(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<NamedFields>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let typed: Typed = submitted.form.0.into_iter().collect();
    let field = |name: &str| typed.get(name).cloned().unwrap_or_default();
    let input = VerificationInput {
        unit_id: field("unit_id"),
        status: field("status"),
        note: field("note"),
    };
    match verification::record(&state, &current, &id, input).await {
        Ok(_) => Ok(see_other(format!(
            "/registrations/{id}?done=verification#assignment"
        ))),
        Err(e) if shown_on_the_form(&e) => {
            let refusal = Refusal::of(e, None);
            draw(&state, &current, &id, &typed, refusal, None).await
        }
        Err(other) => Err(other.into()),
    }
}
