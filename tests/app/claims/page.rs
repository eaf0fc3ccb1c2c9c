//! Issue 19: the claims page lists everyone ready to claim whichever page of learners is shown,
//! and the learners a page at a time in name order with what each still needs, found by a
//! search; what cannot be read in the address shows the first page.

use crate::statements::add_learners;
use crate::support::{Req, TestResult};
use crate::world::World;

use super::with_ready;

#[actix_web::test]
async fn the_claims_page_shows_everyone_ready_and_the_others_a_page_at_a_time() -> TestResult {
    let w = World::new().await?;
    add_learners(&w, 0..60)?;
    with_ready(&w, &["Zara Ready"]).await?;
    let admin = w.page_session(&w.centre_admin).await?;
    let path = format!("/centres/{}/claims", w.centre_a);
    let first = w
        .app
        .send(Req::get(&format!("{path}?per_page=25")).session(&admin.cookie))
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let (ready, rest) = first
        .body
        .split_once(r#"id="not-ready""#)
        .ok_or("no list of learners")?;
    assert!(
        ready.contains("Zara Ready"),
        "ready to claim, though not on this page"
    );
    assert!(
        rest.contains("this page shows 25, from Learner 0"),
        "{rest}"
    );
    assert!(
        !rest.contains("Zara Ready"),
        "Zara is not on the first page"
    );
    assert!(rest.contains("Next 25 learners"), "{rest}");
    assert!(rest.contains("per_page=25&amp;after="), "{rest}");

    let found = w
        .app
        .send(Req::get(&format!("{path}?q=learner%2059")).session(&admin.cookie))
        .await;
    assert!(found.body.contains("1 learner."), "{}", found.body);
    assert!(found.body.contains("Learner 59"), "{}", found.body);
    assert!(
        found.body.contains("Zara Ready"),
        "the ready list does not depend on the search"
    );
    for odd in ["?per_page=0", "?after=nowhere", "?status=finished"] {
        let reply = w
            .app
            .send(Req::get(&format!("{path}{odd}")).session(&admin.cookie))
            .await;
        assert_eq!(reply.status, 200, "{odd}: {}", reply.body);
        assert!(reply.body.contains("Zara Ready"), "{odd}");
    }
    Ok(())
}
