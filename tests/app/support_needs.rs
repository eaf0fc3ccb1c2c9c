//! S5: the learner's additional support needs and reasonable adjustments are shown to staff
//! where decisions are made: the assessment page (judgements and the observation form), the
//! occasions page and the plans page; never a panel when nothing is recorded.

use diesel::prelude::*;

use crate::support::{Req, TestResult};
use crate::world::{Person, World, show};

const NEEDS: &str = "Dyslexia: reads long text slowly.";
const ADJUSTMENTS: &str = "25% extra time; questions read aloud on request.";
const PANEL: &str = "Support needs and reasonable adjustments";

fn record_support(w: &World) -> TestResult {
    use eportfolio::store::schema::registrations;
    let mut conn = w.app.db.db().get()?;
    diesel::update(registrations::table.find(&w.registration))
        .set((
            registrations::support_needs.eq(NEEDS),
            registrations::reasonable_adjustments.eq(ADJUSTMENTS),
        ))
        .execute(&mut *conn)?;
    Ok(())
}

const PAGES: [&str; 3] = ["assessment", "occasions", "plans"];

async fn page(w: &World, who: &Person, name: &str) -> Result<String, Box<dyn std::error::Error>> {
    let session = w.page_session(who).await?;
    let path = format!("/registrations/{}/{name}", w.registration);
    let reply = w.app.send(Req::get(&path).session(&session.cookie)).await;
    assert_eq!(reply.status, 200, "{path}: {}", show(&reply));
    Ok(reply.body)
}

#[actix_web::test]
async fn s5_support_needs_and_adjustments_are_shown_where_decisions_are_made() -> TestResult {
    let w = World::new().await?;
    record_support(&w)?;
    for name in PAGES {
        for who in [&w.assessor, &w.iqa] {
            let body = page(&w, who, name).await?;
            assert!(
                body.contains(PANEL) && body.contains(NEEDS) && body.contains(ADJUSTMENTS),
                "{name} for {}: {body}",
                who.name
            );
        }
    }
    // The assessment page carries the observation form: the panel is on the page the assessor
    // records an observation from.
    let assessment = page(&w, &w.assessor, "assessment").await?;
    assert!(assessment.contains("/observations\""), "{assessment}");
    Ok(())
}

#[actix_web::test]
async fn s5_no_panel_when_nothing_is_recorded_or_for_the_learner_themselves() -> TestResult {
    let w = World::new().await?;
    for name in PAGES {
        let body = page(&w, &w.assessor, name).await?;
        assert!(!body.contains(PANEL), "{name}: {body}");
    }
    record_support(&w)?;
    for name in PAGES {
        let body = page(&w, &w.learner, name).await?;
        assert!(!body.contains(PANEL), "{name}: {body}");
    }
    Ok(())
}
