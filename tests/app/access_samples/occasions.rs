//! Samples for the SQA occasion routes. `prepare` puts a question in centre A's bank and an
//! occasion (opening in a day) on the sample registration, so the answer and mark routes reach
//! their work: an allowed answer answers 409 (not open yet), an allowed mark 409 (unanswered).

use eportfolio::clock::Clock;
use eportfolio::store::occasions::{self, BankQuestion, Occasion, OccasionItem};
use eportfolio::store::write_transaction;
use serde_json::json;

use super::{Sample, form, get, json as json_sample};
use crate::world::World;

/// The occasion `prepare` schedules.
pub const OCCASION: &str = "matrix-occasion";
const ITEM: &str = "sqa-fx35-35/o1/ks1";

pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let question = BankQuestion {
        id: "matrix-question".to_owned(),
        centre_id: w.centre_a.clone(),
        item_id: ITEM.to_owned(),
        text: "What does co-production mean?".to_owned(),
        author_id: w.tutor.id.clone(),
        created_at: now,
    };
    let occasion = Occasion {
        id: OCCASION.to_owned(),
        registration_id: w.registration.clone(),
        learner_id: w.learner.id.clone(),
        unit_id: "sqa-fx35-35".to_owned(),
        method: "short_response".to_owned(),
        seed: 1,
        opens_at: now + chrono::Duration::days(1),
        scheduled_by: w.assessor.id.clone(),
        created_at: now,
        open_notified_at: None,
        extra_time_minutes: 0,
        adjustments: String::new(),
    };
    let item = OccasionItem {
        id: "matrix-occasion-item".to_owned(),
        occasion_id: OCCASION.to_owned(),
        learner_id: w.learner.id.clone(),
        item_id: ITEM.to_owned(),
        question_id: question.id.clone(),
        position: 0,
        answer: None,
        answered_at: None,
        outcome: None,
        feedback: None,
        marked_by: None,
        marked_at: None,
    };
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        occasions::insert_question(conn, &question)?;
        occasions::insert(conn, &occasion, &[item])
    })?;
    Ok(())
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, r) = (&w.centre_a, &w.registration);
    let question = [
        ("item_id", ITEM),
        ("text", "Name two principles of co-production."),
    ];
    let schedule = [
        ("opens_at", "2027-03-01T09:00"),
        ("items", "sqa-fx35-35/o1/ks2"),
    ];
    let answer = [("item_id", ITEM), ("answer", "Working as equals.")];
    let mark = [
        ("item_id", ITEM),
        ("outcome", "satisfied"),
        ("feedback", "Good."),
    ];
    vec![
        (
            ("GET", "/centres/{centre_id}/question-bank"),
            get(format!("/centres/{a}/question-bank")),
        ),
        (
            ("POST", "/centres/{centre_id}/question-bank"),
            form(format!("/centres/{a}/question-bank"), &question),
        ),
        (
            ("GET", "/registrations/{registration_id}/occasions"),
            get(format!("/registrations/{r}/occasions")),
        ),
        (
            ("POST", "/registrations/{registration_id}/occasions"),
            form(format!("/registrations/{r}/occasions"), &schedule),
        ),
        (
            ("POST", "/occasions/{occasion_id}/answers"),
            form(format!("/occasions/{OCCASION}/answers"), &answer),
        ),
        (
            ("POST", "/occasions/{occasion_id}/marks"),
            form(format!("/occasions/{OCCASION}/marks"), &mark),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/question-bank"),
            get(format!("/api/v1/centres/{a}/question-bank")),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/question-bank"),
            json_sample(
                format!("/api/v1/centres/{a}/question-bank"),
                json!({"item_id": ITEM, "text": "Name two principles of co-production."}),
            ),
        ),
        (
            ("GET", "/api/v1/registrations/{registration_id}/occasions"),
            get(format!("/api/v1/registrations/{r}/occasions")),
        ),
        (
            ("POST", "/api/v1/registrations/{registration_id}/occasions"),
            json_sample(
                format!("/api/v1/registrations/{r}/occasions"),
                json!({"opens_at": "2027-03-01T09:00:00Z", "items": ["sqa-fx35-35/o1/ks2"]}),
            ),
        ),
        (
            ("POST", "/api/v1/occasions/{occasion_id}/answers"),
            json_sample(
                format!("/api/v1/occasions/{OCCASION}/answers"),
                json!({"item_id": ITEM, "answer": "Working as equals."}),
            ),
        ),
        (
            ("POST", "/api/v1/occasions/{occasion_id}/marks"),
            json_sample(
                format!("/api/v1/occasions/{OCCASION}/marks"),
                json!({"item_id": ITEM, "outcome": "satisfied", "feedback": "Good."}),
            ),
        ),
    ]
}
