//! Removing a role asks first (issue 15): the staff record links to a page that says whose role
//! goes, what it does and who still names them in it; only its button removes the role. Once
//! removed, the allocation that still names them gives them nothing; once their learner moves to
//! another assessor, neither does their old token (issue 17).

use crate::support::{Req, TestResult};
use crate::world::{World, show};

#[actix_web::test]
async fn removing_a_role_is_confirmed_on_a_page_that_says_what_it_does() -> TestResult {
    let w = World::new().await?;
    let session = w.page_session(&w.centre_admin).await?;
    let record = format!("/centres/{}/people/{}", w.centre_a, w.assessor.id);
    let confirm = format!("{record}/roles/assessor/remove");

    let staff = w.app.send(Req::get(&record).session(&session.cookie)).await;
    assert!(
        staff.body.contains(&format!(r#"href="{confirm}""#)),
        "{}",
        show(&staff)
    );
    assert!(
        !staff.body.contains(&format!(r#"action="{confirm}""#)),
        "no one-click removal"
    );

    let page = w
        .app
        .send(Req::get(&confirm).session(&session.cookie))
        .await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(
        page.body
            .contains("Remove the Assessor role from Ash Assessor?"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("1 active learner still names Ash Assessor as their assessor"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!(r#"action="{confirm}""#)));
    // Still there until the button is pressed.
    let staff = w.app.send(Req::get(&record).session(&session.cookie)).await;
    assert!(
        staff.body.contains(&format!(r#"href="{confirm}""#)),
        "{}",
        show(&staff)
    );

    let removed = w
        .app
        .send(
            Req::post(&confirm)
                .session(&session.cookie)
                .same_origin()
                .form(&[("csrf_token", &session.csrf)]),
        )
        .await;
    assert_eq!(removed.status, 303, "{}", show(&removed));
    let again = w
        .app
        .send(Req::get(&confirm).session(&session.cookie))
        .await;
    assert_eq!(again.status, 404, "a role no longer held: {}", show(&again));
    Ok(())
}

/// A judgement of `criterion` on the World's evidence, through the API.
fn decision(w: &World, criterion: &str, token: &str) -> Req {
    Req::post(&format!(
        "/api/v1/registrations/{}/decisions",
        w.registration
    ))
    .bearer(token)
    .json(&serde_json::json!({
        "criterion_id": criterion, "outcome": "met", "evidence_ids": [w.evidence], "feedback": "",
    }))
}

#[actix_web::test]
async fn a_removed_assessor_signing_in_again_can_no_longer_judge_or_read() -> TestResult {
    let w = World::new().await?;
    crate::occasions::make_assessor_eligible(&w)?;
    let ks = ["sqa-fx35-35/er1", "sqa-fx35-35/er2"];
    w.map_declare_and_submit(&w.evidence, &ks).await;
    // A second role at the centre keeps the person signed in there after the assessor role goes.
    w.ensure_role(
        &w.assessor.id,
        &w.centre_a,
        eportfolio::domain::roles::Role::Tutor,
    )?;
    let judged = w.app.send(decision(&w, ks[0], &w.assessor.token)).await;
    assert_eq!(judged.status, 201, "{}", show(&judged));

    let removed = w
        .app
        .send(
            Req::delete(&format!(
                "/api/v1/centres/{}/users/{}/roles/assessor",
                w.centre_a, w.assessor.id
            ))
            .bearer(&w.centre_admin.token),
        )
        .await;
    assert!(removed.status.is_success(), "{}", show(&removed));

    // Signed in again, still named on the registration, no longer its assessor.
    let token = w.api_token(&w.assessor).await?;
    let refused = w.app.send(decision(&w, ks[1], &token)).await;
    assert_eq!(refused.status, 404, "{}", show(&refused));
    assert_eq!(refused.json()["code"], "not_found", "{}", show(&refused));
    let evidence = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{}", w.evidence)).bearer(&token))
        .await;
    assert_eq!(evidence.status, 404, "{}", show(&evidence));

    // The pages agree: the learner is off their home and the marking page is not found.
    let session = w.page_session(&w.assessor).await?;
    let home = w.app.send(Req::get("/home").session(&session.cookie)).await;
    assert!(!home.body.contains("Lee Learner"), "{}", home.body);
    let marking = w
        .app
        .send(Req::get(&format!("/evidence/{}/marking", w.evidence)).session(&session.cookie))
        .await;
    assert_eq!(marking.status, 404, "{}", show(&marking));
    Ok(())
}

#[actix_web::test]
async fn an_assessor_whose_learner_moved_to_another_can_no_longer_judge() -> TestResult {
    let w = World::new().await?;
    crate::portfolio::make_staff_eligible(&w)?;
    let next = crate::standardisation::assessors(&w, &["Ayo Next"])
        .await?
        .remove(0);
    crate::occasions::make_eligible(&w, &next.id)?;
    let ers = ["sqa-fx35-35/er1", "sqa-fx35-35/er2"];
    w.map_declare_and_submit(&w.evidence, &ers).await;

    let moved = w
        .app
        .send(
            Req::post(&format!(
                "/api/v1/registrations/{}/transfer",
                w.registration
            ))
            .bearer(&w.centre_admin.token)
            .json(&serde_json::json!({"assessor_id": next.id, "reason": "Caseload shared out"})),
        )
        .await;
    assert!(moved.status.is_success(), "{}", show(&moved));

    // The allocation is read afresh on every call: the old token of the old assessor stops.
    let refused = w.app.send(decision(&w, ers[0], &w.assessor.token)).await;
    assert_eq!(refused.status, 404, "{}", show(&refused));
    let judged = w.app.send(decision(&w, ers[0], &next.token)).await;
    assert_eq!(judged.status, 201, "{}", show(&judged));
    Ok(())
}
