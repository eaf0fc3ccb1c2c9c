//! The lock on a signed-off unit holds against changes made at the same moment: evidence edits
//! check it inside their own write transaction (holding the registration, as the sign-off does),
//! so no edit of Unit 002 evidence commits after the unit's sign-off.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::Method;
use eportfolio::store::audit::{self, AuditFilter};
use futures_util::future::join_all;
use serde_json::json;

use crate::support::{Reply, Req, TestResult};
use crate::world::{World, show};

const U002: &str = "cg-3085/u002";

type Racing<'a> = Pin<Box<dyn Future<Output = Reply> + 'a>>;

#[actix_web::test]
async fn no_evidence_edit_commits_after_a_sign_off_made_at_the_same_moment() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let curriculum = eportfolio::curriculum::shipped()?;
    let (_, unit) = curriculum.unit(U002).ok_or("no Unit 002")?;
    let criteria = eportfolio::domain::sign_off::items_required(unit);
    let created = w
        .app
        .send(Req::post(&format!("/api/v1/registrations/{r}/evidence")).bearer(&w.learner.token).json(&json!({
            "kind": "work_product", "title": "Support planning", "activity_date": "2027-01-12", "text": "What I did."
        })))
        .await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let e = created.json()["id"].as_str().ok_or("no id")?.to_owned();
    let mapped = w
        .app
        .send(
            Req::new(Method::PUT, &format!("/api/v1/evidence/{e}/mappings"))
                .bearer(&w.learner.token)
                .json(&json!({"criteria": criteria})),
        )
        .await;
    assert_eq!(mapped.status, 200, "{}", show(&mapped));
    let declared = w
        .app
        .send(
            Req::post(&format!("/api/v1/evidence/{e}/declaration"))
                .bearer(&w.learner.token)
                .json(&json!({"typed_name": w.learner.name})),
        )
        .await;
    assert_eq!(declared.status, 201, "{}", show(&declared));
    w.submit(&e).await;
    for item in &criteria {
        let met = w.app.send(Req::post(&format!("/api/v1/registrations/{r}/decisions")).bearer(&w.assessor.token).json(&json!({
            "criterion_id": item, "outcome": "met", "evidence_ids": [e], "feedback": "Shown."
        }))).await;
        assert_eq!(met.status, 201, "{item}: {}", show(&met));
    }
    let observed = w.app.send(Req::post(&format!("/api/v1/registrations/{r}/observations")).bearer(&w.assessor.token).json(&json!({
        "planned": true, "observed_on": "2027-01-10", "setting": "A review at home",
        "people_present": [{"name": "Mrs B", "role": "person supported", "consent": true}],
        "narrative": "Lee led the review.", "criteria": [criteria.first().ok_or("no criteria")?], "range_items": []
    }))).await;
    assert_eq!(observed.status, 201, "{}", show(&observed));

    // Twelve edits race one sign-off (the sign-off set off in the middle).
    let mut racing: Vec<Racing<'_>> = (0..12)
        .map(|n| {
            let edit: Racing<'_> = Box::pin(
                w.app.send(
                    // Submitted evidence is read-only for the learner: the assessor edits.
                    Req::new(Method::PUT, &format!("/api/v1/evidence/{e}"))
                        .bearer(&w.assessor.token)
                        .json(
                            &json!({"kind": "reflective_account", "title": "Support planning",
                        "activity_date": "2027-01-12", "text": format!("What I did, take {n}.")}),
                        ),
                ),
            );
            edit
        })
        .collect();
    racing.insert(
        6,
        Box::pin(
            w.app.send(
                Req::post(&format!("/api/v1/registrations/{r}/units/{U002}/sign-off"))
                    .bearer(&w.assessor.token)
                    .json(&json!({})),
            ),
        ),
    );
    let mut edits = join_all(racing).await;
    let signed = edits.remove(6);
    assert_eq!(signed.status, 201, "{}", show(&signed));
    for edit in &edits {
        assert!(
            edit.status == 200
                || (edit.status == 409
                    && (edit.body.contains("signed off") || edit.body.contains("changed by"))),
            "{}",
            show(edit)
        );
    }
    let accepted = edits.iter().filter(|e| e.status == 200).count();

    // In the audit trail every edit that was made comes before the sign-off.
    let mut conn = w.app.db.db().get()?;
    let filter = AuditFilter {
        centre_id: Some(w.centre_a.clone()),
        ..Default::default()
    };
    let mut trail = audit::list(&mut conn, &filter, 500)?;
    trail.sort_by_key(|entry| entry.seq);
    let signed_at = trail
        .iter()
        .find(|entry| entry.action == "unit_signed_off")
        .map(|entry| entry.seq)
        .ok_or("no sign-off in the audit trail")?;
    let edited: Vec<i64> = trail
        .iter()
        .filter(|entry| entry.action == "evidence_edited" && entry.record_id == e)
        .map(|entry| entry.seq)
        .collect();
    assert_eq!(edited.len(), accepted);
    assert!(
        edited.iter().all(|seq| *seq < signed_at),
        "an edit committed after the sign-off: edits {edited:?}, sign-off {signed_at}"
    );
    // And afterwards the lock answers as before.
    let late = w
        .app
        .send(
            Req::new(Method::PUT, &format!("/api/v1/evidence/{e}/mappings"))
                .bearer(&w.learner.token)
                .json(&json!({"criteria": []})),
        )
        .await;
    assert_eq!(late.status, 409, "{}", show(&late));
    Ok(())
}
