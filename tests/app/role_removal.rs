//! Removing a role asks first (issue 15): the staff record links to a page that says whose role
//! goes, what it does and who still names them in it; only its button removes the role.

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
