//! Witness and expert-witness testimony end to end: asked for by the assessor or learner, signed
//! once by the witness through the emailed link (no account), accepted or rejected by the
//! assessor. The link used twice is here; expired, tampered and misdirected links in
//! `witness_links`.

use eportfolio::domain::observation::ObserverKind;
use eportfolio::store::mail_queue;
use eportfolio::store::registrations::{self, Registration};
use eportfolio::store::witness as store;
use serde_json::{Value, json};

use crate::support::{Req, TestApp, TestResult};
use crate::world::{Person, World, show};

pub const SQA_ITEM: &str = "sqa-fx35-35/o1/ks1";
pub const CG_ITEM: &str = "cg-3085/u002/lo1/ac1.1";
pub const CG_OTHER_ITEM: &str = "cg-3085/u002/lo2/ac2.1";
pub const WITNESS_EMAIL: &str = "wendy.witness@example.org";

/// A second registration for the learner, on City & Guilds 3085-02 (which provides for expert
/// witnesses), with the same assessor.
pub fn cg_registration(w: &World) -> Result<String, Box<dyn std::error::Error>> {
    let mut conn = w.app.db.db().get()?;
    let sqa = registrations::find(&mut conn, &w.registration)?.ok_or("no registration")?;
    let id = eportfolio::store::people::new_id();
    registrations::insert(
        &mut conn,
        &Registration {
            id: id.clone(),
            qualification_id: "cg-3085-02".to_owned(),
            ..sqa
        },
    )?;
    Ok(id)
}

pub fn ask_body(expert: bool, criteria: &[&str]) -> Value {
    json!({
        "witness_name": "Wendy Witness", "witness_email": WITNESS_EMAIL, "witness_role": "Team leader",
        "relationship": "Line manager", "expert": expert, "criteria": criteria,
        "activity": "Agreeing a support plan with Mr B",
    })
}

/// Ask through the API as `who`; the new request's id.
pub async fn ask(
    w: &World,
    who: &Person,
    registration: &str,
    body: &Value,
) -> Result<String, Box<dyn std::error::Error>> {
    let reply = w
        .app
        .send(
            Req::post(&format!(
                "/api/v1/registrations/{registration}/testimony-requests"
            ))
            .bearer(&who.token)
            .json(body),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    assert!(
        !reply.body.contains("/witness/"),
        "the link must only go to the witness: {}",
        show(&reply)
    );
    Ok(reply.json()["id"].as_str().ok_or("no id")?.to_owned())
}

/// The newest witness link mailed to `address`: its token.
pub fn mailed_token(app: &TestApp, address: &str) -> Result<String, Box<dyn std::error::Error>> {
    let mut conn = app.db.db().get()?;
    let mail = mail_queue::recent(&mut conn, 100)?
        .into_iter()
        .find(|m| m.to_address == address && m.body_text.contains("/witness/"))
        .ok_or("no witness mail")?;
    let start = mail.body_text.find("/witness/").ok_or("no link")? + "/witness/".len();
    let token: String = mail.body_text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    Ok(token)
}

pub fn answer_body() -> Value {
    json!({
        "confirm_name": "Wendy Witness", "confirm_email": WITNESS_EMAIL, "declared_role": "Team leader",
        "testimony": "I saw Lee agree a support plan with Mr B. <script>alert(1)</script>",
        "signature": "Wendy Witness",
    })
}

pub async fn sign(app: &TestApp, token: &str, body: &Value) -> crate::support::Reply {
    app.send(Req::post(&format!("/api/v1/witness/{token}")).json(body))
        .await
}

async fn decide(w: &World, request: &str, body: &Value) -> crate::support::Reply {
    w.app
        .send(
            Req::post(&format!("/api/v1/testimony-requests/{request}/decision"))
                .bearer(&w.assessor.token)
                .json(body),
        )
        .await
}

fn actions_in_audit(w: &World) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut conn = w.app.db.db().get()?;
    let filter = eportfolio::store::audit::AuditFilter {
        centre_id: Some(w.centre_a.clone()),
        ..Default::default()
    };
    Ok(eportfolio::store::audit::list(&mut conn, &filter, 100)?
        .into_iter()
        .map(|e| e.action)
        .collect())
}

#[actix_web::test]
async fn a_witness_signs_once_through_the_emailed_link_and_the_assessor_accepts_it_as_mapped_evidence()
-> TestResult {
    let w = World::new().await?;
    let request = ask(
        &w,
        &w.learner,
        &w.registration,
        &ask_body(false, &[SQA_ITEM]),
    )
    .await?;
    let token = mailed_token(&w.app, WITNESS_EMAIL)?;

    let open = w.app.get(&format!("/api/v1/witness/{token}")).await;
    assert_eq!(open.status, 200, "{}", show(&open));
    assert_eq!(open.json()["status"], "open");
    assert_eq!(open.json()["learner_name"], "Lee Learner");

    let signed = sign(&w.app, &token, &answer_body()).await;
    assert_eq!(signed.status, 201, "{}", show(&signed));
    let signature = &signed.json()["testimony"]["signature"];
    assert_eq!(signature["name"], "Wendy Witness");
    assert_eq!(signature["content_sha256"].as_str().map(str::len), Some(64));
    assert!(signature["client_address"].is_string() && signature["signed_at"].is_string());

    // witness_link_is_single_use: the second use is refused, and the link shows what was signed.
    let again = sign(&w.app, &token, &answer_body()).await;
    assert_eq!(
        (again.status.as_u16(), again.json()["code"].clone()),
        (410, json!("link_used")),
        "{}",
        show(&again)
    );
    let used = w.app.get(&format!("/api/v1/witness/{token}")).await;
    assert_eq!(used.json()["status"], "used");
    assert_eq!(used.json()["testimony"]["signature"], *signature);
    let page = w.app.get(&format!("/witness/{token}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("This link has been used"),
        "{}",
        show(&page)
    );
    assert!(
        page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            && !page.body.contains("<script>alert")
    );

    // The assessor accepts it, adjusting the mapping; it becomes evidence on the tracker.
    let accepted = decide(&w, &request, &json!({"decision": "accept", "reason": "Clear and specific", "criteria": [SQA_ITEM, "sqa-fx35-35/o1/ks2"]})).await;
    assert_eq!(accepted.status, 200, "{}", show(&accepted));
    assert_eq!(accepted.json()["status"], "accepted");
    let evidence = accepted.json()["evidence_id"]
        .as_str()
        .ok_or("no evidence")?
        .to_owned();
    let item = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{evidence}")).bearer(&w.learner.token))
        .await;
    assert_eq!(item.json()["kind"], "witness_testimony", "{}", show(&item));
    assert_eq!(
        item.json()["criteria"],
        json!([SQA_ITEM, "sqa-fx35-35/o1/ks2"])
    );
    let tracker = w
        .app
        .send(
            Req::get(&format!("/api/v1/registrations/{}/tracker", w.registration))
                .bearer(&w.learner.token),
        )
        .await;
    assert!(tracker.body.contains(&evidence), "{}", show(&tracker));
    let twice = decide(
        &w,
        &request,
        &json!({"decision": "reject", "reason": "Changed my mind"}),
    )
    .await;
    assert_eq!(twice.status, 409, "{}", show(&twice));

    let actions = actions_in_audit(&w)?;
    for action in [
        "testimony_requested",
        "testimony_signed",
        "testimony_accepted",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} missing from {actions:?}"
        );
    }
    Ok(())
}

#[actix_web::test]
async fn a_rejected_testimony_tells_the_learner_why_and_makes_no_evidence() -> TestResult {
    let w = World::new().await?;
    let request = ask(
        &w,
        &w.assessor,
        &w.registration,
        &ask_body(false, &[SQA_ITEM]),
    )
    .await?;
    let token = mailed_token(&w.app, WITNESS_EMAIL)?;
    assert_eq!(sign(&w.app, &token, &answer_body()).await.status, 201);
    let no_reason = decide(&w, &request, &json!({"decision": "reject", "reason": ""})).await;
    assert_eq!(no_reason.status, 422, "{}", show(&no_reason));
    let by_learner = w
        .app
        .send(
            Req::post(&format!("/api/v1/testimony-requests/{request}/decision"))
                .bearer(&w.learner.token)
                .json(&json!({"decision": "accept", "reason": "Mine"})),
        )
        .await;
    assert_eq!(by_learner.status, 403, "{}", show(&by_learner));
    let rejected = decide(
        &w,
        &request,
        &json!({"decision": "reject", "reason": "It does not describe the activity in view"}),
    )
    .await;
    assert_eq!(rejected.status, 200, "{}", show(&rejected));
    assert_eq!(
        (
            rejected.json()["status"].clone(),
            rejected.json()["evidence_id"].clone()
        ),
        (json!("rejected"), Value::Null)
    );
    let notes = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&w.learner.token))
        .await;
    assert!(
        notes
            .body
            .contains("It does not describe the activity in view"),
        "{}",
        show(&notes)
    );
    assert!(
        actions_in_audit(&w)?
            .iter()
            .any(|a| a == "testimony_rejected")
    );
    Ok(())
}

#[actix_web::test]
async fn criteria_outside_the_learners_qualification_are_refused() -> TestResult {
    let w = World::new().await?;
    let reply = w
        .app
        .send(
            Req::post(&format!(
                "/api/v1/registrations/{}/testimony-requests",
                w.registration
            ))
            .bearer(&w.assessor.token)
            .json(&ask_body(false, &[CG_ITEM])),
        )
        .await;
    assert_eq!(
        (reply.status.as_u16(), reply.json()["code"].clone()),
        (422, json!("invalid")),
        "{}",
        show(&reply)
    );
    assert_eq!(reply.json()["errors"][0]["field"], "criteria");
    // The SQA unit makes no provision for expert witnesses.
    let expert = w
        .app
        .send(
            Req::post(&format!(
                "/api/v1/registrations/{}/testimony-requests",
                w.registration
            ))
            .bearer(&w.assessor.token)
            .json(&ask_body(true, &[SQA_ITEM])),
        )
        .await;
    assert_eq!(
        expert.json()["errors"][0]["field"],
        "expert",
        "{}",
        show(&expert)
    );
    let by_iqa = w
        .app
        .send(
            Req::post(&format!(
                "/api/v1/registrations/{}/testimony-requests",
                w.registration
            ))
            .bearer(&w.iqa.token)
            .json(&ask_body(false, &[SQA_ITEM])),
        )
        .await;
    assert_eq!(by_iqa.status, 403);
    Ok(())
}

pub fn expert_body(competent: bool) -> Value {
    let mut body = answer_body();
    for (key, value) in [
        (
            "expert_statement",
            json!("Registered manager for ten years; I supervise and appraise care staff."),
        ),
        ("working_knowledge_of_units", json!(true)),
        ("occupationally_competent", json!(competent)),
        ("assessment_qualifications", json!(["a1"])),
        ("observed_on", json!("2027-01-12")),
        ("observation_setting", json!("Mr B's home")),
        (
            "observation_narrative",
            json!("Lee led the review and checked Mr B's choices."),
        ),
        ("observation_criteria", json!([CG_ITEM])),
    ] {
        body[key] = value;
    }
    body
}

#[actix_web::test]
async fn an_expert_witness_who_does_not_meet_c7_is_refused_and_one_who_does_is_counted_as_an_observation()
-> TestResult {
    let w = World::new().await?;
    let registration = cg_registration(&w)?;
    let request = ask(
        &w,
        &w.assessor,
        &registration,
        &ask_body(true, &[CG_ITEM, CG_OTHER_ITEM]),
    )
    .await?;
    let token = mailed_token(&w.app, WITNESS_EMAIL)?;
    let refused = sign(&w.app, &token, &expert_body(false)).await;
    assert_eq!(
        (refused.status.as_u16(), refused.json()["code"].clone()),
        (422, json!("expert_witness_not_eligible")),
        "{}",
        show(&refused)
    );
    assert!(
        refused.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("occupationally competent")
    );
    // Refused, the link is still unused: the witness can correct and sign.
    let signed = sign(&w.app, &token, &expert_body(true)).await;
    assert_eq!(signed.status, 201, "{}", show(&signed));
    assert_eq!(
        signed.json()["testimony"]["observation"]["criteria"],
        json!([CG_ITEM])
    );
    {
        let mut conn = w.app.db.db().get()?;
        assert!(store::accepted_expert_observations(&mut conn, &registration)?.is_empty());
    }
    let accepted = decide(
        &w,
        &request,
        &json!({"decision": "accept", "reason": "Meets C7; observed practice"}),
    )
    .await;
    assert_eq!(accepted.status, 200, "{}", show(&accepted));
    let mut conn = w.app.db.db().get()?;
    let observations = store::accepted_expert_observations(&mut conn, &registration)?;
    assert_eq!(observations.len(), 1);
    assert_eq!(
        (
            observations[0].observer_kind,
            observations[0].criteria.clone()
        ),
        (ObserverKind::ExpertWitness, vec![CG_ITEM.to_owned()])
    );
    // And in the observations that the Unit 002 sign-off (C5) counts.
    let recorded = eportfolio::store::observations::observations_of(&mut conn, &registration)?;
    assert_eq!(
        recorded
            .iter()
            .map(|o| o.observer_kind.as_str())
            .collect::<Vec<_>>(),
        ["expert_witness"]
    );
    assert_eq!(recorded[0].observer_name, "Wendy Witness");
    Ok(())
}
