//! Issue 17 (item 3): a centre's policy requires two-step sign-in (of its administrators by
//! default, or of all staff). Someone it covers who has not set it up signs in only to set it
//! up: the session reaches nothing else until they have, and then everything; they cannot turn
//! it off. Learners are never asked. Through the API and the pages, on both databases.

use serde_json::json;

use crate::support::{Req, TestResult};
use crate::two_step::sign_in;
use crate::world::{PASSWORD, World, password_step, show};

fn now_seconds(w: &World) -> u64 {
    use eportfolio::clock::Clock;
    u64::try_from(w.app.clock().now().timestamp()).unwrap_or_default()
}

#[actix_web::test]
async fn an_administrator_signs_in_only_to_set_up_two_step_then_goes_on() -> TestResult {
    let w = World::new().await?;
    let signed_in = sign_in(&w, &w.centre_admin, None).await;
    assert_eq!(signed_in.status, 201, "{}", show(&signed_in));
    assert_eq!(signed_in.json()["two_step_setup_required"], true);
    let token = signed_in.json()["token"]
        .as_str()
        .ok_or("a token")?
        .to_owned();
    let registrations = format!("/api/v1/centres/{}/registrations", w.centre_a);

    let refused = w.app.send(Req::get(&registrations).bearer(&token)).await;
    assert_eq!(refused.status, 403, "{}", show(&refused));
    assert_eq!(refused.json()["code"], "two_step_setup_required");
    let detail = refused.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        detail.contains("Your centre requires two-step sign-in for your role"),
        "{detail}"
    );

    let begun = w
        .app
        .send(Req::post("/api/v1/account/two-step").bearer(&token))
        .await;
    assert_eq!(begun.status, 201, "{}", show(&begun));
    let secret = eportfolio::auth::two_step::TwoStepSecret(
        begun.json()["secret"]
            .as_str()
            .ok_or("a secret")?
            .to_owned(),
    );
    let code = secret.code_at(now_seconds(&w));
    let confirmed = w
        .app
        .send(
            Req::post("/api/v1/account/two-step/confirm")
                .bearer(&token)
                .json(&json!({ "code": code })),
        )
        .await;
    assert_eq!(confirmed.status, 200, "{}", show(&confirmed));
    // The same session now reaches everything.
    let listed = w.app.send(Req::get(&registrations).bearer(&token)).await;
    assert_eq!(listed.status, 200, "{}", show(&listed));

    // Required, so it cannot be turned off (the page asks for the password, then refuses).
    let page = w.page_session(&w.centre_admin).await?;
    let off = w
        .app
        .send(
            Req::post("/account/two-step/off")
                .same_origin()
                .cookie("eportfolio_session", &page.cookie)
                .form(&[("csrf_token", page.csrf.as_str()), ("password", PASSWORD)]),
        )
        .await;
    assert_eq!(off.status, 409, "{}", show(&off));
    assert!(off.body.contains("cannot be turned off"), "{}", show(&off));
    Ok(())
}

#[actix_web::test]
async fn a_centre_requiring_all_staff_asks_its_assessor_but_never_a_learner() -> TestResult {
    let w = World::new().await?;
    let policy = format!("/api/v1/centres/{}/two-step-policy", w.centre_a);
    let before = w
        .app
        .send(Req::get(&policy).bearer(&w.centre_admin.token))
        .await;
    assert_eq!(
        before.json()["required_for"],
        "administrators",
        "{}",
        show(&before)
    );

    // Without it, the assessor signs in straight through.
    let assessor = sign_in(&w, &w.assessor, None).await;
    assert_eq!(
        assessor.json()["two_step_setup_required"],
        false,
        "{}",
        show(&assessor)
    );

    let wrong = w
        .app
        .send(
            Req::new(actix_web::http::Method::PUT, &policy)
                .bearer(&w.centre_admin.token)
                .json(&json!({"required_for": "everyone"})),
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", show(&wrong));
    assert_eq!(
        wrong.json()["errors"][0]["field"],
        "required_for",
        "{}",
        show(&wrong)
    );
    // Another centre's administrator cannot change it.
    let elsewhere = w
        .app
        .send(
            Req::new(actix_web::http::Method::PUT, &policy)
                .bearer(&w.admin_b.token)
                .json(&json!({"required_for": "not_required"})),
        )
        .await;
    assert!(
        matches!(elsewhere.status.as_u16(), 403 | 404),
        "{}",
        show(&elsewhere)
    );

    let set = w
        .app
        .send(
            Req::new(actix_web::http::Method::PUT, &policy)
                .bearer(&w.centre_admin.token)
                .json(&json!({"required_for": "all_staff"})),
        )
        .await;
    assert_eq!(set.status, 200, "{}", show(&set));
    assert_eq!(set.json()["required_for"], "all_staff");

    let assessor = sign_in(&w, &w.assessor, None).await;
    assert_eq!(assessor.status, 201, "{}", show(&assessor));
    assert_eq!(
        assessor.json()["two_step_setup_required"],
        true,
        "{}",
        show(&assessor)
    );
    let learner = sign_in(&w, &w.learner, None).await;
    assert_eq!(
        learner.json()["two_step_setup_required"],
        false,
        "{}",
        show(&learner)
    );
    Ok(())
}

#[actix_web::test]
async fn on_the_pages_an_administrator_is_sent_to_set_it_up_and_the_policy_is_chosen_there()
-> TestResult {
    let w = World::new().await?;
    let signed_in = password_step(&w.app, &w.centre_admin.email, PASSWORD).await?;
    let cookie = signed_in
        .cookie("eportfolio_session")
        .ok_or("no session cookie")?;
    let home = w
        .app
        .send(Req::get("/home").cookie("eportfolio_session", &cookie))
        .await;
    assert_eq!(home.status, 303, "{}", show(&home));
    assert_eq!(home.header("location"), "/account/two-step?required=1");
    let asked = w
        .app
        .send(Req::get("/account/two-step?required=1").cookie("eportfolio_session", &cookie))
        .await;
    assert_eq!(asked.status, 200, "{}", show(&asked));
    assert!(
        asked
            .body
            .contains("Your centre asks everyone in your role to sign in in two steps")
    );
    assert!(asked.body.contains("Set up two-step sign-in"));

    // The centre page shows the policy and changes it.
    let page = w.page_session(&w.centre_admin).await?;
    let centre = w
        .app
        .send(
            Req::get(&format!("/centres/{}", w.centre_a))
                .cookie("eportfolio_session", &page.cookie),
        )
        .await;
    assert!(
        centre.body.contains("Required for centre administrators"),
        "{}",
        show(&centre)
    );
    let saved = w
        .app
        .send(
            Req::post(&format!("/centres/{}/two-step-policy", w.centre_a))
                .same_origin()
                .cookie("eportfolio_session", &page.cookie)
                .form(&[
                    ("csrf_token", page.csrf.as_str()),
                    ("required_for", "not_required"),
                ]),
        )
        .await;
    assert_eq!(saved.status, 303, "{}", show(&saved));
    let refused = w
        .app
        .send(
            Req::post(&format!("/centres/{}/two-step-policy", w.centre_a))
                .same_origin()
                .cookie("eportfolio_session", &page.cookie)
                .form(&[("csrf_token", page.csrf.as_str()), ("required_for", "")]),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused
            .body
            .contains("Choose who must use two-step sign-in")
    );
    // Not required any more: the administrator signs in straight through.
    let again = sign_in(&w, &w.centre_admin, None).await;
    assert_eq!(
        again.json()["two_step_setup_required"],
        false,
        "{}",
        show(&again)
    );
    Ok(())
}
