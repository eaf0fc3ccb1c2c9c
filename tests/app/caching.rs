//! Answers are not kept (issue 17, item 5): the session answer that carries a token, the
//! sign-in redirect that sets the cookie and error answers carry `Cache-Control: no-store`;
//! the stylesheet keeps its public lifetime. (Every signed-in route is checked in the access
//! matrix.)

use crate::support::{Req, TestResult};
use crate::world::{PASSWORD, World, show};

#[actix_web::test]
async fn the_session_answers_and_refusals_are_not_kept_but_the_stylesheet_is() -> TestResult {
    let w = World::new().await?;
    let session = w
        .app
        .send(
            Req::post("/api/v1/sessions")
                .json(&serde_json::json!({"email": w.assessor.email, "password": PASSWORD})),
        )
        .await;
    assert_eq!(session.status, 201, "{}", show(&session));
    assert_eq!(session.header("cache-control"), "no-store");

    let refused = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{}", w.registration)).bearer("not-a-token"))
        .await;
    assert_eq!(refused.status, 401, "{}", show(&refused));
    assert_eq!(refused.header("cache-control"), "no-store");

    let missing = w.app.send(Req::get("/no-such-page")).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("cache-control"), "no-store");

    let styles = w.app.send(Req::get("/static/app.css")).await;
    assert_eq!(styles.status, 200);
    assert_eq!(styles.header("cache-control"), "public, max-age=3600");
    Ok(())
}
