//! Each person's home answers "what do I do next?": the work waiting for them in every role, with
//! its count and the page it is done on, gone once it is done.

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
