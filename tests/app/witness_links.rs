//! Witness links that cannot be used: expired (and the page says whom to ask), tampered, or
//! signed for another request.

use eportfolio::auth::tokens::{Audience, Tokens};
use eportfolio::clock::Clock;
use eportfolio::store::witness as store;
use serde_json::json;

use crate::support::{SIGNING_KEY, TestResult};
use crate::witness::{SQA_ITEM, WITNESS_EMAIL, answer_body, ask, ask_body, mailed_token, sign};
use crate::world::{World, show};

#[actix_web::test]
async fn an_expired_link_says_so_and_whom_to_ask() -> TestResult {
    let w = World::new().await?;
    ask(
        &w,
        &w.learner,
        &w.registration,
        &ask_body(false, &[SQA_ITEM]),
    )
    .await?;
    let token = mailed_token(&w.app, WITNESS_EMAIL)?;
    w.app.advance(chrono::Duration::days(15));
    let page = w.app.get(&format!("/witness/{token}")).await;
    assert_eq!(page.status, 410, "{}", show(&page));
    assert!(
        page.body.contains("expired")
            && page
                .body
                .contains("Lee Learner or their assessor Ash Assessor"),
        "{}",
        show(&page)
    );
    assert!(!page.body.contains("name=\"testimony\""));
    let api = w.app.get(&format!("/api/v1/witness/{token}")).await;
    assert_eq!(
        (api.status.as_u16(), api.json()["code"].clone()),
        (410, json!("link_expired"))
    );
    let late = sign(&w.app, &token, &answer_body()).await;
    assert_eq!(
        (late.status.as_u16(), late.json()["code"].clone()),
        (410, json!("link_expired")),
        "{}",
        show(&late)
    );
    Ok(())
}

#[actix_web::test]
async fn a_tampered_link_is_refused() -> TestResult {
    let w = World::new().await?;
    ask(
        &w,
        &w.learner,
        &w.registration,
        &ask_body(false, &[SQA_ITEM]),
    )
    .await?;
    let token = mailed_token(&w.app, WITNESS_EMAIL)?;
    let mut bytes: Vec<char> = token.chars().collect();
    let last = bytes.len().checked_sub(2).ok_or("short token")?;
    bytes[last] = if bytes[last] == 'A' { 'B' } else { 'A' };
    let tampered: String = bytes.into_iter().collect();
    let api = sign(&w.app, &tampered, &answer_body()).await;
    assert_eq!(
        (api.status.as_u16(), api.json()["code"].clone()),
        (400, json!("link_invalid")),
        "{}",
        show(&api)
    );
    let page = w.app.get(&format!("/witness/{tampered}")).await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("This link is not valid"));
    // A password link is not a witness link.
    let other = Tokens::new(SIGNING_KEY).issue(
        Audience::PasswordReset,
        "x",
        "y",
        chrono::Utc::now(),
        chrono::Utc::now() + chrono::Duration::days(400),
    )?;
    assert_eq!(
        w.app.get(&format!("/api/v1/witness/{other}")).await.status,
        400
    );
    Ok(())
}

#[actix_web::test]
async fn a_link_pointed_at_another_request_is_refused() -> TestResult {
    let w = World::new().await?;
    let first = ask(
        &w,
        &w.learner,
        &w.registration,
        &ask_body(false, &[SQA_ITEM]),
    )
    .await?;
    let second = ask(
        &w,
        &w.learner,
        &w.registration,
        &ask_body(false, &[SQA_ITEM]),
    )
    .await?;
    let first_link = {
        let mut conn = w.app.db.db().get()?;
        store::find_request(&mut conn, &first)?
            .ok_or("no request")?
            .link_id
    };
    // Signed with the platform's key, but the first request's link id on the second request.
    let now = w.app.clock().now();
    let forged = Tokens::new(SIGNING_KEY).issue(
        Audience::Witness,
        &second,
        &first_link,
        now,
        now + chrono::Duration::days(14),
    )?;
    let reply = sign(&w.app, &forged, &answer_body()).await;
    assert_eq!(
        (reply.status.as_u16(), reply.json()["code"].clone()),
        (400, json!("link_invalid")),
        "{}",
        show(&reply)
    );
    let mut conn = w.app.db.db().get()?;
    assert_eq!(
        store::find_request(&mut conn, &second)?.and_then(|r| r.link_used_at),
        None
    );
    Ok(())
}
