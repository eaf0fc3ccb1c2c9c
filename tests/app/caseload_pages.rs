//! Issue 19: the caseload a page at a time (in name order, default 50, `next` continues),
//! searchable by name or qualification, narrowed to learners with evidence waiting, with the
//! count from SQL; a page size or place that cannot be read is refused in words.

use std::collections::HashSet;

use serde_json::Value;

use crate::statements::add_learners;
use crate::support::{Req, TestResult};
use crate::world::World;

async fn caseload(w: &World, query: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let reply = w
        .app
        .send(Req::get(&format!("/api/v1/caseload{query}")).bearer(&w.assessor.token))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    Ok(reply.json())
}

fn names(page: &Value) -> Vec<String> {
    page["learners"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["learner_name"].as_str().map(str::to_owned))
        .collect()
}

#[actix_web::test]
async fn the_caseload_comes_a_page_at_a_time_with_every_learner_once_in_name_order() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..120)?;
    let mut seen = HashSet::new();
    let mut all_names = Vec::new();
    let mut query = "?per_page=50".to_owned();
    let mut pages = 0;
    let total = loop {
        let page = caseload(&w, &query).await?;
        pages += 1;
        for learner in page["learners"].as_array().into_iter().flatten() {
            let id = learner["registration_id"].as_str().unwrap_or_default();
            assert!(seen.insert(id.to_owned()), "{id} shown twice");
        }
        assert!(names(&page).len() <= 50);
        all_names.extend(names(&page));
        match page["next"].as_str() {
            Some(next) => query = format!("?per_page=50&after={next}"),
            None => break page["total"].as_i64().unwrap_or(-1),
        }
    };
    assert_eq!(
        seen.len() as i64,
        total,
        "every learner counted is shown once"
    );
    assert!(total >= 121, "{total}");
    assert_eq!(pages, (total + 49) / 50);
    let mut sorted = all_names.clone();
    sorted.sort();
    assert_eq!(all_names, sorted, "in name order");
    // The default page is 50.
    assert_eq!(names(&caseload(&w, "").await?).len(), 50);
    Ok(())
}

#[actix_web::test]
async fn a_search_finds_learners_by_name_whatever_the_case_or_by_qualification() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..120)?;
    let found = caseload(&w, "?q=lEaRnEr%2011").await?;
    let mut expected: Vec<String> = std::iter::once(11)
        .chain(110..120)
        .map(|n| format!("Learner {n}"))
        .collect();
    expected.sort();
    assert_eq!(names(&found), expected);
    assert_eq!(found["total"], 11);
    // "%" is a character to find, not a wildcard.
    assert_eq!(caseload(&w, "?q=%25").await?["total"], 0);
    // Every added learner is on the world's qualification: its number finds them all.
    let by_qualification = caseload(&w, "?q=FX35&per_page=200").await?;
    assert!(
        by_qualification["total"].as_i64().unwrap_or(0) >= 121,
        "{by_qualification}"
    );
    Ok(())
}

#[actix_web::test]
async fn only_learners_with_evidence_waiting_when_asked() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..30)?;
    assert_eq!(caseload(&w, "?waiting=true").await?["total"], 0);
    w.map_declare_and_submit(&w.evidence, &["sqa-fx35-35/er1"])
        .await;
    let waiting = caseload(&w, "?waiting=true").await?;
    assert_eq!(waiting["total"], 1, "{waiting}");
    assert_eq!(
        waiting["learners"][0]["registration_id"],
        w.registration.as_str()
    );
    assert_eq!(waiting["learners"][0]["awaiting_assessment"], 1);
    Ok(())
}

/// Each query (`?…`) sent to `path` with `token` is refused with 422 and the field's message.
pub(crate) async fn refused_in_words(
    w: &World,
    path: &str,
    token: &str,
    cases: &[(&str, &str, &str)],
) {
    for (query, field, message) in cases {
        let reply = w
            .app
            .send(Req::get(&format!("{path}{query}")).bearer(token))
            .await;
        assert_eq!(reply.status, 422, "{query}: {}", reply.body);
        let errors = reply.json()["errors"].clone();
        assert_eq!(errors[0]["field"], *field, "{query}: {errors}");
        assert_eq!(errors[0]["message"], *message, "{query}: {errors}");
    }
}

#[actix_web::test]
async fn a_page_size_or_place_that_cannot_be_read_is_refused_in_words() -> TestResult {
    let w = World::new().await?;
    let cases = [
        (
            "?per_page=500",
            "per_page",
            "Show from 1 to 200 learners a page.",
        ),
        (
            "?per_page=0",
            "per_page",
            "Show from 1 to 200 learners a page.",
        ),
        (
            "?per_page=many",
            "per_page",
            "Show from 1 to 200 learners a page.",
        ),
        (
            "?after=not-a-place",
            "after",
            "That place in the list cannot be found; start from the first page.",
        ),
    ];
    refused_in_words(&w, "/api/v1/caseload", &w.assessor.token, &cases).await;
    Ok(())
}

#[actix_web::test]
async fn the_caseload_page_keeps_the_search_and_links_on_to_the_next_page() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..60)?;
    let session = w.page_session(&w.assessor).await?;
    let page = w
        .app
        .send(Req::get("/caseload?q=Learner&per_page=25").session(&session.cookie))
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
        page.body.contains("q=Learner&amp;per_page=25&amp;after="),
        "{}",
        page.body
    );
    let none = w
        .app
        .send(Req::get("/caseload?q=Nobody%20called%20this").session(&session.cookie))
        .await;
    assert!(none.body.contains("No learner matches."), "{}", none.body);
    // A page size typed into the address that cannot be used shows the first page as usual.
    let odd = w
        .app
        .send(Req::get("/caseload?per_page=9999").session(&session.cookie))
        .await;
    assert_eq!(odd.status, 200, "{}", odd.body);
    Ok(())
}
