//! Each refusal of the plan routes, with its status and code.

use serde_json::{Value, json};

use super::{AC11, plan_body, refused, send};
use crate::support::{Req, TestResult};
use crate::world::{World, show};

#[actix_web::test]
async fn each_refusal_has_its_status_and_code() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let create = |body: Value| Req::post(&format!("/api/v1/registrations/{r}/plans")).json(&body);
    let good = plan_body("2027-03-31", &[AC11]);
    refused(
        &send(&w, &w.learner, create(good.clone())).await,
        403,
        "forbidden",
    );
    refused(
        &send(&w, &w.iqa, create(good.clone())).await,
        403,
        "forbidden",
    );
    refused(
        &send(&w, &w.tutor, create(good.clone())).await,
        404,
        "not_found",
    );
    refused(
        &send(&w, &w.admin_b, create(good.clone())).await,
        404,
        "not_found",
    );
    // Criteria of another qualification; no activity; a bad method and date.
    let outside = send(
        &w,
        &w.assessor,
        create(plan_body("2027-03-31", &["sqa-fx35-35/er1"])),
    )
    .await;
    refused(&outside, 422, "invalid");
    assert!(
        outside
            .body
            .contains("sqa-fx35-35/er1 is not a criterion of this learner"),
        "{}",
        show(&outside)
    );
    refused(
        &send(
            &w,
            &w.assessor,
            create(json!({"activities": [], "criteria": [AC11]})),
        )
        .await,
        422,
        "invalid",
    );
    let bad = json!({"activities": [{"activity": "x", "method": "guessing", "target_date": "31/03/2027"}], "criteria": [AC11]});
    let bad = send(&w, &w.assessor, create(bad)).await;
    refused(&bad, 422, "invalid");
    assert_eq!(
        bad.json()["errors"].as_array().map(Vec::len),
        Some(2),
        "{}",
        show(&bad)
    );
    let made = send(&w, &w.assessor, create(good.clone())).await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let id = made.json()["id"].as_str().unwrap_or_default().to_owned();
    let put = |body: Value| {
        Req::new(actix_web::http::Method::PUT, &format!("/api/v1/plans/{id}")).json(&body)
    };
    refused(
        &send(&w, &w.learner, put(good.clone())).await,
        403,
        "forbidden",
    );
    refused(
        &send(&w, &w.admin_b, put(good.clone())).await,
        404,
        "not_found",
    );
    refused(
        &send(
            &w,
            &w.assessor,
            Req::post(&format!("/api/v1/plans/{id}/sign")).json(&json!({})),
        )
        .await,
        403,
        "forbidden",
    );
    refused(
        &send(
            &w,
            &w.learner,
            Req::post("/api/v1/plans/no-such-plan/sign").json(&json!({})),
        )
        .await,
        404,
        "not_found",
    );
    let review = |next: &str| json!({"reviewed_on": "2027-02-01", "progress": "Some.", "next_steps": "More.", "next_review_on": next});
    refused(
        &send(
            &w,
            &w.learner,
            Req::post(&format!("/api/v1/plans/{id}/reviews")).json(&review("2027-03-01")),
        )
        .await,
        403,
        "forbidden",
    );
    refused(
        &send(
            &w,
            &w.assessor,
            Req::post(&format!("/api/v1/plans/{id}/reviews")).json(&review("2027-01-01")),
        )
        .await,
        422,
        "invalid",
    );
    Ok(())
}
