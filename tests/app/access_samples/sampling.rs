//! Samples for the IQA sampling routes. `prepare` writes a plan on the EQA's qualification for
//! centre A, so the change, proposal and report routes reach their work.

use eportfolio::clock::Clock;
use eportfolio::store::json::Json;
use eportfolio::store::sampling_plans::{self, SamplingPlan};
use eportfolio::store::write_transaction;
use serde_json::{Value, json};

use super::{Sample, form, get, json as json_sample};
use crate::world::{EQA_QUALIFICATION, World};

pub const PLAN: &str = "matrix-sampling-plan";

pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let plan = SamplingPlan {
        id: PLAN.to_owned(),
        centre_id: w.centre_a.clone(),
        qualification_id: EQA_QUALIFICATION.to_owned(),
        iqa_id: w.iqa.id.clone(),
        period_start: date(2026, 9, 1),
        period_end: date(2027, 8, 31),
        experienced_rate: 25,
        interim_on: date(2027, 1, 15),
        summative_on: date(2027, 6, 30),
        focus: Json::try_from("{}".to_owned())?,
        notes: String::new(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| sampling_plans::insert(conn, &plan, &[]))?;
    Ok(())
}

fn reads(mut s: Sample) -> Sample {
    s.eqa_reads = true;
    s
}

fn plan_body() -> Value {
    json!({
        "qualification_id": EQA_QUALIFICATION, "period_start": "2026-09-01", "period_end": "2027-08-31",
        "interim_on": "2027-01-15", "summative_on": "2027-06-30", "experienced_rate": 25, "rates": [],
    })
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let a = &w.centre_a;
    let take = json!({"judgement_ids": [], "plan_id": PLAN, "stage": "interim"});
    let plan_form = [
        ("qualification_id", EQA_QUALIFICATION),
        ("period_start", "2026-09-01"),
        ("period_end", "2027-08-31"),
        ("interim_on", "2027-01-15"),
        ("summative_on", "2027-06-30"),
        ("experienced_rate", "25"),
    ];
    let mut all = pages(w, &plan_form);
    all.extend(vec![
        (
            ("GET", "/api/v1/centres/{centre_id}/sampling/plans"),
            reads(get(format!("/api/v1/centres/{a}/sampling/plans"))),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/sampling/plans"),
            json_sample(format!("/api/v1/centres/{a}/sampling/plans"), plan_body()),
        ),
        (
            ("PUT", "/api/v1/sampling-plans/{plan_id}"),
            json_sample(format!("/api/v1/sampling-plans/{PLAN}"), plan_body()),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/sampling/proposal"),
            get(format!("/api/v1/centres/{a}/sampling/proposal?seed=1")),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/samples"),
            json_sample(format!("/api/v1/centres/{a}/samples"), take),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/samples"),
            reads(get(format!("/api/v1/centres/{a}/samples"))),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/sampling/report"),
            reads(get(format!("/api/v1/centres/{a}/sampling/report"))),
        ),
        (
            (
                "GET",
                "/api/v1/centres/{centre_id}/sampling/report/camera.csv",
            ),
            reads(get(format!(
                "/api/v1/centres/{a}/sampling/report/camera.csv"
            ))),
        ),
        (
            (
                "GET",
                "/api/v1/centres/{centre_id}/sampling/report/rates.csv",
            ),
            reads(get(format!(
                "/api/v1/centres/{a}/sampling/report/rates.csv"
            ))),
        ),
    ]);
    all
}

/// The sampling pages: the plans page, the plan form, the proposal, taking a sample (no
/// decision ticked: 422 for the IQA), the report and its CSV downloads by session.
fn pages(
    w: &World,
    plan_form: &[(&'static str, &str)],
) -> Vec<((&'static str, &'static str), Sample)> {
    let a = &w.centre_a;
    let take = [("plan_id", PLAN), ("stage", "interim"), ("seed", "1")];
    vec![
        (
            ("GET", "/centres/{centre_id}/sampling"),
            reads(get(format!("/centres/{a}/sampling"))),
        ),
        (
            ("POST", "/centres/{centre_id}/sampling/plans"),
            form(format!("/centres/{a}/sampling/plans"), plan_form),
        ),
        (
            ("GET", "/centres/{centre_id}/sampling/proposal"),
            get(format!("/centres/{a}/sampling/proposal?seed=1")),
        ),
        (
            ("POST", "/centres/{centre_id}/samples"),
            form(format!("/centres/{a}/samples"), &take),
        ),
        (
            ("GET", "/centres/{centre_id}/sampling/report"),
            reads(get(format!("/centres/{a}/sampling/report"))),
        ),
        (
            ("GET", "/centres/{centre_id}/sampling/report/camera.csv"),
            reads(get(format!("/centres/{a}/sampling/report/camera.csv"))),
        ),
        (
            ("GET", "/centres/{centre_id}/sampling/report/rates.csv"),
            reads(get(format!("/centres/{a}/sampling/report/rates.csv"))),
        ),
        (
            ("GET", "/centres/{centre_id}/sampling/report/actions.csv"),
            get(format!("/centres/{a}/sampling/report/actions.csv")),
        ),
        (
            ("GET", "/centres/{centre_id}/sampling/report/referrals.csv"),
            get(format!("/centres/{a}/sampling/report/referrals.csv")),
        ),
    ]
}
