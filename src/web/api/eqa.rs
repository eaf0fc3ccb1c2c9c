//! External quality assurance as JSON: the EQA overview of a centre, the EQA's own sample, and
//! the sample pack (a ZIP) for whoever prefers not to use the platform.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::eqa::overview::{self as act, Overview, PickInput, QualificationRecords};
use crate::actions::eqa::{sample_pack, sample_pack_zip};
use crate::store::eqa::EqaSample;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

#[derive(Deserialize, Default)]
pub struct Which {
    #[serde(default)]
    pub qualification_id: Option<String>,
    #[serde(default)]
    pub sample: Option<String>,
}

pub fn eqa_sample_json(s: &EqaSample) -> Value {
    json!({
        "id": s.id, "qualification_id": s.qualification_id, "eqa_id": s.eqa_id,
        "judgement_id": s.judgement_id, "registration_id": s.registration_id, "note": s.note,
        "picked_at": time(s.created_at),
    })
}

fn qualification_json(o: &Overview, q: &QualificationRecords) -> Value {
    let name = |id: &str| o.names.get(id).cloned().unwrap_or_default();
    let plans: Vec<Value> = q.plans.iter().map(|p| json!({
        "id": p.id, "iqa_id": p.iqa_id, "period_start": p.period_start, "period_end": p.period_end,
        "experienced_rate": p.experienced_rate, "interim_on": p.interim_on, "summative_on": p.summative_on,
        "focus": serde_json::from_str::<Value>(&p.focus).unwrap_or(Value::Null), "notes": p.notes,
        "version": p.version, "updated_at": time(p.updated_at),
    })).collect();
    let samples: Vec<Value> = q.samples.iter().map(|s| {
        let (checks, actions) = q.checks.get(&s.id).cloned().unwrap_or_default();
        json!({
            "id": s.id, "registration_id": s.registration_id, "judgement_id": s.judgement_id,
            "unit_id": s.unit_id, "item_id": s.item_id, "assessor_id": s.assessor_id, "iqa_id": s.iqa_id,
            "stage": s.stage, "status": s.status, "picked_by": s.picked_by,
            "adjustment_reason": s.adjustment_reason, "created_at": time(s.created_at),
            "checks": checks.iter().map(|c| json!({"check_no": c.check_no, "outcome": c.outcome, "feedback": c.feedback, "iqa_id": c.iqa_id, "recorded_at": time(c.recorded_at)})).collect::<Vec<_>>(),
            "actions": actions.iter().map(|a| json!({"id": a.id, "description": a.description, "due_on": a.due_on, "assessor_id": a.assessor_id, "closed_at": a.closed_at.map(time), "closing_note": a.closing_note})).collect::<Vec<_>>(),
        })
    }).collect();
    let learners: Vec<Value> = q.registrations.iter().map(|(r, learner)| json!({
        "registration_id": r.id, "learner_id": r.learner_id, "learner_name": learner,
        "assessor_id": r.assessor_id, "assessor_name": name(&r.assessor_id), "status": r.status,
        "links": {
            "registration": format!("/api/v1/registrations/{}", r.id),
            "tracker": format!("/api/v1/registrations/{}/tracker", r.id),
            "assessment": format!("/api/v1/registrations/{}/assessment", r.id),
        },
    })).collect();
    let pickable: Vec<Value> = q.pickable.iter().map(|d| json!({
        "judgement_id": d.judgement.id, "registration_id": d.judgement.registration_id,
        "learner_name": name(&d.learner_id), "item_id": d.judgement.item_id, "unit_id": d.judgement.unit_id,
        "round": d.judgement.round, "outcome": d.judgement.outcome, "assessor_id": d.judgement.assessor_id,
        "judged_at": time(d.judgement.judged_at),
    })).collect();
    json!({
        "id": q.id, "title": q.title, "sampling_plans": plans, "samples": samples, "learners": learners,
        "eqa_samples": q.eqa_samples.iter().map(eqa_sample_json).collect::<Vec<_>>(),
        "pickable_decisions": pickable,
    })
}

pub fn overview_json(o: &Overview) -> Value {
    let log = o.log.as_ref().map(|log| {
        log.iter()
            .map(|e| json!({"seq": e.seq, "at": time(e.recorded_at), "eqa_id": e.actor_id, "eqa_name": e.actor_name, "record_type": e.record_type, "record_id": e.record_id}))
            .collect::<Vec<_>>()
    });
    json!({
        "centre_id": o.scope.centre_id, "centre_name": o.centre_name,
        "viewer": if o.scope.eqa { "eqa" } else { "centre" },
        "qualifications": o.qualifications.iter().map(|q| qualification_json(o, q)).collect::<Vec<_>>(),
        "eqa_access_log": log,
    })
}

/// `GET /api/v1/centres/{centre_id}/eqa?qualification_id=`
pub async fn overview(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<String>,
    which: web::Query<Which>,
) -> Result<HttpResponse, AppError> {
    let o = act::overview(&state, &current, &centre, which.qualification_id.as_deref()).await?;
    Ok(HttpResponse::Ok().json(overview_json(&o)))
}

/// `POST /api/v1/centres/{centre_id}/eqa-samples` `{judgement_ids, note}` → 201 with the picks saved.
pub async fn pick(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<String>,
    body: web::Json<PickInput>,
) -> Result<HttpResponse, AppError> {
    let saved = act::pick(&state, &current, &centre, body.into_inner()).await?;
    let list: Vec<Value> = saved.iter().map(eqa_sample_json).collect();
    Ok(HttpResponse::Created().json(json!({"eqa_samples": list})))
}

/// The pack as a streamed attachment (the API and the page answer alike).
pub async fn pack_response(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &str,
    which: &Which,
) -> Result<HttpResponse, AppError> {
    let pack = sample_pack::gather(
        state,
        current,
        centre_id,
        which.qualification_id.as_deref(),
        which.sample.as_deref(),
    )
    .await?;
    let pages = sample_pack_zip::PackPages {
        index: crate::web::views::sample_pack::pack_index(&pack).into_string(),
        learners: pack
            .learners
            .iter()
            .map(|l| crate::web::views::sample_pack::learner_index(&pack, l).into_string())
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
    centre: web::Path<String>,
    which: web::Query<Which>,
) -> Result<HttpResponse, AppError> {
    pack_response(&state, &current, &centre, &which).await
}
