//! Each person's home answers "what do I do next?": the work waiting for them in every role, with
//! its count and the page it is done on, gone once it is done; and no link on the way that answers
//! the reader with a refusal.

use crate::support::{Req, TestResult};
use crate::world::{Person, World, show};

async fn home(w: &World, who: &Person) -> Result<String, Box<dyn std::error::Error>> {
    let session = w.page_session(who).await?;
    let reply = w.app.send(Req::get("/home").session(&session.cookie)).await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    Ok(reply.body)
}

#[actix_web::test]
async fn the_learners_draft_then_the_assessors_judgement_wait_on_their_homes() -> TestResult {
    let w = World::new().await?;
    let learner = home(&w, &w.learner).await?;
    assert!(
        learner.contains("1 piece of evidence in draft to finish and submit"),
        "{learner}"
    );
    assert!(
        home(&w, &w.assessor)
            .await?
            .contains("Nothing is waiting for you now.")
    );

    w.map_declare_and_submit(&w.evidence, &["sqa-fx35-35/er1"])
        .await;
    let assessor = home(&w, &w.assessor).await?;
    assert!(
        assessor.contains("1 piece of evidence waiting for your judgement"),
        "{assessor}"
    );
    assert!(
        assessor.contains(&format!("href=\"/evidence/{}/marking\"", w.evidence)),
        "one piece links straight to its marking page"
    );
    assert!(!home(&w, &w.learner).await?.contains("in draft to finish"));
    Ok(())
}

#[actix_web::test]
async fn learners_without_their_enrolment_number_wait_on_the_exams_officers_home() -> TestResult {
    let w = World::new().await?;
    let before = home(&w, &w.centre_admin).await?;
    assert!(
        before.contains("1 learner without the awarding body's reference a claim needs"),
        "{before}"
    );
    w.register_on_cg_3085_02()?;
    let after = home(&w, &w.centre_admin).await?;
    assert!(
        after.contains("2 learners without the awarding body's reference a claim needs"),
        "{after}"
    );
    assert!(after.contains(&format!("href=\"/centres/{}/claims\"", w.centre_a)));
    Ok(())
}

#[actix_web::test]
async fn a_staff_record_links_to_the_centre_page_only_for_those_who_may_open_it() -> TestResult {
    let w = World::new().await?;
    let path = format!("/centres/{}/people/{}", w.centre_a, w.assessor.id);
    let centre_link = format!("href=\"/centres/{}\"", w.centre_a);
    let own = w.page_session(&w.assessor).await?;
    let read = w.app.send(Req::get(&path).session(&own.cookie)).await;
    assert_eq!(read.status, 200, "{}", show(&read));
    assert!(
        !read.body.contains(&centre_link),
        "no link to a page that refuses the assessor"
    );
    let admin = w.page_session(&w.centre_admin).await?;
    let read = w.app.send(Req::get(&path).session(&admin.cookie)).await;
    assert!(
        read.body.contains(&centre_link),
        "the administrator's trail leads back to the centre"
    );
    Ok(())
}

#[actix_web::test]
async fn an_error_page_keeps_the_signed_in_persons_navigation() -> TestResult {
    let w = World::new().await?;
    let session = w.page_session(&w.assessor).await?;
    let refused = w
        .app
        .send(Req::get(&format!("/centres/{}", w.centre_a)).session(&session.cookie))
        .await;
    assert_eq!(refused.status, 403, "{}", show(&refused));
    assert!(refused.body.contains("Not allowed"));
    assert!(
        refused.body.contains("Sign out"),
        "still signed in: {}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(&format!("Account ({})", w.assessor.name))
    );
    assert!(refused.body.contains("href=\"/home\""));
    assert!(
        !refused.header("content-security-policy").is_empty(),
        "the security headers stay"
    );
    let anonymous = w.app.send(Req::get("/no-such-page")).await;
    assert_eq!(anonymous.status, 404);
    assert!(!anonymous.body.contains("Sign out"));
    Ok(())
}

#[actix_web::test]
async fn the_audit_trail_reads_in_words_and_filters_by_person_and_action() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let details = serde_json::json!({"awarding_body_ref": "ABC1234", "workplace": "Perth", "planned_end_date": "2027-12-17"});
    let changed = w
        .app
        .send(
            Req::new(
                actix_web::http::Method::PUT,
                &format!("/api/v1/registrations/{r}/details"),
            )
            .bearer(&w.centre_admin.token)
            .json(&details),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", show(&changed));
    let session = w.page_session(&w.centre_admin).await?;
    let path = format!(
        "/centres/{}/audit?person={}&action=registration_details_changed",
        w.centre_a, w.centre_admin.id
    );
    let trail = w.app.send(Req::get(&path).session(&session.cookie)).await;
    assert_eq!(trail.status, 200, "{}", show(&trail));
    assert!(
        trail.body.contains("Registration details changed"),
        "{}",
        trail.body
    );
    assert!(
        trail
            .body
            .contains("<option value=\"registration_details_changed\" selected>")
    );
    assert_eq!(
        trail.body.matches("<details class=\"technical\">").count(),
        1,
        "only the entry asked for"
    );
    Ok(())
}

#[actix_web::test]
async fn a_judgement_not_yet_met_waits_on_the_learners_home_until_met() -> TestResult {
    let w = World::new().await?;
    crate::occasions::make_assessor_eligible(&w)?;
    w.map_declare_and_submit(&w.evidence, &["sqa-fx35-35/er1"])
        .await;
    let decide = |outcome: &str, feedback: &str, replaces: Option<i64>| {
        Req::post(&format!(
            "/api/v1/registrations/{}/decisions",
            w.registration
        ))
        .bearer(&w.assessor.token)
        .json(&serde_json::json!({
            "criterion_id": "sqa-fx35-35/er1", "outcome": outcome,
            "evidence_ids": [w.evidence], "feedback": feedback, "replaces_round": replaces,
        }))
    };
    let refer = w
        .app
        .send(decide(
            "not_yet_met",
            "Say how Mrs B chose her support.",
            None,
        ))
        .await;
    assert_eq!(refer.status, 201, "{}", show(&refer));
    let learner = home(&w, &w.learner).await?;
    assert!(
        learner.contains(
            "1 Evidence Requirement judged not yet met: read the feedback and add to your evidence"
        ),
        "{learner}"
    );
    assert!(learner.contains(&format!(
        "href=\"/registrations/{}/tracker\"",
        w.registration
    )));
    w.submit(&w.evidence).await;
    let met = w.app.send(decide("met", "Shown clearly.", Some(1))).await;
    assert_eq!(met.status, 201, "{}", show(&met));
    assert!(!home(&w, &w.learner).await?.contains("judged not yet met"));
    Ok(())
}
