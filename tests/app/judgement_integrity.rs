//! Issue 14: authenticity before judgement, mapping, and C4 for Unit 002. A met relies only on
//! learner evidence whose current version the learner declared their own, or on the assessor's
//! records; on evidence mapped to the criterion judged (the assessor may map it in the same
//! submission, recorded as theirs and audited); and on Unit 002 on at least one item of
//! performance evidence. Each refusal through the API and the page form; the allowed paths.

use actix_web::http::Method;
use diesel::prelude::*;
use eportfolio::store::audit::{self, AuditFilter};
use eportfolio::store::schema::evidence_mappings;
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

const AC: &str = "cg-3085/u002/lo1/ac1.1";
const OTHER: &str = "cg-3085/u002/lo1/ac1.2";

type Error = Box<dyn std::error::Error>;

/// `who` adds an evidence item of `kind` titled `title`, mapped to `items`; its id.
async fn add(
    w: &World,
    who: &Person,
    r: &str,
    (kind, title): (&str, &str),
    items: &[&str],
) -> Result<String, Error> {
    let created = w
        .app
        .send(Req::post(&format!("/api/v1/registrations/{r}/evidence")).bearer(&who.token).json(&json!({
            "kind": kind, "title": title, "activity_date": "2027-01-12", "text": "What I did with Mrs B."
        })))
        .await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let id = created.json()["id"].as_str().ok_or("no id")?.to_owned();
    let mapped = w
        .app
        .send(
            Req::new(Method::PUT, &format!("/api/v1/evidence/{id}/mappings"))
                .bearer(&who.token)
                .json(&json!({"criteria": items})),
        )
        .await;
    assert_eq!(mapped.status, 200, "{}", show(&mapped));
    Ok(id)
}

/// The learner signs the declaration on the item as it is now.
async fn declare(w: &World, e: &str) {
    let signed = w
        .app
        .send(
            Req::post(&format!("/api/v1/evidence/{e}/declaration"))
                .bearer(&w.learner.token)
                .json(&json!({"typed_name": w.learner.name})),
        )
        .await;
    assert_eq!(signed.status, 201, "{}", show(&signed));
    w.submit(e).await;
}

async fn decide(w: &World, r: &str, body: Value) -> Reply {
    w.app
        .send(
            Req::post(&format!("/api/v1/registrations/{r}/decisions"))
                .bearer(&w.assessor.token)
                .json(&body),
        )
        .await
}

fn met(evidence: &[&str]) -> Value {
    json!({"criterion_id": AC, "outcome": "met", "evidence_ids": evidence, "feedback": "Shown clearly."})
}

/// The assessor posts the judgement form on the assessment page.
async fn page_decide(w: &World, r: &str, fields: &[(&str, &str)]) -> Result<Reply, Error> {
    let page = w.page_session(&w.assessor).await?;
    let mut pairs: Vec<(&str, &str)> = vec![
        ("criterion_id", AC),
        ("outcome", "met"),
        ("feedback", "Kept as I typed it."),
    ];
    if !fields.iter().any(|(k, _)| *k == "replaces_round") {
        pairs.push(("replaces_round", "0"));
    }
    pairs.extend_from_slice(fields);
    pairs.push(("csrf_token", &page.csrf));
    let post = Req::post(&format!("/registrations/{r}/decisions"))
        .session(&page.cookie)
        .same_origin()
        .form(&pairs);
    Ok(w.app.send(post).await)
}

/// The API refusal: status, code and message.
fn refused(reply: &Reply, code: &str, message: &str) {
    assert_eq!(reply.status, 422, "{}", show(reply));
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
    assert_eq!(reply.json()["detail"], message, "{}", show(reply));
}

/// The page refusal: status, the message in words, the code as technical detail, and what was
/// typed kept.
fn page_refused(reply: &Reply, code: &str, message: &str) {
    assert_eq!(reply.status, 422, "{}", show(reply));
    assert!(reply.body.contains(message), "{}", show(reply));
    assert!(
        reply
            .body
            .contains(&format!("<span class=\"id\">{code}</span>")),
        "{}",
        show(reply)
    );
    assert!(
        reply.body.contains("Kept as I typed it."),
        "{}",
        show(reply)
    );
}

const NOT_DECLARED: &str = "\u{201c}Care plan I wrote\u{201d} cannot be relied on yet: the learner has not signed the declaration that it is their own work on its current version.";

#[actix_web::test]
async fn authenticity_undeclared_learner_evidence_is_refused_through_the_api_and_the_page()
-> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let e = add(
        &w,
        &w.learner,
        &r,
        ("work_product", "Care plan I wrote"),
        &[AC],
    )
    .await?;
    refused(
        &decide(&w, &r, met(&[&e])).await,
        "evidence_not_declared",
        NOT_DECLARED,
    );
    let page = page_decide(&w, &r, &[("evidence_ids", &e)]).await?;
    page_refused(&page, "evidence_not_declared", NOT_DECLARED);

    // Declared, it may be relied on; changed since (submitted, only the assessor may change it
    // now), it may not until declared again.
    declare(&w, &e).await;
    let changed = w.app.send(Req::new(Method::PUT, &format!("/api/v1/evidence/{e}")).bearer(&w.assessor.token).json(&json!({
        "kind": "work_product", "title": "Care plan I wrote", "activity_date": "2027-01-12", "text": "Changed after signing."
    }))).await;
    assert_eq!(changed.status, 200, "{}", show(&changed));
    refused(
        &decide(&w, &r, met(&[&e])).await,
        "evidence_not_declared",
        NOT_DECLARED,
    );
    declare(&w, &e).await;
    let done = page_decide(&w, &r, &[("evidence_ids", &e)]).await?;
    assert_eq!(done.status, 303, "{}", show(&done));
    Ok(())
}

#[actix_web::test]
async fn authenticity_the_assessors_records_need_no_declaration_and_not_yet_met_is_not_restricted()
-> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let record = ("observation_record", "Observation of Mrs B's review");
    let observed = add(&w, &w.assessor, &r, record, &[AC]).await?;
    let met_reply = decide(&w, &r, met(&[&observed])).await;
    assert_eq!(met_reply.status, 201, "{}", show(&met_reply));
    // A not yet met may rely on anything the learner submitted: unmapped, an account.
    let account = add(
        &w,
        &w.learner,
        &r,
        ("reflective_account", "Reflection"),
        &[AC],
    )
    .await?;
    declare(&w, &account).await;
    let body = json!({"criterion_id": OTHER, "outcome": "not_yet_met", "evidence_ids": [account],
        "feedback": "Say how you checked Mrs B's wishes."});
    let referred = decide(&w, &r, body).await;
    assert_eq!(referred.status, 201, "{}", show(&referred));
    Ok(())
}

const NOT_MAPPED: &str = "\u{201c}Fluid chart\u{201d} is not mapped to the criterion being judged. Map it to the criterion, or judge on evidence that is.";

#[actix_web::test]
async fn mapping_unmapped_evidence_is_refused_through_the_api_and_the_page() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let e = add(
        &w,
        &w.learner,
        &r,
        ("work_product", "Fluid chart"),
        &[OTHER],
    )
    .await?;
    declare(&w, &e).await;
    refused(
        &decide(&w, &r, met(&[&e])).await,
        "evidence_not_mapped",
        NOT_MAPPED,
    );
    let page = page_decide(&w, &r, &[("evidence_ids", &e)]).await?;
    page_refused(&page, "evidence_not_mapped", NOT_MAPPED);
    // Mapping only what is relied on.
    let mut outside = met(&[&e]);
    outside["map_evidence_ids"] = json!(["not-relied-on"]);
    let invalid = decide(&w, &r, outside).await;
    assert_eq!(invalid.status, 422, "{}", show(&invalid));
    assert_eq!(invalid.json()["code"], "invalid", "{}", show(&invalid));
    Ok(())
}

/// The mappings of `e` to `AC` and who made them.
fn mappings_to_ac(w: &World, e: &str) -> Result<Vec<String>, Error> {
    let mut conn = w.app.db.db().get()?;
    Ok(evidence_mappings::table
        .filter(evidence_mappings::evidence_id.eq(e))
        .filter(evidence_mappings::item_id.eq(AC))
        .select(evidence_mappings::created_by)
        .load::<String>(&mut conn)?)
}

fn audited_mappings(w: &World, e: &str) -> Result<usize, Error> {
    let mut conn = w.app.db.db().get()?;
    let filter = AuditFilter {
        record_id: Some(e.to_owned()),
        ..Default::default()
    };
    Ok(audit::list(&mut conn, &filter, 100)?
        .iter()
        .filter(|entry| entry.action == "evidence_mapped_by_assessor")
        .count())
}

#[actix_web::test]
async fn mapping_the_assessor_maps_relied_on_evidence_in_the_same_submission() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let e = add(
        &w,
        &w.learner,
        &r,
        ("work_product", "Fluid chart"),
        &[OTHER],
    )
    .await?;
    declare(&w, &e).await;
    let mut body = met(&[&e]);
    body["map_evidence_ids"] = json!([e]);
    let judged = decide(&w, &r, body).await;
    assert_eq!(judged.status, 201, "{}", show(&judged));
    assert_eq!(mappings_to_ac(&w, &e)?, vec![w.assessor.id.clone()]);
    assert_eq!(audited_mappings(&w, &e)?, 1);
    // The learner's own mapping to the other criterion stays.
    let item = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{e}")).bearer(&w.learner.token))
        .await;
    assert_eq!(
        item.json()["criteria"],
        json!([AC, OTHER]),
        "{}",
        show(&item)
    );

    // Through the page: the form offers a checkbox per item not yet mapped to the criterion.
    let second = add(
        &w,
        &w.learner,
        &r,
        ("work_product", "Handover sheet"),
        &[OTHER],
    )
    .await?;
    declare(&w, &second).await;
    let page = w.page_session(&w.assessor).await?;
    let form = w
        .app
        .send(Req::get(&format!("/registrations/{r}/assessment?item={AC}")).session(&page.cookie))
        .await;
    assert!(
        form.body
            .contains(&format!("name=\"map_evidence_ids\" value=\"{second}\"")),
        "{}",
        show(&form)
    );
    assert!(
        !form
            .body
            .contains(&format!("name=\"map_evidence_ids\" value=\"{e}\"")),
        "{}",
        show(&form)
    );
    let done = page_decide(
        &w,
        &r,
        &[
            ("evidence_ids", &second),
            ("map_evidence_ids", &second),
            ("replaces_round", "1"),
        ],
    )
    .await?;
    assert_eq!(done.status, 303, "{}", show(&done));
    assert_eq!(mappings_to_ac(&w, &second)?, vec![w.assessor.id.clone()]);
    assert_eq!(audited_mappings(&w, &second)?, 1);
    Ok(())
}

const ALONE: &str = "Unit 002 is assessed on evidence from real work: \u{201c}Reflection on my shift\u{201d} can support a criterion but never carry it alone. Rely also on at least one item of performance evidence: observation record, work product, witness testimony, professional discussion or questioning record.";

#[actix_web::test]
async fn c4_unit_002_a_reflective_account_alone_is_refused_through_the_api_and_the_page()
-> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let account = ("reflective_account", "Reflection on my shift");
    let a = add(&w, &w.learner, &r, account, &[AC]).await?;
    declare(&w, &a).await;
    refused(
        &decide(&w, &r, met(&[&a])).await,
        "method_not_permitted",
        ALONE,
    );
    let page = page_decide(&w, &r, &[("evidence_ids", &a)]).await?;
    page_refused(&page, "method_not_permitted", ALONE);
    // Supported by a work product, the account may count.
    let p = add(&w, &w.learner, &r, ("work_product", "Care plan"), &[AC]).await?;
    declare(&w, &p).await;
    let done = page_decide(&w, &r, &[("evidence_ids", &a), ("evidence_ids", &p)]).await?;
    assert_eq!(done.status, 303, "{}", show(&done));
    Ok(())
}
