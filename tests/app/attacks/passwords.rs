//! Password guessing and the password-reset link: a wrong password and an unknown email answer
//! alike; repeated failures are throttled for a while, never for good; a reset link works once,
//! ends the old sessions, and the answer never says whether an account exists.

use chrono::Duration;
use eportfolio::store::mail_queue;
use serde_json::json;

use super::assert_problem;
use crate::support::{Reply, Req, TestResult};
use crate::world::{PASSWORD, World, show};

async fn sign_in(world: &World, email: &str, password: &str) -> Reply {
    world
        .app
        .send(Req::post("/api/v1/sessions").json(&json!({"email": email, "password": password})))
        .await
}

#[actix_web::test]
async fn a_wrong_password_is_401_unauthenticated() -> TestResult {
    let world = World::new().await?;
    let reply = sign_in(&world, &world.learner.email, "not the password at all").await;
    assert_problem(&reply, 401, "unauthenticated");
    assert!(reply.json().get("token").is_none());
    Ok(())
}

#[actix_web::test]
async fn an_unknown_email_gets_the_same_answer_as_a_wrong_password() -> TestResult {
    let world = World::new().await?;
    let wrong = sign_in(&world, &world.learner.email, "not the password at all").await;
    let unknown = sign_in(&world, "nobody@a.example.org", "not the password at all").await;
    assert_problem(&unknown, 401, "unauthenticated");
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.header("content-type"), unknown.header("content-type"));
    assert_eq!(
        wrong.header("www-authenticate"),
        unknown.header("www-authenticate")
    );
    assert_eq!(wrong.body, unknown.body);
    Ok(())
}

#[actix_web::test]
async fn five_failures_throttle_the_account_for_a_while_not_for_good() -> TestResult {
    let world = World::new().await?;
    let email = &world.tutor.email;
    for attempt in 1..=5 {
        let reply = sign_in(&world, email, "a wrong guess, again").await;
        assert_eq!(reply.status, 401, "attempt {attempt}: {}", show(&reply));
    }
    // Even the right password waits now, and is told how long.
    let reply = sign_in(&world, email, PASSWORD).await;
    assert_problem(&reply, 429, "rate_limited");
    let retry_after: i64 = reply.header("retry-after").parse()?;
    assert!(
        retry_after > 0 && retry_after <= 15 * 60,
        "Retry-After: {retry_after}"
    );
    // The case and spacing of the address make no difference.
    let shouted = format!("  {}  ", email.to_uppercase());
    assert_problem(
        &sign_in(&world, &shouted, PASSWORD).await,
        429,
        "rate_limited",
    );
    // The page answers the same.
    let page = world
        .app
        .send(
            Req::post("/sign-in")
                .same_origin()
                .cookie("eportfolio_sign_in", "form-token")
                .form(&[
                    ("csrf_token", "form-token"),
                    ("email", email),
                    ("password", PASSWORD),
                ]),
        )
        .await;
    assert_eq!(page.status, 429, "{}", show(&page));
    assert!(!page.header("retry-after").is_empty());
    // Another account is not affected.
    assert_eq!(
        sign_in(&world, &world.iqa.email, PASSWORD).await.status,
        201
    );
    // Once the window has passed, the right password works again.
    world.app.advance(Duration::minutes(16));
    let reply = sign_in(&world, email, PASSWORD).await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    Ok(())
}

fn reset_link_in(body: &str) -> Option<String> {
    body.split_whitespace().find_map(|w| {
        w.strip_prefix("http://localhost/password/")
            .map(str::to_owned)
    })
}

fn queued(world: &World) -> Result<Vec<mail_queue::QueuedMail>, Box<dyn std::error::Error>> {
    let mut conn = world.app.db.db().get()?;
    Ok(mail_queue::recent(&mut conn, 100)?)
}

#[actix_web::test]
async fn a_password_reset_link_works_once_and_ends_old_sessions() -> TestResult {
    let world = World::new().await?;
    let learner = &world.learner;
    let page = world.page_session(learner).await?;
    let asked = world
        .app
        .send(Req::post("/api/v1/password-resets").json(&json!({"email": learner.email})))
        .await;
    assert_eq!(asked.status, 202, "{}", show(&asked));
    let mail = queued(&world)?;
    let message = mail
        .iter()
        .find(|m| m.to_address == learner.email)
        .ok_or("no reset mail")?;
    let token = reset_link_in(&message.body_text).ok_or("no /password/<token> link in the mail")?;

    let new_password = "a fresh and long passphrase";
    let path = format!("/api/v1/password-resets/{token}");
    let used = world
        .app
        .send(Req::post(&path).json(&json!({"password": new_password})))
        .await;
    assert_eq!(used.status, 204, "{}", show(&used));
    let again = world
        .app
        .send(Req::post(&path).json(&json!({"password": "yet another passphrase"})))
        .await;
    assert_problem(&again, 400, "bad_request");
    // The page link is spent too.
    assert_eq!(
        world.app.get(&format!("/password/{token}")).await.status,
        410
    );

    // Sessions from before the reset have ended.
    let centre = format!("/api/v1/centres/{}", world.centre_a);
    let old = world
        .app
        .send(Req::get(&centre).bearer(&learner.token))
        .await;
    assert_problem(&old, 401, "unauthenticated");
    let home = world
        .app
        .send(Req::get("/home").session(&page.cookie))
        .await;
    assert_eq!(
        (home.status.as_u16(), home.header("location")),
        (303, "/sign-in")
    );
    // The new password works; the old one does not.
    assert_eq!(
        sign_in(&world, &learner.email, new_password).await.status,
        201
    );
    assert_problem(
        &sign_in(&world, &learner.email, PASSWORD).await,
        401,
        "unauthenticated",
    );
    Ok(())
}

#[actix_web::test]
async fn a_reset_for_an_unknown_email_answers_the_same_and_sends_nothing() -> TestResult {
    let world = World::new().await?;
    let before = queued(&world)?.len();
    let known = world
        .app
        .send(Req::post("/api/v1/password-resets").json(&json!({"email": world.learner.email})))
        .await;
    assert_eq!(queued(&world)?.len(), before + 1);
    let unknown = world
        .app
        .send(Req::post("/api/v1/password-resets").json(&json!({"email": "nobody@a.example.org"})))
        .await;
    assert_eq!(unknown.status, 202);
    assert_eq!(known.status, unknown.status);
    assert_eq!(known.header("content-type"), unknown.header("content-type"));
    assert_eq!(known.body, unknown.body);
    assert_eq!(
        queued(&world)?.len(),
        before + 1,
        "no mail for an unknown address"
    );
    assert!(
        queued(&world)?
            .iter()
            .all(|m| m.to_address != "nobody@a.example.org")
    );
    Ok(())
}

#[actix_web::test]
async fn a_reset_link_expires_after_an_hour() -> TestResult {
    let world = World::new().await?;
    let asked = Req::post("/api/v1/password-resets").json(&json!({"email": world.tutor.email}));
    assert_eq!(world.app.send(asked).await.status, 202);
    let mail = queued(&world)?;
    let message = mail
        .iter()
        .find(|m| m.to_address == world.tutor.email)
        .ok_or("no mail")?;
    let token = reset_link_in(&message.body_text).ok_or("no link")?;
    world.app.advance(Duration::minutes(61));
    let used = Req::post(&format!("/api/v1/password-resets/{token}"))
        .json(&json!({"password": "a fresh and long passphrase"}));
    assert_problem(&world.app.send(used).await, 400, "bad_request");
    Ok(())
}

#[actix_web::test]
async fn reset_mails_are_limited_to_three_an_hour_per_account() -> TestResult {
    let world = World::new().await?;
    let email = world.learner.email.clone();
    for _ in 0..5 {
        let reply = world
            .app
            .send(Req::post("/api/v1/password-resets").json(&serde_json::json!({"email": email})))
            .await;
        assert_eq!(reply.status, 202);
    }
    let sent = queued(&world)?
        .iter()
        .filter(|m| m.to_address == email)
        .count();
    assert_eq!(sent, 3);
    world.app.advance(chrono::Duration::minutes(61));
    let reply = world
        .app
        .send(Req::post("/api/v1/password-resets").json(&serde_json::json!({"email": email})))
        .await;
    assert_eq!(reply.status, 202);
    assert_eq!(
        queued(&world)?
            .iter()
            .filter(|m| m.to_address == email)
            .count(),
        4
    );
    Ok(())
}

/// The learner's reset link token, from the mail the reset request queued.
async fn reset_token(world: &World) -> Result<String, Box<dyn std::error::Error>> {
    let learner = &world.learner;
    let asked = world
        .app
        .send(Req::post("/api/v1/password-resets").json(&json!({"email": learner.email})))
        .await;
    assert_eq!(asked.status, 202, "{}", show(&asked));
    let mail = queued(world)?;
    let message = mail
        .iter()
        .find(|m| m.to_address == learner.email)
        .ok_or("no reset mail")?;
    Ok(reset_link_in(&message.body_text).ok_or("no /password/<token> link in the mail")?)
}

#[actix_web::test]
async fn passwords_attackers_try_first_are_refused_in_words_and_the_link_still_works() -> TestResult
{
    let world = World::new().await?;
    let token = reset_token(&world).await?;
    let path = format!("/api/v1/password-resets/{token}");
    for weak in [
        "            ",
        "123456789012",
        "qwertyuiopas",
        "aaaaaaaaaaaa",
        "passwordpassword",
    ] {
        let refused = world
            .app
            .send(Req::post(&path).json(&json!({"password": weak})))
            .await;
        assert_problem(&refused, 422, "invalid");
        let message = refused.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            message.starts_with("This password would be easy to guess.")
                || message.starts_with("This password is on a list of common"),
            "{weak:?}: {message}"
        );
    }
    // The page form says why, on the same page, with a 422.
    let page = world
        .app
        .send(
            Req::post(&format!("/password/{token}"))
                .same_origin()
                .form(&[("password", "aaaaaaaaaaaa")]),
        )
        .await;
    assert_eq!(page.status, 422, "{}", show(&page));
    assert!(
        page.body
            .contains("This password would be easy to guess. Repeats like"),
        "{}",
        show(&page)
    );
    // Nothing was used up: a strong password still sets it.
    let set = world
        .app
        .send(Req::post(&path).json(&json!({"password": "a fresh and long passphrase"})))
        .await;
    assert_eq!(set.status, 204, "{}", show(&set));
    Ok(())
}
