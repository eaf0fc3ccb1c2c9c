//! Samples for the certification claim routes. `prepare` writes a draft claim of the sample
//! registration, so the claim routes reach their work.

use eportfolio::clock::Clock;
use eportfolio::domain::claims::{ClaimKind, ClaimStatus};
use eportfolio::store::claims::{self, Claim, ClaimLearner};
use eportfolio::store::json::Json;
use eportfolio::store::write_transaction;
use serde_json::json;

use super::{Sample, form, get, json as json_sample};
use crate::world::World;

/// The claim `prepare` writes.
pub const CLAIM: &str = "matrix-claim";

pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let claim = Claim {
        id: CLAIM.to_owned(),
        centre_id: w.centre_a.clone(),
        qualification_id: "sqa-fx35-35".to_owned(),
        awarding_body: "SQA".to_owned(),
        status: ClaimStatus::Draft,
        created_by: w.centre_admin.id.clone(),
        created_at: now,
        submitted_at: None,
        submitted_by: None,
        certificated_at: None,
        returned_at: None,
        return_reason: None,
    };
    let learner = ClaimLearner {
        id: "matrix-claim-learner".to_owned(),
        claim_id: CLAIM.to_owned(),
        registration_id: w.registration.clone(),
        claim_kind: ClaimKind::Qualification,
        claim_key: "sqa-fx35-35".to_owned(),
        units: Json(vec!["sqa-fx35-35".to_owned()]),
        live: true,
        certificate_number: None,
        certificated_on: None,
        created_at: now,
    };
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| claims::insert(conn, &claim, &[learner]))?;
    Ok(())
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, r) = (&w.centre_a, &w.registration);
    let ids = [("registration_ids", r.as_str())];
    vec![
        (
            ("GET", "/centres/{centre_id}/claims"),
            get(format!("/centres/{a}/claims")),
        ),
        (
            ("POST", "/centres/{centre_id}/claims"),
            form(format!("/centres/{a}/claims"), &ids),
        ),
        (
            ("GET", "/claims/{claim_id}"),
            get(format!("/claims/{CLAIM}")),
        ),
        (
            ("POST", "/claims/{claim_id}/submit"),
            form(format!("/claims/{CLAIM}/submit"), &[]),
        ),
        (
            ("POST", "/claims/{claim_id}/certificated"),
            form(format!("/claims/{CLAIM}/certificated"), &[]),
        ),
        (
            ("POST", "/claims/{claim_id}/return"),
            form(format!("/claims/{CLAIM}/return"), &[("reason", "Returned")]),
        ),
        (
            ("GET", "/claims/{claim_id}/export.csv"),
            get(format!("/claims/{CLAIM}/export.csv")),
        ),
        (
            ("GET", "/claims/{claim_id}/summary.pdf"),
            get(format!("/claims/{CLAIM}/summary.pdf")),
        ),
        (
            ("GET", "/registrations/{registration_id}/record.pdf"),
            get(format!("/registrations/{r}/record.pdf")),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/claims/eligible"),
            get(format!("/api/v1/centres/{a}/claims/eligible")),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/claims"),
            get(format!("/api/v1/centres/{a}/claims")),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/claims"),
            json_sample(
                format!("/api/v1/centres/{a}/claims"),
                json!({"registration_ids": [r]}),
            ),
        ),
        (
            ("GET", "/api/v1/claims/{claim_id}"),
            get(format!("/api/v1/claims/{CLAIM}")),
        ),
        (
            ("POST", "/api/v1/claims/{claim_id}/submit"),
            json_sample(format!("/api/v1/claims/{CLAIM}/submit"), json!({})),
        ),
        (
            ("POST", "/api/v1/claims/{claim_id}/certificated"),
            json_sample(
                format!("/api/v1/claims/{CLAIM}/certificated"),
                json!({"learners": []}),
            ),
        ),
        (
            ("POST", "/api/v1/claims/{claim_id}/return"),
            json_sample(
                format!("/api/v1/claims/{CLAIM}/return"),
                json!({"reason": "Returned"}),
            ),
        ),
        (
            ("GET", "/api/v1/claims/{claim_id}/export.csv"),
            get(format!("/api/v1/claims/{CLAIM}/export.csv")),
        ),
        (
            ("GET", "/api/v1/claims/{claim_id}/summary.pdf"),
            get(format!("/api/v1/claims/{CLAIM}/summary.pdf")),
        ),
        (
            ("GET", "/api/v1/registrations/{registration_id}/record.pdf"),
            get(format!("/api/v1/registrations/{r}/record.pdf")),
        ),
    ]
}
