//! Samples for the standardisation routes. `prepare` (run from `samples`) sets up an open
//! double-marking exercise on the sample registration's evidence with the assessor invited, so
//! the exercise routes reach their work.

use eportfolio::clock::Clock;
use eportfolio::domain::standardisation::ExerciseStatus;
use eportfolio::store::json::Json;
use eportfolio::store::standardisation::{self as store, Exercise, Marker};
use eportfolio::store::write_transaction;
use serde_json::json;

use super::{Sample, form, get, json as json_sample};
use crate::world::World;

/// The exercise `prepare` sets up.
pub const EXERCISE: &str = "matrix-exercise";
const KS1: &str = "sqa-fx35-35/o1/ks1";

pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let exercise = Exercise {
        id: EXERCISE.to_owned(),
        centre_id: w.centre_a.clone(),
        qualification_id: crate::world::EQA_QUALIFICATION.to_owned(),
        evidence_id: w.evidence.clone(),
        iqa_id: w.iqa.id.clone(),
        anonymised_title: "Matrix evidence".to_owned(),
        anonymised_text: "What I did.".to_owned(),
        anonymised_files: Json(Vec::new()),
        criteria: Json(vec![KS1.to_owned()]),
        status: ExerciseStatus::Open,
        created_at: now,
        closed_at: None,
    };
    let marker = Marker {
        exercise_id: EXERCISE.to_owned(),
        marker_id: w.assessor.id.clone(),
    };
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        store::insert_exercise(conn, &exercise, std::slice::from_ref(&marker))
    })?;
    Ok(())
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    if let Err(e) = prepare(w) {
        eprintln!("the standardisation samples could not set up their exercise: {e}");
    }
    let (a, iqa, assessor) = (&w.centre_a, w.iqa.id.as_str(), w.assessor.id.as_str());
    let activity = [
        ("qualification_id", "sqa-fx35-35"),
        ("held_on", "2027-01-10"),
        ("title", "Matrix standardisation"),
        ("attendees", iqa),
        ("agreed", "Matrix agreement."),
    ];
    let activity_body = json!({"qualification_id": "sqa-fx35-35", "held_on": "2027-01-10", "title": "Matrix standardisation", "attendees": [iqa], "agreed": "Matrix agreement."});
    let exercise = [
        ("evidence_id", w.evidence.as_str()),
        ("criteria", KS1),
        ("markers", assessor),
    ];
    let exercise_body =
        json!({"evidence_id": w.evidence, "criteria": [KS1], "markers": [assessor]});
    let verdict = [
        ("criterion_id", KS1),
        ("outcome", "met"),
        ("comment", "Seen."),
    ];
    let agreed = [
        ("criterion_id", KS1),
        ("outcome", "met"),
        ("rationale", "Matrix rationale."),
    ];
    let e = EXERCISE;
    vec![
        (
            ("GET", "/centres/{centre_id}/standardisation"),
            Sample {
                eqa_reads: true,
                ..get(format!("/centres/{a}/standardisation?q=matrix"))
            },
        ),
        (
            ("POST", "/centres/{centre_id}/standardisation"),
            form(format!("/centres/{a}/standardisation"), &activity),
        ),
        (
            ("POST", "/centres/{centre_id}/double-marking"),
            form(format!("/centres/{a}/double-marking"), &exercise),
        ),
        (
            ("GET", "/double-marking/{exercise_id}"),
            Sample {
                eqa_reads: true,
                ..get(format!("/double-marking/{e}"))
            },
        ),
        (
            ("POST", "/double-marking/{exercise_id}/judgements"),
            form(format!("/double-marking/{e}/judgements"), &verdict),
        ),
        (
            ("POST", "/double-marking/{exercise_id}/close"),
            form(format!("/double-marking/{e}/close"), &[]),
        ),
        (
            ("POST", "/double-marking/{exercise_id}/agreed"),
            form(format!("/double-marking/{e}/agreed"), &agreed),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/standardisation"),
            Sample {
                eqa_reads: true,
                ..get(format!("/api/v1/centres/{a}/standardisation"))
            },
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/standardisation"),
            json_sample(
                format!("/api/v1/centres/{a}/standardisation"),
                activity_body,
            ),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/double-marking"),
            json_sample(format!("/api/v1/centres/{a}/double-marking"), exercise_body),
        ),
        (
            ("GET", "/api/v1/double-marking/{exercise_id}"),
            Sample {
                eqa_reads: true,
                ..get(format!("/api/v1/double-marking/{e}"))
            },
        ),
        (
            ("POST", "/api/v1/double-marking/{exercise_id}/judgements"),
            json_sample(
                format!("/api/v1/double-marking/{e}/judgements"),
                json!({"judgements": [{"criterion_id": KS1, "outcome": "met", "comment": "Seen."}]}),
            ),
        ),
        (
            ("POST", "/api/v1/double-marking/{exercise_id}/close"),
            json_sample(format!("/api/v1/double-marking/{e}/close"), json!({})),
        ),
        (
            ("POST", "/api/v1/double-marking/{exercise_id}/agreed"),
            json_sample(
                format!("/api/v1/double-marking/{e}/agreed"),
                json!({"outcomes": [{"criterion_id": KS1, "outcome": "met", "rationale": "Matrix rationale."}]}),
            ),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/decision-log"),
            Sample {
                eqa_reads: true,
                ..get(format!("/api/v1/centres/{a}/decision-log?q=matrix"))
            },
        ),
    ]
}
