//! Each person's notifications: fed when testimony arrives (the assessor) and when it is decided
//! (the learner), each listed only to its own person, marked read only by them.

use eportfolio::clock::Clock;
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

/// The learner's evidence submitted (through the API or the page form): the allocated assessor
/// is told in the app and by email, in the same transaction; nobody else is.
#[actix_web::test]
async fn the_assessor_is_told_when_evidence_is_submitted() -> TestResult {
    let w = World::new().await?;
    let (learner, e) = (&w.learner, &w.evidence);
    let mapped = w
        .app
        .send(
            Req::new(
                actix_web::http::Method::PUT,
                &format!("/api/v1/evidence/{e}/mappings"),
            )
            .bearer(&learner.token)
            .json(&json!({"criteria": [SQA_ITEM]})),
        )
        .await;
    assert_eq!(mapped.status, 200, "{}", show(&mapped));
    let declared = w
        .app
        .send(
            Req::post(&format!("/api/v1/evidence/{e}/declaration"))
                .bearer(&learner.token)
                .json(&json!({"typed_name": learner.name})),
        )
        .await;
    assert_eq!(declared.status, 201, "{}", show(&declared));
    assert_eq!(unread(&w, &w.assessor).await?.0, 0);
    let submitted = w
        .app
        .send(Req::post(&format!("/api/v1/evidence/{e}/submit")).bearer(&learner.token))
        .await;
    assert_eq!(submitted.status, 200, "{}", show(&submitted));

    let (count, list) = unread(&w, &w.assessor).await?;
    assert_eq!(count, 1);
    assert_eq!(list[0]["link"], format!("/evidence/{e}"));
    assert!(
        list[0]["subject"]
            .as_str()
            .is_some_and(|s| s.contains("Evidence submitted by Lee Learner")),
        "{list}"
    );
    for other in [learner, &w.other_learner, &w.iqa, &w.centre_admin] {
        assert_eq!(unread(&w, other).await?.0, 0, "{} was told", other.name);
    }
    let mut conn = w.app.db.db().get()?;
    let mails = eportfolio::store::mail_queue::recent(&mut conn, 20)?;
    let to_assessor: Vec<_> = mails
        .iter()
        .filter(|m| m.to_address == w.assessor.email)
        .collect();
    assert_eq!(to_assessor.len(), 1);
    assert!(
        to_assessor
            .iter()
            .all(|m| m.subject.contains("Evidence submitted")
                && m.body_text.contains(&format!("/evidence/{e}"))
                && m.body_text.contains("Matrix evidence")),
        "{to_assessor:?}"
    );
    drop(conn);

    // Submitting again changes nothing and tells nobody twice.
    let again = w
        .app
        .send(Req::post(&format!("/api/v1/evidence/{e}/submit")).bearer(&learner.token))
        .await;
    assert_eq!(again.status, 200, "{}", show(&again));
    assert_eq!(unread(&w, &w.assessor).await?.0, 1);

    // Submitted, it is read-only for the learner; the assessor's change returns it to draft;
    // the page form submits it again, and the assessor hears.
    let edited = w
        .app
        .send(
            Req::new(actix_web::http::Method::PUT, &format!("/api/v1/evidence/{e}"))
                .bearer(&w.assessor.token)
                .json(&json!({"kind": "reflective_account", "title": "Matrix evidence", "activity_date": "2027-01-10", "text": "What I did, and why."})),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", show(&edited));
    let page = w.page_session(learner).await?;
    for path in ["declaration", "submit"] {
        let reply = w
            .app
            .send(
                Req::post(&format!("/evidence/{e}/{path}"))
                    .session(&page.cookie)
                    .same_origin()
                    .form(&[("csrf_token", &page.csrf), ("typed_name", &learner.name)]),
            )
            .await;
        assert_eq!(reply.status, 303, "{path}: {}", show(&reply));
    }
    assert_eq!(unread(&w, &w.assessor).await?.0, 2);
    Ok(())
}

#[actix_web::test]
async fn the_navigation_counts_unread_notifications() -> TestResult {
    let w = World::new().await?;
    let session = w.page_session(&w.learner).await?;
    let home = w.app.send(Req::get("/home").session(&session.cookie)).await;
    assert!(!home.body.contains("unread</span>"), "nothing unread yet");
    {
        let now = w.app.clock().now().naive_utc();
        let mut conn = w.app.db.db().get()?;
        for n in 0..3 {
            eportfolio::store::notifications::notify(
                &mut conn,
                &w.learner.id,
                &format!("Feedback {n}"),
                "Your assessor wrote.",
                "/home",
                now,
            )?;
        }
    }
    let home = w.app.send(Req::get("/home").session(&session.cookie)).await;
    assert!(
        home.body.contains(r#"Notifications <span class="count">3</span><span class="visually-hidden"> unread</span>"#),
        "{}",
        home.body
    );
    Ok(())
}
