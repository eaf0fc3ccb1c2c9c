//! Behind a proxy (issue 17, item 8): the per-address sign-in budget belongs to the client the
//! trusted proxy names in `X-Forwarded-For`, so people behind one proxy do not share it; a
//! client that reaches the service directly cannot escape its budget by sending the header.

use serde_json::json;

use super::assert_problem;
use crate::support::{Reply, Req, TestApp, TestResult};
use crate::world::{PASSWORD, World, show};

/// The per-address budget: failures allowed before the address waits.
const FREE_FAILURES: usize = 20;

async fn sign_in(w: &World, peer: &str, forwarded: &str, email: &str, password: &str) -> Reply {
    w.app
        .send(
            Req::post("/api/v1/sessions")
                .peer(peer)
                .header("x-forwarded-for", forwarded)
                .json(&json!({"email": email, "password": password})),
        )
        .await
}

/// Use up an address's budget with wrong passwords for unknown accounts (one each, so no
/// account's own budget is touched).
async fn exhaust(w: &World, peer: &str, forwarded: impl Fn(usize) -> String) {
    for n in 0..=FREE_FAILURES {
        let email = format!("nobody{n}@a.example.org");
        let reply = sign_in(w, peer, &forwarded(n), &email, "a wrong guess entirely").await;
        assert!(
            reply.status == 401 || reply.status == 429,
            "{}",
            show(&reply)
        );
    }
}

#[actix_web::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_budget() -> TestResult {
    let w = World::on(TestApp::behind(vec!["10.0.0.0/8".to_owned()])?).await?;
    exhaust(&w, "10.0.0.9", |_| "198.51.100.1".to_owned()).await;
    let blocked = sign_in(&w, "10.0.0.9", "198.51.100.1", &w.iqa.email, PASSWORD).await;
    assert_problem(&blocked, 429, "rate_limited");
    // Another person behind the same proxy signs in.
    let other = sign_in(&w, "10.0.0.9", "198.51.100.2", &w.iqa.email, PASSWORD).await;
    assert_eq!(other.status, 201, "{}", show(&other));
    Ok(())
}

#[actix_web::test]
async fn a_direct_client_cannot_escape_its_budget_with_the_header() -> TestResult {
    let w = World::on(TestApp::behind(vec!["10.0.0.0/8".to_owned()])?).await?;
    exhaust(&w, "203.0.113.5", |n| format!("198.51.100.{n}")).await;
    let blocked = sign_in(&w, "203.0.113.5", "198.51.100.250", &w.iqa.email, PASSWORD).await;
    assert_problem(&blocked, 429, "rate_limited");
    Ok(())
}
