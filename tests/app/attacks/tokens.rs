//! Forged and misused tokens: another key, `alg: none`, HS/RS confusion, `exp` as a string,
//! another audience or issuer. Each forgery carries a real session's `sub` and `jti`, so the
//! one property under attack is what gets it refused (the re-signed control shows that).

use eportfolio::auth::tokens::{Audience, Claims, Tokens};
use eportfolio::clock::Clock;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::{assert_problem, assert_sent_to_sign_in};
use crate::support::{Req, SIGNING_KEY, TestResult};
use crate::world::{World, show};

fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            let index = usize::try_from((n >> (18 - 6 * i)) & 63).unwrap_or(0);
            out.push(char::from(ALPHABET[index]));
        }
    }
    out
}

/// `header.payload.signature` from JSON values, signature as given.
fn forge(header: &Value, payload: &Value, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        b64url(header.to_string().as_bytes()),
        b64url(payload.to_string().as_bytes())
    )
}

/// The claims of a real API token.
fn claims_of(world: &World, token: &str) -> Result<Claims, Box<dyn std::error::Error>> {
    let now = world.app.clock().now();
    Ok(Tokens::new(SIGNING_KEY).verify(token, Audience::Api, now)?)
}

fn claims_json(claims: &Claims) -> Value {
    json!({"iss": claims.iss, "aud": claims.aud, "sub": claims.sub, "jti": claims.jti, "iat": claims.iat, "exp": claims.exp})
}

fn hs256(claims: &Value, key: &[u8]) -> Result<String, jsonwebtoken::errors::Error> {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(key),
    )
}

/// A call that needs a valid API token of centre A's administrator.
async fn call_with(world: &World, token: &str) -> crate::support::Reply {
    let path = format!("/api/v1/centres/{}", world.centre_a);
    world.app.send(Req::get(&path).bearer(token)).await
}

#[actix_web::test]
async fn real_claims_re_signed_with_the_real_key_work() -> TestResult {
    let world = World::new().await?;
    let claims = claims_json(&claims_of(&world, &world.centre_admin.token)?);
    let reply = call_with(&world, &hs256(&claims, SIGNING_KEY)?).await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    Ok(())
}

#[actix_web::test]
async fn a_token_signed_with_another_key_is_refused() -> TestResult {
    let world = World::new().await?;
    let claims = claims_of(&world, &world.centre_admin.token)?;
    let now = world.app.clock().now();
    let other = Tokens::new(b"another signing key, also 32 bytes long");
    let forged = other.issue(
        Audience::Api,
        &claims.sub,
        &claims.jti,
        now,
        now + chrono::Duration::hours(1),
    )?;
    assert_problem(&call_with(&world, &forged).await, 401, "unauthenticated");
    Ok(())
}

#[actix_web::test]
async fn alg_none_in_any_capitalisation_is_refused() -> TestResult {
    let world = World::new().await?;
    let claims = claims_json(&claims_of(&world, &world.centre_admin.token)?);
    let real_signature = world
        .centre_admin
        .token
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_owned();
    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = json!({"alg": alg, "typ": "JWT"});
        for signature in ["", real_signature.as_str()] {
            let reply = call_with(&world, &forge(&header, &claims, signature)).await;
            assert_problem(&reply, 401, "unauthenticated");
        }
    }
    Ok(())
}

#[actix_web::test]
async fn hs_rs_confusion_is_refused() -> TestResult {
    let world = World::new().await?;
    let claims = claims_json(&claims_of(&world, &world.centre_admin.token)?);
    // An RS256 header over an HMAC made with the key, as if the key were a public RSA key.
    for alg in ["RS256", "ES256", "PS256", "HS512"] {
        let header = json!({"alg": alg, "typ": "JWT"});
        let unsigned = forge(&header, &claims, "");
        let signing_input = unsigned.trim_end_matches('.');
        let signature = jsonwebtoken::crypto::sign(
            signing_input.as_bytes(),
            &EncodingKey::from_secret(SIGNING_KEY),
            Algorithm::HS256,
        )?;
        let reply = call_with(&world, &format!("{signing_input}.{signature}")).await;
        assert_problem(&reply, 401, "unauthenticated");
    }
    Ok(())
}

#[actix_web::test]
async fn exp_as_a_string_is_refused() -> TestResult {
    let world = World::new().await?;
    let mut claims = claims_json(&claims_of(&world, &world.centre_admin.token)?);
    claims["exp"] = json!(claims["exp"].to_string());
    let reply = call_with(&world, &hs256(&claims, SIGNING_KEY)?).await;
    assert_problem(&reply, 401, "unauthenticated");
    Ok(())
}

#[actix_web::test]
async fn another_issuer_or_a_missing_claim_is_refused() -> TestResult {
    let world = World::new().await?;
    let real = claims_json(&claims_of(&world, &world.centre_admin.token)?);
    let mut wrong_iss = real.clone();
    wrong_iss["iss"] = json!("someone-else");
    let mut no_exp = real.clone();
    if let Some(object) = no_exp.as_object_mut() {
        object.remove("exp");
    }
    let mut no_jti = real;
    if let Some(object) = no_jti.as_object_mut() {
        object.remove("jti");
    }
    for claims in [wrong_iss, no_exp, no_jti] {
        let reply = call_with(&world, &hs256(&claims, SIGNING_KEY)?).await;
        assert_problem(&reply, 401, "unauthenticated");
    }
    Ok(())
}

#[actix_web::test]
async fn a_token_for_another_audience_is_refused() -> TestResult {
    let world = World::new().await?;
    let claims = claims_of(&world, &world.centre_admin.token)?;
    let now = world.app.clock().now();
    let tokens = Tokens::new(SIGNING_KEY);
    // The real session, named by tokens for every other purpose.
    for audience in [
        Audience::PasswordReset,
        Audience::Session,
        Audience::Witness,
    ] {
        let token = tokens.issue(
            audience,
            &claims.sub,
            &claims.jti,
            now,
            now + chrono::Duration::hours(1),
        )?;
        assert_problem(&call_with(&world, &token).await, 401, "unauthenticated");
    }
    // A real password-reset link's token, used as an API token.
    let reset = world
        .app
        .send(
            Req::post("/api/v1/password-resets").json(&json!({"email": world.centre_admin.email})),
        )
        .await;
    assert_eq!(reset.status, 202, "{}", show(&reset));
    let mail = {
        let mut conn = world.app.db.db().get()?;
        eportfolio::store::mail_queue::recent(&mut conn, 1)?
    };
    let body = mail
        .first()
        .map(|m| m.body_text.clone())
        .unwrap_or_default();
    let link = body
        .split_whitespace()
        .find_map(|w| w.split_once("/password/").map(|(_, t)| t.to_owned()))
        .ok_or("no link in the reset mail")?;
    assert_problem(&call_with(&world, &link).await, 401, "unauthenticated");
    // A page session's cookie as a bearer token, and an API token as the page cookie.
    let page = world.page_session(&world.centre_admin).await?;
    assert_problem(
        &call_with(&world, &page.cookie).await,
        401,
        "unauthenticated",
    );
    let home = Req::get("/home").session(&world.centre_admin.token);
    assert_sent_to_sign_in(&world.app.send(home).await);
    Ok(())
}

#[actix_web::test]
async fn a_malformed_authorization_header_is_refused() -> TestResult {
    let world = World::new().await?;
    let path = format!("/api/v1/centres/{}", world.centre_a);
    for value in [
        "Bearer".to_owned(),
        "Bearer ".to_owned(),
        "Basic Y2VudHJlOmFkbWlu".to_owned(),
        "Bearer not.a.token".to_owned(),
        format!("Bearer {}x", world.centre_admin.token),
    ] {
        let reply = world
            .app
            .send(Req::get(&path).header("authorization", &value))
            .await;
        assert_problem(&reply, 401, "unauthenticated");
    }
    Ok(())
}

/// API.md: "the API, which takes no cookies, needs none [CSRF protection]". A page session's
/// cookie must not authenticate an API call, or a same-site page could drive the API with it.
#[actix_web::test]
async fn the_api_takes_no_cookies() -> TestResult {
    let world = World::new().await?;
    let page = world.page_session(&world.centre_admin).await?;
    let a = &world.centre_a;
    let read = Req::get(&format!("/api/v1/centres/{a}")).session(&page.cookie);
    assert_problem(&world.app.send(read).await, 401, "unauthenticated");
    // A cross-site form can send a CSV body; with the cookie alone it must import nothing.
    let csv = "learner_name,learner_email,date_of_birth,qualification_id,start_date,planned_end_date,assessor_email,iqa_email\n";
    let import = Req::post(&format!("/api/v1/centres/{a}/registrations/import"))
        .header("origin", "https://evil.example")
        .header("content-type", "text/plain")
        .session(&page.cookie)
        .body(csv.as_bytes().to_vec());
    assert_problem(&world.app.send(import).await, 401, "unauthenticated");
    Ok(())
}
