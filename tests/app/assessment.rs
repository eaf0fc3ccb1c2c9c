//! Assessment end to end: judgements in rounds with feedback, observations, unit sign-off,
//! countersignatures, the lock and its unlock, and every refusal with its status and code.

use actix_web::http::Method;
use eportfolio::domain::roles::Role;
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

const U002: &str = "cg-3085/u002";

/// Every criterion of Unit 002, in curriculum order.
fn unit_002_criteria() -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let curriculum = eportfolio::curriculum::shipped()?;
    let (_, unit) = curriculum.unit(U002).ok_or("no Unit 002")?;
    Ok(eportfolio::domain::sign_off::items_required(unit))
}

/// The learner adds an evidence item of `kind` mapped to `items`; its id.
async fn evidence(
    w: &World,
    r: &str,
    kind: &str,
    items: &[String],
) -> Result<String, Box<dyn std::error::Error>> {
    let created = w
        .app
        .send(Req::post(&format!("/api/v1/registrations/{r}/evidence")).bearer(&w.learner.token).json(&json!({
            "kind": kind, "title": format!("My {kind}"), "activity_date": "2027-01-12", "text": "What I did with Mrs B."
        })))
        .await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let id = created.json()["id"].as_str().ok_or("no id")?.to_owned();
    let mapped = w
        .app
        .send(
            Req::new(Method::PUT, &format!("/api/v1/evidence/{id}/mappings"))
                .bearer(&w.learner.token)
                .json(&json!({"criteria": items})),
        )
        .await;
    assert_eq!(mapped.status, 200, "{}", show(&mapped));
    Ok(id)
}

/// `evidence`, with the learner's declaration signed on it (what a met may rely on).
async fn declared(
    w: &World,
    r: &str,
    kind: &str,
    items: &[String],
) -> Result<String, Box<dyn std::error::Error>> {
    let id = evidence(w, r, kind, items).await?;
    let signed = w
        .app
        .send(
            Req::post(&format!("/api/v1/evidence/{id}/declaration"))
                .bearer(&w.learner.token)
                .json(&json!({"typed_name": w.learner.name})),
        )
        .await;
    assert_eq!(signed.status, 201, "{}", show(&signed));
    w.submit(&id).await;
    Ok(id)
}

async fn decide(w: &World, who: &Person, r: &str, body: Value) -> Reply {
    w.app
        .send(
            Req::post(&format!("/api/v1/registrations/{r}/decisions"))
                .bearer(&who.token)
                .json(&body),
        )
        .await
}

fn met(item: &str, evidence: &str) -> Value {
    json!({"criterion_id": item, "outcome": "met", "evidence_ids": [evidence], "feedback": "Shown clearly."})
}

async fn observe(w: &World, r: &str) -> Reply {
    w.app
        .send(Req::post(&format!("/api/v1/registrations/{r}/observations")).bearer(&w.assessor.token).json(&json!({
            "planned": true, "observed_on": "2027-01-10", "setting": "Mrs B's home, a support planning review",
            "people_present": [{"name": "Mrs B", "role": "person supported", "consent": true}],
            "narrative": "Lee led the review and checked each outcome with Mrs B.",
            "criteria": ["cg-3085/u002/lo2/ac2.1", "cg-3085/u002/lo3/ac3.2"], "range_items": ["cg-3085/u002/lo2/range1/3"]
        })))
        .await
}

async fn unit_post(w: &World, who: &Person, r: &str, action: &str, body: Value) -> Reply {
    w.app
        .send(
            Req::post(&format!("/api/v1/registrations/{r}/units/{U002}/{action}"))
                .bearer(&who.token)
                .json(&body),
        )
        .await
}

async fn assessment(w: &World, r: &str) -> Value {
    w.app
        .send(Req::get(&format!("/api/v1/registrations/{r}/assessment")).bearer(&w.learner.token))
        .await
        .json()
}

fn refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", show(reply));
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
}

/// A cg-3085-02 registration with one declared work product mapped to every Unit 002
/// criterion, each judged met. (registration, evidence, criteria)
async fn unit_002_all_met(
    w: &World,
) -> Result<(String, String, Vec<String>), Box<dyn std::error::Error>> {
    let r = w.register_on_cg_3085_02()?;
    let criteria = unit_002_criteria()?;
    let e = declared(w, &r, "work_product", &criteria).await?;
    for item in &criteria {
        let reply = decide(w, &w.assessor, &r, met(item, &e)).await;
        assert_eq!(reply.status, 201, "{item}: {}", show(&reply));
    }
    Ok((r, e, criteria))
}

#[actix_web::test]
async fn unit_002_judged_observed_signed_off_and_countersigned() -> TestResult {
    let w = World::new().await?;
    let (r, _, criteria) = unit_002_all_met(&w).await?;
    assert_eq!(criteria.len(), 20);
    let observed = observe(&w, &r).await;
    assert_eq!(observed.status, 201, "{}", show(&observed));
    let observation = observed.json()["id"].as_str().ok_or("no id")?.to_owned();
    let signed = unit_post(&w, &w.assessor, &r, "sign-off", json!({})).await;
    assert_eq!(signed.status, 201, "{}", show(&signed));
    refused(
        &unit_post(&w, &w.assessor, &r, "sign-off", json!({})).await,
        409,
        "conflict",
    );
    let countersigned = unit_post(&w, &w.learner, &r, "countersign", json!({})).await;
    assert_eq!(countersigned.status, 201, "{}", show(&countersigned));
    refused(
        &unit_post(&w, &w.learner, &r, "countersign", json!({})).await,
        409,
        "conflict",
    );
    let on_observation = w
        .app
        .send(
            Req::post(&format!("/api/v1/observations/{observation}/countersign"))
                .bearer(&w.learner.token),
        )
        .await;
    assert_eq!(on_observation.status, 201, "{}", show(&on_observation));

    let record = assessment(&w, &r).await;
    assert_eq!(record["locked_units"], json!([U002]));
    let signatures = record["sign_offs"][0]["signatures"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut roles: Vec<&str> = signatures
        .iter()
        .filter_map(|s| s["role"].as_str())
        .collect();
    roles.sort_unstable();
    assert_eq!(roles, ["assessor", "learner"]);
    assert!(
        signatures
            .iter()
            .all(|s| s["valid"] == true && s["content_sha256"].as_str().map(str::len) == Some(64))
    );
    let tracker = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}/tracker")).bearer(&w.learner.token))
        .await
        .json();
    let unit = &tracker["tracker"]["units"][1];
    assert_eq!(unit["id"], U002);
    assert_eq!(unit["percent_met"], 100, "{unit}");
    // The learner was emailed about each judgement.
    let mail = w
        .app
        .send(Req::get("/api/v1/mail").bearer(&w.platform_admin.token))
        .await
        .json();
    let judged = mail["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| {
            m["to"] == w.learner.email.as_str()
                && m["subject"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("Your work has been judged"))
        })
        .count();
    assert_eq!(judged, 20);
    // The page shows the signed-off unit.
    let page = w.page_session(&w.learner).await?;
    let shown = w
        .app
        .send(Req::get(&format!("/registrations/{r}/assessment")).session(&page.cookie))
        .await;
    assert_eq!(shown.status, 200);
    assert!(
        shown.body.contains("Signed off and locked") && !shown.body.contains("signature void"),
        "{}",
        show(&shown)
    );
    Ok(())
}

#[actix_web::test]
async fn only_the_allocated_eligible_assessor_judges() -> TestResult {
    let w = World::new().await?;
    // The sample registration's assessor holds nothing FX35 35 asks (C6).
    let (r, e) = (&w.registration, w.evidence.as_str());
    let ineligible = decide(&w, &w.assessor, r, met("sqa-fx35-35/er1", e)).await;
    refused(&ineligible, 422, "assessor_not_eligible");
    assert!(
        ineligible.json()["detail"]
            .as_str()
            .is_some_and(|d| d.contains("sqa-fx35-35")),
        "{}",
        show(&ineligible)
    );
    refused(
        &decide(&w, &w.learner, r, met("sqa-fx35-35/er1", e)).await,
        403,
        "forbidden",
    );
    refused(
        &decide(&w, &w.iqa, r, met("sqa-fx35-35/er1", e)).await,
        403,
        "forbidden",
    );
    refused(
        &decide(&w, &w.admin_b, r, met("sqa-fx35-35/er1", e)).await,
        404,
        "not_found",
    );
    // An assessor at the centre who is not allocated to this learner.
    w.ensure_role(&w.spare.id, &w.centre_a, Role::Assessor)?;
    refused(
        &decide(&w, &w.spare, r, met("sqa-fx35-35/er1", e)).await,
        404,
        "not_found",
    );
    // An item outside the learner's qualification.
    let cg = w.register_on_cg_3085_02()?;
    let item = evidence(
        &w,
        &cg,
        "work_product",
        &["cg-3085/u002/lo1/ac1.1".to_owned()],
    )
    .await?;
    let outside = decide(&w, &w.assessor, &cg, met("sqa-fx35-35/er1", &item)).await;
    refused(&outside, 422, "invalid");
    assert!(
        outside
            .body
            .contains("sqa-fx35-35/er1 is not an assessable item of this learner's qualification"),
        "{}",
        show(&outside)
    );
    // Evidence of another registration cannot be relied on.
    refused(
        &decide(&w, &w.assessor, &cg, met("cg-3085/u002/lo1/ac1.1", e)).await,
        422,
        "invalid",
    );
    assert_eq!(assessment(&w, &cg).await["judgements"], json!([]));
    Ok(())
}

#[actix_web::test]
async fn not_yet_met_returns_the_evidence_with_feedback_and_every_round_is_kept() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let item = "cg-3085/u002/lo1/ac1.1";
    let e = evidence(&w, &r, "work_product", &[item.to_owned()]).await?;
    let declared = w
        .app
        .send(
            Req::post(&format!("/api/v1/evidence/{e}/declaration"))
                .bearer(&w.learner.token)
                .json(&json!({"typed_name": w.learner.name})),
        )
        .await;
    assert_eq!(declared.status, 201, "{}", show(&declared));
    let submitted = w
        .app
        .send(Req::post(&format!("/api/v1/evidence/{e}/submit")).bearer(&w.learner.token))
        .await;
    assert_eq!(
        submitted.json()["status"],
        "submitted",
        "{}",
        show(&submitted)
    );
    let feedback = "<script>alert(1)</script> Add an example of co-production.";
    let first = decide(&w, &w.assessor, &r, json!({"criterion_id": item, "outcome": "not_yet_met", "evidence_ids": [e], "feedback": feedback, "replaces_round": 0})).await;
    assert_eq!(first.status, 201, "{}", show(&first));
    assert_eq!(first.json()["round"], 1);
    let returned = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{e}")).bearer(&w.learner.token))
        .await;
    assert_eq!(returned.json()["status"], "draft");
    // The learner reads the feedback, escaped, on the evidence page and the tracker.
    let page = w.page_session(&w.learner).await?;
    for path in [
        format!("/evidence/{e}"),
        format!("/registrations/{r}/tracker"),
        format!("/registrations/{r}/assessment"),
    ] {
        let shown = w.app.send(Req::get(&path).session(&page.cookie)).await;
        assert_eq!(shown.status, 200, "{path}");
        assert!(
            shown
                .body
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; Add an example"),
            "{path}: {}",
            show(&shown)
        );
        assert!(!shown.body.contains("<script>alert(1)"), "{path}");
    }
    let tracker = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}/tracker")).bearer(&w.learner.token))
        .await
        .json();
    assert_eq!(tracker["judgements"][item]["outcome"], "not_yet_met");
    // Resubmitted and judged again: a second round; the first is kept.
    w.submit(&e).await;
    let second = decide(&w, &w.assessor, &r, json!({"criterion_id": item, "outcome": "met", "evidence_ids": [e], "feedback": "Now shown.", "replaces_round": 1})).await;
    assert_eq!(second.json()["round"], 2, "{}", show(&second));
    let stale = decide(&w, &w.assessor, &r, json!({"criterion_id": item, "outcome": "not_yet_met", "evidence_ids": [e], "feedback": "Late.", "replaces_round": 1})).await;
    refused(&stale, 409, "conflict");
    let record = assessment(&w, &r).await;
    let rounds: Vec<(i64, String)> = record["judgements"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|j| {
            (
                j["round"].as_i64().unwrap_or(0),
                j["outcome"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rounds,
        [(1, "not_yet_met".to_owned()), (2, "met".to_owned())]
    );
    assert_eq!(record["decisions"][item], "met");
    let audit = w
        .app
        .send(
            Req::get(&format!("/api/v1/centres/{}/audit", w.centre_a))
                .bearer(&w.centre_admin.token),
        )
        .await;
    assert_eq!(
        audit.body.matches("judgement_recorded").count(),
        2,
        "{}",
        show(&audit)
    );
    Ok(())
}

#[actix_web::test]
async fn two_judgements_of_the_same_round_at_once_one_wins() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let item = "cg-3085/u002/lo1/ac1.2";
    let e = declared(&w, &r, "work_product", &[item.to_owned()]).await?;
    let body = |outcome: &str| json!({"criterion_id": item, "outcome": outcome, "evidence_ids": [e], "feedback": "Seen.", "replaces_round": 0});
    let (a, b) = futures_util::future::join(
        decide(&w, &w.assessor, &r, body("met")),
        decide(&w, &w.assessor, &r, body("not_yet_met")),
    )
    .await;
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{} / {}", show(&a), show(&b));
    let loser = if a.status == 409 { &a } else { &b };
    assert_eq!(loser.json()["code"], "conflict");
    assert_eq!(
        assessment(&w, &r).await["judgements"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    Ok(())
}

#[actix_web::test]
async fn sign_off_is_refused_while_a_criterion_is_not_met_or_no_observation_is_on_record()
-> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let criteria = unit_002_criteria()?;
    // Witness testimony only: every criterion met on it, but no observation (C5).
    let testimony = declared(&w, &r, "witness_testimony", &criteria).await?;
    let (last, rest) = criteria.split_last().ok_or("no criteria")?;
    for item in rest {
        assert_eq!(
            decide(&w, &w.assessor, &r, met(item, &testimony))
                .await
                .status,
            201
        );
    }
    let not_met = unit_post(&w, &w.assessor, &r, "sign-off", json!({})).await;
    refused(&not_met, 422, "criteria_not_met");
    assert_eq!(
        not_met.json()["criteria"],
        json!([last]),
        "{}",
        show(&not_met)
    );
    assert_eq!(
        decide(&w, &w.assessor, &r, met(last, &testimony))
            .await
            .status,
        201
    );
    refused(
        &unit_post(&w, &w.assessor, &r, "sign-off", json!({})).await,
        422,
        "observation_required",
    );
    refused(
        &unit_post(&w, &w.learner, &r, "sign-off", json!({})).await,
        403,
        "forbidden",
    );
    refused(
        &unit_post(&w, &w.learner, &r, "countersign", json!({})).await,
        409,
        "conflict",
    );
    assert_eq!(assessment(&w, &r).await["sign_offs"], json!([]));
    Ok(())
}

#[actix_web::test]
async fn a_locked_unit_refuses_changes_until_a_centre_admin_unlocks_it_with_a_reason() -> TestResult
{
    let w = World::new().await?;
    let (r, e, criteria) = unit_002_all_met(&w).await?;
    assert_eq!(observe(&w, &r).await.status, 201);
    assert_eq!(
        unit_post(&w, &w.assessor, &r, "sign-off", json!({}))
            .await
            .status,
        201
    );
    let item = criteria.first().ok_or("no criteria")?;
    let locked = decide(&w, &w.assessor, &r, met(item, &e)).await;
    refused(&locked, 409, "conflict");
    assert!(
        locked.json()["detail"]
            .as_str()
            .is_some_and(|d| d.contains("signed off and locked")),
        "{}",
        show(&locked)
    );
    let edit = w.app.send(Req::new(Method::PUT, &format!("/api/v1/evidence/{e}")).bearer(&w.learner.token).json(&json!({"kind": "reflective_account", "title": "Changed", "activity_date": "2027-01-12", "text": "Changed."}))).await;
    refused(&edit, 409, "conflict");
    let remap = w
        .app
        .send(
            Req::new(Method::PUT, &format!("/api/v1/evidence/{e}/mappings"))
                .bearer(&w.learner.token)
                .json(&json!({"criteria": []})),
        )
        .await;
    refused(&remap, 409, "conflict");
    // Evidence of Unit 001 is not locked.
    evidence(
        &w,
        &r,
        "written_assignment",
        &["cg-3085/u001/lo1/ac1.1".to_owned()],
    )
    .await?;
    // Unlock: a reason is needed; the assessor and the learner may not.
    refused(
        &unit_post(&w, &w.centre_admin, &r, "unlock", json!({"reason": " "})).await,
        422,
        "invalid",
    );
    refused(
        &unit_post(&w, &w.assessor, &r, "unlock", json!({"reason": "Mine"})).await,
        403,
        "forbidden",
    );
    let unlocked = unit_post(
        &w,
        &w.centre_admin,
        &r,
        "unlock",
        json!({"reason": "Evidence for 1.1 was misfiled"}),
    )
    .await;
    assert_eq!(unlocked.status, 200, "{}", show(&unlocked));
    refused(
        &unit_post(
            &w,
            &w.centre_admin,
            &r,
            "unlock",
            json!({"reason": "Again"}),
        )
        .await,
        409,
        "conflict",
    );
    let audit = w
        .app
        .send(
            Req::get(&format!("/api/v1/centres/{}/audit", w.centre_a))
                .bearer(&w.centre_admin.token),
        )
        .await;
    assert!(
        audit.body.contains("unit_unlocked")
            && audit.body.contains("Evidence for 1.1 was misfiled"),
        "{}",
        show(&audit)
    );
    // Open again: a new round voids the sign-off's signature, visibly.
    assert_eq!(decide(&w, &w.assessor, &r, met(item, &e)).await.status, 201);
    let record = assessment(&w, &r).await;
    assert_eq!(record["locked_units"], json!([]));
    assert_eq!(record["sign_offs"][0]["signatures"][0]["valid"], false);
    let page = w.page_session(&w.assessor).await?;
    let shown = w
        .app
        .send(Req::get(&format!("/registrations/{r}/assessment")).session(&page.cookie))
        .await;
    assert!(
        shown
            .body
            .contains("signature void: content changed since signing"),
        "{}",
        show(&shown)
    );
    Ok(())
}

#[actix_web::test]
async fn the_assessor_judges_through_the_page() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let item = "cg-3085/u001/lo1/ac1.1";
    // C4: Unit 001 is judged on the learner's submission of the assignment in force.
    let e = crate::assignments::in_force_and_submitted(&w, &r).await?;
    let page = w.page_session(&w.assessor).await?;
    let form = w
        .app
        .send(Req::get(&format!("/registrations/{r}/assessment?item={item}")).session(&page.cookie))
        .await;
    assert_eq!(form.status, 200, "{}", show(&form));
    assert_eq!(form.field("replaces_round").as_deref(), Some("0"));
    let post = |fields: Vec<(&'static str, String)>| {
        let mut pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        pairs.push(("csrf_token", &page.csrf));
        Req::post(&format!("/registrations/{r}/decisions"))
            .session(&page.cookie)
            .same_origin()
            .form(&pairs)
    };
    let missing = w
        .app
        .send(post(vec![
            ("criterion_id", item.into()),
            ("evidence_ids", e.clone()),
            ("replaces_round", "0".into()),
        ]))
        .await;
    assert_eq!(missing.status, 422);
    assert!(
        missing.body.contains("Choose met or not yet met"),
        "{}",
        show(&missing)
    );
    let done = w
        .app
        .send(post(vec![
            ("criterion_id", item.into()),
            ("outcome", "met".into()),
            ("evidence_ids", e.clone()),
            ("feedback", "Good.".into()),
            ("replaces_round", "0".into()),
        ]))
        .await;
    assert_eq!(done.status, 303, "{}", show(&done));
    assert_eq!(assessment(&w, &r).await["decisions"][item], "met");
    // The learner's page has no judgement form.
    let learner = w.page_session(&w.learner).await?;
    let theirs = w
        .app
        .send(Req::get(&format!("/registrations/{r}/assessment")).session(&learner.cookie))
        .await;
    assert!(
        !theirs.body.contains("Record a judgement"),
        "{}",
        show(&theirs)
    );
    Ok(())
}
