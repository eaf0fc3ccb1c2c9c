//! Open Badges 3.0 credentials: refused before the unit is achieved, issued to the learner only,
//! verified by anyone (API and page), and refused when altered, forged or withdrawn.

use actix_web::http::Method;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use eportfolio::badges::{self, KeyPair};
use eportfolio::domain::open_badge::CredentialClaims;
use serde_json::{Value, json};

use crate::claims::ready::sign_off;
use crate::support::{Req, TestResult};
use crate::world::World;

const U001: &str = "cg-3085/u001";

fn credential_path(registration: &str) -> String {
    format!("/api/v1/registrations/{registration}/units/{U001}/credential")
}

async fn verify(w: &World, credential: &str) -> crate::support::Reply {
    w.app
        .send(Req::post("/api/v1/credentials/verify").json(&json!({ "credential": credential })))
        .await
}

/// The claims of a credential, read without checking anything.
fn claims_of(token: &str) -> Result<CredentialClaims, Box<dyn std::error::Error>> {
    let payload = token.split('.').nth(1).ok_or("three parts")?;
    Ok(serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload)?)?)
}

#[actix_web::test]
async fn a_learner_gets_a_credential_for_an_achieved_unit_and_anyone_can_verify_it() -> TestResult {
    let w = World::new().await?;
    let registration = w.register_on_cg_3085_02()?;
    let early = w
        .app
        .send(Req::get(&credential_path(&registration)).bearer(&w.learner.token))
        .await;
    assert_eq!(early.status, 409, "{}", early.body);
    assert!(
        early.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("is not achieved yet")
    );

    sign_off(&w, &registration, U001, true)?;
    let issued = w
        .app
        .send(Req::get(&credential_path(&registration)).bearer(&w.learner.token))
        .await;
    assert_eq!(issued.status, 200, "{}", issued.body);
    let token = issued.json()["credential"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let claims = claims_of(&token)?;
    assert_eq!(
        claims.vc["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert!(
        !token.contains(&w.learner.email),
        "the learner's email is hashed"
    );

    let assessor = w
        .app
        .send(Req::get(&credential_path(&registration)).bearer(&w.assessor.token))
        .await;
    assert_eq!(assessor.status, 403, "only the learner downloads it");

    let checked = verify(&w, &token).await;
    assert_eq!(checked.status, 200, "{}", checked.body);
    assert_eq!(checked.json()["valid"], true);
    assert!(
        checked.json()["achievement"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Unit 001")
    );

    // The issuer's public key verifies it without the platform.
    let issuer = w
        .app
        .send(Req::get(&format!("/issuers/{}", w.centre_a)))
        .await;
    assert_eq!(issuer.status, 200, "{}", issuer.body);
    let x = issuer.json()["publicKey"]["x"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let id = issuer.json()["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(badges::verify(&token, &x, &id)?, claims);

    // The page says the same to someone who is not signed in.
    let page = w
        .app
        .send(Req::get(&format!("/credentials/verify?credential={token}")))
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("This credential is valid"),
        "{}",
        page.body
    );
    Ok(())
}

#[actix_web::test]
async fn an_altered_or_forged_credential_fails_verification() -> TestResult {
    let w = World::new().await?;
    let registration = w.register_on_cg_3085_02()?;
    sign_off(&w, &registration, U001, true)?;
    let issued = w
        .app
        .send(Req::get(&credential_path(&registration)).bearer(&w.learner.token))
        .await;
    let token = issued.json()["credential"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let parts: Vec<&str> = token.split('.').collect();

    let mut claims = claims_of(&token)?;
    claims.vc["credentialSubject"]["achievement"]["name"] = Value::from("Unit 002: something else");
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims)?);
    let altered = format!("{}.{body}.{}", parts[0], parts[2]);
    let reply = verify(&w, &altered).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(reply.json()["code"], "credential_not_valid");
    assert!(
        reply.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("The signature does not match")
    );

    let forged = badges::sign(&claims_of(&token)?, &w.centre_a, &KeyPair::generate()?)?;
    let reply = verify(&w, &forged).await;
    assert_eq!(reply.status, 422, "{}", reply.body);

    let page = w
        .app
        .send(Req::get(&format!(
            "/credentials/verify?credential={forged}"
        )))
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("This credential is not valid"));

    let rubbish = verify(&w, "hello").await;
    assert_eq!(rubbish.status, 422);
    assert!(
        rubbish.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("not a credential")
    );
    Ok(())
}

#[actix_web::test]
async fn a_credential_for_a_reopened_unit_is_withdrawn() -> TestResult {
    let w = World::new().await?;
    let registration = w.register_on_cg_3085_02()?;
    sign_off(&w, &registration, U001, true)?;
    let issued = w
        .app
        .send(Req::get(&credential_path(&registration)).bearer(&w.learner.token))
        .await;
    let token = issued.json()["credential"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let unlocked = w
        .app
        .send(
            Req::new(
                Method::POST,
                &format!("/api/v1/registrations/{registration}/units/{U001}/unlock"),
            )
            .bearer(&w.centre_admin.token)
            .json(&json!({"reason": "Evidence found to be copied"})),
        )
        .await;
    assert!(unlocked.status.is_success(), "{}", unlocked.body);
    let reply = verify(&w, &token).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(
        reply.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("withdrawn")
    );
    Ok(())
}

#[actix_web::test]
async fn the_learner_finds_their_credentials_page_and_downloads_one() -> TestResult {
    let w = World::new().await?;
    let registration = w.register_on_cg_3085_02()?;
    sign_off(&w, &registration, U001, true)?;
    let session = w.page_session(&w.learner).await?;
    let page = w
        .app
        .send(
            Req::get(&format!("/registrations/{registration}/credentials"))
                .session(&session.cookie),
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let link = format!("/registrations/{registration}/units/{U001}/credential.jwt");
    assert!(page.body.contains(&link), "{}", page.body);
    let file = w.app.send(Req::get(&link).session(&session.cookie)).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), "application/vc+jwt");
    assert!(
        file.header("content-disposition")
            .contains("credential-unit-001.jwt")
    );
    Ok(())
}
