//! The assignment set by the awarding body (C4, City & Guilds Unit 001) in the pages: the centre
//! records its versions, the learner reads the brief and starts their submission, the assessor
//! marks it task by task, and the centre records the external verification. Each handler parses,
//! calls the action (which authorises), and draws the page again with what was typed on a refusal.

use actix_web::http::StatusCode;
use actix_web::http::header::Range;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

use crate::actions::access::{require_allocated_assessor, visible_registration};
use crate::actions::assessment::assignments::recording::{self, AssignmentFile};
use crate::actions::assessment::assignments::submission::{
    self, AssignmentOverview, SubmissionInput,
};
use crate::actions::assessment::assignments::verification::{self, VerificationInput};
use crate::actions::assessment::assignments::version_files::version_file;
use crate::actions::assessment::assignments::{marking, submission::assignment_unit};
use crate::actions::evidence::items;
use crate::actions::{ActionError, AppState};
use crate::curriculum::model::Unit;
use crate::domain::assignment::{MarkInput, assessed_by_assignment, criteria_met};
use crate::domain::ids::{AssignmentId, CentreId, EvidenceId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::people;
use crate::store::registrations::Registration;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{NamedFields, html as page_html, see_other, shown_on_the_form};
use crate::web::sent_file::attachment;
use crate::web::upload_assignment::receive_assignment;
use crate::web::views::assignment_marking::{feedback_field, outcome_field};
use crate::web::views::assignment_recording::{
    RecordingPage, RecordingTyped, criterion_words, page as recording_view,
};
use crate::web::views::assignments::{
    AssignmentPage, MarkingPage, Typed, Viewer, marking_page, page as assignment_view,
};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// A refusal drawn on the page: messages by field, or one about the whole form.
struct Refusal {
    status: StatusCode,
    errors: Vec<FieldError>,
    problem: Option<String>,
}

impl Refusal {
    fn none() -> Self {
        Self {
            status: StatusCode::OK,
            errors: Vec::new(),
            problem: None,
        }
    }

    /// `conflict_field`: the field a conflict is about, when it is about one.
    fn of(error: ActionError, conflict_field: Option<&str>) -> Self {
        let status = if matches!(error, ActionError::Conflict(_)) {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        match (error, conflict_field) {
            (ActionError::Invalid(errors), _) => Self {
                status,
                errors,
                problem: None,
            },
            (ActionError::Conflict(message), Some(field)) => Self {
                status,
                errors: vec![FieldError::new(field, &message)],
                problem: None,
            },
            (other, _) => Self {
                status,
                errors: Vec::new(),
                problem: Some(other.to_string()),
            },
        }
    }
}

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

// ---- the centre's assignments ----

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
    let id = centre.to_string();
    let name = state
        .db
        .run(move |conn| people::find_centre(conn, &id))
        .await
        .map_err(AppError::from)?
        .map_or_else(|| "Centre".to_owned(), |c| c.name);
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

// ---- the learner's assignment ----

/// The unit and the learner's name, for the pages of one registration.
async fn unit_and_name<'s>(
    state: &'s AppState,
    o: &AssignmentOverview,
) -> Result<(&'s Unit, String), PageError> {
    let unit = state
        .curriculum
        .unit(&o.unit_id)
        .map(|(_, u)| u)
        .ok_or_else(|| AppError::from(ActionError::NotFound(format!("unit {}", o.unit_id))))?;
    let learner = o.registration.learner_id.clone();
    let name = state
        .db
        .run(move |conn| people::find_user(conn, &learner))
        .await
        .map_err(AppError::from)?
        .map_or_else(|| "the learner".to_owned(), |u| u.name);
    Ok((unit, name))
}

fn viewer(current: &CurrentUser, r: &Registration) -> Viewer {
    Viewer {
        learner: r.learner_id == current.user.id,
        assessor: require_allocated_assessor(current, r).is_ok(),
        admin: current.is_platform_admin() || current.has_role(&r.centre_id, Role::CentreAdmin),
    }
}

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

// ---- the assessor's marking ----

/// `GET /registrations/{registration_id}/assignment/marking`
pub async fn marking(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let marked = query.done.as_deref() == Some("marked");
    let notice = marked.then_some(
        "The marks are recorded, and the learner has a message with your feedback by task.",
    );
    draw_marking(
        &state,
        &current,
        &id,
        &Typed::new(),
        Refusal::none(),
        notice,
        marked,
    )
    .await
}

async fn draw_marking(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    typed: &Typed,
    refusal: Refusal,
    notice: Option<&str>,
    show_met: bool,
) -> Result<HttpResponse, PageError> {
    let registration = visible_registration(state, current, id).await?;
    require_allocated_assessor(current, &registration)?;
    let o = submission::overview(state, current, id).await?;
    let (unit, name) = unit_and_name(state, &o).await?;
    let view = match &o.submission {
        Some((_, item)) => {
            let evidence = EvidenceId::from_stored(item.id.clone());
            Some(items::view(state, current, &evidence).await?)
        }
        None => None,
    };
    let met = if show_met {
        met_words(&o, unit)
    } else {
        Vec::new()
    };
    let shown = MarkingPage {
        current,
        overview: &o,
        unit,
        learner_name: &name,
        submission: view.as_ref(),
        typed,
        errors: &refusal.errors,
        problem: refusal.problem.as_deref(),
        notice,
        met: &met,
    };
    Ok(page_html(refusal.status, marking_page(&shown)))
}

/// The criteria the latest marks meet, in the specification's words.
fn met_words(o: &AssignmentOverview, unit: &Unit) -> Vec<String> {
    let Some((_, tasks)) = &o.assignment else {
        return Vec::new();
    };
    let covered: Vec<(i32, Vec<String>)> = tasks.iter().map(|t| (t.number, t.criteria())).collect();
    let marks: Vec<_> = o
        .marks
        .iter()
        .map(|m| (m.task_number, m.outcome, m.feedback.clone()))
        .collect();
    criteria_met(&covered, &marks)
        .iter()
        .map(|c| criterion_words(Some(unit), c))
        .collect()
}

/// `POST /registrations/{registration_id}/assignment/marks`: every task in one submission.
pub async fn mark(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<NamedFields>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let typed: Typed = submitted.form.0.into_iter().collect();
    let registration = visible_registration(&state, &current, &id).await?;
    require_allocated_assessor(&current, &registration)?;
    let o = submission::overview(&state, &current, &id).await?;
    let input: Vec<MarkInput> = o
        .assignment
        .iter()
        .flat_map(|(_, tasks)| tasks.iter())
        .filter_map(|t| {
            let outcome = typed.get(&outcome_field(t.number))?;
            Some(MarkInput {
                task_number: t.number,
                outcome: outcome.clone(),
                feedback: typed
                    .get(&feedback_field(t.number))
                    .cloned()
                    .unwrap_or_default(),
            })
        })
        .collect();
    match marking::mark(&state, &current, &id, input).await {
        Ok(_) => Ok(see_other(format!(
            "/registrations/{id}/assignment/marking?done=marked#met-now"
        ))),
        Err(e) if shown_on_the_form(&e) => {
            let refusal = Refusal::of(e, None);
            draw_marking(&state, &current, &id, &typed, refusal, None, false).await
        }
        Err(other) => Err(other.into()),
    }
}

// ---- links from the other pages ----

/// The registration page's section: the way to the assignment, and the centre's verification
/// form. Empty when no unit of the qualification is assessed by an assignment.
pub async fn registration_section(
    state: &AppState,
    current: &CurrentUser,
    registration: &Registration,
) -> Result<Markup, PageError> {
    if assignment_unit(state, registration).is_err() {
        return Ok(html! {});
    }
    let id = RegistrationId::from_stored(registration.id.clone());
    let o = submission::overview(state, current, &id).await?;
    let who = viewer(current, registration);
    let number = state
        .curriculum
        .unit(&o.unit_id)
        .map_or("001", |(_, u)| u.number.as_str());
    Ok(html! {
        section id="assignment" aria-labelledby="assignment-heading" {
            h2 id="assignment-heading" { "Unit " (number) " assignment" }
            p {
                a href={ "/registrations/" (registration.id) "/assignment" } {
                    @if who.learner { "Your assignment: the brief, your submission and its marks" }
                    @else { "The assignment: the brief, the submission, its marks and the external verification" }
                }
            }
            @if who.assessor && o.submission.is_some() {
                p { a href={ "/registrations/" (registration.id) "/assignment/marking" } { "Mark the assignment task by task" } }
            }
            @if who.admin {
                (crate::web::views::assignments::verification_form(current, &o, &Typed::new(), &[]))
            }
        }
    })
}
