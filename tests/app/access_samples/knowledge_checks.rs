//! Samples for the knowledge check and cohort routes. `prepare` puts the learner's registration
//! on a programme of centre A with one check and an open attempt, so every route reaches its work.

use eportfolio::clock::Clock;
use eportfolio::domain::knowledge_check::AttemptState;
use eportfolio::store::knowledge_checks::{self as checks, Attempt, KnowledgeCheck};
use eportfolio::store::programmes::{self, Member, Programme};
use eportfolio::store::write_transaction;
use serde_json::json;

use super::{Sample, form, get, json as json_sample};
use crate::world::{EQA_QUALIFICATION, World};

pub const PROGRAMME: &str = "matrix-programme";
pub const CHECK: &str = "matrix-check";
pub const ATTEMPT: &str = "matrix-attempt";
const QUESTIONS: &str = r#"[{"kind":"single_choice","prompt":"Which is an SDS value?","options":[{"text":"Respect","correct":true,"feedback":"Yes"},{"text":"Speed","correct":false,"feedback":"No"}],"guidance":""}]"#;

pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        programmes::insert(
            conn,
            &Programme {
                id: PROGRAMME.to_owned(),
                centre_id: w.centre_a.clone(),
                qualification_id: EQA_QUALIFICATION.to_owned(),
                title: "Matrix programme".to_owned(),
                description: String::new(),
                pacing: programmes::SELF_PACED.to_owned(),
                created_by: w.tutor.id.clone(),
                created_at: now,
                updated_at: now,
            },
        )?;
        programmes::insert_member(
            conn,
            &Member {
                id: "matrix-member".to_owned(),
                programme_id: PROGRAMME.to_owned(),
                registration_id: w.registration.clone(),
                learner_id: w.learner.id.clone(),
                joined_at: now,
            },
        )?;
        checks::insert_check(
            conn,
            &KnowledgeCheck {
                id: CHECK.to_owned(),
                programme_id: PROGRAMME.to_owned(),
                outcome_id: "sqa-fx35-35/o1".to_owned(),
                title: "Matrix check".to_owned(),
                pass_mark: 50,
                questions: QUESTIONS.to_owned(),
                created_by: w.tutor.id.clone(),
                created_at: now,
                updated_at: now,
            },
        )?;
        checks::insert_attempt(
            conn,
            &Attempt {
                id: ATTEMPT.to_owned(),
                check_id: CHECK.to_owned(),
                programme_id: PROGRAMME.to_owned(),
                registration_id: w.registration.clone(),
                learner_id: w.learner.id.clone(),
                state: AttemptState::Open,
                answers: "[]".to_owned(),
                questions_right: None,
                started_at: now,
                submitted_at: None,
                marked_by: None,
                marked_at: None,
                evidence_id: None,
            },
        )?;
        Ok::<(), eportfolio::store::StoreError>(())
    })?;
    Ok(())
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let _ = w;
    let (p, c, a) = (PROGRAMME, CHECK, ATTEMPT);
    let check = [
        ("title", "Values"),
        ("outcome_id", "sqa-fx35-35/o1"),
        ("pass_mark", "80"),
    ];
    let question = [
        ("kind", "single_choice"),
        ("prompt", "Which?"),
        ("option", "Yes"),
        ("correct", "0"),
        ("feedback", "Right"),
        ("option", "No"),
        ("feedback", "Not that"),
    ];
    let check_body = json!({"title": "Values", "outcome_id": "sqa-fx35-35/o1", "pass_mark": 80, "questions": []});
    let question_body = json!({"kind": "short_answer", "prompt": "Why?"});
    let mark = [
        ("question", "0"),
        ("outcome", "correct"),
        ("feedback", "Good"),
    ];
    vec![
        (
            ("GET", "/programmes/{programme_id}/checks"),
            get(format!("/programmes/{p}/checks")),
        ),
        (
            ("POST", "/programmes/{programme_id}/checks"),
            form(format!("/programmes/{p}/checks"), &check),
        ),
        (("GET", "/checks/{check_id}"), get(format!("/checks/{c}"))),
        (
            ("POST", "/checks/{check_id}/questions"),
            form(format!("/checks/{c}/questions"), &question),
        ),
        (
            ("POST", "/checks/{check_id}/attempts"),
            form(format!("/checks/{c}/attempts"), &[]),
        ),
        (
            ("GET", "/attempts/{attempt_id}"),
            get(format!("/attempts/{a}")),
        ),
        (
            ("POST", "/attempts/{attempt_id}/submit"),
            form(format!("/attempts/{a}/submit"), &[("answer-0", "0")]),
        ),
        (
            ("POST", "/attempts/{attempt_id}/marks"),
            form(format!("/attempts/{a}/marks"), &mark),
        ),
        (
            ("POST", "/attempts/{attempt_id}/evidence"),
            form(
                format!("/attempts/{a}/evidence"),
                &[("criteria", "sqa-fx35-35/o1/ks1")],
            ),
        ),
        (
            ("GET", "/programmes/{programme_id}/cohort"),
            get(format!("/programmes/{p}/cohort")),
        ),
        (
            ("GET", "/api/v1/programmes/{programme_id}/checks"),
            get(format!("/api/v1/programmes/{p}/checks")),
        ),
        (
            ("POST", "/api/v1/programmes/{programme_id}/checks"),
            json_sample(format!("/api/v1/programmes/{p}/checks"), check_body),
        ),
        (
            ("GET", "/api/v1/checks/{check_id}"),
            get(format!("/api/v1/checks/{c}")),
        ),
        (
            ("POST", "/api/v1/checks/{check_id}/questions"),
            json_sample(format!("/api/v1/checks/{c}/questions"), question_body),
        ),
        (
            ("POST", "/api/v1/checks/{check_id}/attempts"),
            json_sample(format!("/api/v1/checks/{c}/attempts"), json!({})),
        ),
        (
            ("GET", "/api/v1/attempts/{attempt_id}"),
            get(format!("/api/v1/attempts/{a}")),
        ),
        (
            ("POST", "/api/v1/attempts/{attempt_id}/submit"),
            json_sample(
                format!("/api/v1/attempts/{a}/submit"),
                json!({"answers": [{"choices": [0]}]}),
            ),
        ),
        (
            ("POST", "/api/v1/attempts/{attempt_id}/marks"),
            json_sample(
                format!("/api/v1/attempts/{a}/marks"),
                json!({"question": 0, "outcome": "correct", "feedback": "Good"}),
            ),
        ),
        (
            ("POST", "/api/v1/attempts/{attempt_id}/evidence"),
            json_sample(
                format!("/api/v1/attempts/{a}/evidence"),
                json!({"criteria": ["sqa-fx35-35/o1/ks1"]}),
            ),
        ),
        (
            ("GET", "/api/v1/programmes/{programme_id}/cohort"),
            get(format!("/api/v1/programmes/{p}/cohort")),
        ),
    ]
}
