//! C4 for City & Guilds Unit 001, assessed by an assignment City & Guilds sets: the centre records
//! the assignment with its brief and marking guidance, the learner submits against it, the
//! assessor marks it task by task, and Unit 001 criteria are met only on that submission; the
//! external verification holds a claim back until it is verified.

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

const U001: &str = "cg-3085/u001";

fn unit_001_criteria(w: &World) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let state = w.app.state();
    let unit = state.curriculum.unit(U001).ok_or("no Unit 001")?.1.clone();
    Ok(eportfolio::domain::assignment::criteria_of(&unit))
}

/// Two tasks: the first covers learning outcomes 1 to 3, the second the rest.
fn tasks(w: &World) -> Result<Value, Box<dyn std::error::Error>> {
    let all = unit_001_criteria(w)?;
    let (first, second): (Vec<String>, Vec<String>) = all
        .into_iter()
        .partition(|c| ["/lo1/", "/lo2/", "/lo3/"].iter().any(|lo| c.contains(lo)));
    Ok(json!([
        {"number": 1, "title": "The policy context", "criterion_ids": first},
        {"number": 2, "title": "Personalisation in practice", "criterion_ids": second},
    ]))
}

async fn record(w: &World, who: &Person, label: &str, tasks: &Value) -> Reply {
    let tasks = tasks.to_string();
    w.app
        .send(
            Req::post(&format!("/api/v1/centres/{}/assignments", w.centre_a))
                .bearer(&who.token)
                .multipart(&[
                    ("unit_id", None, U001),
                    ("version_label", None, label),
                    ("in_force", None, "true"),
                    ("tasks", None, &tasks),
                    (
                        "brief",
                        Some("brief.txt"),
                        "Task 1: write 1500 words on the policy context.\n",
                    ),
                    (
                        "guidance",
                        Some("guidance.txt"),
                        "Task 1: look for the policy context.\n",
                    ),
                ]),
        )
        .await
}

async fn send(w: &World, who: &Person, method: Method, path: &str, body: Value) -> Reply {
    w.app
        .send(Req::new(method, path).bearer(&who.token).json(&body))
        .await
}

/// The learner's submission, declared and submitted: its evidence id.
async fn submitted(w: &World, r: &str) -> Result<String, Box<dyn std::error::Error>> {
    let made = send(w, &w.learner, Method::POST, &format!("/api/v1/registrations/{r}/assignment/submission"),
        json!({"title": "My Unit 001 assignment", "activity_date": "2027-01-12", "text": "Personalisation puts the person first."})).await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let e = made.json()["evidence_id"]
        .as_str()
        .ok_or("no evidence id")?
        .to_owned();
    let declared = send(
        w,
        &w.learner,
        Method::POST,
        &format!("/api/v1/evidence/{e}/declaration"),
        json!({"typed_name": w.learner.name}),
    )
    .await;
    assert_eq!(declared.status, 201, "{}", show(&declared));
    let sent = send(
        w,
        &w.learner,
        Method::POST,
        &format!("/api/v1/evidence/{e}/submit"),
        Value::Null,
    )
    .await;
    assert_eq!(sent.status, 200, "{}", show(&sent));
    Ok(e)
}

/// The centre's Unit 001 assignment in force and the learner's submission of it, declared and
/// submitted (for tests that judge Unit 001): its evidence id.
pub async fn in_force_and_submitted(
    w: &World,
    r: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let recorded = record(w, &w.centre_admin, "2027 v1", &tasks(w)?).await;
    assert_eq!(recorded.status, 201, "{}", show(&recorded));
    submitted(w, r).await
}

/// Another item of evidence (a work product) mapped to `item`.
async fn work_product(
    w: &World,
    r: &str,
    item: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let made = send(w, &w.learner, Method::POST, &format!("/api/v1/registrations/{r}/evidence"),
        json!({"kind": "work_product", "title": "Care plan", "activity_date": "2027-01-12", "text": "A care plan."})).await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let e = made.json()["id"].as_str().ok_or("no id")?.to_owned();
    let mapped = send(
        w,
        &w.learner,
        Method::PUT,
        &format!("/api/v1/evidence/{e}/mappings"),
        json!({"criteria": [item]}),
    )
    .await;
    assert_eq!(mapped.status, 200, "{}", show(&mapped));
    Ok(e)
}

fn met(item: &str, evidence: &str) -> Value {
    json!({"criterion_id": item, "outcome": "met", "evidence_ids": [evidence], "feedback": "Shown."})
}

const ON_OTHER: &str = "Unit 001 is assessed by the assignment set by City & Guilds: its criteria can be met only on the learner's submission of assignment version 2027 v1, not on other evidence (Care plan).";

#[actix_web::test]
async fn recording_an_assignment_that_leaves_a_criterion_uncovered_is_refused() -> TestResult {
    let w = World::new().await?;
    let mut t = tasks(&w)?;
    if let Some(first) = t[0]["criterion_ids"].as_array_mut() {
        first.retain(|c| c != "cg-3085/u001/lo1/ac1.1");
    }
    let refused = record(&w, &w.centre_admin, "2027 v1", &t).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert_eq!(refused.json()["code"], "invalid");
    assert!(
        refused.body.contains("no task covers 1.1"),
        "{}",
        show(&refused)
    );
    let learner = record(&w, &w.learner, "2027 v1", &tasks(&w)?).await;
    assert_eq!(learner.status, 403, "{}", show(&learner));
    let recorded = record(&w, &w.centre_admin, "2027 v1", &tasks(&w)?).await;
    assert_eq!(recorded.status, 201, "{}", show(&recorded));
    assert_eq!(recorded.json()["tasks"].as_array().map(Vec::len), Some(2));
    let again = record(&w, &w.centre_admin, "2027 v1", &tasks(&w)?).await;
    assert_eq!(again.status, 409, "{}", show(&again));
    Ok(())
}

#[actix_web::test]
async fn unit_001_met_on_a_work_product_is_refused_through_the_api() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let item = "cg-3085/u001/lo1/ac1.1";
    let e = work_product(&w, &r, item).await?;
    let path = format!("/api/v1/registrations/{r}/decisions");
    // No assignment in force yet.
    let none = send(&w, &w.assessor, Method::POST, &path, met(item, &e)).await;
    assert_eq!(none.status, 422, "{}", show(&none));
    assert_eq!(none.json()["code"], "method_not_permitted");
    assert!(
        none.json()["detail"]
            .as_str()
            .is_some_and(|d| d.contains("no version of that assignment in force")),
        "{}",
        show(&none)
    );
    assert_eq!(
        record(&w, &w.centre_admin, "2027 v1", &tasks(&w)?)
            .await
            .status,
        201
    );
    let unsubmitted = send(&w, &w.assessor, Method::POST, &path, met(item, &e)).await;
    assert_eq!(
        unsubmitted.json()["code"],
        "method_not_permitted",
        "{}",
        show(&unsubmitted)
    );
    assert!(
        unsubmitted.json()["detail"]
            .as_str()
            .is_some_and(|d| d.contains("has not submitted it yet"))
    );
    let s = submitted(&w, &r).await?;
    let other = send(&w, &w.assessor, Method::POST, &path, met(item, &e)).await;
    assert_eq!(other.status, 422, "{}", show(&other));
    assert_eq!(other.json()["code"], "method_not_permitted");
    assert_eq!(other.json()["detail"], ON_OTHER);
    // Not yet met may rely on anything submitted; met on the submission is allowed.
    let declared = send(
        &w,
        &w.learner,
        Method::POST,
        &format!("/api/v1/evidence/{e}/declaration"),
        json!({"typed_name": w.learner.name}),
    )
    .await;
    assert_eq!(declared.status, 201, "{}", show(&declared));
    w.submit(&e).await;
    let not_yet = json!({"criterion_id": item, "outcome": "not_yet_met", "evidence_ids": [e], "feedback": "Use the assignment."});
    assert_eq!(
        send(&w, &w.assessor, Method::POST, &path, not_yet)
            .await
            .status,
        201
    );
    let allowed = send(&w, &w.assessor, Method::POST, &path, met(item, &s)).await;
    assert_eq!(allowed.status, 201, "{}", show(&allowed));
    Ok(())
}

#[actix_web::test]
async fn unit_001_met_on_a_work_product_is_refused_through_the_page_form() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let item = "cg-3085/u001/lo1/ac1.1";
    let e = work_product(&w, &r, item).await?;
    assert_eq!(
        record(&w, &w.centre_admin, "2027 v1", &tasks(&w)?)
            .await
            .status,
        201
    );
    submitted(&w, &r).await?;
    let page = w.page_session(&w.assessor).await?;
    let refused = w
        .app
        .send(
            Req::post(&format!("/registrations/{r}/decisions"))
                .session(&page.cookie)
                .same_origin()
                .form(&[
                    ("criterion_id", item),
                    ("outcome", "met"),
                    ("evidence_ids", &e),
                    ("feedback", "Shown."),
                    ("replaces_round", "0"),
                    ("csrf_token", &page.csrf),
                ]),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    let escaped = ON_OTHER.replace('&', "&amp;");
    assert!(refused.body.contains(&escaped), "{}", show(&refused));
    // What the assessor chose and typed is kept.
    assert!(refused.body.contains("Shown."), "{}", show(&refused));
    Ok(())
}

#[actix_web::test]
async fn the_assessor_marks_the_submission_task_by_task_and_the_claim_waits_for_verification()
-> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    assert_eq!(
        record(&w, &w.centre_admin, "2027 v1", &tasks(&w)?)
            .await
            .status,
        201
    );
    let marks_path = format!("/api/v1/registrations/{r}/assignment/marks");
    let early = send(
        &w,
        &w.assessor,
        Method::POST,
        &marks_path,
        json!({"marks": []}),
    )
    .await;
    assert_eq!(early.status, 409, "{}", show(&early));
    let e = submitted(&w, &r).await?;
    let twice = send(
        &w,
        &w.learner,
        Method::POST,
        &format!("/api/v1/registrations/{r}/assignment/submission"),
        json!({"title": "Again", "activity_date": "2027-01-12", "text": "Again."}),
    )
    .await;
    assert_eq!(twice.status, 409, "{}", show(&twice));
    // The brief for the learner; the guidance for the assessor only.
    let brief = w
        .app
        .send(
            Req::get(&format!("/api/v1/registrations/{r}/assignment/brief"))
                .bearer(&w.learner.token),
        )
        .await;
    assert_eq!(brief.status, 200, "{}", show(&brief));
    let guidance = w
        .app
        .send(
            Req::get(&format!("/api/v1/registrations/{r}/assignment/guidance"))
                .bearer(&w.learner.token),
        )
        .await;
    assert_eq!(guidance.status, 403, "{}", show(&guidance));
    // Every task is marked; a task not yet met needs feedback.
    let half = send(
        &w,
        &w.assessor,
        Method::POST,
        &marks_path,
        json!({"marks": [{"task_number": 1, "outcome": "not_yet_met", "feedback": ""}]}),
    )
    .await;
    assert_eq!(half.status, 422, "{}", show(&half));
    let marked = send(
        &w,
        &w.assessor,
        Method::POST,
        &marks_path,
        json!({"marks": [
            {"task_number": 1, "outcome": "met", "feedback": "Clear on the policy context."},
            {"task_number": 2, "outcome": "met", "feedback": "Good examples."},
        ]}),
    )
    .await;
    assert_eq!(marked.status, 201, "{}", show(&marked));
    let record = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}/assessment")).bearer(&w.assessor.token))
        .await;
    for criterion in unit_001_criteria(&w)? {
        assert_eq!(
            record.json()["decisions"][&criterion],
            "met",
            "{criterion}: {}",
            show(&record)
        );
    }
    let overview = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}/assignment")).bearer(&w.learner.token))
        .await;
    assert_eq!(overview.json()["submission"]["evidence_id"], e.as_str());
    assert_eq!(overview.json()["marks"].as_array().map(Vec::len), Some(2));
    // Q4: the judgements the marking made are sealed by their audit entries.
    {
        let mut conn = w.app.db.db().get()?;
        let report = eportfolio::ledger::verify(&mut conn, None)?;
        assert!(report.holds(), "{:?}", report.findings);
        let unsealed: usize = report
            .rows_not_sealed
            .iter()
            .filter(|(table, _)| *table == "judgements")
            .map(|(_, n)| n)
            .sum();
        assert_eq!(unsealed, 0, "{report:?}");
    }
    // The external verification: recorded by the centre administrator only.
    let verify = format!("/api/v1/registrations/{r}/assignment/verification");
    let by_assessor = send(
        &w,
        &w.assessor,
        Method::PUT,
        &verify,
        json!({"unit_id": U001, "status": "verified"}),
    )
    .await;
    assert_eq!(by_assessor.status, 403, "{}", show(&by_assessor));
    let bad = send(
        &w,
        &w.centre_admin,
        Method::PUT,
        &verify,
        json!({"unit_id": U001, "status": "maybe"}),
    )
    .await;
    assert_eq!(bad.status, 422, "{}", show(&bad));
    let verified = send(
        &w,
        &w.centre_admin,
        Method::PUT,
        &verify,
        json!({"unit_id": U001, "status": "verified", "note": "EV visit 3 March"}),
    )
    .await;
    assert_eq!(verified.status, 200, "{}", show(&verified));
    assert_eq!(verified.json()["status_label"], "Verified externally");
    Ok(())
}

#[actix_web::test]
async fn a_claim_waits_for_unit_001_external_verification() -> TestResult {
    let w = World::new().await?;
    crate::portfolio::make_staff_eligible(&w)?;
    let id = crate::claims::ready::register(
        &w,
        "Siân Jones",
        "sian@example.org",
        "cg-3085-01",
        "ABC1000",
    )
    .await?;
    crate::claims::ready::sign_off(&w, &id, U001, true)?;
    crate::claims::ready::iqa_checked(&w, &id, U001)?;
    let eligible = format!("/api/v1/centres/{}/claims/eligible", w.centre_a);
    let awaiting = send(
        &w,
        &w.centre_admin,
        Method::PUT,
        &format!("/api/v1/registrations/{id}/assignment/verification"),
        json!({"unit_id": U001, "status": "awaiting"}),
    )
    .await;
    assert_eq!(awaiting.status, 200, "{}", show(&awaiting));
    let reply = w
        .app
        .send(Req::get(&eligible).bearer(&w.centre_admin.token))
        .await;
    assert!(
        reply.body.contains("awaiting external verification"),
        "{}",
        show(&reply)
    );
    let claim = send(
        &w,
        &w.centre_admin,
        Method::POST,
        &format!("/api/v1/centres/{}/claims", w.centre_a),
        json!({"registration_ids": [id]}),
    )
    .await;
    assert_eq!(claim.status, 422, "{}", show(&claim));
    assert_eq!(claim.json()["code"], "not_ready_for_claim");
    assert!(
        claim.body.contains("awaiting external verification"),
        "{}",
        show(&claim)
    );
    let verified = send(
        &w,
        &w.centre_admin,
        Method::PUT,
        &format!("/api/v1/registrations/{id}/assignment/verification"),
        json!({"unit_id": U001, "status": "verified"}),
    )
    .await;
    assert_eq!(verified.status, 200);
    let reply = w
        .app
        .send(Req::get(&eligible).bearer(&w.centre_admin.token))
        .await;
    assert!(
        !reply.body.contains("awaiting external verification"),
        "{}",
        show(&reply)
    );
    Ok(())
}

#[actix_web::test]
async fn a_verification_for_a_unit_outside_the_qualification_is_refused() -> TestResult {
    let w = World::new().await?;
    // The world's registration is on the SQA unit, which has no Unit 001.
    let refused = send(
        &w,
        &w.centre_admin,
        Method::PUT,
        &format!(
            "/api/v1/registrations/{}/assignment/verification",
            w.registration
        ),
        json!({"unit_id": U001, "status": "verified"}),
    )
    .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused
            .body
            .contains("Choose a unit of the learner's qualification assessed by an assignment"),
        "{}",
        show(&refused)
    );
    Ok(())
}
