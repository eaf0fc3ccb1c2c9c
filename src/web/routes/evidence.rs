//! Evidence pages. Adding, editing and mapping: the learner or their assessor. Declaring and
//! submitting: the learner. Reading an item or the tracker: whoever may see the registration.

use crate::actions::ActionError;
use crate::actions::assessment::caseload::{CaseloadQuery, MOST_PER_PAGE};
use crate::actions::assessment::wire::CaseloadParams;
use crate::web::routes::respond::{html, see_other, shown_on_the_form};
use actix_web::http::StatusCode;
use actix_web::http::header::Range;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::access::{require_allocated_assessor, require_evidence_writer};
use crate::actions::evidence::items::{self as act, EvidenceInput};
use crate::domain::ids::{EvidenceId, FileId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::account::CsrfOnly;
use crate::web::sent_file;
use crate::web::views::evidence::{self as view, ItemPage};
use crate::web::views::progress;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EvidenceForm {
    csrf_token: String,
    kind: String,
    title: String,
    activity_date: String,
    description: String,
    text: String,
}

impl EvidenceForm {
    fn input(self) -> EvidenceInput {
        EvidenceInput {
            kind: self.kind,
            title: self.title,
            activity_date: self.activity_date,
            description: self.description,
            text: self.text,
        }
    }
}

/// `POST /registrations/{registration_id}/evidence`.
pub async fn create(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<EvidenceForm>,
) -> Result<HttpResponse, PageError> {
    let (current, input) = (submitted.current, submitted.form.input());
    let kept = crate::actions::evidence::items::OneStep {
        input: input.clone(),
        ..Default::default()
    };
    match act::create(&state, &current, &id, input).await {
        Ok(item) => Ok(see_other(format!("/evidence/{}?done=added#main", item.id))),
        Err(ActionError::Invalid(errors)) => {
            crate::web::routes::evidence_new::render(&state, &current, &id, &kept, &errors, None)
                .await
        }
        Err(refused) if shown_on_the_form(&refused) => {
            let problem = Some(AppError::from(refused));
            crate::web::routes::evidence_new::render(
                &state,
                &current,
                &id,
                &kept,
                &[],
                problem.as_ref(),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("added") => Some(
            "Saved as a draft. Map it to the criteria it shows, sign the declaration and submit it when it is ready.",
        ),
        Some("edited") => Some("A new version is saved. The earlier version is kept below."),
        Some("mapped") => Some("The mapping is saved; the tracker shows it now."),
        Some("declared") => Some("The declaration is signed."),
        Some("file") => Some(
            "The file is attached. A new version is saved, and the item is a draft again until you sign and submit it.",
        ),
        Some("submitted") => {
            Some("Submitted for assessment. Your assessor will judge it against the criteria.")
        }
        _ => None,
    }
}

async fn render(
    state: &AppState,
    current: &CurrentUser,
    id: &EvidenceId,
    errors: &[FieldError],
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let v = act::view(state, current, id).await?;
    let is_learner = v.registration.learner_id == current.user.id;
    // Submitted evidence is read-only for the learner until the assessor returns it.
    let can_write = require_evidence_writer(current, &v.registration).is_ok()
        && v.registration.status == RegistrationStatus::Active
        && act::refuse_if_submitted(current, &v).is_ok();
    let feedback = act::feedback(state, &v).await?;
    let page = ItemPage {
        feedback: &feedback,
        current,
        curriculum: &state.curriculum,
        view: &v,
        can_write,
        is_learner,
        is_assessor: require_allocated_assessor(current, &v.registration).is_ok(),
        errors,
        notice: notice(done),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, view::item(&page)))
}

/// `GET /evidence/{evidence_id}`.
pub async fn item(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<EvidenceId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    render(&state, &current, &id, &[], query.done.as_deref()).await
}

/// `POST /evidence/{evidence_id}`: a new version.
pub async fn edit(
    state: web::Data<AppState>,
    id: web::Path<EvidenceId>,
    submitted: SignedInForm<EvidenceForm>,
) -> Result<HttpResponse, PageError> {
    let (current, input) = (submitted.current, submitted.form.input());
    match act::edit(&state, &current, &id, input).await {
        Ok(_) => Ok(see_other(format!("/evidence/{id}?done=edited"))),
        Err(ActionError::Invalid(errors)) => render(&state, &current, &id, &errors, None).await,
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MappingForm {
    csrf_token: String,
    criteria: Vec<String>,
}

/// `POST /evidence/{evidence_id}/mappings`.
pub async fn map(
    state: web::Data<AppState>,
    id: web::Path<EvidenceId>,
    submitted: SignedInForm<MappingForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    match act::map(&state, &current, &id, form.criteria).await {
        Ok(_) => Ok(see_other(format!("/evidence/{id}?done=mapped"))),
        Err(ActionError::Invalid(errors)) => render(&state, &current, &id, &errors, None).await,
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeclarationForm {
    csrf_token: String,
    typed_name: String,
}

/// `POST /evidence/{evidence_id}/declaration`. The learner.
pub async fn declare(
    state: web::Data<AppState>,
    id: web::Path<EvidenceId>,
    submitted: SignedInForm<DeclarationForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    match act::declare(&state, &current, &id, &form.typed_name).await {
        Ok(_) => Ok(see_other(format!("/evidence/{id}?done=declared"))),
        Err(ActionError::Invalid(errors)) => render(&state, &current, &id, &errors, None).await,
        Err(other) => Err(other.into()),
    }
}

/// `POST /evidence/{evidence_id}/submit`. The learner.
pub async fn submit(
    state: web::Data<AppState>,
    id: web::Path<EvidenceId>,
    submitted: SignedInForm<CsrfOnly>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    match act::submit(&state, &current, &id).await {
        Ok(()) => Ok(see_other(format!("/evidence/{id}?done=submitted"))),
        Err(ActionError::Invalid(errors)) => render(&state, &current, &id, &errors, None).await,
        Err(other) => Err(other.into()),
    }
}

/// `GET /registrations/{registration_id}/tracker`.
pub async fn tracker(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, PageError> {
    let tracked = act::tracker(&state, &current, &id).await?;
    Ok(html(
        StatusCode::OK,
        progress::tracker(&current, &state.curriculum, &tracked, &tracked.learner_name),
    ))
}

/// `POST /evidence/{evidence_id}/files` (multipart: `csrf_token` first, then `file`).
pub async fn upload(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: actix_web::HttpRequest,
    id: web::Path<EvidenceId>,
    form: actix_multipart::Multipart,
) -> Result<HttpResponse, PageError> {
    if !crate::web::auth::csrf::same_origin(&request) {
        return Err(AppError::Forbidden.into());
    }
    let csrf = current.session.csrf_token.clone();
    match crate::web::upload::attach_to_evidence(&state, &current, &id, form, Some(&csrf)).await {
        Ok(_) => Ok(see_other(format!("/evidence/{id}?done=file"))),
        Err(AppError::Invalid(errors)) => render(&state, &current, &id, &errors, None).await,
        Err(error @ (AppError::UnsupportedMediaType(_) | AppError::PayloadTooLarge(_))) => {
            let errors = [FieldError::new("file", &error.to_string())];
            render(&state, &current, &id, &errors, None).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /evidence/{evidence_id}/files/{file_id}`.
pub async fn download(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(EvidenceId, FileId)>,
    query: web::Query<Shown>,
    range: Option<web::Header<Range>>,
) -> Result<HttpResponse, PageError> {
    let (evidence, file) = path.into_inner();
    let file =
        crate::actions::evidence::files::download(&state, &current, &evidence, &file).await?;
    let range = range.as_deref();
    Ok(if query.inline.is_some() {
        sent_file::in_place(file, range)
    } else {
        sent_file::attachment(file, range)
    })
}

/// `?inline=1`: show the file in the page when its type allows (the marking workspace).
#[derive(Deserialize, Default)]
pub struct Shown {
    #[serde(default)]
    inline: Option<String>,
}

/// `GET /caseload`. Signed in: a page of the learners the person works with (none for a
/// learner), searched and filtered as asked; what cannot be read starts from the first page.
pub async fn caseload(
    state: web::Data<AppState>,
    current: CurrentUser,
    params: web::Query<CaseloadParams>,
) -> Result<HttpResponse, PageError> {
    let mut query = params.query().unwrap_or_else(|_| CaseloadQuery {
        search: params.q.clone().filter(|q| !q.trim().is_empty()),
        ..CaseloadQuery::default()
    });
    if !(1..=MOST_PER_PAGE).contains(&query.per_page) {
        query.per_page = CaseloadQuery::default().per_page;
    }
    let page = match crate::actions::assessment::caseload::caseload(&state, &current, &query).await
    {
        // A place in the list that is gone (a learner withdrawn meanwhile): the first page.
        Err(ActionError::Invalid(_)) if query.after.is_some() => {
            query.after = None;
            crate::actions::assessment::caseload::caseload(&state, &current, &query).await?
        }
        other => other?,
    };
    Ok(html(
        StatusCode::OK,
        crate::web::views::caseload::caseload(&current, &state.curriculum, &page, &query),
    ))
}

crate::carries_csrf!(EvidenceForm, MappingForm, DeclarationForm);
