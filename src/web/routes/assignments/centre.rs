//! The centre's assignments page: the versions recorded, the recording form, their files.

use actix_web::http::header::Range;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::actions::AppState;
use crate::actions::assessment::assignments::recording::{self, AssignmentFile};
use crate::actions::assessment::assignments::version_files::version_file;
use crate::actions::people::directory;
use crate::curriculum::model::Unit;
use crate::domain::assignment::assessed_by_assignment;
use crate::domain::ids::{AssignmentId, CentreId};
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{html as page_html, see_other, shown_on_the_form};
use crate::web::sent_file::attachment;
use crate::web::upload_assignment::receive_assignment;
use crate::web::views::assignment_recording::{
    RecordingPage, RecordingTyped, page as recording_view,
};

use super::{Done, Refusal};

/// The units assessed by an assignment the awarding body sets, each once.
fn assignment_units(state: &AppState) -> Vec<&Unit> {
    let mut units: Vec<&Unit> = Vec::new();
    for (_, q) in state.curriculum.qualifications() {
        for u in state.curriculum.units_of(q) {
            if assessed_by_assignment(u) && !units.iter().any(|k| k.id == u.id) {
                units.push(u);
            }
        }
    }
    units
}

/// `GET /centres/{centre_id}/assignments`: the versions recorded and the form to record one.
pub async fn centre_page(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    crate::actions::access::require_centre_role(&current, &centre, recording::RECORDERS)?;
    let units = assignment_units(&state);
    let typed = RecordingTyped::fresh(units.first().map_or("", |u| u.id.as_str()));
    let notice = (query.done.as_deref() == Some("recorded"))
        .then_some("The version is recorded. Learners now submit against the version in force.");
    draw_centre(
        &state,
        &current,
        &centre,
        &typed,
        Refusal::none(),
        notice,
        false,
    )
    .await
}

async fn draw_centre(
    state: &AppState,
    current: &CurrentUser,
    centre: &CentreId,
    typed: &RecordingTyped,
    refusal: Refusal,
    notice: Option<&str>,
    added_row: bool,
) -> Result<HttpResponse, PageError> {
    let assignments = recording::list(state, current, centre).await?;
    let name = directory::visible_centre(state, current, centre)
        .await?
        .name;
    let units = assignment_units(state);
    let shown = RecordingPage {
        current,
        curriculum: &state.curriculum,
        centre_id: centre,
        centre_name: &name,
        assignments: &assignments,
        units: &units,
        typed,
        errors: &refusal.errors,
        notice,
        added_row,
    };
    Ok(page_html(refusal.status, recording_view(&shown)))
}

/// `POST /centres/{centre_id}/assignments` (multipart): record a version, or add a task row.
pub async fn record(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    centre: web::Path<CentreId>,
    body: actix_multipart::Multipart,
) -> Result<HttpResponse, PageError> {
    if !crate::web::auth::csrf::same_origin(&request) {
        return Err(AppError::Forbidden.into());
    }
    crate::actions::access::require_centre_role(&current, &centre, recording::RECORDERS)?;
    let csrf = current.session.csrf_token.clone();
    let mut got = receive_assignment(&state, body, Some(&csrf)).await?;
    let mut typed = RecordingTyped {
        unit_id: got.input.unit_id.clone(),
        version_label: got.input.version_label.clone(),
        in_force: got.input.in_force,
        rows: got.rows.values().cloned().collect(),
    };
    if got.intent == "add_task" {
        got.discard(&state).await;
        typed.add_row();
        return draw_centre(
            &state,
            &current,
            &centre,
            &typed,
            Refusal::none(),
            None,
            true,
        )
        .await;
    }
    let recorded = recording::record(
        &state,
        &current,
        &centre,
        got.input,
        got.brief,
        got.guidance,
    )
    .await;
    match recorded {
        Ok(_) => Ok(see_other(format!(
            "/centres/{centre}/assignments?done=recorded#versions"
        ))),
        Err(e) if shown_on_the_form(&e) => {
            let refusal = Refusal::of(e, Some("version_label"));
            draw_centre(&state, &current, &centre, &typed, refusal, None, false).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn centre_file(
    state: &AppState,
    current: &CurrentUser,
    path: (CentreId, AssignmentId),
    which: AssignmentFile,
    range: Option<&Range>,
) -> Result<HttpResponse, PageError> {
    let file = version_file(state, current, &path.0, &path.1, which).await?;
    Ok(attachment(file, range))
}

/// `GET /centres/{centre_id}/assignments/{assignment_id}/brief`
pub async fn version_brief(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(CentreId, AssignmentId)>,
    range: Option<web::Header<Range>>,
) -> Result<HttpResponse, PageError> {
    let which = AssignmentFile::Brief;
    centre_file(&state, &current, path.into_inner(), which, range.as_deref()).await
}

/// `GET /centres/{centre_id}/assignments/{assignment_id}/guidance`
pub async fn version_guidance(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(CentreId, AssignmentId)>,
    range: Option<web::Header<Range>>,
) -> Result<HttpResponse, PageError> {
    let which = AssignmentFile::Guidance;
    centre_file(&state, &current, path.into_inner(), which, range.as_deref()).await
}
