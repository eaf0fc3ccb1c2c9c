//! Assessment plans and progress reviews end to end: the assessor writes and signs a plan, the
//! learner is asked and signs, a change voids both signatures visibly, reviews record next
//! steps, the learner's home page shows what is due next; and each refusal with its code.

use eportfolio::clock::Clock;
use serde_json::{Value, json};

mod pages;
mod refusals;

use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

const AC11: &str = "cg-3085/u002/lo1/ac1.1";

fn refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", show(reply));
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
}

fn plan_body(target: &str, criteria: &[&str]) -> Value {
    json!({
        "activities": [
            {"activity": "Lead a support planning review with Mrs B", "method": "observation_by_assessor", "target_date": target},
            {"activity": "Write a reflective account of the review", "method": "reflective_account", "target_date": "2027-04-30"},
        ],
        "criteria": criteria,
    })
}

async fn send(w: &World, who: &Person, req: Req) -> Reply {
    w.app.send(req.bearer(&who.token)).await
}

async fn plans(w: &World, who: &Person, r: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let reply = send(
        w,
        who,
        Req::get(&format!("/api/v1/registrations/{r}/plans")),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    Ok(reply.json()["plans"].clone())
}

fn statuses(plan: &Value) -> Vec<(String, bool)> {
    plan["signatures"]
        .as_array()
        .map(|s| {
            s.iter()
                .map(|s| {
                    (
                        s["role"].as_str().unwrap_or_default().to_owned(),
                        s["valid"] == true,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[actix_web::test]
async fn a_plan_is_agreed_changed_signed_again_and_reviewed() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let made = send(
        &w,
        &w.assessor,
        Req::post(&format!("/api/v1/registrations/{r}/plans"))
            .json(&plan_body("2027-03-31", &[AC11])),
    )
    .await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let id = made.json()["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(
        made.json()["content_sha256"].as_str().map(str::len),
        Some(64)
    );
    // The learner is asked to sign (in the app and by mail).
    let notices = send(&w, &w.learner, Req::get("/api/v1/notifications")).await;
    assert!(
        notices.body.contains("awaits your signature"),
        "{}",
        show(&notices)
    );
    // Each step a minute after the last, so signatures list in the order they were made.
    let later = || w.app.advance(chrono::Duration::minutes(1));
    later();
    let signed = send(
        &w,
        &w.learner,
        Req::post(&format!("/api/v1/plans/{id}/sign")).json(&json!({})),
    )
    .await;
    assert_eq!(signed.status, 201, "{}", show(&signed));
    refused(
        &send(
            &w,
            &w.learner,
            Req::post(&format!("/api/v1/plans/{id}/sign")).json(&json!({})),
        )
        .await,
        409,
        "conflict",
    );
    let agreed = plans(&w, &w.learner, &r).await?;
    assert_eq!(agreed[0]["agreed"], true, "{agreed}");
    assert_eq!(
        statuses(&agreed[0]),
        vec![("assessor".to_owned(), true), ("learner".to_owned(), true)]
    );

    // A change voids both signatures, visibly; the assessor signs the new version.
    later();
    let changed = send(
        &w,
        &w.assessor,
        Req::new(actix_web::http::Method::PUT, &format!("/api/v1/plans/{id}"))
            .json(&plan_body("2027-04-15", &[AC11])),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", show(&changed));
    assert_eq!(changed.json()["version"], 2);
    let after = plans(&w, &w.learner, &r).await?;
    assert_eq!(after[0]["agreed"], false);
    assert_eq!(
        statuses(&after[0]),
        vec![
            ("assessor".to_owned(), false),
            ("learner".to_owned(), false),
            ("assessor".to_owned(), true)
        ]
    );
    assert!(
        after[0]
            .to_string()
            .contains("signature void: content changed since signing")
    );
    let page = w
        .app
        .send(
            Req::get(&format!("/registrations/{r}/plans"))
                .session(&w.page_session(&w.learner).await?.cookie),
        )
        .await;
    assert!(
        page.body.contains("signature void") && page.body.contains("Sign this plan"),
        "{}",
        show(&page)
    );
    // A change made against an old version is refused.
    let mut stale = plan_body("2027-05-01", &[AC11]);
    stale["version"] = json!(1);
    refused(
        &send(
            &w,
            &w.assessor,
            Req::new(actix_web::http::Method::PUT, &format!("/api/v1/plans/{id}")).json(&stale),
        )
        .await,
        409,
        "conflict",
    );
    later();
    let again = send(
        &w,
        &w.learner,
        Req::post(&format!("/api/v1/plans/{id}/sign")).json(&json!({})),
    )
    .await;
    assert_eq!(again.status, 201, "{}", show(&again));
    assert_eq!(plans(&w, &w.assessor, &r).await?[0]["agreed"], true);

    let review = json!({"reviewed_on": "2027-02-01", "progress": "Observation planned with Mrs B.", "next_steps": "Ask her daughter for testimony.", "next_review_on": "2027-03-01"});
    let reviewed = send(
        &w,
        &w.assessor,
        Req::post(&format!("/api/v1/plans/{id}/reviews")).json(&review),
    )
    .await;
    assert_eq!(reviewed.status, 201, "{}", show(&reviewed));
    assert_eq!(
        plans(&w, &w.learner, &r).await?[0]["reviews"][0]["next_steps"],
        "Ask her daughter for testimony."
    );
    // Every step is in the audit trail.
    let audit = send(
        &w,
        &w.centre_admin,
        Req::get(&format!("/api/v1/centres/{}/audit", w.centre_a)),
    )
    .await;
    for action in [
        "plan_created",
        "plan_signed",
        "plan_changed",
        "plan_reviewed",
    ] {
        assert!(audit.body.contains(action), "{action}: {}", show(&audit));
    }
    Ok(())
}

async fn learner_home(w: &World) -> Result<Reply, Box<dyn std::error::Error>> {
    let page = w.page_session(&w.learner).await?;
    Ok(w.app.send(Req::get("/home").session(&page.cookie)).await)
}

#[actix_web::test]
async fn the_learners_home_shows_what_is_due_next() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let today = w.app.clock().now().date_naive();
    let soon = (today + chrono::Duration::days(10)).to_string();
    let made = send(
        &w,
        &w.assessor,
        Req::post(&format!("/api/v1/registrations/{r}/plans")).json(&plan_body(&soon, &[AC11])),
    )
    .await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let id = made.json()["id"].as_str().unwrap_or_default().to_owned();
    let shown = learner_home(&w).await?;
    assert!(shown.body.contains("What is due next"), "{}", show(&shown));
    assert!(
        shown
            .body
            .contains("Lead a support planning review with Mrs B"),
        "{}",
        show(&shown)
    );
    // A review sooner than the target comes first.
    let review_on = (today + chrono::Duration::days(3)).to_string();
    let review = json!({"reviewed_on": today.to_string(), "progress": "Started.", "next_steps": "Plan the observation.", "next_review_on": review_on});
    let reviewed = send(
        &w,
        &w.assessor,
        Req::post(&format!("/api/v1/plans/{id}/reviews")).json(&review),
    )
    .await;
    assert_eq!(reviewed.status, 201, "{}", show(&reviewed));
    let shown = learner_home(&w).await?;
    assert!(shown.body.contains("Progress review"), "{}", show(&shown));
    assert!(
        !shown.body.contains("Lead a support planning review"),
        "{}",
        show(&shown)
    );
    Ok(())
}

#[actix_web::test]
async fn an_open_occasion_is_on_the_learners_home_page() -> TestResult {
    let w = World::new().await?;
    crate::occasions::make_assessor_eligible(&w)?;
    let bank = format!("/api/v1/centres/{}/question-bank", w.centre_a);
    let q = send(
        &w,
        &w.tutor,
        Req::post(&bank)
            .json(&json!({"item_id": "sqa-fx35-35/o1/ks1", "text": "What is co-production?"})),
    )
    .await;
    assert_eq!(q.status, 201, "{}", show(&q));
    let opens = w.app.clock().now().to_rfc3339();
    let made = send(
        &w,
        &w.assessor,
        Req::post(&format!(
            "/api/v1/registrations/{}/occasions",
            w.registration
        ))
        .json(&json!({"items": ["sqa-fx35-35/o1/ks1"], "opens_at": opens})),
    )
    .await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let page = w.page_session(&w.learner).await?;
    let home = w.app.send(Req::get("/home").session(&page.cookie)).await;
    assert!(
        home.body.contains("Assessment occasion open now"),
        "{}",
        show(&home)
    );
    assert!(!home.body.contains("What is co-production?"));
    Ok(())
}
