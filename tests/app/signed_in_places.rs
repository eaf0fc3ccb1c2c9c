//! ASVS V7.5.2: a person sees where they are signed in (each browser and program, the device in
//! words, when last used), on their account page and through the API; nobody else's sessions.

use crate::support::{Reply, Req, TestResult};
use crate::world::{World, show};

/// The sessions an answer lists (after checking it is a 200).
fn listed(reply: &Reply) -> Vec<serde_json::Value> {
    assert_eq!(reply.status, 200, "{}", show(reply));
    reply.json()["sessions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[actix_web::test]
async fn a_person_sees_each_place_they_are_signed_in_and_only_theirs() -> TestResult {
    let w = World::new().await?;
    let page = w.page_session(&w.learner).await?;
    let reply = w
        .app
        .send(
            Req::get("/api/v1/account/sessions")
                .bearer(&w.learner.token)
                .header("user-agent", "curl/8.5.0"),
        )
        .await;
    let sessions = listed(&reply);
    assert_eq!(
        sessions.len(),
        2,
        "the token and the browser: {}",
        show(&reply)
    );
    let this_one: Vec<_> = sessions.iter().filter(|s| s["this_one"] == true).collect();
    assert_eq!(this_one.len(), 1, "{}", show(&reply));
    assert_eq!(this_one[0]["kind"], "api");
    assert!(
        sessions.iter().any(|s| s["kind"] == "page"),
        "{}",
        show(&reply)
    );

    let account = w.app.send(Req::get("/account").session(&page.cookie)).await;
    assert_eq!(account.status, 200, "{}", show(&account));
    assert!(
        account.body.contains("Where you are signed in"),
        "{}",
        show(&account)
    );
    assert!(
        account.body.contains("(this browser)"),
        "{}",
        show(&account)
    );
    assert!(
        account.body.contains("a program using the API"),
        "{}",
        show(&account)
    );
    Ok(())
}

#[actix_web::test]
async fn signed_out_sessions_are_not_listed() -> TestResult {
    let w = World::new().await?;
    let page = w.page_session(&w.learner).await?;
    let out = Req::post("/sign-out")
        .session(&page.cookie)
        .same_origin()
        .form(&[("csrf_token", page.csrf.as_str())]);
    let signed_out = w.app.send(out).await;
    assert!(signed_out.status.is_redirection(), "{}", show(&signed_out));
    let reply = w
        .app
        .send(Req::get("/api/v1/account/sessions").bearer(&w.learner.token))
        .await;
    let sessions = listed(&reply);
    assert_eq!(
        sessions.len(),
        1,
        "only the token is left: {}",
        show(&reply)
    );
    Ok(())
}
