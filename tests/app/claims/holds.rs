//! What holds a claim back besides an incomplete record (issue 14): the summative IQA check Q2
//! needs where no sampling plan covers the qualification (`iqa_check_required`), the awarding
//! body's reference (`awarding_body_reference_missing`), and a certificated learner's closed
//! portfolio (`registration_certificated`), each through the API and the page form; the
//! enrolment number added later on the registration's details page lets the claim go on.

use actix_web::http::Method;
use eportfolio::clock::Clock;
use serde_json::{Value, json};

use super::admin;
use super::ready::{iqa_checked, register, sign_off};
use crate::support::{Reply, Req, TestResult};
use crate::world::World;

const Q01: &str = "cg-3085-01";
const U001: &str = "cg-3085/u001";

/// Make a claim of `ids` through the API.
async fn claim(w: &World, ids: &[&str]) -> Reply {
    let path = format!("/api/v1/centres/{}/claims", w.centre_a);
    admin(w, Method::POST, &path, json!({"registration_ids": ids})).await
}

/// Make a claim of `id` through the claims page.
async fn claim_on_the_page(w: &World, id: &str) -> Result<Reply, Box<dyn std::error::Error>> {
    let session = w.page_session(&w.centre_admin).await?;
    Ok(w.app
        .send(
            Req::post(&format!("/centres/{}/claims", w.centre_a))
                .session(&session.cookie)
                .same_origin()
                .form(&[
                    ("csrf_token", session.csrf.as_str()),
                    ("registration_ids", id),
                ]),
        )
        .await)
}

fn detail(reply: &Reply) -> String {
    reply.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[actix_web::test]
async fn q2_without_a_plan_a_learner_with_no_summative_iqa_check_is_not_claimed() -> TestResult {
    let w = World::new().await?;
    crate::portfolio::make_staff_eligible(&w)?;
    let id = register(&w, "Mòrag Ross", "morag@example.org", Q01, "ABC5001").await?;
    sign_off(&w, &id, U001, true)?;

    let refused = claim(&w, &[&id]).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json()["code"], "iqa_check_required");
    let said = detail(&refused);
    assert!(
        said.starts_with("These learners cannot be claimed until the internal quality assurer has checked their work. Mòrag Ross: Unit 001")
            && said.contains("has had no summative IQA check; with no sampling plan for this qualification, every unit is checked before a claim."),
        "{said}"
    );

    let page = claim_on_the_page(&w, &id).await?;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body.contains("has had no summative IQA check"),
        "{}",
        page.body
    );

    let eligible = admin(
        &w,
        Method::GET,
        &format!("/api/v1/centres/{}/claims/eligible", w.centre_a),
        Value::Null,
    )
    .await;
    let listed = eligible.json()["not_ready"].to_string();
    assert!(
        listed.contains("has had no summative IQA check"),
        "{listed}"
    );

    iqa_checked(&w, &id, U001)?;
    let made = claim(&w, &[&id]).await;
    assert_eq!(made.status, 201, "{}", made.body);
    Ok(())
}

#[actix_web::test]
async fn a_learner_without_their_enrolment_number_is_not_claimed() -> TestResult {
    let w = World::new().await?;
    crate::portfolio::make_staff_eligible(&w)?;
    let id = register(&w, "Siân Hughes", "sian.h@example.org", Q01, "").await?;
    sign_off(&w, &id, U001, true)?;
    iqa_checked(&w, &id, U001)?;

    let refused = claim(&w, &[&id]).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json()["code"], "awarding_body_reference_missing");
    assert_eq!(
        detail(&refused),
        "These learners cannot be claimed without the reference their awarding body needs. Siân Hughes: No City & Guilds enrolment number is recorded for this learner; add it to their registration."
    );

    let page = claim_on_the_page(&w, &id).await?;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body
            .contains("enrolment number is recorded for this learner"),
        "{}",
        page.body
    );

    // The exams officer adds the number on the registration's details page; the claim goes on.
    let session = w.page_session(&w.centre_admin).await?;
    let form = w
        .app
        .send(Req::get(&format!("/registrations/{id}/details")).session(&session.cookie))
        .await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("City &amp; Guilds enrolment number"));
    let saved = w
        .app
        .send(
            Req::post(&format!("/registrations/{id}/details"))
                .session(&session.cookie)
                .same_origin()
                .form(&[
                    ("csrf_token", session.csrf.as_str()),
                    ("awarding_body_ref", "abc5002"),
                    ("employer", "Care at Home Ltd"),
                    ("workplace", "Riverside day service"),
                    ("planned_end_date", "2027-12-17"),
                ]),
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let made = claim(&w, &[&id]).await;
    assert_eq!(made.status, 201, "{}", made.body);
    Ok(())
}

#[actix_web::test]
async fn a_certificated_registrations_details_no_longer_change() -> TestResult {
    let w = World::new().await?;
    crate::portfolio::make_staff_eligible(&w)?;
    let id = register(&w, "Ewan Bell", "ewan.b@example.org", Q01, "ABC5004").await?;
    sign_off(&w, &id, U001, true)?;
    iqa_checked(&w, &id, U001)?;
    certificated(&w, &id).await?;
    let details = json!({"awarding_body_ref": "ABC5005", "workplace": "Perth", "planned_end_date": "2027-12-17"});
    let refused = admin(
        &w,
        Method::PUT,
        &format!("/api/v1/registrations/{id}/details"),
        details,
    )
    .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(refused.json()["code"], "registration_certificated");
    Ok(())
}

/// Claim `id`, submit the claim and record the certificate: the learner is certificated.
async fn certificated(w: &World, id: &str) -> TestResult {
    let made = claim(w, &[id]).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let claim_id = made.json()["id"].as_str().unwrap_or_default().to_owned();
    let submitted = admin(
        w,
        Method::POST,
        &format!("/api/v1/claims/{claim_id}/submit"),
        Value::Null,
    )
    .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let today = w.app.clock().now().date_naive().to_string();
    let learners = json!({"learners": [{"registration_id": id, "certificate_number": "CG-1", "certificated_on": today}]});
    let done = admin(
        w,
        Method::POST,
        &format!("/api/v1/claims/{claim_id}/certificated"),
        learners,
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    Ok(())
}

#[actix_web::test]
async fn a_certificated_registration_takes_no_new_evidence() -> TestResult {
    let w = World::new().await?;
    crate::portfolio::make_staff_eligible(&w)?;
    let id = register(&w, "Zoë Grant", "zoe.g@example.org", Q01, "ABC5003").await?;
    sign_off(&w, &id, U001, true)?;
    iqa_checked(&w, &id, U001)?;
    certificated(&w, &id).await?;

    let today = w.app.clock().now().date_naive().to_string();
    let item = json!({"kind": "reflective_account", "title": "After the certificate", "activity_date": today, "text": "More."});
    let refused = w
        .app
        .send(
            Req::post(&format!("/api/v1/registrations/{id}/evidence"))
                .bearer(&w.assessor.token)
                .json(&item),
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(refused.json()["code"], "registration_certificated");
    assert_eq!(
        detail(&refused),
        "This learner's certificate has been issued, so their portfolio is closed: it takes no new evidence and nothing in it can change."
    );

    let session = w.page_session(&w.assessor).await?;
    let page = w
        .app
        .send(
            Req::post(&format!("/registrations/{id}/evidence"))
                .session(&session.cookie)
                .same_origin()
                .form(&[
                    ("csrf_token", session.csrf.as_str()),
                    ("kind", "reflective_account"),
                    ("title", "Typed after the certificate"),
                    ("activity_date", today.as_str()),
                    ("text", "More."),
                ]),
        )
        .await;
    assert_eq!(page.status, 409, "{}", page.body);
    assert!(
        page.body.contains("so their portfolio is closed"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Typed after the certificate"),
        "what was typed is kept"
    );
    Ok(())
}
