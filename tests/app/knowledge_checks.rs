//! Knowledge checks and the cohort view end to end: a tutor writes a check on an outcome, the
//! programme's learners take it (objective questions marked at once, with feedback), short
//! answers wait for the tutor, a passed check becomes mapped evidence in the tracker, and the
//! cohort view shows who is behind and which questions are missed; with each refusal.

use chrono::NaiveDate;
use eportfolio::clock::Clock;
use eportfolio::store::json::Json;
use eportfolio::store::programmes::{self, Member, Programme, Progress, Session};
use eportfolio::store::registrations::{self, Registration};
use eportfolio::store::write_transaction;
use serde_json::{Value, json};

mod pages;

use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

const LO1: &str = "cg-3085/u002/lo1";
const AC11: &str = "cg-3085/u002/lo1/ac1.1";
const AC12: &str = "cg-3085/u002/lo1/ac1.2";

type Setup = Result<(World, Fixture), Box<dyn std::error::Error>>;

pub struct Fixture {
    pub programme: String,
    /// The learner's registration on cg-3085-02, a member of the programme.
    pub registration: String,
    /// The other learner's, also a member.
    pub other: String,
}

fn refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", show(reply));
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
}

pub async fn send(w: &World, who: &Person, req: Req) -> Reply {
    w.app.send(req.bearer(&who.token)).await
}

fn member(w: &World, programme: &str, registration: &str, learner: &str) -> Member {
    Member {
        id: format!("{programme}-{registration}"),
        programme_id: programme.to_owned(),
        registration_id: registration.to_owned(),
        learner_id: learner.to_owned(),
        joined_at: w.app.clock().now().naive_utc(),
    }
}

/// A cg-3085-02 programme at centre A with two sessions (the first started on 1 December 2026)
/// and both learners on it; `with_other` adds the other learner.
pub async fn setup(with_other: bool) -> Setup {
    let w = World::new().await?;
    let registration = w.register_on_cg_3085_02()?;
    let now = w.app.clock().now().naive_utc();
    let programme = "programme-3085".to_owned();
    let mut conn = w.app.db.db().get()?;
    let other = write_transaction(&mut conn, |conn| {
        programmes::insert(
            conn,
            &Programme {
                id: programme.clone(),
                centre_id: w.centre_a.clone(),
                qualification_id: "cg-3085-02".to_owned(),
                title: "Delivering personalisation".to_owned(),
                description: String::new(),
                pacing: programmes::SCHEDULED.to_owned(),
                created_by: w.tutor.id.clone(),
                created_at: now,
                updated_at: now,
            },
        )?;
        for (n, starts_on) in [
            (1, NaiveDate::from_ymd_opt(2026, 12, 1)),
            (2, NaiveDate::from_ymd_opt(2027, 6, 1)),
        ] {
            programmes::insert_session(
                conn,
                &Session {
                    id: format!("session-{n}"),
                    programme_id: programme.clone(),
                    position: n,
                    title: format!("Session {n}"),
                    summary: String::new(),
                    outcome_ids: Json(vec![LO1.to_owned()]),
                    criterion_ids: Json(Vec::new()),
                    starts_on,
                    created_at: now,
                },
            )?;
        }
        programmes::insert_member(conn, &member(&w, &programme, &registration, &w.learner.id))?;
        let other = format!("{registration}-other");
        if with_other {
            let mut copy: Registration =
                registrations::find(conn, &registration)?.ok_or(diesel::result::Error::NotFound)?;
            copy.id = other.clone();
            copy.learner_id = w.other_learner.id.clone();
            registrations::insert(conn, &copy)?;
            programmes::insert_member(conn, &member(&w, &programme, &other, &w.other_learner.id))?;
        }
        Ok::<String, eportfolio::store::StoreError>(other)
    })?;
    Ok((
        w,
        Fixture {
            programme,
            registration,
            other,
        },
    ))
}

pub fn check_body(questions: Value) -> Value {
    json!({"title": "Person-centred values", "outcome_id": LO1, "pass_mark": 60, "questions": questions})
}

pub fn three_questions() -> Value {
    json!([
        {"kind": "single_choice", "prompt": "Who leads a support plan?", "options": [
            {"text": "The individual", "correct": true, "feedback": "Yes: the person leads."},
            {"text": "The manager", "correct": false, "feedback": "No: the person leads, with support."}]},
        {"kind": "multiple_choice", "prompt": "Which are SDS options?", "options": [
            {"text": "A direct payment", "correct": true, "feedback": "Option 1."},
            {"text": "The local authority arranges support", "correct": true, "feedback": "Option 3."},
            {"text": "A waiting list", "correct": false, "feedback": "Not an option."}]},
        {"kind": "single_choice", "prompt": "Is personalisation one size fits all?", "options": [
            {"text": "Yes", "correct": false, "feedback": "No: it starts from the person."},
            {"text": "No", "correct": true, "feedback": "Right."}]},
    ])
}

pub async fn write_check(
    w: &World,
    f: &Fixture,
    questions: Value,
) -> Result<String, Box<dyn std::error::Error>> {
    let reply = send(
        w,
        &w.tutor,
        Req::post(&format!("/api/v1/programmes/{}/checks", f.programme))
            .json(&check_body(questions)),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    Ok(reply.json()["id"].as_str().unwrap_or_default().to_owned())
}

pub async fn start(
    w: &World,
    who: &Person,
    check: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let reply = send(
        w,
        who,
        Req::post(&format!("/api/v1/checks/{check}/attempts")),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    Ok(reply.json()["id"].as_str().unwrap_or_default().to_owned())
}

pub async fn submit(w: &World, who: &Person, attempt: &str, answers: Value) -> Reply {
    send(
        w,
        who,
        Req::post(&format!("/api/v1/attempts/{attempt}/submit")).json(&json!({"answers": answers})),
    )
    .await
}

#[actix_web::test]
async fn a_question_with_no_correct_option_is_refused() -> TestResult {
    let (w, f) = setup(false).await?;
    let none_correct = json!([{"kind": "single_choice", "prompt": "Which?", "options": [
        {"text": "A", "correct": false}, {"text": "B", "correct": false}]}]);
    let reply = send(
        &w,
        &w.tutor,
        Req::post(&format!("/api/v1/programmes/{}/checks", f.programme))
            .json(&check_body(none_correct)),
    )
    .await;
    refused(&reply, 422, "invalid");
    assert_eq!(
        reply.json()["errors"][0]["field"],
        "questions[0].options",
        "{}",
        show(&reply)
    );
    assert!(
        reply.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("no correct option")
    );
    // Nothing was stored.
    let list = send(
        &w,
        &w.tutor,
        Req::get(&format!("/api/v1/programmes/{}/checks", f.programme)),
    )
    .await;
    assert_eq!(list.json()["checks"].as_array().map(Vec::len), Some(0));
    // Added one at a time, the same.
    let check = write_check(&w, &f, json!([])).await?;
    let reply = send(
        &w,
        &w.tutor,
        Req::post(&format!("/api/v1/checks/{check}/questions")).json(&json!({
        "kind": "multiple_choice", "prompt": "Which?", "options": [{"text": "A"}, {"text": "B"}]})),
    )
    .await;
    refused(&reply, 422, "invalid");
    // Two correct options on a single-choice question; one option only.
    for options in [
        json!([{"text": "A", "correct": true}, {"text": "B", "correct": true}]),
        json!([{"text": "A", "correct": true}]),
    ] {
        let reply = send(
            &w,
            &w.tutor,
            Req::post(&format!("/api/v1/checks/{check}/questions")).json(&json!({
            "kind": "single_choice", "prompt": "Which?", "options": options})),
        )
        .await;
        refused(&reply, 422, "invalid");
    }
    // A learner cannot write checks; an outcome of another qualification is refused.
    let reply = send(
        &w,
        &w.learner,
        Req::post(&format!("/api/v1/programmes/{}/checks", f.programme))
            .json(&check_body(three_questions())),
    )
    .await;
    refused(&reply, 403, "forbidden");
    let mut body = check_body(three_questions());
    body["outcome_id"] = json!("sqa-fx35-35/o1");
    let reply = send(
        &w,
        &w.tutor,
        Req::post(&format!("/api/v1/programmes/{}/checks", f.programme)).json(&body),
    )
    .await;
    refused(&reply, 422, "invalid");
    assert_eq!(reply.json()["errors"][0]["field"], "outcome_id");
    Ok(())
}

#[actix_web::test]
async fn objective_answers_are_marked_at_once_with_feedback_and_a_second_submission_is_409()
-> TestResult {
    let (w, f) = setup(false).await?;
    let check = write_check(&w, &f, three_questions()).await?;
    // The learner sees the questions without the answer key.
    let seen = send(&w, &w.learner, Req::get(&format!("/api/v1/checks/{check}"))).await;
    assert_eq!(seen.status, 200, "{}", show(&seen));
    assert!(
        !seen.body.contains("correct") && !seen.body.contains("feedback"),
        "{}",
        seen.body
    );
    let attempt = start(&w, &w.learner, &check).await?;
    // A missing answer is named.
    let short = submit(&w, &w.learner, &attempt, json!([{"choices": [0]}])).await;
    refused(&short, 422, "invalid");
    let reply = submit(
        &w,
        &w.learner,
        &attempt,
        json!([{"choices": [0]}, {"choices": [0]}, {"choices": [1]}]),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    let got = reply.json();
    // Two of three right (multiple choice is all or nothing): 67% against a pass mark of 60%.
    assert_eq!(got["state"], "passed");
    assert_eq!(got["questions_right"], 2);
    assert_eq!(got["answers"][0]["correct"], true);
    assert_eq!(got["answers"][0]["feedback"][0], "Yes: the person leads.");
    assert_eq!(got["answers"][1]["correct"], false);
    assert_eq!(got["answers"][1]["feedback"][0], "Option 1.");
    // The same attempt again: 409, with a clear message, and nothing changes.
    let again = submit(
        &w,
        &w.learner,
        &attempt,
        json!([{"choices": [1]}, {"choices": [2]}, {"choices": [0]}]),
    )
    .await;
    refused(&again, 409, "conflict");
    assert!(
        again.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("already been submitted"),
        "{}",
        show(&again)
    );
    let after = send(
        &w,
        &w.learner,
        Req::get(&format!("/api/v1/attempts/{attempt}")),
    )
    .await;
    assert_eq!(after.json()["questions_right"], 2);
    // Once taken, the questions are fixed.
    let add = send(
        &w,
        &w.tutor,
        Req::post(&format!("/api/v1/checks/{check}/questions"))
            .json(&json!({"kind": "short_answer", "prompt": "Why?"})),
    )
    .await;
    refused(&add, 409, "conflict");
    Ok(())
}

#[actix_web::test]
async fn a_learner_not_on_the_programme_cannot_answer_its_checks() -> TestResult {
    let (w, f) = setup(false).await?;
    let check = write_check(&w, &f, three_questions()).await?;
    let outsider = &w.other_learner;
    refused(
        &send(
            &w,
            outsider,
            Req::post(&format!("/api/v1/checks/{check}/attempts")),
        )
        .await,
        404,
        "not_found",
    );
    refused(
        &send(&w, outsider, Req::get(&format!("/api/v1/checks/{check}"))).await,
        404,
        "not_found",
    );
    let attempt = start(&w, &w.learner, &check).await?;
    let reply = submit(
        &w,
        outsider,
        &attempt,
        json!([{"choices": [0]}, {"choices": [0, 1]}, {"choices": [1]}]),
    )
    .await;
    refused(&reply, 404, "not_found");
    // The tutor may not answer for the learner.
    let reply = submit(
        &w,
        &w.tutor,
        &attempt,
        json!([{"choices": [0]}, {"choices": [0, 1]}, {"choices": [1]}]),
    )
    .await;
    refused(&reply, 403, "forbidden");
    Ok(())
}

#[actix_web::test]
async fn a_short_answer_waits_for_the_tutor_who_marks_it_with_feedback() -> TestResult {
    let (w, f) = setup(false).await?;
    let mut questions = three_questions();
    if let Some(list) = questions.as_array_mut() {
        list.push(json!({"kind": "short_answer", "prompt": "What does choice and control mean?", "guidance": "The person decides."}));
    }
    let check = write_check(&w, &f, questions).await?;
    let attempt = start(&w, &w.learner, &check).await?;
    let reply = submit(&w, &w.learner, &attempt, json!([{"choices": [0]}, {"choices": [0, 1]}, {"choices": [0]}, {"text": "The person decides how they are supported."}])).await;
    assert_eq!(reply.json()["state"], "awaiting_tutor", "{}", show(&reply));
    assert_eq!(reply.json()["answers"][3]["correct"], Value::Null);
    // The queue shows it; the learner cannot mark it.
    let cohort = send(
        &w,
        &w.tutor,
        Req::get(&format!("/api/v1/programmes/{}/cohort", f.programme)),
    )
    .await;
    assert_eq!(
        cohort.json()["awaiting_marking"][0]["id"],
        attempt.as_str(),
        "{}",
        show(&cohort)
    );
    let mark =
        json!({"question": 3, "outcome": "correct", "feedback": "Well put: the person decides."});
    refused(
        &send(
            &w,
            &w.learner,
            Req::post(&format!("/api/v1/attempts/{attempt}/marks")).json(&mark),
        )
        .await,
        403,
        "forbidden",
    );
    refused(
        &send(
            &w,
            &w.tutor,
            Req::post(&format!("/api/v1/attempts/{attempt}/marks"))
                .json(&json!({"question": 0, "outcome": "correct", "feedback": "x"})),
        )
        .await,
        422,
        "invalid",
    );
    let marked = send(
        &w,
        &w.tutor,
        Req::post(&format!("/api/v1/attempts/{attempt}/marks")).json(&mark),
    )
    .await;
    assert_eq!(marked.status, 200, "{}", show(&marked));
    // Three of four right: 75%.
    assert_eq!(marked.json()["state"], "passed");
    let seen = send(
        &w,
        &w.learner,
        Req::get(&format!("/api/v1/attempts/{attempt}")),
    )
    .await;
    assert_eq!(
        seen.json()["answers"][3]["feedback"][0],
        "Well put: the person decides."
    );
    refused(
        &send(
            &w,
            &w.tutor,
            Req::post(&format!("/api/v1/attempts/{attempt}/marks")).json(&mark),
        )
        .await,
        409,
        "conflict",
    );
    // The assessor sees the result; they may not mark it.
    assert_eq!(
        send(
            &w,
            &w.assessor,
            Req::get(&format!("/api/v1/attempts/{attempt}"))
        )
        .await
        .status,
        200
    );
    refused(
        &send(
            &w,
            &w.assessor,
            Req::post(&format!("/api/v1/attempts/{attempt}/marks")).json(&mark),
        )
        .await,
        403,
        "forbidden",
    );
    Ok(())
}

/// The ids of the evidence the tracker shows against `criterion`.
fn tracker_evidence(tracker: &Value, criterion: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![tracker];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if map.get("id").and_then(Value::as_str) == Some(criterion) {
                    if let Some(ids) = map.get("evidence").and_then(Value::as_array) {
                        out.extend(ids.iter().filter_map(Value::as_str).map(str::to_owned));
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(list) => stack.extend(list),
            _ => {}
        }
    }
    out
}

#[actix_web::test]
async fn a_passed_check_offered_as_evidence_is_mapped_and_appears_in_the_tracker() -> TestResult {
    let (w, f) = setup(false).await?;
    let check = write_check(&w, &f, three_questions()).await?;
    let failed = start(&w, &w.learner, &check).await?;
    let reply = submit(
        &w,
        &w.learner,
        &failed,
        json!([{"choices": [1]}, {"choices": [2]}, {"choices": [1]}]),
    )
    .await;
    assert_eq!(reply.json()["state"], "not_passed", "{}", show(&reply));
    let offer = |a: &str, criteria: Value| {
        Req::post(&format!("/api/v1/attempts/{a}/evidence")).json(&json!({"criteria": criteria}))
    };
    refused(
        &send(&w, &w.learner, offer(&failed, json!([AC11]))).await,
        409,
        "conflict",
    );
    let passed = start(&w, &w.learner, &check).await?;
    assert_ne!(passed, failed);
    submit(
        &w,
        &w.learner,
        &passed,
        json!([{"choices": [0]}, {"choices": [0, 1]}, {"choices": [1]}]),
    )
    .await;
    // Criteria outside the check's outcome are refused; none at all too.
    refused(
        &send(
            &w,
            &w.learner,
            offer(&passed, json!(["cg-3085/u002/lo2/ac2.1"])),
        )
        .await,
        422,
        "invalid",
    );
    refused(
        &send(&w, &w.learner, offer(&passed, json!([]))).await,
        422,
        "invalid",
    );
    refused(
        &send(&w, &w.tutor, offer(&passed, json!([AC11]))).await,
        403,
        "forbidden",
    );
    let made = send(&w, &w.learner, offer(&passed, json!([AC11, AC12]))).await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let evidence = made.json()["evidence_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let item = send(
        &w,
        &w.learner,
        Req::get(&format!("/api/v1/evidence/{evidence}")),
    )
    .await
    .json();
    assert_eq!(item["kind"], "questioning_record", "{item}");
    assert!(
        item.to_string().contains("Who leads a support plan?"),
        "{item}"
    );
    let tracker = send(
        &w,
        &w.learner,
        Req::get(&format!("/api/v1/registrations/{}/tracker", f.registration)),
    )
    .await
    .json();
    assert_eq!(
        tracker_evidence(&tracker, AC11),
        vec![evidence.clone()],
        "{tracker}"
    );
    assert_eq!(tracker_evidence(&tracker, AC12), vec![evidence]);
    refused(
        &send(&w, &w.learner, offer(&passed, json!([AC11]))).await,
        409,
        "conflict",
    );
    Ok(())
}

#[actix_web::test]
async fn the_cohort_view_shows_progress_who_is_behind_and_the_questions_most_missed() -> TestResult
{
    let (w, f) = setup(true).await?;
    let check = write_check(&w, &f, three_questions()).await?;
    // The learner has done session 1; the other learner nothing (session 1 started on 1 December).
    let now = w.app.clock().now().naive_utc();
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        programmes::insert_progress(
            conn,
            &Progress {
                id: "progress-1".to_owned(),
                programme_id: f.programme.clone(),
                session_id: "session-1".to_owned(),
                registration_id: f.registration.clone(),
                completed_at: now,
            },
        )
    })?;
    let mine = start(&w, &w.learner, &check).await?;
    submit(
        &w,
        &w.learner,
        &mine,
        json!([{"choices": [0]}, {"choices": [0]}, {"choices": [1]}]),
    )
    .await;
    let theirs = start(&w, &w.other_learner, &check).await?;
    submit(
        &w,
        &w.other_learner,
        &theirs,
        json!([{"choices": [1]}, {"choices": [0]}, {"choices": [1]}]),
    )
    .await;
    let reply = send(
        &w,
        &w.tutor,
        Req::get(&format!("/api/v1/programmes/{}/cohort", f.programme)),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    let c = reply.json();
    assert_eq!(c["sessions"], 2);
    assert_eq!(c["behind"], json!([f.other.clone()]), "{c}");
    let members = c["members"].as_array().cloned().unwrap_or_default();
    let learner = members
        .iter()
        .find(|m| m["registration_id"] == f.registration.as_str())
        .cloned()
        .unwrap_or_default();
    assert_eq!(learner["sessions_done"], 1);
    assert_eq!(learner["checks"][&check], "passed");
    let other = members
        .iter()
        .find(|m| m["registration_id"] == f.other.as_str())
        .cloned()
        .unwrap_or_default();
    assert_eq!(other["overdue"], json!(["Session 1"]));
    assert_eq!(other["checks"][&check], "not_yet");
    // Question 2 missed by both, question 1 by one, question 3 by none.
    let shares: Vec<(u64, u64)> = c["questions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|q| {
            (
                q["question"].as_u64().unwrap_or(9),
                q["share_wrong"].as_u64().unwrap_or(999),
            )
        })
        .collect();
    assert_eq!(shares, vec![(1, 100), (0, 50), (2, 0)], "{c}");
    // Learners and assessors do not see the cohort; another centre's administrator not at all.
    refused(
        &send(
            &w,
            &w.learner,
            Req::get(&format!("/api/v1/programmes/{}/cohort", f.programme)),
        )
        .await,
        403,
        "forbidden",
    );
    refused(
        &send(
            &w,
            &w.admin_b,
            Req::get(&format!("/api/v1/programmes/{}/cohort", f.programme)),
        )
        .await,
        404,
        "not_found",
    );
    assert_eq!(
        send(
            &w,
            &w.centre_admin,
            Req::get(&format!("/api/v1/programmes/{}/cohort", f.programme))
        )
        .await
        .status,
        200
    );
    Ok(())
}
