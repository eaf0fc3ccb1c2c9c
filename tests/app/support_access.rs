//! Issue 17 (item 7): the platform administrator reads a centre's learners only while the
//! centre's own administrator lets them in (support access: a reason, at most seven days,
//! audited, ended early at will). A centre with no administrator yet is theirs to set up. Each
//! refusal with its status, code and message, on both databases.

use actix_web::http::Method;
use serde_json::json;

use crate::support::{Reply, Req, TestResult};
use crate::world::{World, show};

fn support_path(w: &World) -> String {
    format!("/api/v1/centres/{}/support-access", w.centre_a)
}

/// As centre A's administrator, with a fresh token (the test's clock moves past the old).
async fn as_admin(w: &World, req: Req) -> Reply {
    let token = w.api_token(&w.centre_admin).await.unwrap_or_default();
    w.app.send(req.bearer(&token)).await
}

/// What the platform administrator (freshly signed in) gets for the learner's registration and
/// evidence file.
async fn platform_admin_reads(w: &World) -> (u16, u16) {
    let token = w.api_token(&w.platform_admin).await.unwrap_or_default();
    let registration = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{}", w.registration)).bearer(&token))
        .await;
    let file = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{}/files/{}", w.evidence, w.file)).bearer(&token))
        .await;
    (registration.status.as_u16(), file.status.as_u16())
}

#[actix_web::test]
async fn the_platform_administrator_reads_a_centre_only_while_it_gives_support_access() -> TestResult
{
    let w = World::new().await?;
    assert_eq!(platform_admin_reads(&w).await, (404, 404));

    for (body, field) in [
        (json!({"reason": "Help with a sign-off", "days": 8}), "days"),
        (json!({"reason": "  ", "days": 1}), "reason"),
    ] {
        let refused = as_admin(&w, Req::post(&support_path(&w)).json(&body)).await;
        assert_eq!(refused.status, 422, "{}", show(&refused));
        assert_eq!(
            refused.json()["errors"][0]["field"],
            field,
            "{}",
            show(&refused)
        );
    }
    let given = as_admin(
        &w,
        Req::post(&support_path(&w)).json(&json!({"reason": "Help with a sign-off", "days": 2})),
    )
    .await;
    assert_eq!(given.status, 201, "{}", show(&given));
    assert_eq!(platform_admin_reads(&w).await, (200, 200));

    // The platform administrator cannot renew or end it themselves.
    let renew = Req::post(&support_path(&w)).json(&json!({"reason": "More time", "days": 7}));
    let renewed = w.app.send(renew.bearer(&w.platform_admin.token)).await;
    assert_eq!(renewed.status, 403, "{}", show(&renewed));
    assert_eq!(renewed.json()["code"], "forbidden");

    // It ends by itself.
    w.app
        .advance(chrono::Duration::days(2) + chrono::Duration::minutes(1));
    assert_eq!(platform_admin_reads(&w).await, (404, 404));
    let standing = as_admin(&w, Req::get(&support_path(&w))).await;
    assert_eq!(standing.json()["support_access"], serde_json::Value::Null);

    // Given again, then ended early by the centre: gone at once; a second end is a conflict.
    let again = Req::post(&support_path(&w)).json(&json!({"reason": "Again", "days": 1}));
    assert_eq!(as_admin(&w, again).await.status, 201);
    assert_eq!(platform_admin_reads(&w).await, (200, 200));
    let ended = as_admin(&w, Req::new(Method::DELETE, &support_path(&w))).await;
    assert_eq!(ended.status, 204, "{}", show(&ended));
    assert_eq!(platform_admin_reads(&w).await, (404, 404));
    let twice = as_admin(&w, Req::new(Method::DELETE, &support_path(&w))).await;
    assert_eq!(twice.status, 409, "{}", show(&twice));
    assert!(twice.body.contains("nothing to end"), "{}", show(&twice));

    // Each step is in the centre's audit trail, with the reason.
    let trail = as_admin(
        &w,
        Req::get(&format!("/api/v1/centres/{}/audit", w.centre_a)),
    )
    .await;
    for action in ["support_access_granted", "support_access_ended"] {
        assert!(trail.body.contains(action), "{action}: {}", show(&trail));
    }
    assert!(trail.body.contains("Help with a sign-off"));
    Ok(())
}

#[actix_web::test]
async fn the_centre_page_gives_support_access_and_keeps_what_was_typed() -> TestResult {
    let w = World::new().await?;
    let page = w.page_session(&w.centre_admin).await?;
    let path = format!("/centres/{}/support-access", w.centre_a);
    let post = |days: &str| {
        Req::post(&path).same_origin().session(&page.cookie).form(&[
            ("csrf_token", page.csrf.as_str()),
            ("reason", "Our learner cannot see her sign-off"),
            ("days", days),
        ])
    };
    let refused = w.app.send(post("9")).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused
            .body
            .contains("Choose how long support access lasts: 1 to 7 days.")
    );
    assert!(refused.body.contains("Our learner cannot see her sign-off"));
    let given = w.app.send(post("3")).await;
    assert_eq!(given.status, 303, "{}", show(&given));
    let centre = w
        .app
        .send(Req::get(&format!("/centres/{}", w.centre_a)).session(&page.cookie))
        .await;
    assert!(
        centre
            .body
            .contains("may act as this centre's administrator until"),
        "{}",
        show(&centre)
    );
    assert!(centre.body.contains("End support access now"));
    Ok(())
}

#[actix_web::test]
async fn a_new_centre_is_the_platform_administrators_to_set_up_until_it_has_an_administrator()
-> TestResult {
    let w = World::new().await?;
    let admin = |req: Req| req.bearer(&w.platform_admin.token);
    let created = w
        .app
        .send(admin(Req::post("/api/v1/centres")).json(&json!({"name": "Glenfield College"})))
        .await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let centre = created.json()["id"].as_str().ok_or("an id")?.to_owned();
    let first = json!({"name": "Morag First", "email": "morag@glenfield.example.org", "roles": ["centre_admin"]});
    let added = w
        .app
        .send(admin(Req::post(&format!("/api/v1/centres/{centre}/users"))).json(&first))
        .await;
    assert_eq!(added.status, 201, "{}", show(&added));
    // It has its administrator now: the platform administrator needs its support access.
    let after = w
        .app
        .send(admin(Req::get(&format!("/api/v1/centres/{centre}"))))
        .await;
    assert_eq!(after.status, 404, "{}", show(&after));
    Ok(())
}
