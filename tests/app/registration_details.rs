//! The exams officer changes a registration's details after it is made: the awarding body's
//! reference, place, planned end and support, through the API and the page; each bad field named,
//! what was typed kept, the change in the history and the audit trail, others refused.

use actix_web::http::Method;
use serde_json::json;

use crate::support::{Req, TestResult};
use crate::world::{World, show};

fn details(reference: &str, end: &str) -> serde_json::Value {
    json!({"awarding_body_ref": reference, "employer": "Care at Home Ltd", "workplace": "Riverside day service",
        "planned_end_date": end, "support_needs": "Large print, please.", "reasonable_adjustments": ""})
}

#[actix_web::test]
async fn a_centre_administrator_changes_the_details_and_the_history_says_what_changed() -> TestResult
{
    let w = World::new().await?;
    let path = format!("/api/v1/registrations/{}/details", w.registration);
    let changed = w
        .app
        .send(
            Req::new(Method::PUT, &path)
                .bearer(&w.centre_admin.token)
                .json(&details("123456789", "2027-12-17")),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", show(&changed));
    assert_eq!(changed.json()["awarding_body_ref"], "123456789");
    assert_eq!(changed.json()["support_needs"], "Large print, please.");

    let read = w
        .app
        .send(
            Req::get(&format!("/api/v1/registrations/{}", w.registration))
                .bearer(&w.centre_admin.token),
        )
        .await;
    let history = read.json().to_string();
    assert!(history.contains("details_changed"), "{history}");
    assert!(
        history.contains("the support needs"),
        "the change is named in words: {history}"
    );
    Ok(())
}

#[actix_web::test]
async fn bad_details_are_refused_naming_each_field_and_others_may_not_change_them() -> TestResult {
    let w = World::new().await?;
    let path = format!("/api/v1/registrations/{}/details", w.registration);
    let bad = w
        .app
        .send(
            Req::new(Method::PUT, &path)
                .bearer(&w.centre_admin.token)
                .json(&details("12", "2020-01-01")),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", show(&bad));
    let fields: Vec<String> = bad.json()["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(fields, ["awarding_body_ref", "planned_end_date"]);
    assert!(
        bad.json()["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("9 digits"))
    );

    let assessor = w
        .app
        .send(
            Req::new(Method::PUT, &path)
                .bearer(&w.assessor.token)
                .json(&details("123456789", "2027-12-17")),
        )
        .await;
    assert_eq!(assessor.status, 403, "{}", show(&assessor));
    Ok(())
}

#[actix_web::test]
async fn the_page_form_keeps_what_was_typed_on_a_refusal() -> TestResult {
    let w = World::new().await?;
    let session = w.page_session(&w.centre_admin).await?;
    let path = format!("/registrations/{}/details", w.registration);
    let shown = w.app.send(Req::get(&path).session(&session.cookie)).await;
    assert_eq!(shown.status, 200, "{}", show(&shown));
    assert!(shown.body.contains("Scottish Candidate Number"));
    let post = |reference: &'static str, end: &'static str| {
        Req::post(&path)
            .session(&session.cookie)
            .same_origin()
            .form(&[
                ("csrf_token", session.csrf.as_str()),
                ("awarding_body_ref", reference),
                ("employer", "Care at Home Ltd"),
                ("workplace", "Riverside day service, Inverness"),
                ("planned_end_date", end),
                ("support_needs", "Reads best on paper."),
            ])
    };
    let refused = w.app.send(post("987654321", "not a date")).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(refused.body.contains("There is a problem"));
    assert!(
        refused.body.contains("987654321"),
        "the reference typed is kept"
    );
    assert!(
        refused.body.contains("Reads best on paper."),
        "the support typed is kept"
    );
    assert!(refused.body.contains("Riverside day service, Inverness"));

    let saved = w.app.send(post("987654321", "2027-11-30")).await;
    assert_eq!(saved.status, 303, "{}", show(&saved));
    assert_eq!(
        saved.header("location"),
        format!("/registrations/{}?done=details", w.registration)
    );
    let page = w
        .app
        .send(
            Req::get(&format!("/registrations/{}?done=details", w.registration))
                .session(&session.cookie),
        )
        .await;
    assert!(
        page.body.contains("Details changed"),
        "the history names the change in words"
    );
    assert!(page.body.contains("987654321"));
    Ok(())
}
