//! The platform administrator's view of the mail (issue 17, item 7): who was sent what, never
//! the single-use link itself, through the API and the page.

use eportfolio::domain::mail_view::LINK_WITHHELD;
use serde_json::json;

use crate::support::{Req, TestResult};
use crate::world::{World, show};

#[actix_web::test]
async fn the_mail_view_says_a_link_was_sent_and_to_whom_never_the_link() -> TestResult {
    let w = World::new().await?;
    let asked = w
        .app
        .send(Req::post("/api/v1/password-resets").json(&json!({"email": w.learner.email})))
        .await;
    assert_eq!(asked.status, 202, "{}", show(&asked));

    let api = w
        .app
        .send(Req::get("/api/v1/mail").bearer(&w.platform_admin.token))
        .await;
    assert_eq!(api.status, 200, "{}", show(&api));
    let messages = api.json()["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let reset = messages
        .iter()
        .find(|m| m["to"] == w.learner.email.as_str())
        .ok_or("no reset mail in the view")?;
    let body = reset["body"].as_str().unwrap_or_default();
    assert!(body.contains(LINK_WITHHELD), "{body}");
    assert!(!api.body.contains("/password/"), "{}", api.body);

    let session = w.page_session(&w.platform_admin).await?;
    let page = w
        .app
        .send(Req::get("/admin/mail").session(&session.cookie))
        .await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(page.body.contains(&w.learner.email), "to whom");
    assert!(page.body.contains(LINK_WITHHELD), "{}", show(&page));
    assert!(!page.body.contains("/password/"), "{}", page.body);
    Ok(())
}
