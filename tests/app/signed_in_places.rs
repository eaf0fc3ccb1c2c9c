//! ASVS V7.5.2: a person sees where they are signed in (each browser and program, the device in
//! words, when last used), on their account page and through the API; nobody else's sessions;
//! and signs one of them out on its own.

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

/// The learner signs out a browser from the API, and the API token from the account page; each
/// stops working at once, the other goes on; a reference that is not theirs ends nothing.
#[actix_web::test]
async fn a_person_signs_out_one_place_on_its_own() -> TestResult {
    let w = World::new().await?;
    let page = w.page_session(&w.learner).await?;
    let other = w.page_session(&w.learner).await?;
    let sessions = listed(
        &w.app
            .send(Req::get("/api/v1/account/sessions").bearer(&w.learner.token))
            .await,
    );
    assert_eq!(sessions.len(), 3, "two browsers and the token");
    assert!(
        sessions.iter().all(|s| s.get("id").is_none()),
        "no session id is shown"
    );
    let references: Vec<String> = sessions
        .iter()
        .filter(|s| s["kind"] == "page")
        .filter_map(|s| s["reference"].as_str().map(str::to_owned))
        .collect();

    // Someone else's token cannot sign the learner's browsers out.
    for reference in &references {
        let path = format!("/api/v1/account/sessions/{reference}");
        let theirs =
            Req::new(actix_web::http::Method::DELETE, &path).bearer(&w.other_learner.token);
        assert_eq!(w.app.send(theirs).await.status, 204);
    }
    let home = |cookie: &str| Req::get("/home").session(cookie);
    assert_eq!(w.app.send(home(&page.cookie)).await.status, 200);
    assert_eq!(w.app.send(home(&other.cookie)).await.status, 200);

    // The learner's own token signs both browsers out.
    for reference in &references {
        let path = format!("/api/v1/account/sessions/{reference}");
        let mine = Req::new(actix_web::http::Method::DELETE, &path).bearer(&w.learner.token);
        assert_eq!(w.app.send(mine).await.status, 204);
    }
    for cookie in [&page.cookie, &other.cookie] {
        let gone = w.app.send(home(cookie)).await;
        assert_eq!(gone.header("location"), "/sign-in", "{}", show(&gone));
    }

    // From a new browser's account page: the token is signed out with one button.
    let fresh = w.page_session(&w.learner).await?;
    let account = w
        .app
        .send(Req::get("/account").session(&fresh.cookie))
        .await;
    let action = account
        .body
        .split("action=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|a| a.starts_with("/account/signed-in-places/"))
        .ok_or("a sign-out button for the token")?
        .to_owned();
    let out = Req::post(&action)
        .session(&fresh.cookie)
        .same_origin()
        .form(&[("csrf_token", fresh.csrf.as_str())]);
    let done = w.app.send(out).await;
    assert_eq!(
        done.header("location"),
        "/account?done=place-signed-out#signed-in-places"
    );
    let notice = w
        .app
        .send(Req::get("/account?done=place-signed-out").session(&fresh.cookie))
        .await;
    assert!(
        notice.body.contains("Signed out there"),
        "{}",
        show(&notice)
    );
    let token = Req::get("/api/v1/notifications").bearer(&w.learner.token);
    assert_eq!(
        w.app.send(token).await.status,
        401,
        "the token stopped working"
    );
    Ok(())
}
