//! Issue 17 (item 3): two-step sign-in. Set up with a code from the app (recovery codes shown
//! once); then the API and the pages ask for the code after the password; a code works once; a
//! recovery code works once; a centre administrator resets it for someone at their centre, and
//! only there. Each refusal with its status, code and message.

use eportfolio::auth::two_step::TwoStepSecret;
use eportfolio::clock::Clock;
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::{PASSWORD, Person, World, password_step, show};

type Error = Box<dyn std::error::Error>;

fn now_seconds(w: &World) -> u64 {
    u64::try_from(w.app.clock().now().timestamp()).unwrap_or_default()
}

/// `person` turns two-step sign-in on through the API; the secret and the recovery codes.
pub(crate) async fn turn_on(
    w: &World,
    person: &Person,
) -> Result<(TwoStepSecret, Vec<String>), Error> {
    let begun = w
        .app
        .send(Req::post("/api/v1/account/two-step").bearer(&person.token))
        .await;
    assert_eq!(begun.status, 201, "{}", show(&begun));
    let secret = TwoStepSecret(
        begun.json()["secret"]
            .as_str()
            .ok_or("a secret")?
            .to_owned(),
    );
    assert!(
        begun.json()["otpauth_url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("otpauth://totp/eportfolio:")
    );
    let confirmed = confirm(w, person, &secret.code_at(now_seconds(w))).await;
    assert_eq!(confirmed.status, 200, "{}", show(&confirmed));
    let codes: Vec<String> = confirmed.json()["recovery_codes"]
        .as_array()
        .ok_or("recovery codes")?
        .iter()
        .filter_map(|c| c.as_str().map(str::to_owned))
        .collect();
    assert_eq!(codes.len(), 10);
    Ok((secret, codes))
}

async fn confirm(w: &World, person: &Person, code: &str) -> Reply {
    w.app
        .send(
            Req::post("/api/v1/account/two-step/confirm")
                .bearer(&person.token)
                .json(&json!({ "code": code })),
        )
        .await
}

pub(crate) async fn sign_in(w: &World, person: &Person, code: Option<&str>) -> Reply {
    let mut body = json!({"email": person.email, "password": PASSWORD});
    if let Some(code) = code {
        body["one_time_code"] = Value::from(code);
    }
    w.app.send(Req::post("/api/v1/sessions").json(&body)).await
}

fn refused(reply: &Reply, status: u16, code: &str, words: &str) {
    assert_eq!(reply.status, status, "{}", show(reply));
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
    assert!(
        reply.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains(words),
        "{}",
        show(reply)
    );
}

#[actix_web::test]
async fn a_wrong_code_does_not_turn_it_on_and_the_right_one_does() -> TestResult {
    let w = World::new().await?;
    let begun = w
        .app
        .send(Req::post("/api/v1/account/two-step").bearer(&w.assessor.token))
        .await;
    assert_eq!(begun.status, 201, "{}", show(&begun));
    let wrong = confirm(&w, &w.assessor, "000000").await;
    assert_eq!(wrong.status, 422, "{}", show(&wrong));
    assert!(
        wrong.body.contains("The code is not right"),
        "{}",
        show(&wrong)
    );
    assert_eq!(
        sign_in(&w, &w.assessor, None).await.status,
        201,
        "not on yet"
    );
    let secret = TwoStepSecret(
        begun.json()["secret"]
            .as_str()
            .ok_or("a secret")?
            .to_owned(),
    );
    let right = confirm(&w, &w.assessor, &secret.code_at(now_seconds(&w))).await;
    assert_eq!(right.status, 200, "{}", show(&right));
    let again = w
        .app
        .send(Req::post("/api/v1/account/two-step").bearer(&w.assessor.token))
        .await;
    refused(&again, 409, "conflict", "already on");
    Ok(())
}

#[actix_web::test]
async fn the_api_asks_for_the_code_and_each_code_works_once() -> TestResult {
    let w = World::new().await?;
    let (secret, recovery) = turn_on(&w, &w.assessor).await?;
    refused(
        &sign_in(&w, &w.assessor, None).await,
        401,
        "second_factor_required",
        "signs in in two steps",
    );
    let used = secret.code_at(now_seconds(&w));
    refused(
        &sign_in(&w, &w.assessor, Some(&used)).await,
        401,
        "second_factor_refused",
        "already been used",
    );
    refused(
        &sign_in(&w, &w.assessor, Some("123 456")).await,
        401,
        "second_factor_refused",
        "The code is not right",
    );
    w.app.advance(chrono::Duration::seconds(30));
    let next = secret.code_at(now_seconds(&w));
    assert_eq!(sign_in(&w, &w.assessor, Some(&next)).await.status, 201);

    let spare = recovery[3].to_uppercase().replace('-', " ");
    assert_eq!(sign_in(&w, &w.assessor, Some(&spare)).await.status, 201);
    refused(
        &sign_in(&w, &w.assessor, Some(&recovery[3])).await,
        401,
        "second_factor_refused",
        "The code is not right",
    );
    Ok(())
}

/// The page sign-in: password, then the code on its own page.
#[actix_web::test]
async fn the_sign_in_page_asks_for_the_code_after_the_password() -> TestResult {
    let w = World::new().await?;
    let (secret, _) = turn_on(&w, &w.assessor).await?;
    w.app.advance(chrono::Duration::seconds(30));
    let first = password_step(&w.app, &w.assessor.email, PASSWORD).await?;
    assert_eq!(first.status, 303, "{}", show(&first));
    assert_eq!(first.header("location"), "/sign-in/code");
    assert!(
        first.cookie("eportfolio_session").is_none(),
        "no session yet"
    );
    let challenge = first.cookie("eportfolio_second_step").ok_or("challenge")?;

    let page = w
        .app
        .send(Req::get("/sign-in/code").cookie("eportfolio_second_step", &challenge))
        .await;
    assert_eq!(page.status, 200, "{}", show(&page));
    let pre = page
        .cookie("eportfolio_sign_in")
        .ok_or("code form cookie")?;
    let token = page.field("csrf_token").ok_or("code form token")?;
    let post = |code: &str| {
        Req::post("/sign-in/code")
            .same_origin()
            .cookie("eportfolio_sign_in", &pre)
            .cookie("eportfolio_second_step", &challenge)
            .form(&[("csrf_token", &token), ("code", code)])
    };
    let wrong = w.app.send(post("000000")).await;
    assert_eq!(wrong.status, 401, "{}", show(&wrong));
    assert!(
        wrong.body.contains("The code is not right"),
        "{}",
        show(&wrong)
    );

    let right = w.app.send(post(&secret.code_at(now_seconds(&w)))).await;
    assert_eq!(right.status, 303, "{}", show(&right));
    assert_eq!(right.header("location"), "/home");
    let session = right.cookie("eportfolio_session").ok_or("a session")?;
    assert_eq!(
        w.app.send(Req::get("/home").session(&session)).await.status,
        200
    );

    let without = w.app.get("/sign-in/code").await;
    assert_eq!(without.status, 303, "no password step, no code form");
    Ok(())
}

#[actix_web::test]
async fn a_centre_administrator_resets_it_for_someone_at_their_centre_only() -> TestResult {
    let w = World::new().await?;
    turn_on(&w, &w.assessor).await?;
    let path = format!(
        "/api/v1/centres/{}/people/{}/two-step",
        w.centre_b, w.assessor.id
    );
    let elsewhere = w
        .app
        .send(Req::new(actix_web::http::Method::DELETE, &path).bearer(&w.admin_b.token))
        .await;
    assert_eq!(elsewhere.status, 404, "{}", show(&elsewhere));

    let path = format!(
        "/api/v1/centres/{}/people/{}/two-step",
        w.centre_a, w.assessor.id
    );
    let reset = w
        .app
        .send(Req::new(actix_web::http::Method::DELETE, &path).bearer(&w.centre_admin.token))
        .await;
    assert_eq!(reset.status, 204, "{}", show(&reset));
    let old = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&w.assessor.token))
        .await;
    assert_eq!(old.status, 401, "their sessions ended");
    assert_eq!(sign_in(&w, &w.assessor, None).await.status, 201);
    let twice = w
        .app
        .send(Req::new(actix_web::http::Method::DELETE, &path).bearer(&w.centre_admin.token))
        .await;
    refused(&twice, 409, "conflict", "nothing to reset");
    Ok(())
}

/// Turning it off on the account page needs the password; a wrong one is said in words and
/// nothing changes. Changing the password with a wrong current one says so too.
#[actix_web::test]
async fn turning_it_off_needs_the_password() -> TestResult {
    let w = World::new().await?;
    turn_on(&w, &w.assessor).await?;
    let page = w.page_session(&w.assessor).await?;
    let off = |password: &str| {
        Req::post("/account/two-step/off")
            .session(&page.cookie)
            .same_origin()
            .form(&[("csrf_token", &page.csrf), ("password", password)])
    };
    let wrong = w.app.send(off("not my password at all")).await;
    assert_eq!(wrong.status, 422, "{}", show(&wrong));
    assert!(
        wrong.body.contains("That is not your current password."),
        "{}",
        show(&wrong)
    );
    assert!(
        wrong.body.contains("Two-step sign-in is on"),
        "{}",
        show(&wrong)
    );
    refused(
        &sign_in(&w, &w.assessor, None).await,
        401,
        "second_factor_required",
        "two steps",
    );
    let right = w.app.send(off(PASSWORD)).await;
    assert_eq!(right.status, 200, "{}", show(&right));
    assert!(
        right.body.contains("Two-step sign-in is off"),
        "{}",
        show(&right)
    );
    assert_eq!(sign_in(&w, &w.assessor, None).await.status, 201);

    let change = w
        .app
        .send(
            Req::post("/account/password")
                .session(&page.cookie)
                .same_origin()
                .form(&[
                    ("csrf_token", page.csrf.as_str()),
                    ("current_password", "not my password at all"),
                    ("new_password", "a kettle of unusual herons"),
                ]),
        )
        .await;
    assert_eq!(change.status, 422, "{}", show(&change));
    assert!(
        change.body.contains("Your current password is not right"),
        "{}",
        show(&change)
    );
    Ok(())
}

/// Wrong codes count as failed sign-ins: after five, even the right code waits.
#[actix_web::test]
async fn wrong_codes_are_throttled_like_wrong_passwords() -> TestResult {
    let w = World::new().await?;
    let (secret, _) = turn_on(&w, &w.assessor).await?;
    for _ in 0..5 {
        let wrong = sign_in(&w, &w.assessor, Some("000000")).await;
        assert_eq!(wrong.status, 401, "{}", show(&wrong));
    }
    let next_step = secret.code_at(now_seconds(&w) + 30);
    let right = sign_in(&w, &w.assessor, Some(&next_step)).await;
    refused(&right, 429, "rate_limited", "Too many attempts");
    Ok(())
}
