//! Samples for the assessment routes, on the sample registration (SQA FX35 35). `prepare` makes
//! the assessor eligible for the unit (C6) and records a signed observation to countersign, so
//! the allowed callers reach the handlers' work.

use eportfolio::clock::Clock;
use eportfolio::domain::observation::ObserverKind;
use eportfolio::domain::signature::content_hash;
use eportfolio::store::json::Json;
use eportfolio::store::observations::{self, Observation};
use eportfolio::store::people::{self, StaffCredential};
use eportfolio::store::signatures::Signature;
use eportfolio::store::write_transaction;
use serde_json::json;

use super::{Sample, form, get, json as json_sample};
use crate::world::World;

/// The observation `prepare` records.
pub const OBSERVATION: &str = "matrix-observation";

/// Give the assessor occupational knowledge (all FX35 35 asks, C6) and record an observation by
/// them on the sample registration, signed.
pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let observation = Observation {
        id: OBSERVATION.to_owned(),
        registration_id: w.registration.clone(),
        observer_kind: ObserverKind::Assessor,
        observer_id: Some(w.assessor.id.clone()),
        observer_name: w.assessor.name.clone(),
        planned: true,
        observed_on: now.date(),
        setting: "A review meeting".to_owned(),
        people_present: Json(Vec::new()),
        narrative: "Planned support with the person.".to_owned(),
        criteria: Json(vec!["sqa-fx35-35/o1/ks1".to_owned()]),
        range_items: Json(Vec::new()),
        recorded_at: now,
    };
    let signature = Signature {
        id: people::new_id(),
        registration_id: w.registration.clone(),
        record_type: "observation".to_owned(),
        record_id: OBSERVATION.to_owned(),
        signer_role: "assessor".to_owned(),
        signer_id: Some(w.assessor.id.clone()),
        signer_name: w.assessor.name.clone(),
        signed_at: now,
        client_address: "127.0.0.1".to_owned(),
        content_sha256: content_hash(&observation.record()),
    };
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        people::insert_credential(
            conn,
            &StaffCredential {
                id: people::new_id(),
                user_id: w.assessor.id.clone(),
                kind: "competence".to_owned(),
                code: "occupationally_knowledgeable".to_owned(),
                statement: "Seen at the centre".to_owned(),
                dated_on: now.date(),
                recorded_by: w.centre_admin.id.clone(),
                created_at: now,
                centre_id: Some(w.centre_a.clone()),
            },
        )?;
        observations::insert(conn, &observation, &signature)
    })?;
    Ok(())
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (r, e) = (&w.registration, w.evidence.as_str());
    let unit = format!("/registrations/{r}/units/sqa-fx35-35");
    let api_unit = format!("/api/v1{unit}");
    let decision = [
        ("criterion_id", "sqa-fx35-35/er1"),
        ("outcome", "met"),
        ("evidence_ids", e),
        ("feedback", "Clear."),
    ];
    let observation = [
        ("planned", "yes"),
        ("observed_on", "2027-01-10"),
        ("setting", "A review meeting"),
        ("people_present", "Mrs B; person supported; yes"),
        ("narrative", "Planned support with the person."),
        ("criteria", "sqa-fx35-35/o1/ks1"),
    ];
    let reason = [("reason", "Matrix check")];
    vec![
        (
            ("GET", "/registrations/{registration_id}/assessment"),
            get(format!("/registrations/{r}/assessment")),
        ),
        (
            ("POST", "/registrations/{registration_id}/decisions"),
            form(format!("/registrations/{r}/decisions"), &decision),
        ),
        (
            ("GET", "/evidence/{evidence_id}/marking"),
            get(format!("/evidence/{e}/marking")),
        ),
        (
            ("POST", "/evidence/{evidence_id}/judgements"),
            form(
                format!("/evidence/{e}/judgements"),
                &[
                    ("outcome:sqa-fx35-35/er1", "met"),
                    ("feedback:sqa-fx35-35/er1", "Clear."),
                ],
            ),
        ),
        (
            ("POST", "/registrations/{registration_id}/observations"),
            form(format!("/registrations/{r}/observations"), &observation),
        ),
        (
            ("POST", "/observations/{observation_id}/countersign"),
            form(format!("/observations/{OBSERVATION}/countersign"), &[]),
        ),
        (
            (
                "GET",
                "/registrations/{registration_id}/units/{unit_id:.+}/sign-off",
            ),
            get(format!("{unit}/sign-off")),
        ),
        (
            (
                "GET",
                "/registrations/{registration_id}/units/{unit_id:.+}/countersign",
            ),
            get(format!("{unit}/countersign")),
        ),
        (
            (
                "POST",
                "/registrations/{registration_id}/units/{unit_id:.+}/sign-off",
            ),
            form(format!("{unit}/sign-off"), &[]),
        ),
        (
            (
                "POST",
                "/registrations/{registration_id}/units/{unit_id:.+}/countersign",
            ),
            form(format!("{unit}/countersign"), &[]),
        ),
        (
            (
                "GET",
                "/registrations/{registration_id}/units/{unit_id:.+}/marking",
            ),
            get(format!("{unit}/marking")),
        ),
        (
            (
                "POST",
                "/registrations/{registration_id}/units/{unit_id:.+}/judgements",
            ),
            form(format!("{unit}/judgements"), &[]),
        ),
        (
            (
                "POST",
                "/registrations/{registration_id}/units/{unit_id:.+}/unlock",
            ),
            form(format!("{unit}/unlock"), &reason),
        ),
        (
            ("GET", "/api/v1/registrations/{registration_id}/assessment"),
            get(format!("/api/v1/registrations/{r}/assessment")),
        ),
        (
            ("POST", "/api/v1/registrations/{registration_id}/decisions"),
            json_sample(
                format!("/api/v1/registrations/{r}/decisions"),
                json!({"criterion_id": "sqa-fx35-35/er1", "outcome": "met", "evidence_ids": [e], "feedback": "Clear."}),
            ),
        ),
        (
            ("POST", "/api/v1/registrations/{registration_id}/judgements"),
            json_sample(
                format!("/api/v1/registrations/{r}/judgements"),
                json!({"judgements": [{"criterion_id": "sqa-fx35-35/er1", "outcome": "met", "evidence_ids": [e], "feedback": "Clear."}], "overall_feedback": "Well done."}),
            ),
        ),
        (
            (
                "POST",
                "/api/v1/registrations/{registration_id}/observations",
            ),
            json_sample(
                format!("/api/v1/registrations/{r}/observations"),
                json!({"planned": false, "observed_on": "2027-01-10", "setting": "A review meeting", "people_present": [], "narrative": "Planned support.", "criteria": ["sqa-fx35-35/o1/ks1"]}),
            ),
        ),
        (
            ("POST", "/api/v1/observations/{observation_id}/countersign"),
            json_sample(
                format!("/api/v1/observations/{OBSERVATION}/countersign"),
                json!({}),
            ),
        ),
        (
            (
                "POST",
                "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/sign-off",
            ),
            json_sample(format!("{api_unit}/sign-off"), json!({})),
        ),
        (
            (
                "POST",
                "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/countersign",
            ),
            json_sample(format!("{api_unit}/countersign"), json!({})),
        ),
        (
            (
                "POST",
                "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/unlock",
            ),
            json_sample(
                format!("{api_unit}/unlock"),
                json!({"reason": "Matrix check"}),
            ),
        ),
    ]
}
