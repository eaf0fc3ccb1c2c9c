//! Certification claims: who is ready and what the others lack, a claim made once, the claim
//! file per awarding body (formula-safe), the summary and achievement record PDFs read back with
//! `pdftotext`, submission locking the records, certificates, and a return.

mod documents;
mod holds;
mod page;
pub mod ready;

use actix_web::http::Method;
use eportfolio::clock::Clock;
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::World;
use ready::{iqa_checked, register, sign_off};

const Q01: &str = "cg-3085-01";
const U001: &str = "cg-3085/u001";

pub(crate) async fn admin(w: &World, method: Method, path: &str, body: Value) -> Reply {
    w.app
        .send(
            Req::new(method, path)
                .bearer(&w.centre_admin.token)
                .json(&body),
        )
        .await
}

/// Text of a PDF as `pdftotext` reads it (poppler-utils; `.ci/run` installs it).
fn pdf_text(bytes: &[u8]) -> Result<String, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes)?;
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()?;
    if !out.status.success() {
        return Err(format!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// The world, its assessor made eligible, and `names` registered on 3085-01 with Unit 001
/// signed off and countersigned.
async fn with_ready(w: &World, names: &[&str]) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    crate::portfolio::make_staff_eligible(w)?;
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let id = register(
            w,
            name,
            &format!("ready{i}@example.org"),
            Q01,
            &format!("ABC{:04}", 1000 + i),
        )
        .await?;
        sign_off(w, &id, U001, true)?;
        iqa_checked(w, &id, U001)?;
        ids.push(id);
    }
    Ok(ids)
}

#[actix_web::test]
async fn eligibility_lists_who_is_ready_and_what_the_others_still_need() -> TestResult {
    let w = World::new().await?;
    let ready = with_ready(&w, &["Siân Jones"]).await?;
    let waiting = register(&w, "Zoë Brown", "zoe@example.org", Q01, "ABC2000").await?;
    sign_off(&w, &waiting, U001, false)?;
    let reply = admin(
        &w,
        Method::GET,
        &format!("/api/v1/centres/{}/claims/eligible", w.centre_a),
        Value::Null,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    let ids = |list: &Value| -> Vec<String> {
        list.as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["registration_id"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(ids(&body["ready"]).contains(&ready[0]));
    let zoe = body["not_ready"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["registration_id"] == waiting.as_str())
        .ok_or("Zoë is listed")?;
    assert_eq!(zoe["missing"][0], "Unit 001 (Understand the context of personalisation) is signed off, but the learner has not countersigned it.".replace("Understand the context of personalisation", &unit_title(&w)));
    Ok(())
}

fn unit_title(w: &World) -> String {
    w.app
        .state()
        .curriculum
        .unit(U001)
        .map(|(_, u)| u.title.clone())
        .unwrap_or_default()
}

#[actix_web::test]
async fn a_learner_who_is_not_ready_is_refused_with_the_reason() -> TestResult {
    let w = World::new().await?;
    crate::portfolio::make_staff_eligible(&w)?;
    let waiting = register(&w, "Łukasz Nowak", "lukasz@example.org", Q01, "ABC3000").await?;
    let reply = admin(
        &w,
        Method::POST,
        &format!("/api/v1/centres/{}/claims", w.centre_a),
        json!({"registration_ids": [waiting]}),
    )
    .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(reply.json()["code"], "not_ready_for_claim");
    let detail = reply.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        detail.contains("Łukasz Nowak: Unit 001")
            && detail.contains("is not signed off by the assessor yet"),
        "{detail}"
    );
    Ok(())
}

#[actix_web::test]
async fn a_claim_is_made_once_exported_safely_submitted_locked_and_certificated() -> TestResult {
    let w = World::new().await?;
    let names = ["Mòrag Ó Súilleabháin", "=Siân Zoë", "李明"];
    let ids = with_ready(&w, &names).await?;
    let a = &w.centre_a;
    let made = admin(
        &w,
        Method::POST,
        &format!("/api/v1/centres/{a}/claims"),
        json!({"registration_ids": ids}),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let claim = made.json()["id"].as_str().unwrap_or_default().to_owned();

    // Nobody is claimed twice for the same qualification.
    let again = admin(
        &w,
        Method::POST,
        &format!("/api/v1/centres/{a}/claims"),
        json!({"registration_ids": [ids[0]]}),
    )
    .await;
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(
        again.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("Already claimed for this qualification.")
    );

    // The claims page names the claim and its qualification in words, never by id.
    let session = w.page_session(&w.centre_admin).await?;
    let page = w
        .app
        .send(Req::get(&format!("/centres/{a}/claims")).session(&session.cookie))
        .await;
    assert!(
        page.body.contains("City &amp; Guilds claim made"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(&format!("Claim {}", &claim[..8])));
    assert!(!page.body.contains(">cg-3085-01</td>"), "{}", page.body);

    // The claim file: City & Guilds columns, one row per unit, no formula.
    let csv = admin(
        &w,
        Method::GET,
        &format!("/api/v1/claims/{claim}/export.csv"),
        Value::Null,
    )
    .await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-disposition").starts_with("attachment"));
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next(),
        Some(
            "centre_number,enrolment_number,learner_name,date_of_birth,qualification_number,unit_number,achievement_date"
        )
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3, "{}", csv.body);
    assert!(
        rows.iter().any(|r| r.contains(",'=Siân Zoë,")),
        "{}",
        csv.body
    );
    assert!(
        rows.iter().all(|r| r.contains(",3085-01,001,")),
        "{}",
        csv.body
    );

    // The summary PDF prints every name as written.
    let pdf = admin(
        &w,
        Method::GET,
        &format!("/api/v1/claims/{claim}/summary.pdf"),
        Value::Null,
    )
    .await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    let text = pdf_text(&pdf.bytes)?;
    for name in names {
        assert!(text.contains(name), "{name} in {text}");
    }
    assert!(text.contains("Page 1 of 1"), "{text}");

    // An evidence item made before submission cannot change after it.
    let item = w.app.send(Req::post(&format!("/api/v1/registrations/{}/evidence", ids[0])).bearer(&w.assessor.token)
        .json(&json!({"kind": "reflective_account", "title": "Notes", "activity_date": "2027-01-12", "text": "Notes."}))).await;
    assert_eq!(item.status, 201, "{}", item.body);
    let evidence = item.json()["id"].as_str().unwrap_or_default().to_owned();
    let submitted = admin(
        &w,
        Method::POST,
        &format!("/api/v1/claims/{claim}/submit"),
        Value::Null,
    )
    .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let edit = w.app.send(Req::new(Method::PUT, &format!("/api/v1/evidence/{evidence}")).bearer(&w.assessor.token)
        .json(&json!({"kind": "reflective_account", "title": "Changed", "activity_date": "2027-01-12", "text": "Changed."}))).await;
    assert_eq!(edit.status, 409, "{}", edit.body);
    assert!(
        edit.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("submitted certification claim")
    );

    // Certificates: every learner needs a number and a date.
    let missing = admin(
        &w,
        Method::POST,
        &format!("/api/v1/claims/{claim}/certificated"),
        json!({"learners": []}),
    )
    .await;
    assert_eq!(missing.status, 422, "{}", missing.body);
    let today = w.app.clock().now().date_naive().to_string();
    let learners: Vec<Value> = ids.iter().enumerate().map(|(i, id)| json!({"registration_id": id, "certificate_number": format!("CG-{i}"), "certificated_on": today})).collect();
    let done = admin(
        &w,
        Method::POST,
        &format!("/api/v1/claims/{claim}/certificated"),
        json!({"learners": learners}),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.json()["status"], "certificated");
    let twice = admin(
        &w,
        Method::POST,
        &format!("/api/v1/claims/{claim}/submit"),
        Value::Null,
    )
    .await;
    assert_eq!(twice.status, 409, "{}", twice.body);

    // The achievement record names the learner, the unit's criteria and the certificate.
    let record = admin(
        &w,
        Method::GET,
        &format!("/api/v1/registrations/{}/record.pdf", ids[0]),
        Value::Null,
    )
    .await;
    assert_eq!(record.status, 200);
    let text = pdf_text(&record.bytes)?;
    assert!(text.contains("Mòrag Ó Súilleabháin"), "{text}");
    assert!(text.contains("CG-0"), "{text}");
    assert!(text.contains("Signed off by"), "{text}");
    Ok(())
}

#[actix_web::test]
async fn a_returned_claim_frees_its_learners_and_keeps_the_reason() -> TestResult {
    let w = World::new().await?;
    let ids = with_ready(&w, &["Zoë Adams"]).await?;
    let a = &w.centre_a;
    let made = admin(
        &w,
        Method::POST,
        &format!("/api/v1/centres/{a}/claims"),
        json!({"registration_ids": ids}),
    )
    .await;
    let claim = made.json()["id"].as_str().unwrap_or_default().to_owned();
    let early = admin(
        &w,
        Method::POST,
        &format!("/api/v1/claims/{claim}/return"),
        json!({"reason": "Wrong"}),
    )
    .await;
    assert_eq!(
        early.status, 409,
        "a draft cannot be returned: {}",
        early.body
    );
    admin(
        &w,
        Method::POST,
        &format!("/api/v1/claims/{claim}/submit"),
        Value::Null,
    )
    .await;
    let blank = admin(
        &w,
        Method::POST,
        &format!("/api/v1/claims/{claim}/return"),
        json!({"reason": " "}),
    )
    .await;
    assert_eq!(blank.status, 422, "{}", blank.body);
    let back = admin(
        &w,
        Method::POST,
        &format!("/api/v1/claims/{claim}/return"),
        json!({"reason": "Enrolment number does not match."}),
    )
    .await;
    assert_eq!(back.status, 200, "{}", back.body);
    assert_eq!(
        back.json()["return_reason"],
        "Enrolment number does not match."
    );
    let again = admin(
        &w,
        Method::POST,
        &format!("/api/v1/centres/{a}/claims"),
        json!({"registration_ids": ids}),
    )
    .await;
    assert_eq!(again.status, 201, "{}", again.body);
    Ok(())
}

#[actix_web::test]
async fn a_withdrawn_learner_is_claimed_for_completed_units_only() -> TestResult {
    let w = World::new().await?;
    crate::portfolio::make_staff_eligible(&w)?;
    let id = register(
        &w,
        "Siân Evans",
        "sian@example.org",
        "cg-3085-02",
        "ABC4000",
    )
    .await?;
    sign_off(&w, &id, U001, true)?;
    iqa_checked(&w, &id, U001)?;
    let withdrawn = admin(
        &w,
        Method::POST,
        &format!("/api/v1/registrations/{id}/withdraw"),
        json!({"reason": "Moved away"}),
    )
    .await;
    assert_eq!(withdrawn.status, 204, "{}", withdrawn.body);
    let eligible = admin(
        &w,
        Method::GET,
        &format!("/api/v1/centres/{}/claims/eligible", w.centre_a),
        Value::Null,
    )
    .await;
    let entry = eligible.json()["ready"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["registration_id"] == id.as_str())
        .cloned()
        .ok_or("listed as ready")?;
    assert_eq!(entry["claimable"], json!({"units": [U001]}));
    let made = admin(
        &w,
        Method::POST,
        &format!("/api/v1/centres/{}/claims", w.centre_a),
        json!({"registration_ids": [id]}),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let claim = admin(
        &w,
        Method::GET,
        &format!(
            "/api/v1/claims/{}",
            made.json()["id"].as_str().unwrap_or_default()
        ),
        Value::Null,
    )
    .await;
    assert_eq!(claim.json()["learners"][0]["kind"], "unit");
    Ok(())
}

#[actix_web::test]
async fn the_claims_page_lists_ready_learners_and_makes_a_claim() -> TestResult {
    let w = World::new().await?;
    let ids = with_ready(&w, &["Mòrag Ó Súilleabháin"]).await?;
    let session = w.page_session(&w.centre_admin).await?;
    let page = w
        .app
        .send(Req::get(&format!("/centres/{}/claims", w.centre_a)).session(&session.cookie))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Mòrag Ó Súilleabháin"));
    let made = w
        .app
        .send(
            Req::post(&format!("/centres/{}/claims", w.centre_a))
                .session(&session.cookie)
                .same_origin()
                .form(&[
                    ("csrf_token", session.csrf.as_str()),
                    ("registration_ids", ids[0].as_str()),
                ]),
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    let to = made.header("location").to_owned();
    let claim = w.app.send(Req::get(&to).session(&session.cookie)).await;
    assert_eq!(claim.status, 200);
    assert!(claim.body.contains("Submit the claim"));
    let id = to
        .trim_start_matches("/claims/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let other = w
        .app
        .send(Req::get(&format!("/claims/{id}")).session(&w.page_session(&w.iqa).await?.cookie))
        .await;
    assert_eq!(
        other.status, 404,
        "only the centre's administrators see claims"
    );
    Ok(())
}
