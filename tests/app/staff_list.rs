//! Issue 19: a centre's people a page at a time, in name order: its staff by default (anyone
//! with a role other than learner), one role's holders, or everyone; found by words in a name or
//! email; counted in SQL; refused in words when the query cannot be read. The centre page and
//! the API (centre administrator) alike.

use std::collections::HashSet;

use serde_json::Value;

use crate::caseload_pages::refused_in_words;
use crate::statements::add_learners;
use crate::support::{Req, TestResult};
use crate::world::World;

type Error = Box<dyn std::error::Error>;

async fn people(w: &World, query: &str) -> Result<Value, Error> {
    let path = format!("/api/v1/centres/{}/users{query}", w.centre_a);
    let reply = w
        .app
        .send(Req::get(&path).bearer(&w.centre_admin.token))
        .await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    Ok(reply.json())
}

fn names(page: &Value) -> Vec<String> {
    page["people"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect()
}

#[actix_web::test]
async fn the_staff_come_a_page_at_a_time_each_once_in_name_order() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..120)?;
    let (mut seen, mut all) = (HashSet::new(), Vec::new());
    let mut query = "?per_page=2".to_owned();
    let total = loop {
        let page = people(&w, &query).await?;
        for person in page["people"].as_array().into_iter().flatten() {
            let id = person["id"].as_str().unwrap_or_default().to_owned();
            assert!(seen.insert(id.clone()), "{id} shown twice");
            let roles = person["roles"].as_array().cloned().unwrap_or_default();
            assert!(
                roles.iter().any(|r| r != "learner"),
                "only staff by default: {person}"
            );
        }
        all.extend(names(&page));
        match page["next"].as_str() {
            Some(next) => query = format!("?per_page=2&after={next}"),
            None => break page["total"].as_i64().unwrap_or(-1),
        }
    };
    assert_eq!(
        total, 5,
        "the administrator, tutor, assessor, IQA and spare tutor"
    );
    assert_eq!(seen.len(), 5);
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted, "in name order");
    Ok(())
}

#[actix_web::test]
async fn a_role_or_words_choose_whom_the_list_holds() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..120)?;
    let learners = people(&w, "?role=learner").await?;
    assert_eq!(learners["total"], 122, "the world's two and the 120 added");
    assert_eq!(names(&learners).len(), 50, "50 a page by default");
    let everyone = people(&w, "?role=everyone").await?;
    assert_eq!(everyone["total"], 127);
    let spare = people(&w, "?q=SPARE").await?;
    assert_eq!(names(&spare), ["Sam Spare"]);
    assert_eq!(spare["people"][0]["roles"][0], "tutor");
    let by_email = people(&w, "?q=iqa%40a.example").await?;
    assert_eq!(by_email["total"], 1, "{by_email}");
    let tutors = people(&w, "?role=tutor").await?;
    assert_eq!(tutors["total"], 2, "{tutors}");
    Ok(())
}

#[actix_web::test]
async fn a_query_that_cannot_be_read_is_refused_in_words() -> TestResult {
    let w = World::new().await?;
    let path = format!("/api/v1/centres/{}/users", w.centre_a);
    let cases = [
        (
            "?role=boss",
            "role",
            "Choose the staff, everyone, or one role.",
        ),
        (
            "?per_page=0",
            "per_page",
            "Show from 1 to 200 learners a page.",
        ),
        (
            "?after=nowhere",
            "after",
            "That place in the list cannot be found; start from the first page.",
        ),
    ];
    refused_in_words(&w, &path, &w.centre_admin.token, &cases).await;
    let by_iqa = w.app.send(Req::get(&path).bearer(&w.iqa.token)).await;
    assert_eq!(by_iqa.status, 403, "{}", by_iqa.body);
    let by_b = w.app.send(Req::get(&path).bearer(&w.admin_b.token)).await;
    assert_eq!(by_b.status, 404, "{}", by_b.body);
    Ok(())
}

#[actix_web::test]
async fn the_centre_page_lists_the_staff_and_links_on_to_the_next_page() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..60)?;
    let admin = w.page_session(&w.centre_admin).await?;
    let path = format!("/centres/{}", w.centre_a);
    let page = w.app.send(Req::get(&path).session(&admin.cookie)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("5 people."), "{}", page.body);
    assert!(
        page.body.contains("Internal quality assurer"),
        "roles in words"
    );
    assert!(!page.body.contains("Learner 7"), "learners are not staff");
    let learners = w
        .app
        .send(Req::get(&format!("{path}?role=learner&per_page=25")).session(&admin.cookie))
        .await;
    assert!(
        learners.body.contains("62 people; this page shows 25"),
        "{}",
        learners.body
    );
    assert!(
        learners.body.contains("Next 25 people"),
        "{}",
        learners.body
    );
    assert!(
        learners
            .body
            .contains("role=learner&amp;per_page=25&amp;after="),
        "{}",
        learners.body
    );
    for odd in ["?per_page=9999", "?after=nowhere", "?role=boss"] {
        let reply = w
            .app
            .send(Req::get(&format!("{path}{odd}")).session(&admin.cookie))
            .await;
        assert_eq!(reply.status, 200, "{odd}: {}", reply.body);
        assert!(reply.body.contains("5 people."), "{odd}: the staff");
    }
    Ok(())
}
