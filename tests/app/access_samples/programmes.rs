//! Samples for the programme, resource and learning-hours routes. `prepare` builds a programme
//! of centre A on the learner's qualification with one session and the learner on it, and a
//! file resource that shares the world's evidence file in the store.

use eportfolio::clock::Clock;
use eportfolio::store::evidence;
use eportfolio::store::json::Json;
use eportfolio::store::programmes::{self, Member, Programme, Session};
use eportfolio::store::resources::{self, Resource};
use eportfolio::store::write_transaction;
use serde_json::json;

use super::{Body, Sample, form, get, json as json_sample, sample};
use crate::world::{EQA_QUALIFICATION, World};

pub const PROGRAMME: &str = "matrix-h5-programme";
pub const SESSION: &str = "matrix-h5-session";
pub const RESOURCE: &str = "matrix-h5-resource";
const OUTCOME: &str = "sqa-fx35-35/o1";

fn programme(w: &World, now: chrono::NaiveDateTime) -> Programme {
    Programme {
        id: PROGRAMME.to_owned(),
        centre_id: w.centre_a.clone(),
        qualification_id: EQA_QUALIFICATION.to_owned(),
        title: "Matrix programme (sessions)".to_owned(),
        description: String::new(),
        pacing: programmes::SELF_PACED.to_owned(),
        created_by: w.tutor.id.clone(),
        created_at: now,
        updated_at: now,
    }
}

pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let mut conn = w.app.db.db().get()?;
    let file = evidence::find_file(&mut conn, &w.evidence, &w.file)?.ok_or("no world file")?;
    write_transaction(&mut conn, |conn| {
        programmes::insert(conn, &programme(w, now))?;
        programmes::insert_session(
            conn,
            &Session {
                id: SESSION.to_owned(),
                programme_id: PROGRAMME.to_owned(),
                position: 1,
                title: "Co-production".to_owned(),
                summary: String::new(),
                outcome_ids: Json(vec![OUTCOME.to_owned()]),
                criterion_ids: Json(Vec::new()),
                starts_on: None,
                created_at: now,
            },
        )?;
        programmes::insert_member(
            conn,
            &Member {
                id: "matrix-h5-member".to_owned(),
                programme_id: PROGRAMME.to_owned(),
                registration_id: w.registration.clone(),
                learner_id: w.learner.id.clone(),
                joined_at: now,
            },
        )?;
        resources::insert(
            conn,
            &Resource {
                id: RESOURCE.to_owned(),
                centre_id: w.centre_a.clone(),
                qualification_id: EQA_QUALIFICATION.to_owned(),
                starter_id: None,
                kind: "file".to_owned(),
                title: "Notes".to_owned(),
                body: String::new(),
                url: None,
                outcome_ids: Json(vec![OUTCOME.to_owned()]),
                store_key: Some(file.store_key.clone()),
                filename: Some(file.filename.clone()),
                media_type: Some(file.media_type.clone()),
                size_bytes: Some(file.size_bytes),
                sha256: Some(file.sha256.clone()),
                lived_experience: false,
                credit: None,
                hidden: false,
                created_by: w.tutor.id.clone(),
                created_at: now,
                updated_at: now,
            },
        )
    })?;
    Ok(())
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, r) = (&w.centre_a, &w.registration);
    let programme = json!({"qualification_id": EQA_QUALIFICATION, "title": "Matrix", "description": "", "pacing": "self_paced"});
    let session =
        json!({"title": "Funding", "summary": "", "outcome_ids": [OUTCOME], "criterion_ids": []});
    let text = json!({"qualification_id": EQA_QUALIFICATION, "kind": "text", "title": "Notes", "body": "Read this", "outcome_ids": [OUTCOME]});
    let entry = json!({"activity_on": "2026-01-01", "minutes": 30, "description": "Read", "outcome_ids": [OUTCOME]});
    let mut all = pages(w);
    all.extend(vec![
        (
            ("GET", "/api/v1/centres/{centre_id}/programmes"),
            get(format!("/api/v1/centres/{a}/programmes")),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/programmes"),
            json_sample(format!("/api/v1/centres/{a}/programmes"), programme),
        ),
        (
            ("GET", "/api/v1/programmes/{programme_id}"),
            get(format!("/api/v1/programmes/{PROGRAMME}")),
        ),
        (
            ("POST", "/api/v1/programmes/{programme_id}/sessions"),
            json_sample(
                format!("/api/v1/programmes/{PROGRAMME}/sessions"),
                session.clone(),
            ),
        ),
        (
            (
                "PUT",
                "/api/v1/programmes/{programme_id}/sessions/{session_id}",
            ),
            json_sample(
                format!("/api/v1/programmes/{PROGRAMME}/sessions/{SESSION}"),
                session,
            ),
        ),
        (
            (
                "POST",
                "/api/v1/programmes/{programme_id}/sessions/{session_id}/move",
            ),
            json_sample(
                format!("/api/v1/programmes/{PROGRAMME}/sessions/{SESSION}/move"),
                json!({"direction": "up"}),
            ),
        ),
        (
            ("POST", "/api/v1/programmes/{programme_id}/members"),
            json_sample(
                format!("/api/v1/programmes/{PROGRAMME}/members"),
                json!({"registration_id": r}),
            ),
        ),
        (
            (
                "POST",
                "/api/v1/programmes/{programme_id}/sessions/{session_id}/done",
            ),
            json_sample(
                format!("/api/v1/programmes/{PROGRAMME}/sessions/{SESSION}/done"),
                json!({}),
            ),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/resources"),
            get(format!("/api/v1/centres/{a}/resources")),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/resources"),
            json_sample(format!("/api/v1/centres/{a}/resources"), text.clone()),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/resources/upload"),
            sample(
                format!("/api/v1/centres/{a}/resources/upload"),
                Body::Upload("name,email\n"),
            ),
        ),
        (
            ("PUT", "/api/v1/centres/{centre_id}/resources/{resource_id}"),
            json_sample(format!("/api/v1/centres/{a}/resources/{RESOURCE}"), text),
        ),
        (
            (
                "GET",
                "/api/v1/centres/{centre_id}/resources/{resource_id}/file",
            ),
            get(format!("/api/v1/centres/{a}/resources/{RESOURCE}/file")),
        ),
        (
            (
                "GET",
                "/api/v1/registrations/{registration_id}/learning-hours",
            ),
            get(format!("/api/v1/registrations/{r}/learning-hours")),
        ),
        (
            (
                "POST",
                "/api/v1/registrations/{registration_id}/learning-hours",
            ),
            json_sample(format!("/api/v1/registrations/{r}/learning-hours"), entry),
        ),
    ]);
    all
}

/// The pages' samples: the same requests as forms.
fn pages(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, r) = (&w.centre_a, &w.registration);
    let programme = [
        ("qualification_id", EQA_QUALIFICATION),
        ("title", "Matrix"),
        ("pacing", "self_paced"),
    ];
    let session = [("title", "Funding"), ("outcome_ids", OUTCOME)];
    let text = [
        ("qualification_id", EQA_QUALIFICATION),
        ("kind", "text"),
        ("title", "Notes"),
        ("body", "Read this"),
        ("outcome_ids", OUTCOME),
    ];
    let entry = [
        ("activity_on", "2026-01-01"),
        ("minutes", "30"),
        ("description", "Read"),
        ("outcome_ids", OUTCOME),
    ];
    vec![
        (
            ("GET", "/centres/{centre_id}/programmes"),
            get(format!("/centres/{a}/programmes")),
        ),
        (
            ("POST", "/centres/{centre_id}/programmes"),
            form(format!("/centres/{a}/programmes"), &programme),
        ),
        (
            ("GET", "/programmes/{programme_id}"),
            get(format!("/programmes/{PROGRAMME}")),
        ),
        (
            ("POST", "/programmes/{programme_id}/sessions"),
            form(format!("/programmes/{PROGRAMME}/sessions"), &session),
        ),
        (
            (
                "POST",
                "/programmes/{programme_id}/sessions/{session_id}/move",
            ),
            form(
                format!("/programmes/{PROGRAMME}/sessions/{SESSION}/move"),
                &[("direction", "up")],
            ),
        ),
        (
            ("POST", "/programmes/{programme_id}/members"),
            form(
                format!("/programmes/{PROGRAMME}/members"),
                &[("registration_id", r.as_str())],
            ),
        ),
        (
            (
                "POST",
                "/programmes/{programme_id}/sessions/{session_id}/done",
            ),
            form(
                format!("/programmes/{PROGRAMME}/sessions/{SESSION}/done"),
                &[],
            ),
        ),
        (
            ("GET", "/centres/{centre_id}/resources"),
            get(format!("/centres/{a}/resources")),
        ),
        (
            ("POST", "/centres/{centre_id}/resources"),
            form(format!("/centres/{a}/resources"), &text),
        ),
        (
            ("POST", "/centres/{centre_id}/resources/upload"),
            sample(
                format!("/centres/{a}/resources/upload"),
                Body::Upload("name,email\n"),
            ),
        ),
        (
            ("POST", "/centres/{centre_id}/resources/{resource_id}"),
            form(format!("/centres/{a}/resources/{RESOURCE}"), &text),
        ),
        (
            ("GET", "/centres/{centre_id}/resources/{resource_id}/file"),
            get(format!("/centres/{a}/resources/{RESOURCE}/file")),
        ),
        (
            ("GET", "/registrations/{registration_id}/learning-hours"),
            get(format!("/registrations/{r}/learning-hours")),
        ),
        (
            ("POST", "/registrations/{registration_id}/learning-hours"),
            form(format!("/registrations/{r}/learning-hours"), &entry),
        ),
    ]
}
