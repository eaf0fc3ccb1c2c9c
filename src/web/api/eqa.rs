//! External quality assurance as JSON: the EQA overview of a centre, the EQA's own sample, and
//! the sample pack (a ZIP) for whoever prefers not to use the platform.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::eqa::overview as act;
use crate::actions::eqa::wire::{EqaOverview, EqaPickRequest, EqaSampleList, EqaSampleOut};
use crate::actions::eqa::{sample_pack, sample_pack_zip};
use crate::domain::ids::{CentreId, QualificationId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

#[derive(Deserialize, Default)]
pub struct Which {
    #[serde(default)]
    pub qualification_id: Option<String>,
    #[serde(default)]
    pub sample: Option<String>,
}

/// `GET /api/v1/centres/{centre_id}/eqa?qualification_id=`
pub async fn overview(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    which: web::Query<Which>,
) -> Result<HttpResponse, AppError> {
    let o = act::overview(&state, &current, &centre, which.qualification_id.as_deref()).await?;
    Ok(HttpResponse::Ok().json(EqaOverview::from(&o)))
}

/// `POST /api/v1/centres/{centre_id}/eqa-samples` `{judgement_ids, note}` → 201 with the picks saved.
pub async fn pick(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    body: web::Json<EqaPickRequest>,
) -> Result<HttpResponse, AppError> {
    let saved = act::pick(&state, &current, &centre, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(EqaSampleList {
        eqa_samples: saved.iter().map(EqaSampleOut::from).collect(),
    }))
}

/// The pack as a streamed attachment (the API and the page answer alike).
pub async fn pack_response(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    which: &Which,
) -> Result<HttpResponse, AppError> {
    // Blank is no qualification (422); one that cannot be an id is none of the grants (404).
    let wanted = which.qualification_id.as_deref().map(str::trim);
    let qualification = match wanted.filter(|q| !q.is_empty()) {
        None => None,
        Some(q) => Some(
            QualificationId::parse(q)
                .map_err(|_| AppError::NotFound(format!("qualification {q}")))?,
        ),
    };
    let pack = sample_pack::gather(
        state,
        current,
        centre_id,
        qualification.as_ref(),
        which.sample.as_deref(),
    )
    .await?;
    let pages = sample_pack_zip::PackPages {
        index: crate::web::views::sample_pack::pack_index(&pack).into_string(),
        learners: pack
            .learners
            .iter()
            .map(|l| {
                crate::web::views::sample_pack::learner_index(&state.curriculum, &pack, l)
                    .into_string()
            })
            .collect(),
    };
    let zipped = sample_pack_zip::write(state, &pack, pages).await?;
    let filename = format!(
        "sample-pack-{}-{}.zip",
        pack.qualification_id,
        pack.sample.code()
    );
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(filename)],
    };
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(disposition)
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .body(actix_web::body::SizedStream::new(
            zipped.size,
            zipped.chunks,
        )))
}

/// `GET /api/v1/centres/{centre_id}/sample-pack.zip?qualification_id=…&sample=iqa|eqa`
pub async fn sample_pack(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    which: web::Query<Which>,
) -> Result<HttpResponse, AppError> {
    pack_response(&state, &current, &centre, &which).await
}
