//! Sufficiency warnings (issue 14 item 7): an SQA unit whose met decisions rest on no project
//! assignment is flagged to the assessor on the assessment page and to the IQA in their sample
//! (page and API); the learner is not shown them.

use serde_json::json;

use super::{fixture::centre, send, take, write_plan};
use crate::support::{Req, TestResult};
use crate::world::show;

const WARNING: &str = "No project assignment is relied on.";

#[actix_web::test]
async fn sufficiency_is_flagged_at_sign_off_and_in_the_iqas_sample() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let path = format!("/registrations/{}/assessment", w.registration);
    let assessor = w.page_session(&w.assessor).await?;
    let page = w.app.send(Req::get(&path).session(&assessor.cookie)).await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(
        page.body.contains("Is the evidence sufficient for Unit"),
        "{}",
        show(&page)
    );
    assert!(page.body.contains(WARNING), "{}", show(&page));
    let learner = w.page_session(&w.learner).await?;
    let theirs = w.app.send(Req::get(&path).session(&learner.cookie)).await;
    assert_eq!(theirs.status, 200, "{}", show(&theirs));
    assert!(!theirs.body.contains(WARNING), "{}", show(&theirs));

    let plan = write_plan(w).await?;
    let body = json!({"judgement_ids": [s.by_assessor[0]], "plan_id": plan, "stage": "interim",
        "adjustment_reason": "The first decision"});
    let taken = take(&s, body).await;
    assert_eq!(taken.status, 201, "{}", show(&taken));
    let sample = taken.json()["samples"][0]["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or("no sample")?;
    let read = send(w, &w.iqa, Req::get(&format!("/api/v1/samples/{sample}"))).await;
    assert_eq!(read.status, 200, "{}", show(&read));
    let warnings = read.json()["sufficiency_warnings"].clone();
    assert!(
        warnings[0].as_str().is_some_and(|w| w.starts_with(WARNING)),
        "{}",
        show(&read)
    );
    let iqa = w.page_session(&w.iqa).await?;
    let page = w
        .app
        .send(Req::get(&format!("/samples/{sample}")).session(&iqa.cookie))
        .await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(page.body.contains(WARNING), "{}", show(&page));
    Ok(())
}
