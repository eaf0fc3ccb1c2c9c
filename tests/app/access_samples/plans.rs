//! Samples for the assessment plan routes. `prepare` writes a plan on the sample registration,
//! so the change, sign and review routes reach their work.

use eportfolio::clock::Clock;
use eportfolio::store::json::Json;
use eportfolio::store::plans::{self, Plan};
use eportfolio::store::write_transaction;
use serde_json::json;

use super::{Sample, form, get, json as json_sample};
use crate::world::World;

/// The plan `prepare` writes.
pub const PLAN: &str = "matrix-plan";
const ER1: &str = "sqa-fx35-35/er1";

pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let plan = Plan {
        id: PLAN.to_owned(),
        registration_id: w.registration.clone(),
        activities: Json::try_from(
            r#"[{"activity":"Write the project","method":"project_assignment","target_date":"2027-03-31"}]"#
                .to_owned(),
        )?,
        criteria: Json(vec![ER1.to_owned()]),
        version: 1,
        created_by: w.assessor.id.clone(),
        created_at: now,
        updated_at: now,
    };
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| plans::insert(conn, &plan))?;
    Ok(())
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let r = &w.registration;
    let plan = [
        ("activity", "Write the project"),
        ("method", "project_assignment"),
        ("target_date", "2027-03-31"),
        ("criteria", ER1),
    ];
    let review = [
        ("reviewed_on", "2027-02-01"),
        ("progress", "Draft started."),
        ("next_steps", "Finish the references."),
        ("next_review_on", "2027-03-01"),
    ];
    let body = json!({"activities": [{"activity": "Write the project", "method": "project_assignment", "target_date": "2027-03-31"}], "criteria": [ER1]});
    let review_body = json!({"reviewed_on": "2027-02-01", "progress": "Draft started.", "next_steps": "Finish the references.", "next_review_on": "2027-03-01"});
    vec![
        (
            ("GET", "/registrations/{registration_id}/plans"),
            get(format!("/registrations/{r}/plans")),
        ),
        (
            ("POST", "/registrations/{registration_id}/plans"),
            form(format!("/registrations/{r}/plans"), &plan),
        ),
        (
            ("POST", "/plans/{plan_id}"),
            form(format!("/plans/{PLAN}"), &plan),
        ),
        (
            ("POST", "/plans/{plan_id}/sign"),
            form(format!("/plans/{PLAN}/sign"), &[]),
        ),
        (
            ("POST", "/plans/{plan_id}/reviews"),
            form(format!("/plans/{PLAN}/reviews"), &review),
        ),
        (
            ("GET", "/api/v1/registrations/{registration_id}/plans"),
            get(format!("/api/v1/registrations/{r}/plans")),
        ),
        (
            ("POST", "/api/v1/registrations/{registration_id}/plans"),
            json_sample(format!("/api/v1/registrations/{r}/plans"), body.clone()),
        ),
        (
            ("PUT", "/api/v1/plans/{plan_id}"),
            json_sample(format!("/api/v1/plans/{PLAN}"), body),
        ),
        (
            ("POST", "/api/v1/plans/{plan_id}/sign"),
            json_sample(format!("/api/v1/plans/{PLAN}/sign"), json!({})),
        ),
        (
            ("POST", "/api/v1/plans/{plan_id}/reviews"),
            json_sample(format!("/api/v1/plans/{PLAN}/reviews"), review_body),
        ),
    ]
}
