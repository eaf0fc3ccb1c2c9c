//! Issue 19: a centre's registrations a page at a time (in learner-name order, default 50,
//! `next` continues), found by a learner's name or a qualification, narrowed to those in
//! progress or withdrawn, counted in SQL; refused in words when the query cannot be read; the
//! centre administrator's page and the API (administrator or IQA) alike.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::caseload_pages::refused_in_words;
use crate::statements::add_learners;
use crate::support::{Req, TestResult};
use crate::world::{Person, World};

type Error = Box<dyn std::error::Error>;

async fn listed(w: &World, who: &Person, query: &str) -> Result<Value, Error> {
    let path = format!("/api/v1/centres/{}/registrations{query}", w.centre_a);
    let reply = w.app.send(Req::get(&path).bearer(&who.token)).await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    Ok(reply.json())
}

fn names(page: &Value) -> Vec<String> {
    page["registrations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["learner_name"].as_str().map(str::to_owned))
        .collect()
}

#[actix_web::test]
async fn the_registrations_come_a_page_at_a_time_each_once_in_name_order() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..120)?;
    let (mut seen, mut all, mut pages) = (HashSet::new(), Vec::new(), 0);
    let mut query = "?per_page=50".to_owned();
    let total = loop {
        let page = listed(&w, &w.iqa, &query).await?;
        pages += 1;
        for r in page["registrations"].as_array().into_iter().flatten() {
            let id = r["id"].as_str().unwrap_or_default().to_owned();
            assert!(seen.insert(id.clone()), "{id} shown twice");
        }
        all.extend(names(&page));
        match page["next"].as_str() {
            Some(next) => query = format!("?per_page=50&after={next}"),
            None => break page["total"].as_i64().unwrap_or(-1),
        }
    };
    assert!(total >= 121, "{total}");
    assert_eq!(
        seen.len() as i64,
        total,
        "every registration counted is shown once"
    );
    assert_eq!(pages, (total + 49) / 50);
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted, "in name order");
    assert_eq!(
        names(&listed(&w, &w.centre_admin, "").await?).len(),
        50,
        "50 by default"
    );
    Ok(())
}

#[actix_web::test]
async fn a_search_and_the_status_narrow_the_list() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..30)?;
    let found = listed(&w, &w.centre_admin, "?q=LEARNER%202").await?;
    let mut expected: Vec<String> = std::iter::once(2)
        .chain(20..30)
        .map(|n| format!("Learner {n}"))
        .collect();
    expected.sort();
    assert_eq!(names(&found), expected);
    assert_eq!(found["total"], 11);
    let withdraw = Req::post(&format!(
        "/api/v1/registrations/{}/withdraw",
        w.registration
    ))
    .bearer(&w.centre_admin.token)
    .json(&json!({"reason": "Left the employer"}));
    assert_eq!(w.app.send(withdraw).await.status, 204);
    let withdrawn = listed(&w, &w.centre_admin, "?status=withdrawn").await?;
    assert_eq!(withdrawn["total"], 1, "{withdrawn}");
    assert_eq!(withdrawn["registrations"][0]["id"], w.registration.as_str());
    let active = listed(&w, &w.centre_admin, "?status=active&per_page=200").await?;
    let everyone = listed(&w, &w.centre_admin, "?per_page=200").await?;
    assert_eq!(
        active["total"].as_i64().map(|n| n + 1),
        everyone["total"].as_i64(),
        "in progress and withdrawn make everyone"
    );
    Ok(())
}

#[actix_web::test]
async fn a_query_that_cannot_be_read_is_refused_in_words() -> TestResult {
    let w = World::new().await?;
    let path = format!("/api/v1/centres/{}/registrations", w.centre_a);
    let cases = [
        (
            "?per_page=201",
            "per_page",
            "Show from 1 to 200 learners a page.",
        ),
        (
            "?per_page=some",
            "per_page",
            "Show from 1 to 200 learners a page.",
        ),
        (
            "?status=finished",
            "status",
            "Choose learners in progress, withdrawn, or both.",
        ),
        (
            "?after=nowhere",
            "after",
            "That place in the list cannot be found; start from the first page.",
        ),
    ];
    refused_in_words(&w, &path, &w.centre_admin.token, &cases).await;
    let by_assessor = w.app.send(Req::get(&path).bearer(&w.assessor.token)).await;
    assert_eq!(by_assessor.status, 403, "{}", by_assessor.body);
    Ok(())
}

#[actix_web::test]
async fn the_registrations_page_keeps_the_search_and_links_on_to_the_next_page() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..60)?;
    let admin = w.page_session(&w.centre_admin).await?;
    let path = format!("/centres/{}/registrations", w.centre_a);
    let page = w
        .app
        .send(
            Req::get(&format!("{path}?q=Learner&status=active&per_page=25")).session(&admin.cookie),
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains(r#"value="Learner""#),
        "the search stays in its box"
    );
    assert!(
        page.body
            .contains("61 learners; this page shows 25, from Learner 0 to Learner 30."),
        "{}",
        page.body
    );
    assert!(page.body.contains("Next 25 learners"), "{}", page.body);
    assert!(
        page.body
            .contains("q=Learner&amp;status=active&amp;per_page=25&amp;after="),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Register a learner"),
        "the form is still there"
    );
    let none = w
        .app
        .send(Req::get(&format!("{path}?q=Nobody%20called%20this")).session(&admin.cookie))
        .await;
    assert!(none.body.contains("No learner matches."), "{}", none.body);
    // What cannot be used in the address shows the first page as usual.
    for odd in ["?per_page=9999", "?after=nowhere", "?status=finished"] {
        let reply = w
            .app
            .send(Req::get(&format!("{path}{odd}")).session(&admin.cookie))
            .await;
        assert_eq!(reply.status, 200, "{odd}: {}", reply.body);
    }
    Ok(())
}
