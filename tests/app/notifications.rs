//! Each person's notifications: fed when testimony arrives (the assessor) and when it is decided
//! (the learner), each listed only to its own person, marked read only by them.

use serde_json::json;

use crate::support::{Req, TestResult};
use crate::witness::{SQA_ITEM, WITNESS_EMAIL, answer_body, ask, ask_body, mailed_token, sign};
use crate::world::{Person, World, show};

async fn unread(
    w: &World,
    who: &Person,
) -> Result<(i64, serde_json::Value), Box<dyn std::error::Error>> {
    let reply = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&who.token))
        .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    let body = reply.json();
    Ok((
        body["unread"].as_i64().ok_or("no unread count")?,
        body["notifications"].clone(),
    ))
}

#[actix_web::test]
async fn notifications_reach_the_right_people_only_and_are_marked_read_by_them() -> TestResult {
    let w = World::new().await?;
    let request = ask(
        &w,
        &w.learner,
        &w.registration,
        &ask_body(false, &[SQA_ITEM]),
    )
    .await?;
    let token = mailed_token(&w.app, WITNESS_EMAIL)?;
    assert_eq!(sign(&w.app, &token, &answer_body()).await.status, 201);

    let (count, list) = unread(&w, &w.assessor).await?;
    assert_eq!(count, 1);
    assert_eq!(list[0]["link"], format!("/testimony/{request}"));
    for other in [&w.learner, &w.other_learner, &w.iqa, &w.centre_admin] {
        assert_eq!(unread(&w, other).await?.0, 0, "{} was told", other.name);
    }
    // The same news by email, through the mail queue.
    let mut conn = w.app.db.db().get()?;
    let mails = eportfolio::store::mail_queue::recent(&mut conn, 20)?;
    assert!(
        mails
            .iter()
            .any(|m| m.to_address == w.assessor.email && m.subject.contains("Testimony signed"))
    );
    drop(conn);

    // Someone else's id marks nothing; the assessor's own marks it.
    let id = list[0]["id"].as_str().ok_or("no id")?.to_owned();
    let theirs = w
        .app
        .send(
            Req::post("/api/v1/notifications/read")
                .bearer(&w.learner.token)
                .json(&json!({"ids": [id]})),
        )
        .await;
    assert_eq!(theirs.json()["marked"], 0, "{}", show(&theirs));
    assert_eq!(unread(&w, &w.assessor).await?.0, 1);
    let mine = w
        .app
        .send(
            Req::post("/api/v1/notifications/read")
                .bearer(&w.assessor.token)
                .json(&json!({"ids": [id]})),
        )
        .await;
    assert_eq!(mine.json()["marked"], 1);
    assert_eq!(unread(&w, &w.assessor).await?.0, 0);

    let decided = w
        .app
        .send(
            Req::post(&format!("/api/v1/testimony-requests/{request}/decision"))
                .bearer(&w.assessor.token)
                .json(&json!({"decision": "accept", "reason": "Clear"})),
        )
        .await;
    assert_eq!(decided.status, 200, "{}", show(&decided));
    let (count, list) = unread(&w, &w.learner).await?;
    assert_eq!(count, 1);
    assert!(
        list[0]["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("accepted")
    );
    assert_eq!(unread(&w, &w.other_learner).await?.0, 0);
    Ok(())
}

#[actix_web::test]
async fn the_notifications_page_lists_and_marks_them_read() -> TestResult {
    let w = World::new().await?;
    ask(
        &w,
        &w.learner,
        &w.registration,
        &ask_body(false, &[SQA_ITEM]),
    )
    .await?;
    let token = mailed_token(&w.app, WITNESS_EMAIL)?;
    assert_eq!(sign(&w.app, &token, &answer_body()).await.status, 201);
    let session = w.page_session(&w.assessor).await?;
    let page = w
        .app
        .send(Req::get("/notifications").session(&session.cookie))
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Testimony signed by Wendy Witness") && page.body.contains("1 unread."),
        "{}",
        show(&page)
    );
    let without_token = w
        .app
        .send(
            Req::post("/notifications/read")
                .session(&session.cookie)
                .same_origin()
                .form(&[]),
        )
        .await;
    assert_eq!(without_token.status, 403);
    let marked = w
        .app
        .send(
            Req::post("/notifications/read")
                .session(&session.cookie)
                .same_origin()
                .form(&[("csrf_token", &session.csrf)]),
        )
        .await;
    assert_eq!(marked.status, 303);
    let after = w
        .app
        .send(Req::get("/notifications").session(&session.cookie))
        .await;
    assert!(after.body.contains("0 unread."), "{}", show(&after));
    Ok(())
}
