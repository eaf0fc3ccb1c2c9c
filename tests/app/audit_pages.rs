//! Issue 19: the audit trail a page at a time, newest first (default 50, up to 200 a page),
//! `next` (the API) or "Older entries" (the page) continuing before the last entry shown, with
//! the filters kept; a page size that cannot be used is refused in words (the API) or replaced
//! by the usual one (the page).

use std::collections::HashSet;

use serde_json::Value;

use crate::bulk_import::{import, learners};
use crate::caseload_pages::refused_in_words;
use crate::portfolio::make_staff_eligible;
use crate::support::{Req, TestResult};
use crate::world::World;

async fn trail(w: &World, query: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let path = format!("/api/v1/centres/{}/audit{query}", w.centre_a);
    let reply = w
        .app
        .send(Req::get(&path).bearer(&w.centre_admin.token))
        .await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    Ok(reply.json())
}

#[actix_web::test]
async fn the_audit_trail_comes_a_page_at_a_time_newest_first() -> TestResult {
    let w = World::new().await?;
    make_staff_eligible(&w)?;
    let imported = w.app.send(import(&w, learners(&w, "t", 120))).await;
    assert_eq!(imported.status, 201, "{}", imported.body);
    let first = trail(&w, "").await?;
    assert_eq!(
        first["entries"].as_array().map(Vec::len),
        Some(50),
        "50 by default"
    );
    let (mut seen, mut last_seq, mut query) = (HashSet::new(), i64::MAX, String::new());
    let mut pages = 0;
    loop {
        let page = trail(
            &w,
            &format!("?action=learner_registered&per_page=40{query}"),
        )
        .await?;
        pages += 1;
        for entry in page["entries"].as_array().into_iter().flatten() {
            let seq = entry["seq"].as_i64().ok_or("no seq")?;
            assert!(seq < last_seq, "newest first");
            assert!(seen.insert(seq), "{seq} shown twice");
            assert_eq!(
                entry["action"], "learner_registered",
                "the filter holds on every page"
            );
            last_seq = seq;
        }
        match page["next"].as_i64() {
            Some(next) => query = format!("&before={next}"),
            None => break,
        }
    }
    assert!(seen.len() >= 120, "{} registrations", seen.len());
    assert_eq!(pages, seen.len().div_ceil(40));
    refused_in_words(
        &w,
        &format!("/api/v1/centres/{}/audit", w.centre_a),
        &w.centre_admin.token,
        &[
            (
                "?per_page=0",
                "per_page",
                "Show from 1 to 200 entries a page.",
            ),
            (
                "?per_page=201",
                "per_page",
                "Show from 1 to 200 entries a page.",
            ),
        ],
    )
    .await;

    let admin = w.page_session(&w.centre_admin).await?;
    let path = format!(
        "/centres/{}/audit?action=learner_registered&per_page=25",
        w.centre_a
    );
    let page = w.app.send(Req::get(&path).session(&admin.cookie)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Older entries"), "{}", page.body);
    assert!(
        page.body
            .contains("action=learner_registered&amp;per_page=25&amp;before="),
        "{}",
        page.body
    );
    let odd = format!("/centres/{}/audit?per_page=many", w.centre_a);
    let odd = w.app.send(Req::get(&odd).session(&admin.cookie)).await;
    assert_eq!(odd.status, 200, "{}", odd.body);
    Ok(())
}
