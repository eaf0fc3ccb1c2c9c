//! Stale sessions (12-hour lifetime, 30-minute idle timeout, signed out, password changed) and
//! cross-site form posts (no or a wrong CSRF token, a foreign origin).

use chrono::Duration;
use eportfolio::actions::people::sign_in;
use eportfolio::store::people;

use super::{assert_problem, assert_sent_to_sign_in};
use crate::support::{Req, TestResult};
use crate::world::{PASSWORD, World, api_sign_in, page_sign_in, show};

fn centre_path(world: &World) -> String {
    format!("/api/v1/centres/{}", world.centre_a)
}

#[actix_web::test]
async fn a_session_ends_12_hours_after_sign_in_however_busy() -> TestResult {
    let world = World::new().await?;
    let page = world.page_session(&world.centre_admin).await?;
    let (token, path) = (&world.centre_admin.token, centre_path(&world));
    // Busy all day: a request every 29 minutes keeps both sessions from idling out.
    for _ in 0..24 {
        world.app.advance(Duration::minutes(29));
        let reply = world.app.send(Req::get(&path).bearer(token)).await;
        assert_eq!(reply.status, 200, "{}", show(&reply));
        let home = world
            .app
            .send(Req::get("/home").session(&page.cookie))
            .await;
        assert_eq!(home.status, 200, "{}", show(&home));
    }
    // 11 h 36 min so far; 25 more minutes passes the 12 hours.
    world.app.advance(Duration::minutes(25));
    let reply = world.app.send(Req::get(&path).bearer(token)).await;
    assert_problem(&reply, 401, "unauthenticated");
    assert_sent_to_sign_in(
        &world
            .app
            .send(Req::get("/home").session(&page.cookie))
            .await,
    );
    Ok(())
}

#[actix_web::test]
async fn a_session_idle_for_over_30_minutes_has_ended() -> TestResult {
    let world = World::new().await?;
    let page = world.page_session(&world.tutor).await?;
    let path = centre_path(&world);
    // 29 minutes idle is fine, and the request slides the timeout on.
    world.app.advance(Duration::minutes(29));
    let reply = world
        .app
        .send(Req::get(&path).bearer(&world.tutor.token))
        .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    assert_eq!(
        world
            .app
            .send(Req::get("/home").session(&page.cookie))
            .await
            .status,
        200
    );
    world.app.advance(Duration::minutes(29));
    let reply = world
        .app
        .send(Req::get(&path).bearer(&world.tutor.token))
        .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    // Then 31 minutes without a request.
    world.app.advance(Duration::minutes(31));
    let reply = world
        .app
        .send(Req::get(&path).bearer(&world.tutor.token))
        .await;
    assert_problem(&reply, 401, "unauthenticated");
    assert_sent_to_sign_in(
        &world
            .app
            .send(Req::get("/home").session(&page.cookie))
            .await,
    );
    Ok(())
}

#[actix_web::test]
async fn a_signed_out_token_stops_working_at_once() -> TestResult {
    let world = World::new().await?;
    let second = world.api_token(&world.iqa).await?;
    let path = centre_path(&world);
    let out = Req::delete("/api/v1/sessions/current").bearer(&world.iqa.token);
    assert_eq!(world.app.send(out).await.status, 204);
    let reply = world
        .app
        .send(Req::get(&path).bearer(&world.iqa.token))
        .await;
    assert_problem(&reply, 401, "unauthenticated");
    let again = Req::delete("/api/v1/sessions/current").bearer(&world.iqa.token);
    assert_problem(&world.app.send(again).await, 401, "unauthenticated");
    // Only that session ended.
    assert_eq!(
        world.app.send(Req::get(&path).bearer(&second)).await.status,
        200
    );
    // A page session signed out the same way.
    let page = world.page_session(&world.iqa).await?;
    let sign_out = Req::post("/sign-out")
        .same_origin()
        .session(&page.cookie)
        .form(&[("csrf_token", &page.csrf)]);
    let reply = world.app.send(sign_out).await;
    assert_eq!(reply.status, 303, "{}", show(&reply));
    assert_sent_to_sign_in(
        &world
            .app
            .send(Req::get("/home").session(&page.cookie))
            .await,
    );
    Ok(())
}

#[actix_web::test]
async fn tokens_from_before_a_password_change_stop_working() -> TestResult {
    let world = World::new().await?;
    let page = world.page_session(&world.assessor).await?;
    let other_page = world.page_session(&world.assessor).await?;
    let new_password = "a different long passphrase";
    let change = Req::post("/account/password")
        .same_origin()
        .session(&page.cookie)
        .form(&[
            ("csrf_token", &page.csrf),
            ("current_password", PASSWORD),
            ("new_password", new_password),
        ]);
    let reply = world.app.send(change).await;
    assert_eq!(reply.status, 303, "{}", show(&reply));
    let path = centre_path(&world);
    let reply = world
        .app
        .send(Req::get(&path).bearer(&world.assessor.token))
        .await;
    assert_problem(&reply, 401, "unauthenticated");
    for cookie in [&page.cookie, &other_page.cookie] {
        assert_sent_to_sign_in(&world.app.send(Req::get("/home").session(cookie)).await);
    }
    // The old password no longer works; the new one does.
    let email = &world.assessor.email;
    assert!(api_sign_in(&world.app, email, PASSWORD).await.is_err());
    let token = api_sign_in(&world.app, email, new_password).await?;
    assert_eq!(
        world.app.send(Req::get(&path).bearer(&token)).await.status,
        200
    );
    // The same through the library call the page uses, for another person.
    let tutor = {
        let mut conn = world.app.db.db().get()?;
        people::find_user(&mut conn, &world.tutor.id)?.ok_or("no tutor")?
    };
    sign_in::change_password(world.app.state(), &tutor, PASSWORD, new_password).await?;
    let reply = world
        .app
        .send(Req::get(&path).bearer(&world.tutor.token))
        .await;
    assert_problem(&reply, 401, "unauthenticated");
    Ok(())
}

/// Centre A's administrator logs CPD for the assessor through the staff page's form.
fn cpd_post(world: &World) -> Req {
    Req::post(&format!(
        "/centres/{}/people/{}/cpd",
        world.centre_a, world.assessor.id
    ))
}

const CPD: [(&str, &str); 3] = [
    ("done_on", "2026-12-01"),
    ("minutes", "45"),
    ("activity", "Shadowed an observation"),
];

fn with_token(token: &str) -> Vec<(&str, &str)> {
    let mut fields = CPD.to_vec();
    fields.push(("csrf_token", token));
    fields
}

#[actix_web::test]
async fn form_posts_without_the_sessions_csrf_token_or_from_elsewhere_are_refused() -> TestResult {
    let world = World::new().await?;
    let page = world.page_session(&world.centre_admin).await?;
    let someone_else = world.page_session(&world.iqa).await?;
    let refused = [
        ("no token", cpd_post(&world).same_origin().form(&CPD)),
        (
            "empty token",
            cpd_post(&world).same_origin().form(&with_token("")),
        ),
        (
            "wrong token",
            cpd_post(&world)
                .same_origin()
                .form(&with_token("0123456789abcdef")),
        ),
        (
            "another session's token",
            cpd_post(&world)
                .same_origin()
                .form(&with_token(&someone_else.csrf)),
        ),
        (
            "a foreign Origin",
            cpd_post(&world)
                .header("origin", "https://evil.example")
                .form(&with_token(&page.csrf)),
        ),
        (
            "Origin null",
            cpd_post(&world)
                .header("origin", "null")
                .form(&with_token(&page.csrf)),
        ),
        (
            "no Origin or Sec-Fetch-Site",
            cpd_post(&world).form(&with_token(&page.csrf)),
        ),
        (
            "Sec-Fetch-Site: cross-site",
            cpd_post(&world)
                .header("sec-fetch-site", "cross-site")
                .form(&with_token(&page.csrf)),
        ),
    ];
    for (what, request) in refused {
        let reply = world.app.send(request.session(&page.cookie)).await;
        assert_eq!(reply.status, 403, "{what}: {}", show(&reply));
    }
    let logged = |world: &World| -> Result<usize, Box<dyn std::error::Error>> {
        let mut conn = world.app.db.db().get()?;
        Ok(people::cpd_of(&mut conn, &world.assessor.id)?.len())
    };
    assert_eq!(logged(&world)?, 0, "a refused post changed nothing");
    // The same post from our own page goes through (by Origin, or by Sec-Fetch-Site alone).
    let ok = cpd_post(&world).same_origin().form(&with_token(&page.csrf));
    assert_eq!(world.app.send(ok.session(&page.cookie)).await.status, 303);
    let ok = cpd_post(&world)
        .header("sec-fetch-site", "same-origin")
        .form(&with_token(&page.csrf));
    assert_eq!(world.app.send(ok.session(&page.cookie)).await.status, 303);
    assert_eq!(logged(&world)?, 2);
    Ok(())
}

#[actix_web::test]
async fn the_sign_in_form_needs_its_own_form_token_and_origin() -> TestResult {
    let world = World::new().await?;
    let fields = [
        ("csrf_token", "form-token"),
        ("email", world.learner.email.as_str()),
        ("password", PASSWORD),
    ];
    let refused = [
        Req::post("/sign-in").same_origin().form(&fields),
        Req::post("/sign-in")
            .same_origin()
            .cookie("eportfolio_sign_in", "another-token")
            .form(&fields),
        Req::post("/sign-in")
            .header("origin", "https://evil.example")
            .cookie("eportfolio_sign_in", "form-token")
            .form(&fields),
    ];
    for request in refused {
        let reply = world.app.send(request).await;
        assert_eq!(reply.status, 403, "{}", show(&reply));
        assert_eq!(reply.cookie("eportfolio_session"), None);
    }
    Ok(())
}

/// The people of a `World` have ready sessions; this one signs in through the page as a browser
/// does (form token, password, cookie) and the session works on the pages and their forms.
#[actix_web::test]
async fn signing_in_through_the_page_opens_a_session_its_pages_accept() -> TestResult {
    let world = World::new().await?;
    let page = page_sign_in(&world.app, &world.assessor.email, PASSWORD).await?;
    let home = world
        .app
        .send(Req::get("/home").session(&page.cookie))
        .await;
    assert_eq!(home.status, 200, "{}", show(&home));
    assert!(home.body.contains(&world.assessor.name), "{}", show(&home));
    assert!(
        !page.csrf.is_empty(),
        "the account page carries the CSRF token"
    );
    let wrong = page_sign_in(&world.app, &world.assessor.email, "not the password").await;
    assert!(wrong.is_err(), "a wrong password opens no session");
    Ok(())
}
