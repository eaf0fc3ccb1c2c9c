//! Issue 17 (item 3): passkeys, the second option for two-step sign-in, through the real routes
//! and the real relying party, with a software authenticator (`device.rs`) in place of a phone.
//! Added from the account page; then the password step leads to the passkey, not to a code; each
//! ceremony is used once; a refused answer is said in words and counts as a failed sign-in; the
//! last way to sign in in two steps stays while the centre requires it; a reset takes them away.

mod device;

use eportfolio::clock::Clock;
use eportfolio::store::passkeys;
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::{PASSWORD, PageSession, Person, World, password_step, show};
use device::Device;

type Error = Box<dyn std::error::Error>;

async fn add_options(w: &World, page: &PageSession) -> Result<Value, Error> {
    let reply = w
        .app
        .send(
            Req::post("/account/two-step/passkeys/options")
                .session(&page.cookie)
                .same_origin()
                .form(&[("csrf_token", page.csrf.as_str())]),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    Ok(reply.json())
}

async fn post_passkey(w: &World, page: &PageSession, fields: &[(&str, &str)]) -> Reply {
    let mut form = vec![("csrf_token", page.csrf.as_str())];
    form.extend_from_slice(fields);
    w.app
        .send(
            Req::post("/account/two-step/passkeys")
                .session(&page.cookie)
                .same_origin()
                .form(&form),
        )
        .await
}

/// `person` adds a passkey on `device` from the account page, named `name`.
async fn add(w: &World, page: &PageSession, device: &Device, name: &str) -> Result<(), Error> {
    let started = add_options(w, page).await?;
    let answer = device.create(&started["options"])?;
    let ceremony = started["ceremony"].as_str().ok_or("a ceremony")?;
    let added = post_passkey(
        w,
        page,
        &[("ceremony", ceremony), ("name", name), ("answer", &answer)],
    )
    .await;
    assert_eq!(added.status, 303, "{}", show(&added));
    assert_eq!(
        added.header("location"),
        "/account?done=passkey-added#passkeys"
    );
    Ok(())
}

/// The password step's cookies and the second step page's form token.
struct SecondStep {
    challenge: String,
    pre_session: String,
    csrf: String,
    page: Reply,
}

async fn second_step(w: &World, person: &Person) -> Result<SecondStep, Error> {
    let first = password_step(&w.app, &person.email, PASSWORD).await?;
    assert_eq!(
        first.header("location"),
        "/sign-in/code",
        "{}",
        show(&first)
    );
    let challenge = first
        .cookie("eportfolio_second_step")
        .ok_or("no challenge")?;
    let page = w
        .app
        .send(Req::get("/sign-in/code").cookie("eportfolio_second_step", &challenge))
        .await;
    Ok(SecondStep {
        pre_session: page.cookie("eportfolio_sign_in").ok_or("no form cookie")?,
        csrf: page.field("csrf_token").ok_or("no form token")?,
        challenge,
        page,
    })
}

impl SecondStep {
    fn post(&self, path: &str, fields: &[(&str, &str)]) -> Req {
        let mut form = vec![("csrf_token", self.csrf.as_str())];
        form.extend_from_slice(fields);
        Req::post(path)
            .same_origin()
            .cookie("eportfolio_second_step", &self.challenge)
            .cookie("eportfolio_sign_in", &self.pre_session)
            .form(&form)
    }

    /// The options, and the device's answer to them.
    async fn answer(&self, w: &World, device: &mut Device) -> Result<(String, String), Error> {
        let options = w.app.send(self.post("/sign-in/passkey/options", &[])).await;
        assert_eq!(options.status, 200, "{}", show(&options));
        let started = options.json();
        let ceremony = started["ceremony"].as_str().ok_or("a ceremony")?.to_owned();
        Ok((ceremony, device.get(&started["options"])?))
    }

    async fn finish(&self, w: &World, ceremony: &str, answer: &str) -> Reply {
        let fields = [("ceremony", ceremony), ("answer", answer)];
        w.app.send(self.post("/sign-in/passkey", &fields)).await
    }
}

fn api_sign_in(person: &Person, code: Option<&str>) -> Req {
    let mut body = json!({"email": person.email, "password": PASSWORD});
    if let Some(code) = code {
        body["one_time_code"] = Value::from(code);
    }
    Req::post("/api/v1/sessions").json(&body)
}

#[actix_web::test]
async fn a_passkey_added_on_the_account_page_is_the_second_step_after_the_password() -> TestResult {
    let w = World::new().await?;
    let page = w.page_session(&w.assessor).await?;
    let started = add_options(&w, &page).await?;
    assert_eq!(started["options"]["publicKey"]["rp"]["id"], "localhost");
    assert_eq!(
        started["options"]["publicKey"]["user"]["name"],
        w.assessor.email.as_str()
    );
    let mut device = Device::new(7)?;
    add(&w, &page, &device, "Work laptop").await?;
    let account = w.app.send(Req::get("/account").session(&page.cookie)).await;
    assert!(account.body.contains("Work laptop"), "{}", show(&account));
    assert!(
        account
            .body
            .contains("Two-step sign-in is on with your passkeys")
    );

    // The API cannot use a passkey: without a code it asks for the second step; a code is
    // refused in words.
    let bare = w.app.send(api_sign_in(&w.assessor, None)).await;
    assert_eq!(
        bare.json()["code"],
        "second_factor_required",
        "{}",
        show(&bare)
    );
    let coded = w.app.send(api_sign_in(&w.assessor, Some("123456"))).await;
    assert_eq!(coded.status, 401, "{}", show(&coded));
    let detail = coded.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(detail.contains("second step is a passkey"), "{detail}");

    // The page: password, then the passkey (no app code asked), then home with a session.
    let step = second_step(&w, &w.assessor).await?;
    assert!(step.page.body.contains("Sign in with your passkey"));
    assert!(!step.page.body.contains("Code from the app"));
    let (ceremony, answer) = step.answer(&w, &mut device).await?;
    let signed_in = step.finish(&w, &ceremony, &answer).await;
    assert_eq!(signed_in.status, 303, "{}", show(&signed_in));
    assert_eq!(signed_in.header("location"), "/home");
    let session = signed_in
        .cookie("eportfolio_session")
        .ok_or("no session cookie")?;
    assert_eq!(
        w.app.send(Req::get("/home").session(&session)).await.status,
        200
    );

    // The same answer again: its ceremony is spent.
    let replayed = step.finish(&w, &ceremony, &answer).await;
    assert_eq!(replayed.status, 401, "{}", show(&replayed));
    assert!(replayed.body.contains("took more than five minutes"));
    let account = w.app.send(Req::get("/account").session(&page.cookie)).await;
    assert!(
        account.body.contains("last used to sign in"),
        "{}",
        show(&account)
    );
    Ok(())
}

#[actix_web::test]
async fn a_refused_passkey_is_said_in_words_and_counts_as_a_failed_sign_in() -> TestResult {
    let w = World::new().await?;
    let page = w.page_session(&w.assessor).await?;

    // Adding: an answer that is not a device's, a device that did not verify the person, a
    // spent ceremony, a name too long; each said, nothing kept.
    let started = add_options(&w, &page).await?;
    let ceremony = started["ceremony"].as_str().ok_or("a ceremony")?;
    let garbage = post_passkey(&w, &page, &[("ceremony", ceremony), ("answer", "{}")]).await;
    assert_eq!(garbage.status, 422, "{}", show(&garbage));
    assert!(
        garbage.body.contains("answer could not be read"),
        "{}",
        show(&garbage)
    );
    let again = post_passkey(&w, &page, &[("ceremony", ceremony), ("answer", "{}")]).await;
    assert!(
        again.body.contains("took more than five minutes"),
        "{}",
        show(&again)
    );
    let mut careless = Device::new(9)?;
    careless.verifies = false;
    let started = add_options(&w, &page).await?;
    let answer = careless.create(&started["options"])?;
    let ceremony = started["ceremony"].as_str().ok_or("a ceremony")?;
    let fields = [
        ("ceremony", ceremony),
        ("name", "Kitchen tablet"),
        ("answer", answer.as_str()),
    ];
    let unverified = post_passkey(&w, &page, &fields).await;
    assert_eq!(unverified.status, 422, "{}", show(&unverified));
    assert!(unverified.body.contains("passkey was not accepted"));
    assert!(
        unverified.body.contains("value=\"Kitchen tablet\""),
        "the name typed is kept: {}",
        show(&unverified)
    );
    let long = "x".repeat(61);
    let named = post_passkey(&w, &page, &[("ceremony", "none"), ("name", &long)]).await;
    assert!(
        named.body.contains("at most 60 characters"),
        "{}",
        show(&named)
    );
    let (state, id) = (w.app.state().db.clone(), w.assessor.id.clone());
    let kept = state.run(move |conn| passkeys::count_of(conn, &id)).await?;
    assert_eq!(kept, 0, "nothing refused is kept");

    // Signing in: another key under the same credential id, and a device that does not verify
    // the person: refused in words, counted against the account's throttle.
    let device = Device::new(11)?;
    add(&w, &page, &device, "Phone").await?;
    let mut impostor = Device::new(12)?;
    impostor.credential_id = device.credential_id.clone();
    let mut unverified = Device::new(11)?;
    unverified.verifies = false;
    for mut wrong in [impostor, unverified] {
        let step = second_step(&w, &w.assessor).await?;
        let (ceremony, answer) = step.answer(&w, &mut wrong).await?;
        let refused = step.finish(&w, &ceremony, &answer).await;
        assert_eq!(refused.status, 401, "{}", show(&refused));
        assert!(
            refused.body.contains("Your passkey was not accepted"),
            "{}",
            show(&refused)
        );
        assert!(refused.cookie("eportfolio_session").is_none());
    }
    let key = format!("account:{}", w.assessor.email.to_lowercase());
    let since = w.app.clock().now().naive_utc() - chrono::Duration::days(1);
    let failures = w
        .app
        .state()
        .db
        .run(move |conn| eportfolio::store::sessions::failures_since(conn, &key, since))
        .await?;
    assert_eq!(
        failures.len(),
        2,
        "each refused passkey counts as a failed sign-in"
    );
    Ok(())
}

#[actix_web::test]
async fn the_last_passkey_stays_while_the_centre_requires_two_step_sign_in() -> TestResult {
    let w = World::new().await?;
    let page = w.page_session(&w.assessor).await?;
    add(&w, &page, &Device::new(21)?, "Laptop").await?;
    let policy = w
        .app
        .send(
            Req::new(
                actix_web::http::Method::PUT,
                &format!("/api/v1/centres/{}/two-step-policy", w.centre_a),
            )
            .bearer(&w.centre_admin.token)
            .json(&json!({"required_for": "all_staff"})),
        )
        .await;
    assert_eq!(policy.status, 200, "{}", show(&policy));
    let (db, id) = (w.app.state().db.clone(), w.assessor.id.clone());
    let first = db
        .run(move |conn| passkeys::of_user(conn, &id))
        .await?
        .remove(0)
        .id;
    let remove = |passkey: &str| {
        Req::post(&format!("/account/two-step/passkeys/{passkey}/remove"))
            .session(&page.cookie)
            .same_origin()
            .form(&[("csrf_token", page.csrf.as_str())])
    };
    let kept = w.app.send(remove(&first)).await;
    assert_eq!(kept.status, 409, "{}", show(&kept));
    assert!(
        kept.body
            .contains("This is your last way to sign in in two steps")
    );
    let unknown = w.app.send(remove("not-a-passkey")).await;
    assert_eq!(unknown.status, 409, "{}", show(&unknown));
    assert!(unknown.body.contains("not on your account"));

    add(&w, &page, &Device::new(22)?, "Phone").await?;
    let removed = w.app.send(remove(&first)).await;
    assert_eq!(removed.status, 303, "{}", show(&removed));
    let account = w
        .app
        .send(Req::get("/account?done=passkey-removed").session(&page.cookie))
        .await;
    assert!(account.body.contains("The passkey is removed"));
    assert!(account.body.contains("Phone") && !account.body.contains("Laptop"));

    // Lost device: the centre administrator's reset takes every passkey away.
    let reset = w
        .app
        .send(
            Req::new(
                actix_web::http::Method::DELETE,
                &format!(
                    "/api/v1/centres/{}/people/{}/two-step",
                    w.centre_a, w.assessor.id
                ),
            )
            .bearer(&w.centre_admin.token),
        )
        .await;
    assert_eq!(reset.status, 204, "{}", show(&reset));
    let id = w.assessor.id.clone();
    assert_eq!(db.run(move |conn| passkeys::count_of(conn, &id)).await?, 0);
    Ok(())
}
