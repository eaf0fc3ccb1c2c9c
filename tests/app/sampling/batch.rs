//! Many IQA checks at once: the batch outcome API (all or none, each refused outcome named) and
//! the page of a learner's unit, where the IQA agrees the whole sample in one submission or refers
//! part of it, and a refusal keeps what they typed.

use eportfolio::clock::Clock;
use eportfolio::domain::iqa_check::SampleStatus;
use eportfolio::domain::sampling::{PickedBy, Stage};
use eportfolio::store::samples::{self, Sample};
use serde_json::{Value, json};

use super::fixture::{Sampled, centre};
use super::{get, post, send, take, write_plan};
use crate::support::{Req, TestResult};
use crate::world::show;

const UNIT: &str = "sqa-fx35-35";

/// The IQA samples the assessor's three decisions; the samples' ids, in decision order.
async fn three_samples(s: &Sampled) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let plan = write_plan(&s.w).await?;
    let body = json!({"judgement_ids": s.by_assessor, "plan_id": plan, "stage": "interim",
        "adjustment_reason": "The unit's three decisions"});
    let taken = take(s, body).await;
    assert_eq!(taken.status, 201, "{}", show(&taken));
    let mut ids = Vec::new();
    for judgement in &s.by_assessor {
        let sample = taken.json()["samples"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| x["judgement_id"] == judgement.as_str())
            .and_then(|x| x["id"].as_str().map(str::to_owned))
            .ok_or("a decision was not sampled")?;
        ids.push(sample);
    }
    Ok(ids)
}

fn status_of(s: &Sampled, id: &str) -> Result<SampleStatus, Box<dyn std::error::Error>> {
    let mut conn = s.w.app.db.db().get()?;
    Ok(samples::get(&mut conn, id)?.ok_or("no sample")?.status)
}

fn due(s: &Sampled) -> String {
    (s.w.app.clock().now().date_naive() + chrono::Days::new(14)).to_string()
}

fn outcomes_path(s: &Sampled) -> String {
    format!("/api/v1/centres/{}/sample-outcomes", s.w.centre_a)
}

#[actix_web::test]
async fn a_batch_of_outcomes_is_recorded_together_and_the_assessor_hears_once() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let ids = three_samples(&s).await?;
    let body = json!({"outcomes": [
        {"sample_id": ids[0], "outcome": "agree"},
        {"sample_id": ids[1], "outcome": "agree", "feedback": "Well evidenced."},
        {"sample_id": ids[2], "outcome": "refer", "feedback": "The evidence does not show the third requirement.",
         "actions": [{"description": "Judge it again with the observation record", "due_on": due(&s)}]},
    ]});
    let done = send(w, &w.iqa, Req::post(&outcomes_path(&s)).json(&body)).await;
    assert_eq!(done.status, 201, "{}", show(&done));
    let statuses: Vec<Value> = done.json()["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        [json!("agreed"), json!("agreed"), json!("referred")]
    );
    assert_eq!(status_of(&s, &ids[2])?, SampleStatus::Referred);

    let notices = send(w, &w.assessor, Req::get("/api/v1/notifications"))
        .await
        .json();
    let from_iqa: Vec<&Value> = notices["notifications"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| {
            n["subject"]
                .as_str()
                .is_some_and(|t| t.starts_with("An IQA"))
        })
        .collect();
    assert_eq!(
        from_iqa.len(),
        1,
        "one message for the three checks: {notices}"
    );
    let body = from_iqa[0]["body"].as_str().unwrap_or_default();
    assert_eq!(body.matches("Evidence Requirement").count(), 3, "{body}");
    assert!(
        !body.contains("sqa-fx35-35/"),
        "criteria in words, not ids: {body}"
    );
    Ok(())
}

#[actix_web::test]
async fn the_batch_is_refused_whole_naming_each_bad_outcome() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let ids = three_samples(&s).await?;
    let own = own_decision_sample(&s)?;
    let body = json!({"outcomes": [
        {"sample_id": ids[0], "outcome": "agree"},
        {"sample_id": own, "outcome": "agree"},
        {"sample_id": "no-such-sample", "outcome": "agree"},
        {"sample_id": ids[1], "outcome": "refer", "feedback": "", "actions": []},
    ]});
    let refused = send(w, &w.iqa, Req::post(&outcomes_path(&s)).json(&body)).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    let problem = refused.json();
    assert_eq!(problem["code"], "batch_refused");
    let items: Vec<(u64, String)> = problem["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            (
                i["index"].as_u64().unwrap_or(99),
                i["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (1, "iqa_own_decision".to_owned()),
            (2, "not_found".to_owned()),
            (3, "invalid".to_owned())
        ],
        "{problem}"
    );
    assert!(
        problem["items"][0]["criterion"]
            .as_str()
            .is_some_and(|c| c.contains("Evidence Requirement")),
        "{problem}"
    );
    assert_eq!(
        status_of(&s, &ids[0])?,
        SampleStatus::Open,
        "nothing is recorded"
    );

    let empty = send(
        w,
        &w.iqa,
        Req::post(&outcomes_path(&s)).json(&json!({"outcomes": []})),
    )
    .await;
    assert_eq!(empty.status, 422, "{}", show(&empty));
    assert_eq!(empty.json()["code"], "invalid");
    let not_iqa = send(w, &w.assessor, Req::post(&outcomes_path(&s)).json(&body)).await;
    assert_eq!(not_iqa.status, 403, "{}", show(&not_iqa));
    Ok(())
}

/// A sample of a decision the IQA made as an assessor (as if another IQA had taken it).
fn own_decision_sample(s: &Sampled) -> Result<String, Box<dyn std::error::Error>> {
    let w = &s.w;
    let mut conn = w.app.db.db().get()?;
    let (judgement, _) = eportfolio::store::sample_checks::decision(&mut conn, &s.by_iqa[0])?
        .ok_or("no decision")?;
    let id = eportfolio::store::people::new_id();
    samples::insert(
        &mut conn,
        &Sample {
            id: id.clone(),
            centre_id: w.centre_a.clone(),
            qualification_id: UNIT.to_owned(),
            plan_id: None,
            registration_id: judgement.registration_id.clone(),
            judgement_id: judgement.id.clone(),
            unit_id: judgement.unit_id.clone(),
            item_id: judgement.item_id.clone(),
            assessor_id: w.iqa.id.clone(),
            iqa_id: w.iqa.id.clone(),
            stage: Stage::Interim,
            seed: None,
            picked_by: PickedBy::Iqa,
            adjustment_reason: None,
            status: SampleStatus::Open,
            created_at: w.app.clock().now().naive_utc(),
        },
    )?;
    Ok(id)
}

fn unit_path(s: &Sampled) -> String {
    format!("/registrations/{}/units/{UNIT}/sample", s.w.registration)
}

#[actix_web::test]
async fn the_iqa_agrees_a_units_sample_in_one_submission() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let ids = three_samples(&s).await?;
    let page = w.page_session(&w.iqa).await?;
    let home = get(w, &page, "/home").await;
    assert!(
        home.body
            .contains("3 sampled decisions waiting for your check"),
        "the IQA's home counts them: {}",
        home.body
    );
    let shown = get(w, &page, &unit_path(&s)).await;
    assert_eq!(shown.status, 200, "{}", show(&shown));
    assert!(shown.body.contains(&w.learner.name), "the learner is named");
    assert_eq!(shown.body.matches("Evidence Requirement").count(), 3);
    assert!(
        shown
            .body
            .contains("Agree all 3 decisions waiting for your check")
    );

    let agreed = post(
        w,
        &page,
        &format!("{}/checks", unit_path(&s)),
        &[("all", "agree")],
    )
    .await;
    assert_eq!(agreed.status, 303, "{}", show(&agreed));
    for id in &ids {
        assert_eq!(status_of(&s, id)?, SampleStatus::Agreed);
    }
    let home = get(w, &page, "/home").await;
    assert!(
        !home.body.contains("waiting for your check"),
        "nothing left to check"
    );
    let after = get(w, &page, &format!("{}?done=checked", unit_path(&s))).await;
    assert!(after.body.contains("Your checks are recorded."));
    assert_eq!(after.body.matches("Nothing left to check").count(), 3);

    let assessor = w.page_session(&w.assessor).await?;
    let refused = get(w, &assessor, &unit_path(&s)).await;
    assert_eq!(
        refused.status, 403,
        "the assessor does not read the IQA's sample page"
    );
    Ok(())
}

#[actix_web::test]
async fn referring_part_of_a_units_sample_keeps_what_was_typed_on_a_refusal() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let ids = three_samples(&s).await?;
    let page = w.page_session(&w.iqa).await?;
    let path = format!("{}/checks", unit_path(&s));
    let field = |name: &str, i: usize| format!("{name}:{}", ids[i]);
    let (o0, o1, o2) = (
        field("outcome", 0),
        field("outcome", 1),
        field("outcome", 2),
    );
    let (f2, a2, d2) = (field("feedback", 2), field("action", 2), field("due_on", 2));
    let due = due(&s);
    let action = "Judge it again with the observation record";
    // Refer without feedback: refused, nothing kept, and what was typed comes back.
    let bare = post(
        w,
        &page,
        &path,
        &[
            (&o0, "agree"),
            (&o1, "agree"),
            (&o2, "refer"),
            (&a2, action),
            (&d2, &due),
        ],
    )
    .await;
    assert_eq!(bare.status, 422, "{}", show(&bare));
    assert!(bare.body.contains("There is a problem"));
    assert!(bare.body.contains(action), "the action typed is kept");
    assert!(bare.body.contains(&due), "the date typed is kept");
    assert_eq!(
        status_of(&s, &ids[0])?,
        SampleStatus::Open,
        "nothing is recorded"
    );

    let feedback = "The evidence does not show the third requirement.";
    let done = post(
        w,
        &page,
        &path,
        &[
            (&o0, "agree"),
            (&o1, "agree"),
            (&o2, "refer"),
            (&f2, feedback),
            (&a2, action),
            (&d2, &due),
        ],
    )
    .await;
    assert_eq!(done.status, 303, "{}", show(&done));
    assert_eq!(status_of(&s, &ids[0])?, SampleStatus::Agreed);
    assert_eq!(status_of(&s, &ids[2])?, SampleStatus::Referred);
    Ok(())
}
