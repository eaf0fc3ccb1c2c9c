//! The daily digest (issue 15): a person who chooses one email a day still gets every
//! notification in the app at once, but no email per message; at 07:00 UTC the next day one email
//! lists them, and nothing goes twice or on a day with nothing to tell. Chosen on the page or
//! through the API; a choice that is neither is refused with its message.

use eportfolio::actions::people::mail_preference::queue_digests;
use eportfolio::clock::Clock;
use eportfolio::store::mail_queue::{QueuedMail, recent};
use serde_json::json;

use crate::support::{Req, TestApp, TestResult};
use crate::witness::{SQA_ITEM, WITNESS_EMAIL, answer_body, ask, ask_body, mailed_token, sign};
use crate::world::{World, show};

fn mail_to(app: &TestApp, address: &str) -> Result<Vec<QueuedMail>, Box<dyn std::error::Error>> {
    let mut conn = app.db.db().get()?;
    Ok(recent(&mut conn, 200)?
        .into_iter()
        .filter(|m| m.to_address == address)
        .collect())
}

async fn digests_now(app: &TestApp) -> Result<usize, Box<dyn std::error::Error>> {
    let now = app.clock().now().naive_utc();
    Ok(queue_digests(&app.state().db, "https://eportfolio.test", now).await?)
}

#[actix_web::test]
async fn a_daily_digest_replaces_the_emails_and_lists_the_day_once() -> TestResult {
    let w = World::new().await?;
    // The assessor chooses the digest on the page (the clock starts at 08:00 on 15 January).
    let session = w.page_session(&w.assessor).await?;
    let chosen = w
        .app
        .send(
            Req::post("/account/mail")
                .session(&session.cookie)
                .same_origin()
                .form(&[("csrf_token", &session.csrf), ("cadence", "daily")]),
        )
        .await;
    assert_eq!(chosen.status, 303, "{}", show(&chosen));
    let page = w
        .app
        .send(Req::get("/account/mail?done=saved").session(&session.cookie))
        .await;
    assert!(
        page.body.contains("Saved: we will email you once a day"),
        "{}",
        show(&page)
    );
    assert!(
        page.body.contains(r#"value="daily" checked"#),
        "{}",
        show(&page)
    );

    // Testimony signed a minute later: the assessor is told in the app, not by email.
    w.app.advance(chrono::Duration::minutes(1));
    ask(
        &w,
        &w.learner,
        &w.registration,
        &ask_body(false, &[SQA_ITEM]),
    )
    .await?;
    let token = mailed_token(&w.app, WITNESS_EMAIL)?;
    assert_eq!(sign(&w.app, &token, &answer_body()).await.status, 201);
    let listed = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&w.assessor.token))
        .await;
    assert_eq!(listed.json()["unread"], 1, "{}", show(&listed));
    assert!(
        mail_to(&w.app, &w.assessor.email)?.is_empty(),
        "no email per message"
    );

    // Nothing goes the same evening; at 07:00 the next day one email lists it; then nothing more.
    w.app.advance(chrono::Duration::hours(12));
    assert_eq!(digests_now(&w.app).await?, 0);
    w.app.advance(chrono::Duration::hours(11));
    assert_eq!(digests_now(&w.app).await?, 1);
    assert_eq!(digests_now(&w.app).await?, 0, "a digest goes once a day");
    let mails = mail_to(&w.app, &w.assessor.email)?;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Your eportfolio day: 1 message");
    assert!(
        mails[0]
            .body_text
            .contains("Testimony signed by Wendy Witness"),
        "{}",
        mails[0].body_text
    );
    assert!(
        mails[0]
            .body_text
            .contains("https://eportfolio.test/testimony/"),
        "{}",
        mails[0].body_text
    );

    // A day with nothing new sends nothing.
    w.app.advance(chrono::Duration::days(1));
    assert_eq!(digests_now(&w.app).await?, 0);
    Ok(())
}

#[actix_web::test]
async fn each_message_still_emails_those_who_did_not_choose_the_digest() -> TestResult {
    let w = World::new().await?;
    let got = w
        .app
        .send(Req::get("/api/v1/account/mail").bearer(&w.assessor.token))
        .await;
    assert_eq!(got.status, 200, "{}", show(&got));
    assert_eq!(got.json()["cadence"], "each");
    ask(
        &w,
        &w.learner,
        &w.registration,
        &ask_body(false, &[SQA_ITEM]),
    )
    .await?;
    let token = mailed_token(&w.app, WITNESS_EMAIL)?;
    assert_eq!(sign(&w.app, &token, &answer_body()).await.status, 201);
    let mails = mail_to(&w.app, &w.assessor.email)?;
    assert!(
        mails.iter().any(|m| m.subject.contains("Testimony signed")),
        "{mails:?}"
    );
    w.app.advance(chrono::Duration::days(1));
    assert_eq!(
        digests_now(&w.app).await?,
        0,
        "no digest for someone who did not choose one"
    );
    Ok(())
}

#[actix_web::test]
async fn the_choice_through_the_api_and_a_choice_that_is_neither_refused() -> TestResult {
    let w = World::new().await?;
    let put = |cadence: &str| {
        Req::new(actix_web::http::Method::PUT, "/api/v1/account/mail")
            .bearer(&w.learner.token)
            .json(&json!({ "cadence": cadence }))
    };
    let daily = w.app.send(put("daily")).await;
    assert_eq!(daily.status, 200, "{}", show(&daily));
    assert_eq!(daily.json()["cadence"], "daily");
    let weekly = w.app.send(put("weekly")).await;
    assert_eq!(weekly.status, 400, "{}", show(&weekly));
    assert!(
        weekly
            .body
            .contains("unknown variant `weekly`, expected `each` or `daily`"),
        "the refusal says what is allowed: {}",
        show(&weekly)
    );

    let session = w.page_session(&w.learner).await?;
    let refused = w
        .app
        .send(
            Req::post("/account/mail")
                .session(&session.cookie)
                .same_origin()
                .form(&[("csrf_token", &session.csrf), ("cadence", "weekly")]),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused
            .body
            .contains("Choose how we email you: for each message, or once a day")
    );
    // The choice already made is still shown.
    assert!(
        refused.body.contains(r#"value="daily" checked"#),
        "{}",
        show(&refused)
    );
    Ok(())
}
