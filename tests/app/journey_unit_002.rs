//! The whole of Unit 002 through the API, as a student records system or an app would drive it:
//! an assessment plan written by the assessor and signed by both; evidence mapped, declared and submitted (the assessor told); an observation by the assessor,
//! countersigned; expert-witness testimony by the emailed single-use link (read from the mail
//! queue), meeting C7, accepted as evidence; one criterion judged not yet met with feedback, the
//! evidence changed and resubmitted; every criterion met; sign-off, countersignature, the lock,
//! and the tracker showing the unit met. The browser journey `unit-002` does the same in pages.

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::witness::{
    CG_ITEM, CG_OTHER_ITEM, WITNESS_EMAIL, ask, ask_body, expert_body, mailed_token, sign,
};
use crate::world::{Person, World, show};

const U002: &str = "cg-3085/u002";
const FEEDBACK: &str = "Say how Mr B chose who took part in his review.";

async fn call(w: &World, who: &Person, method: Method, path: &str, body: Value) -> Reply {
    w.app
        .send(Req::new(method, path).bearer(&who.token).json(&body))
        .await
}

/// `call`, asserting the status; the reply's JSON.
async fn expect(
    w: &World,
    who: &Person,
    (method, path): (Method, &str),
    body: Value,
    status: u16,
) -> Value {
    let reply = call(w, who, method, path, body).await;
    assert_eq!(
        reply.status,
        status,
        "{} as {}: {}",
        path,
        who.name,
        show(&reply)
    );
    reply.json()
}

fn post(path: &str) -> (Method, &str) {
    (Method::POST, path)
}

/// The learner signs the declaration on the item as it is now and submits it.
async fn declare_and_submit(w: &World, e: &str) {
    let name = json!({"typed_name": w.learner.name});
    expect(
        w,
        &w.learner,
        post(&format!("/api/v1/evidence/{e}/declaration")),
        name,
        201,
    )
    .await;
    let submitted = expect(
        w,
        &w.learner,
        post(&format!("/api/v1/evidence/{e}/submit")),
        json!({}),
        200,
    )
    .await;
    assert_eq!(submitted["status"], "submitted");
}

async fn judge(
    w: &World,
    r: &str,
    item: &str,
    outcome: &str,
    (evidence, map): (&[&str], &[&str]),
    feedback: &str,
) -> Value {
    let body = json!({"criterion_id": item, "outcome": outcome, "evidence_ids": evidence,
        "map_evidence_ids": map, "feedback": feedback});
    expect(
        w,
        &w.assessor,
        post(&format!("/api/v1/registrations/{r}/decisions")),
        body,
        201,
    )
    .await
}

async fn get(w: &World, who: &Person, path: &str) -> Value {
    expect(w, who, (Method::GET, path), Value::Null, 200).await
}

#[actix_web::test]
async fn unit_002_from_first_evidence_to_countersigned_sign_off_through_the_api() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let curriculum = eportfolio::curriculum::shipped()?;
    let (_, unit) = curriculum.unit(U002).ok_or("no Unit 002")?;
    let criteria = eportfolio::domain::sign_off::items_required(unit);
    assert_eq!(criteria.len(), 20);

    // The plan: the assessor writes it (signed as saved); the learner is asked and signs.
    let plan = expect(&w, &w.assessor, post(&format!("/api/v1/registrations/{r}/plans")), json!({
        "activities": [
            {"activity": "Mr B's support plan review, observed", "method": "observation_by_assessor", "target_date": "2027-02-15"},
            {"activity": "Testimony from Mr B's social worker", "method": "observation_by_expert_witness", "target_date": "2027-02-28"},
        ],
        "criteria": criteria,
    }), 201).await;
    let plan_id = plan["id"].as_str().ok_or("no plan id")?.to_owned();
    w.app.advance(chrono::Duration::minutes(1));
    expect(
        &w,
        &w.learner,
        post(&format!("/api/v1/plans/{plan_id}/sign")),
        json!({}),
        201,
    )
    .await;
    let plans = get(&w, &w.learner, &format!("/api/v1/registrations/{r}/plans")).await;
    let signatures = plans["plans"][0]["signatures"]
        .as_array()
        .ok_or("no signatures")?;
    assert_eq!(signatures.len(), 2, "{plans}");
    assert!(signatures.iter().all(|s| s["valid"] == true), "{plans}");

    // Evidence: written, mapped to every criterion, declared and submitted; the assessor is told.
    let created = expect(&w, &w.learner, post(&format!("/api/v1/registrations/{r}/evidence")), json!({
        "kind": "reflective_account", "title": "Reviewing Mr B's support plan", "activity_date": "2027-01-12",
        "text": "I reviewed Mr B's support plan with him and his sister.",
    }), 201).await;
    let e = created["id"].as_str().ok_or("no evidence id")?.to_owned();
    let mapping = json!({"criteria": criteria});
    expect(
        &w,
        &w.learner,
        (Method::PUT, &format!("/api/v1/evidence/{e}/mappings")),
        mapping,
        200,
    )
    .await;
    declare_and_submit(&w, &e).await;
    let told = get(&w, &w.assessor, "/api/v1/notifications").await;
    assert_eq!(
        told["notifications"][0]["link"],
        format!("/evidence/{e}"),
        "{told}"
    );

    // The assessor observes; the learner countersigns the observation.
    let observed = expect(&w, &w.assessor, post(&format!("/api/v1/registrations/{r}/observations")), json!({
        "planned": true, "observed_on": "2027-01-10", "setting": "Mr B's home, his support plan review",
        "people_present": [{"name": "Mr B", "role": "person supported", "consent": true}],
        "narrative": "Lee led the review and checked each outcome with Mr B.",
        "criteria": [CG_OTHER_ITEM, "cg-3085/u002/lo3/ac3.2"], "range_items": [],
    }), 201).await;
    let observation = observed["id"]
        .as_str()
        .ok_or("no observation id")?
        .to_owned();
    let countersign = format!("/api/v1/observations/{observation}/countersign");
    expect(&w, &w.learner, post(&countersign), json!({}), 201).await;

    // The learner asks an expert witness; the witness signs once through the emailed link (C7).
    let request = ask(
        &w,
        &w.learner,
        &r,
        &ask_body(true, &[CG_ITEM, CG_OTHER_ITEM]),
    )
    .await?;
    let token = mailed_token(&w.app, WITNESS_EMAIL)?;
    let signed = sign(&w.app, &token, &expert_body(true)).await;
    assert_eq!(signed.status, 201, "{}", show(&signed));
    assert_eq!(sign(&w.app, &token, &expert_body(true)).await.status, 410);
    let decision =
        json!({"decision": "accept", "reason": "A clear account from an expert witness."});
    let accepted = expect(
        &w,
        &w.assessor,
        post(&format!("/api/v1/testimony-requests/{request}/decision")),
        decision,
        200,
    )
    .await;
    let testimony = accepted["evidence_id"]
        .as_str()
        .ok_or("no testimony evidence")?
        .to_owned();

    // One criterion not yet met, with feedback: the evidence returns to the learner as a draft.
    let referred = judge(&w, &r, CG_ITEM, "not_yet_met", (&[&e], &[]), FEEDBACK).await;
    assert_eq!(referred["round"], 1);
    let item = get(&w, &w.learner, &format!("/api/v1/evidence/{e}")).await;
    assert_eq!(item["status"], "draft", "{item}");
    let tracker = get(
        &w,
        &w.learner,
        &format!("/api/v1/registrations/{r}/tracker"),
    )
    .await;
    assert_eq!(tracker["judgements"][CG_ITEM]["feedback"], FEEDBACK);
    let refused = call(
        &w,
        &w.assessor,
        Method::POST,
        &format!("/api/v1/registrations/{r}/units/{U002}/sign-off"),
        json!({}),
    )
    .await;
    assert_eq!(
        (refused.status.as_u16(), refused.json()["code"].clone()),
        (422, json!("criteria_not_met")),
        "{}",
        show(&refused)
    );

    // The learner changes the evidence and submits it again.
    expect(&w, &w.learner, (Method::PUT, &format!("/api/v1/evidence/{e}")), json!({
        "kind": "reflective_account", "title": "Reviewing Mr B's support plan", "activity_date": "2027-01-12",
        "text": "I reviewed Mr B's support plan with him. Mr B chose to invite his sister and said what mattered first.",
    }), 200).await;
    declare_and_submit(&w, &e).await;

    // Every criterion met (the referred one in a second round): the reflective account supports
    // each, the expert witness's testimony is the performance evidence Unit 002 needs (C4); the
    // assessor maps it to each criterion as they judge.
    for id in &criteria {
        let relied_on = [e.as_str(), testimony.as_str()];
        let map = [testimony.as_str()];
        let met = judge(&w, &r, id, "met", (&relied_on, &map), "Shown clearly.").await;
        assert_eq!(met["round"], if id == CG_ITEM { 2 } else { 1 }, "{id}");
    }

    // Sign-off and countersignature; the unit is locked and the tracker shows it met.
    let units = format!("/api/v1/registrations/{r}/units/{U002}");
    expect(
        &w,
        &w.assessor,
        post(&format!("{units}/sign-off")),
        json!({}),
        201,
    )
    .await;
    // The learner is asked to countersign, in the app, with the link to the page that does it.
    let told = get(&w, &w.learner, "/api/v1/notifications").await;
    let asked = told["notifications"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|n| n["subject"] == "Unit 002 is signed off: please countersign it")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        asked["link"],
        format!("/registrations/{r}/units/{U002}/countersign"),
        "{told}"
    );
    expect(
        &w,
        &w.learner,
        post(&format!("{units}/countersign")),
        json!({}),
        201,
    )
    .await;
    let record = get(
        &w,
        &w.learner,
        &format!("/api/v1/registrations/{r}/assessment"),
    )
    .await;
    assert_eq!(record["locked_units"], json!([U002]));
    let signatures = &record["sign_offs"][0]["signatures"];
    assert_eq!(signatures.as_array().map(Vec::len), Some(2), "{record}");
    assert!(
        signatures
            .as_array()
            .is_some_and(|all| all.iter().all(|s| s["valid"] == true)),
        "{record}"
    );
    let tracker = get(
        &w,
        &w.learner,
        &format!("/api/v1/registrations/{r}/tracker"),
    )
    .await;
    let unit = tracker["tracker"]["units"]
        .as_array()
        .and_then(|units| units.iter().find(|u| u["id"] == U002))
        .ok_or("no Unit 002 in the tracker")?;
    assert_eq!(unit["percent_met"], 100, "{unit}");
    let late = call(
        &w,
        &w.learner,
        Method::PUT,
        &format!("/api/v1/evidence/{e}/mappings"),
        json!({"criteria": []}),
    )
    .await;
    assert_eq!(late.status, 409, "{}", show(&late));
    Ok(())
}
