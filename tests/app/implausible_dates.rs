//! Dates that make sense (issue 17, item 6): a date of birth before 1900, registration dates
//! decades away, an activity in the year 1 and an EQA grant for more than a year are refused
//! with the field named and the reason in words, through the API and the page form.

use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::{World, show};

/// The message a 422 gives for `field`.
fn message_for(reply: &Reply, field: &str) -> String {
    assert_eq!(reply.status, 422, "{}", show(reply));
    assert_eq!(reply.json()["code"], "invalid", "{}", show(reply));
    reply.json()["errors"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .find(|e| e["field"] == field)
        .and_then(|e| e["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("no error for {field} in {}", reply.body))
}

#[actix_web::test]
async fn registration_dates_out_of_any_sense_are_refused_by_field() -> TestResult {
    let w = World::new().await?;
    crate::portfolio::make_staff_eligible(&w)?;
    let a = &w.centre_a;
    let body = |born: &str, start: &str| {
        json!({
            "learner": {"name": "Mòrag O'Neill", "email": "morag.learner@example.org", "date_of_birth": born},
            "qualification_id": "cg-3085-02", "start_date": start, "planned_end_date": "2027-12-01",
            "workplace": "Day service", "assessor_id": w.assessor.id, "iqa_id": w.iqa.id,
        })
    };
    let post = |body: Value| {
        Req::post(&format!("/api/v1/centres/{a}/registrations"))
            .bearer(&w.centre_admin.token)
            .json(&body)
    };
    let born = w.app.send(post(body("0000-06-01", "2027-02-01"))).await;
    assert_eq!(
        message_for(&born, "date_of_birth"),
        "The date of birth must be 1 January 1900 or later"
    );
    let start = w.app.send(post(body("1990-01-01", "1990-02-01"))).await;
    assert_eq!(
        message_for(&start, "start_date"),
        "The start date must be within ten years of today"
    );
    let fine = w.app.send(post(body("1990-01-01", "2027-02-01"))).await;
    assert_eq!(fine.status, 201, "{}", show(&fine));
    Ok(())
}

#[actix_web::test]
async fn an_activity_in_the_year_one_is_refused() -> TestResult {
    let w = World::new().await?;
    let reply = w
        .app
        .send(
            Req::post(&format!("/api/v1/registrations/{}/evidence", w.registration))
                .bearer(&w.learner.token)
                .json(&json!({"kind": "reflective_account", "title": "Old", "activity_date": "0001-01-01"})),
        )
        .await;
    assert_eq!(
        message_for(&reply, "activity_date"),
        "The date of the activity must be within the last ten years"
    );
    Ok(())
}

#[actix_web::test]
async fn an_eqa_grant_lasts_at_most_a_year_through_the_api_and_the_page() -> TestResult {
    let w = World::new().await?;
    let a = &w.centre_a;
    let grant = |until: &str| {
        Req::post(&format!("/api/v1/centres/{a}/eqa-grants"))
            .bearer(&w.centre_admin.token)
            .json(&json!({"name": "Gareth Hughes", "email": "gareth@example.org", "qualification_id": "cg-3085-02", "until": until}))
    };
    let too_long =
        "Access lasts at most a year: choose an end date within a year of today, and renew it then";
    let far = w.app.send(grant("10000-01-01")).await;
    assert!(
        !message_for(&far, "until").starts_with("no error"),
        "{}",
        show(&far)
    );
    let reply = w.app.send(grant("2028-06-01")).await;
    assert_eq!(message_for(&reply, "until"), too_long);
    let session = w.page_session(&w.centre_admin).await?;
    let page = w
        .app
        .send(
            Req::post(&format!("/centres/{a}/eqa-grants"))
                .session(&session.cookie)
                .same_origin()
                .form(&[
                    ("csrf_token", session.csrf.as_str()),
                    ("name", "Gareth Hughes"),
                    ("email", "gareth@example.org"),
                    ("qualification_id", "cg-3085-02"),
                    ("until", "2029-01-01"),
                ]),
        )
        .await;
    assert_eq!(page.status, 422, "{}", show(&page));
    assert!(
        page.body.contains("Access lasts at most a year"),
        "{}",
        show(&page)
    );
    assert!(
        page.body.contains(r#"value="Gareth Hughes""#)
            && page.body.contains(r#"value="2029-01-01""#),
        "what was typed is kept"
    );
    let year = w.app.send(grant("2028-01-15")).await;
    assert_eq!(year.status, 201, "{}", show(&year));
    Ok(())
}
