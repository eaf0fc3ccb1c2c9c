//! The SQA FX35 35 journey: the project judged against the 7 Evidence Requirements, an
//! occasion's sampled items answered and marked, and sign-off, which needs every sampled item
//! satisfied. Also the same through the pages.

use eportfolio::clock::Clock;
use serde_json::json;

use super::{KS1, KS2, KS3, fill_bank, make_assessor_eligible, opens_in, post, refused, schedule};
use crate::support::{Reply, Req, TestResult};
use crate::world::{World, show};
/// Every Evidence Requirement judged met on the project (the sample evidence item, declared by
/// the learner; the assessor maps it to each requirement as they judge).
async fn project_judged(w: &World) -> TestResult {
    let mapped = w
        .app
        .send(
            Req::new(
                actix_web::http::Method::PUT,
                &format!("/api/v1/evidence/{}/mappings", w.evidence),
            )
            .bearer(&w.learner.token)
            .json(&json!({"criteria": ["sqa-fx35-35/er1"]})),
        )
        .await;
    assert_eq!(mapped.status, 200, "{}", show(&mapped));
    let declared = post(
        w,
        &w.learner,
        &format!("/api/v1/evidence/{}/declaration", w.evidence),
        json!({"typed_name": w.learner.name}),
    )
    .await;
    assert_eq!(declared.status, 201, "{}", show(&declared));
    w.submit(&w.evidence).await;
    for n in 1..=7 {
        let reply = post(w, &w.assessor, &format!("/api/v1/registrations/{}/decisions", w.registration),
            json!({"criterion_id": format!("sqa-fx35-35/er{n}"), "outcome": "met", "evidence_ids": [w.evidence],
                "map_evidence_ids": [w.evidence], "feedback": "Covered in the project."})).await;
        assert_eq!(reply.status, 201, "er{n}: {}", show(&reply));
    }
    Ok(())
}

/// An open occasion on `items`, each answered by the candidate and marked `outcomes` in turn.
async fn occasion_marked(w: &World, items: &[&str], outcomes: &[&str]) -> TestResult {
    // Occasions follow one another: the latest sampling of an item counts.
    w.app.advance(chrono::Duration::minutes(1));
    let made = schedule(
        w,
        &w.assessor,
        &w.registration,
        json!({"items": items, "opens_at": opens_in(w, 0)}),
    )
    .await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let id = made.json()["id"].as_str().unwrap_or_default().to_owned();
    for (item, outcome) in items.iter().zip(outcomes) {
        let answered = post(
            w,
            &w.learner,
            &format!("/api/v1/occasions/{id}/answers"),
            json!({"item_id": item, "answer": "My answer, with an example from practice."}),
        )
        .await;
        assert_eq!(answered.status, 200, "{}", show(&answered));
        let marked = post(
            w,
            &w.assessor,
            &format!("/api/v1/occasions/{id}/marks"),
            json!({"item_id": item, "outcome": outcome, "feedback": "Read and marked."}),
        )
        .await;
        assert_eq!(marked.status, 200, "{}", show(&marked));
    }
    Ok(())
}

async fn sign_off(w: &World) -> Reply {
    post(
        w,
        &w.assessor,
        &format!(
            "/api/v1/registrations/{}/units/sqa-fx35-35/sign-off",
            w.registration
        ),
        json!({}),
    )
    .await
}

#[actix_web::test]
async fn sqa_journey_project_and_a_satisfied_occasion_pass() -> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    fill_bank(&w, &[KS1, KS2, KS3], 2).await?;
    project_judged(&w).await?;
    // An occasion scheduled but not yet answered holds sign-off back.
    occasion_marked(&w, &[KS1, KS2], &[]).await?;
    let waiting = sign_off(&w).await;
    refused(&waiting, 422, "criteria_not_met");
    assert_eq!(
        waiting.json()["criteria"],
        json!([KS1, KS2]),
        "{}",
        show(&waiting)
    );
    // The next occasion samples other items (S3); the one after samples both again, with the
    // other questions; all satisfied.
    occasion_marked(&w, &[KS3], &["satisfied"]).await?;
    occasion_marked(&w, &[KS1, KS2], &["satisfied", "satisfied"]).await?;
    let signed = sign_off(&w).await;
    assert_eq!(signed.status, 201, "{}", show(&signed));
    Ok(())
}

#[actix_web::test]
async fn sqa_sign_off_is_refused_while_a_sampled_item_is_not_satisfied() -> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    fill_bank(&w, &[KS1, KS2, KS3], 2).await?;
    project_judged(&w).await?;
    occasion_marked(&w, &[KS1, KS2], &["satisfied", "not_satisfied"]).await?;
    let refusal = sign_off(&w).await;
    refused(&refusal, 422, "criteria_not_met");
    assert_eq!(
        refusal.json()["criteria"],
        json!([KS2]),
        "{}",
        show(&refusal)
    );
    let detail = refusal.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        detail.contains(&format!("sampled but not satisfied: {KS2}")),
        "{detail}"
    );
    // Reassessed on a new question, after an occasion on another item (S3), and satisfied:
    // the unit passes.
    occasion_marked(&w, &[KS3], &["satisfied"]).await?;
    occasion_marked(&w, &[KS2], &["satisfied"]).await?;
    assert_eq!(sign_off(&w).await.status, 201);
    Ok(())
}

/// A page form post with the person's session and CSRF token.
async fn page_post(
    w: &World,
    who: &crate::world::Person,
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
    make_assessor_eligible(&w)?;
    let r = &w.registration;
    let bank = format!("/centres/{}/question-bank", w.centre_a);
    let added = page_post(
        &w,
        &w.tutor,
        &bank,
        &[("item_id", KS1), ("text", "What is co-production?")],
    )
    .await?;
    assert_eq!(added.status, 303, "{}", show(&added));
    let blank = page_post(&w, &w.tutor, &bank, &[("item_id", KS1), ("text", "")]).await?;
    assert_eq!(blank.status, 422, "{}", show(&blank));
    assert!(
        blank.body.contains("Write the question"),
        "{}",
        show(&blank)
    );
    let page = format!("/registrations/{r}/occasions");
    let opens = (w.app.clock().now() + chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let exhausted = page_post(
        &w,
        &w.assessor,
        &page,
        &[("opens_at", &opens), ("items", KS2)],
    )
    .await?;
    assert_eq!(exhausted.status, 422, "{}", show(&exhausted));
    assert!(exhausted.body.contains(KS2), "{}", show(&exhausted));
    let made = page_post(
        &w,
        &w.assessor,
        &page,
        &[("opens_at", &opens), ("items", KS1)],
    )
    .await?;
    assert_eq!(made.status, 303, "{}", show(&made));
    let learner = w.page_session(&w.learner).await?;
    let hidden = w.app.send(Req::get(&page).session(&learner.cookie)).await;
    assert_eq!(hidden.status, 200, "{}", show(&hidden));
    assert!(
        !hidden.body.contains("What is co-production?"),
        "{}",
        show(&hidden)
    );
    w.app.advance(chrono::Duration::hours(1));
    // An hour on, everyone signs in again.
    let learner = w.page_session(&w.learner).await?;
    let open = w.app.send(Req::get(&page).session(&learner.cookie)).await;
    assert!(
        open.body.contains("What is co-production?"),
        "{}",
        show(&open)
    );
    let listed = w
        .app
        .send(
            Req::get(&format!("/api/v1/registrations/{r}/occasions"))
                .bearer(&w.api_token(&w.assessor).await?),
        )
        .await;
    let id = listed.json()["occasions"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let answered = page_post(
        &w,
        &w.learner,
        &format!("/occasions/{id}/answers"),
        &[
            ("item_id", KS1),
            ("answer", "Working with people as equals."),
        ],
    )
    .await?;
    assert_eq!(answered.status, 303, "{}", show(&answered));
    let marked = page_post(
        &w,
        &w.assessor,
        &format!("/occasions/{id}/marks"),
        &[
            ("item_id", KS1),
            ("outcome", "satisfied"),
            ("feedback", "Clear."),
        ],
    )
    .await?;
    assert_eq!(marked.status, 303, "{}", show(&marked));
    let seen = w.app.send(Req::get(&page).session(&learner.cookie)).await;
    assert!(
        seen.body.contains("Marked: ") && seen.body.contains("Clear."),
        "{}",
        show(&seen)
    );
    Ok(())
}
