//! IQA checks of sampled decisions through the API: agree; refer (feedback and a dated action
//! required); an action closed only by its own assessor (another: 403, or 404 when they cannot
//! see the learner), once; then a
//! second check that agrees resolves the sample.

use eportfolio::clock::Clock;
use eportfolio::domain::roles::Role;
use serde_json::{Value, json};

use super::{fixture::centre, refused, send, take, write_plan};
use crate::support::{Req, TestResult};
use crate::world::show;

fn outcome_path(sample: &str) -> String {
    format!("/api/v1/samples/{sample}/outcome")
}

#[actix_web::test]
async fn a_referral_is_closed_by_its_assessor_only_and_a_second_check_resolves_it() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let plan = write_plan(w).await?;
    let body = json!({"judgement_ids": [s.by_assessor[0], s.by_assessor[1]], "plan_id": plan,
        "stage": "interim", "adjustment_reason": "The two most recent decisions"});
    let taken = take(&s, body).await;
    assert_eq!(taken.status, 201, "{}", show(&taken));
    let samples: Vec<String> = taken.json()["samples"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(samples.len(), 2);

    let agreed = send(
        w,
        &w.iqa,
        Req::post(&outcome_path(&samples[0]))
            .json(&json!({"outcome": "agree", "feedback": "Sound judgement, well evidenced."})),
    )
    .await;
    assert_eq!(agreed.status, 201, "{}", show(&agreed));

    // A referral needs feedback and at least one action with a due date.
    let bare = send(
        w,
        &w.iqa,
        Req::post(&outcome_path(&samples[1]))
            .json(&json!({"outcome": "refer", "feedback": "Not enough.", "actions": []})),
    )
    .await;
    refused(&bare, 422, "invalid");
    let due = (w.app.clock().now().date_naive() + chrono::Days::new(14)).to_string();
    let referred = send(
        w,
        &w.iqa,
        Req::post(&outcome_path(&samples[1])).json(&json!({
            "outcome": "refer", "feedback": "The evidence relied on does not show criterion 1.2.",
            "actions": [{"description": "Re-judge with the observation record", "due_on": due}],
        })),
    )
    .await;
    assert_eq!(referred.status, 201, "{}", show(&referred));
    let action = referred.json()["actions"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // Another assessor cannot close it: one who cannot see the learner is told it is not there,
    // one who can (the IQA holds the assessor role too) is refused.
    w.ensure_role(&w.tutor.id, &w.centre_a, Role::Assessor)?;
    let close = format!("/api/v1/iqa-actions/{action}/close");
    let stranger = send(
        w,
        &w.tutor,
        Req::post(&close).json(&json!({"note": "Done"})),
    )
    .await;
    refused(&stranger, 404, "not_found");
    let other = send(w, &w.iqa, Req::post(&close).json(&json!({"note": "Done"}))).await;
    refused(&other, 403, "forbidden");

    // A second check cannot agree while the action is open.
    let early = send(
        w,
        &w.iqa,
        Req::post(&outcome_path(&samples[1]))
            .json(&json!({"outcome": "agree", "feedback": "Fine now."})),
    )
    .await;
    assert!(
        matches!(early.status.as_u16(), 409 | 422),
        "{}",
        show(&early)
    );

    let closed = send(
        w,
        &w.assessor,
        Req::post(&close).json(&json!({"note": "Re-judged against the observation."})),
    )
    .await;
    assert_eq!(closed.status, 200, "{}", show(&closed));
    assert_eq!(closed.json()["closed"], true);
    let twice = send(
        w,
        &w.assessor,
        Req::post(&close).json(&json!({"note": "Again"})),
    )
    .await;
    assert_eq!(twice.status, 409, "{}", show(&twice));

    let second = send(
        w,
        &w.iqa,
        Req::post(&outcome_path(&samples[1]))
            .json(&json!({"outcome": "agree", "feedback": "The re-judgement is sound."})),
    )
    .await;
    assert_eq!(second.status, 201, "{}", show(&second));
    let detail = send(
        w,
        &w.iqa,
        Req::get(&format!("/api/v1/samples/{}", samples[1])),
    )
    .await;
    let checks: &Value = &detail.json()["checks"];
    assert_eq!(
        checks.as_array().map_or(0, Vec::len),
        2,
        "{}",
        show(&detail)
    );
    Ok(())
}
