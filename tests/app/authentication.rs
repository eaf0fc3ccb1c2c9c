//! S4 open-learning authentication end to end: the centre names the authenticator (name, role,
//! email); an open-learning unit's sign-off is refused (`authentication_required`) until the
//! authenticator, through the emailed single-use link (read from the outbox), confirms the
//! evidence relied on; through the API and through the pages, with every refusal.

use actix_web::http::Method;
use diesel::prelude::*;
use eportfolio::store::mail_queue;
use eportfolio::store::schema::registrations;
use eportfolio::store::{StoreError, write_transaction};
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestApp, TestResult};
use crate::world::{Person, World, show};

const U002: &str = "cg-3085/u002";
const AUTHENTICATOR: &str = "pat.boss@care-at-home.example.org";
const TITLE: &str = "My support plan review";

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

async fn call(w: &World, who: &Person, method: Method, path: &str, body: Value) -> Reply {
    w.app
        .send(Req::new(method, path).bearer(&who.token).json(&body))
        .await
}

fn refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", show(reply));
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
}

fn set_open_learning(w: &World, r: &str) -> Fallible<()> {
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| -> Result<_, StoreError> {
        diesel::update(registrations::table.find(r))
            .set(registrations::open_learning.eq(true))
            .execute(conn)?;
        Ok(())
    })?;
    Ok(())
}

async fn name_authenticator(w: &World, r: &str) {
    let body = json!({"name": "Pat Boss", "role": "Line manager", "email": AUTHENTICATOR});
    let path = format!("/api/v1/registrations/{r}/authenticator");
    let named = call(w, &w.centre_admin, Method::PUT, &path, body).await;
    assert_eq!(named.status, 200, "{}", show(&named));
}

/// An open-learning cg-3085-02 registration whose Unit 002 is judged met on one declared item
/// and observed: everything but authentication. (registration, evidence)
async fn ready_but_unauthenticated(w: &World, named: bool) -> Fallible<(String, String)> {
    let r = w.register_on_cg_3085_02()?;
    set_open_learning(w, &r)?;
    if named {
        name_authenticator(w, &r).await;
    }
    let curriculum = eportfolio::curriculum::shipped()?;
    let (_, unit) = curriculum.unit(U002).ok_or("no Unit 002")?;
    let criteria = eportfolio::domain::sign_off::items_required(unit);
    let body = json!({"kind": "work_product", "title": TITLE, "activity_date": "2027-01-12", "text": "What I did with Mrs B."});
    let created = call(
        w,
        &w.learner,
        Method::POST,
        &format!("/api/v1/registrations/{r}/evidence"),
        body,
    )
    .await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let e = created.json()["id"].as_str().ok_or("no id")?.to_owned();
    let mapped = call(
        w,
        &w.learner,
        Method::PUT,
        &format!("/api/v1/evidence/{e}/mappings"),
        json!({"criteria": criteria}),
    )
    .await;
    assert_eq!(mapped.status, 200, "{}", show(&mapped));
    let declared = call(
        w,
        &w.learner,
        Method::POST,
        &format!("/api/v1/evidence/{e}/declaration"),
        json!({"typed_name": w.learner.name}),
    )
    .await;
    assert_eq!(declared.status, 201, "{}", show(&declared));
    w.submit(&e).await;
    for item in &criteria {
        let body = json!({"criterion_id": item, "outcome": "met", "evidence_ids": [e], "feedback": "Shown clearly."});
        let judged = call(
            w,
            &w.assessor,
            Method::POST,
            &format!("/api/v1/registrations/{r}/decisions"),
            body,
        )
        .await;
        assert_eq!(judged.status, 201, "{item}: {}", show(&judged));
    }
    let observation = json!({
        "planned": true, "observed_on": "2027-01-10", "setting": "Mrs B's home, a support planning review",
        "people_present": [{"name": "Mrs B", "role": "person supported", "consent": true}],
        "narrative": "Lee led the review and checked each outcome with Mrs B.",
        "criteria": ["cg-3085/u002/lo2/ac2.1", "cg-3085/u002/lo3/ac3.2"], "range_items": ["cg-3085/u002/lo2/range1/3"]
    });
    let observed = call(
        w,
        &w.assessor,
        Method::POST,
        &format!("/api/v1/registrations/{r}/observations"),
        observation,
    )
    .await;
    assert_eq!(observed.status, 201, "{}", show(&observed));
    Ok((r, e))
}

async fn sign_off(w: &World, r: &str) -> Reply {
    let path = format!("/api/v1/registrations/{r}/units/{U002}/sign-off");
    call(w, &w.assessor, Method::POST, &path, json!({})).await
}

/// The token of the newest authentication link mailed to `address`.
pub fn mailed_token(app: &TestApp, address: &str) -> Fallible<String> {
    let mut conn = app.db.db().get()?;
    let mail = mail_queue::recent(&mut conn, 100)?
        .into_iter()
        .find(|m| m.to_address == address && m.body_text.contains("/authenticate/"))
        .ok_or("no authentication mail")?;
    let start = mail.body_text.find("/authenticate/").ok_or("no link")? + "/authenticate/".len();
    Ok(mail.body_text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect())
}

const REFUSAL: &str = "This unit cannot be signed off until the learner's authenticator has confirmed the evidence relied on is the learner's own work; not yet authenticated: My support plan review (version 1).";

#[actix_web::test]
async fn s4_open_learning_sign_off_waits_for_the_authenticator_through_the_api() -> TestResult {
    let w = World::new().await?;
    let (r, e) = ready_but_unauthenticated(&w, true).await?;
    let held = sign_off(&w, &r).await;
    refused(&held, 422, "authentication_required");
    assert_eq!(held.json()["detail"], REFUSAL, "{}", show(&held));

    let status_path = format!("/api/v1/registrations/{r}/authentication");
    let status = call(&w, &w.learner, Method::GET, &status_path, json!({}))
        .await
        .json();
    assert_eq!(status["authenticator"]["name"], "Pat Boss");
    assert_eq!(status["items"][0]["title"], TITLE);
    assert!(status["items"][0]["authenticated"].is_null());

    let ask = format!("/api/v1/registrations/{r}/authentication-requests");
    refused(
        &call(&w, &w.learner, Method::POST, &ask, json!({})).await,
        403,
        "forbidden",
    );
    let asked = call(&w, &w.assessor, Method::POST, &ask, json!({})).await;
    assert_eq!(asked.status, 201, "{}", show(&asked));
    assert!(
        !asked.body.contains("/authenticate/"),
        "the link is only emailed"
    );

    let token = mailed_token(&w.app, AUTHENTICATOR)?;
    let link = format!("/api/v1/authenticate/{token}");
    let read = w.app.send(Req::get(&link)).await;
    assert_eq!(read.status, 200, "{}", show(&read));
    assert_eq!(read.json()["items"][0]["title"], TITLE);
    assert_eq!(
        read.json()["items"][0]["body_text"],
        "What I did with Mrs B."
    );

    let unsigned = w
        .app
        .send(
            Req::post(&link).json(&json!({"signed_name": "", "signed_role": "", "confirmed": []})),
        )
        .await;
    refused(&unsigned, 422, "invalid");
    let body = json!({"signed_name": "Pat Boss", "signed_role": "Line manager", "confirmed": [e]});
    let signed = w.app.send(Req::post(&link).json(&body)).await;
    assert_eq!(signed.status, 201, "{}", show(&signed));
    assert_eq!(
        signed.json()["items"][0]["authenticated"]["signed_name"],
        "Pat Boss"
    );
    refused(
        &w.app.send(Req::post(&link).json(&body)).await,
        410,
        "link_used",
    );

    let status = call(&w, &w.learner, Method::GET, &status_path, json!({}))
        .await
        .json();
    assert_eq!(
        status["items"][0]["authenticated"]["signed_role"],
        "Line manager"
    );
    let done = sign_off(&w, &r).await;
    assert_eq!(done.status, 201, "{}", show(&done));
    Ok(())
}

#[actix_web::test]
async fn s4_refusals_around_the_authenticator_through_the_api() -> TestResult {
    let w = World::new().await?;
    let (r, _) = ready_but_unauthenticated(&w, false).await?;
    let ask = format!("/api/v1/registrations/{r}/authentication-requests");
    let unnamed = call(&w, &w.assessor, Method::POST, &ask, json!({})).await;
    refused(&unnamed, 422, "invalid");
    assert!(
        unnamed.body.contains("authenticator_email"),
        "{}",
        show(&unnamed)
    );
    let path = format!("/api/v1/registrations/{r}/authenticator");
    let bad = json!({"name": "Pat Boss", "role": "", "email": "not an email"});
    let invalid = call(&w, &w.centre_admin, Method::PUT, &path, bad).await;
    refused(&invalid, 422, "invalid");
    assert!(
        invalid.body.contains("authenticator_role") && invalid.body.contains("authenticator_email")
    );
    let good = json!({"name": "Pat Boss", "role": "Line manager", "email": AUTHENTICATOR});
    refused(
        &call(&w, &w.assessor, Method::PUT, &path, good).await,
        403,
        "forbidden",
    );

    // Not open learning: nothing to authenticate, and sign-off is not held by S4.
    let plain = w.register_on_cg_3085_02()?;
    let ask_plain = format!("/api/v1/registrations/{plain}/authentication-requests");
    refused(
        &call(&w, &w.assessor, Method::POST, &ask_plain, json!({})).await,
        409,
        "conflict",
    );
    let bad_link = w
        .app
        .send(Req::get("/api/v1/authenticate/not-a-token"))
        .await;
    assert_eq!(bad_link.status, 400, "{}", show(&bad_link));
    Ok(())
}

#[actix_web::test]
async fn s4_open_learning_through_the_pages() -> TestResult {
    let w = World::new().await?;
    let (r, e) = ready_but_unauthenticated(&w, false).await?;
    let admin = w.page_session(&w.centre_admin).await?;
    let name = |who: &str, role: &'static str, email: &'static str| {
        Req::post(&format!("/registrations/{r}/authenticator"))
            .session(&admin.cookie)
            .same_origin()
            .form(&[
                ("csrf_token", admin.csrf.as_str()),
                ("authenticator", who),
                ("authenticator_role", role),
                ("authenticator_email", email),
            ])
    };
    let bad = w
        .app
        .send(name("Pat Boss", "Line manager", "not an email"))
        .await;
    assert_eq!(bad.status, 422, "{}", show(&bad));
    assert!(
        bad.body.contains("value=\"not an email\""),
        "keeps what was typed: {}",
        show(&bad)
    );
    let named = w
        .app
        .send(name("Pat Boss", "Line manager", AUTHENTICATOR))
        .await;
    assert_eq!(named.status, 303, "{}", show(&named));

    let assessor = w.page_session(&w.assessor).await?;
    let sign_off_form = || {
        Req::post(&format!("/registrations/{r}/units/{U002}/sign-off"))
            .session(&assessor.cookie)
            .same_origin()
            .form(&[("csrf_token", assessor.csrf.as_str())])
    };
    let held = w.app.send(sign_off_form()).await;
    assert_eq!(held.status, 422, "{}", show(&held));
    assert!(
        held.body
            .contains("not yet authenticated: My support plan review (version 1)"),
        "{}",
        show(&held)
    );

    let page = format!("/registrations/{r}/authentication");
    let status = w.app.send(Req::get(&page).session(&assessor.cookie)).await;
    assert_eq!(status.status, 200, "{}", show(&status));
    assert!(status.body.contains("outstanding") && status.body.contains("Pat Boss, Line manager"));
    let registration = w
        .app
        .send(Req::get(&format!("/registrations/{r}")).session(&assessor.cookie))
        .await;
    assert!(
        !registration.body.contains("evidence authenticated by"),
        "{}",
        show(&registration)
    );

    let asked = w
        .app
        .send(
            Req::post(&format!("/registrations/{r}/authentication-requests"))
                .session(&assessor.cookie)
                .same_origin()
                .form(&[("csrf_token", assessor.csrf.as_str())]),
        )
        .await;
    assert_eq!(asked.status, 303, "{}", show(&asked));

    let token = mailed_token(&w.app, AUTHENTICATOR)?;
    let link = format!("/authenticate/{token}");
    let form = w.app.get(&link).await;
    assert_eq!(form.status, 200, "{}", show(&form));
    assert!(form.body.contains(TITLE), "{}", show(&form));
    assert!(form.body.contains("own work"), "{}", show(&form));
    let link_id = form.field("link_id").ok_or("no link id")?;
    let unticked = w
        .app
        .send(Req::post(&link).same_origin().form(&[
            ("link_id", link_id.as_str()),
            ("signed_name", "Pat Boss"),
            ("signed_role", "Line manager"),
        ]))
        .await;
    assert_eq!(unticked.status, 422, "{}", show(&unticked));
    assert!(
        unticked.body.contains("Tick each item you confirm"),
        "{}",
        show(&unticked)
    );
    assert!(
        unticked.body.contains("value=\"Pat Boss\""),
        "keeps what was typed"
    );
    let signed = w
        .app
        .send(Req::post(&link).same_origin().form(&[
            ("link_id", link_id.as_str()),
            ("signed_name", "Pat Boss"),
            ("signed_role", "Line manager"),
            ("confirmed", e.as_str()),
        ]))
        .await;
    assert_eq!(signed.status, 303, "{}", show(&signed));
    let used = w.app.get(&link).await;
    assert!(
        used.body.contains("This link has been used"),
        "{}",
        show(&used)
    );

    let status = w.app.send(Req::get(&page).session(&assessor.cookie)).await;
    assert!(
        status
            .body
            .contains("authenticated by Pat Boss, Line manager"),
        "{}",
        show(&status)
    );
    let done = w.app.send(sign_off_form()).await;
    assert_eq!(done.status, 303, "{}", show(&done));
    Ok(())
}
