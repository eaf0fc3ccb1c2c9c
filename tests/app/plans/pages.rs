//! Plans through the pages: written with an error shown, signed by the learner, reviewed.

use super::{AC11, plans};
use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

/// A page form post with the person's session and CSRF token.
async fn page_post(
    w: &World,
    who: &Person,
    path: &str,
    fields: &[(&str, &str)],
) -> Result<Reply, Box<dyn std::error::Error>> {
    let page = w.page_session(who).await?;
    let mut pairs = fields.to_vec();
    pairs.push(("csrf_token", &page.csrf));
    Ok(w.app
        .send(
            Req::post(path)
                .session(&page.cookie)
                .same_origin()
                .form(&pairs),
        )
        .await)
}

#[actix_web::test]
async fn the_same_through_the_pages() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let form = format!("/registrations/{r}/plans");
    let empty = page_post(
        &w,
        &w.assessor,
        &form,
        &[
            ("activity", ""),
            ("method", "questioning"),
            ("target_date", ""),
        ],
    )
    .await?;
    assert_eq!(empty.status, 422, "{}", show(&empty));
    assert!(
        empty.body.contains("Plan at least one activity")
            && empty.body.contains("Choose the criteria"),
        "{}",
        show(&empty)
    );
    let fields = [
        ("activity", "Lead a support planning review"),
        ("method", "observation_by_assessor"),
        ("target_date", "2027-03-31"),
        ("activity", ""),
        ("method", "questioning"),
        ("target_date", ""),
        ("criteria", AC11),
    ];
    let made = page_post(&w, &w.assessor, &form, &fields).await?;
    assert_eq!(made.status, 303, "{}", show(&made));
    let listed = plans(&w, &w.learner, &r).await?;
    assert_eq!(
        listed[0]["activities"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
    let id = listed[0]["id"].as_str().unwrap_or_default().to_owned();
    let signed = page_post(&w, &w.learner, &format!("/plans/{id}/sign"), &[]).await?;
    assert_eq!(signed.status, 303, "{}", show(&signed));
    let review = [
        ("reviewed_on", "2027-02-01"),
        ("progress", "Planned."),
        ("next_steps", "Observe."),
        ("next_review_on", "2027-03-01"),
    ];
    let reviewed = page_post(&w, &w.assessor, &format!("/plans/{id}/reviews"), &review).await?;
    assert_eq!(reviewed.status, 303, "{}", show(&reviewed));
    let page = w.page_session(&w.learner).await?;
    let shown = w.app.send(Req::get(&form).session(&page.cookie)).await;
    assert!(
        shown.body.contains("Agreed") && shown.body.contains("Observe."),
        "{}",
        show(&shown)
    );
    assert!(!shown.body.contains("Sign this plan"), "{}", show(&shown));
    Ok(())
}
