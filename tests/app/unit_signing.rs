//! The confirmation pages before a unit is signed: the assessor reads what they sign off, in the
//! specification's words, and the learner what they countersign; each page only for its signer.

use crate::support::{Req, TestResult};
use crate::world::{World, show};

const UNIT: &str = "sqa-fx35-35";

#[actix_web::test]
async fn the_assessor_reads_what_a_sign_off_signs_before_signing() -> TestResult {
    let w = World::new().await?;
    let path = format!("/registrations/{}/units/{UNIT}/sign-off", w.registration);
    let assessor = w.page_session(&w.assessor).await?;
    let shown = w.app.send(Req::get(&path).session(&assessor.cookie)).await;
    assert_eq!(shown.status, 200, "{}", show(&shown));
    assert!(shown.body.contains("What is being signed"));
    assert!(
        shown.body.contains("Evidence Requirement 1:"),
        "criteria in words"
    );
    assert!(
        !shown.body.contains("sqa-fx35-35/er1"),
        "no ids where words belong"
    );
    assert!(
        shown.body.contains(&format!("action=\"{path}\"")),
        "the button signs"
    );
    assert!(shown.body.contains("The unit is then locked"));

    let learner = w.page_session(&w.learner).await?;
    let refused = w.app.send(Req::get(&path).session(&learner.cookie)).await;
    assert_eq!(refused.status, 403, "the learner does not sign a unit off");
    Ok(())
}

#[actix_web::test]
async fn the_learner_reads_what_a_countersignature_says_before_countersigning() -> TestResult {
    let w = World::new().await?;
    let path = format!("/registrations/{}/units/{UNIT}/countersign", w.registration);
    let learner = w.page_session(&w.learner).await?;
    let shown = w.app.send(Req::get(&path).session(&learner.cookie)).await;
    assert_eq!(shown.status, 200, "{}", show(&shown));
    assert!(shown.body.contains("By countersigning you confirm"));
    assert!(shown.body.contains("Countersign Unit"));

    let assessor = w.page_session(&w.assessor).await?;
    let refused = w.app.send(Req::get(&path).session(&assessor.cookie)).await;
    assert_eq!(refused.status, 403, "only the learner countersigns");
    let unknown = format!(
        "/registrations/{}/units/cg-3085/u001/countersign",
        w.registration
    );
    let missing = w
        .app
        .send(Req::get(&unknown).session(&learner.cookie))
        .await;
    assert_eq!(
        missing.status, 404,
        "a unit outside the qualification is not found"
    );
    Ok(())
}
