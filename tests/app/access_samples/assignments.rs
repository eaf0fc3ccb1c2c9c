//! Samples for the assignment routes (C4, Unit 001): the sample centre and registration.

use serde_json::json;

use eportfolio::clock::Clock;
use eportfolio::store::assignments::{self, Assignment};
use eportfolio::store::evidence as evidence_store;
use eportfolio::store::write_transaction;

use super::{Body, Sample, form, get, json as json_sample, sample};
use crate::world::World;

/// The sample version of centre A (its files are the world's evidence file).
const VERSION: &str = "matrix-assignment";

/// Record the sample version, directly in the store.
pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = w.app.db.db().get()?;
    let file =
        evidence_store::find_file(&mut conn, &w.evidence, &w.file)?.ok_or("no world file")?;
    let row = Assignment {
        id: VERSION.to_owned(),
        centre_id: w.centre_a.clone(),
        unit_id: "cg-3085/u001".to_owned(),
        version_label: "Matrix v1".to_owned(),
        in_force: true,
        brief_key: file.store_key.clone(),
        brief_filename: "brief.txt".to_owned(),
        brief_media_type: file.media_type.clone(),
        brief_sha256: file.sha256.clone(),
        guidance_key: file.store_key.clone(),
        guidance_filename: "guidance.txt".to_owned(),
        guidance_media_type: file.media_type.clone(),
        guidance_sha256: file.sha256,
        recorded_by: w.centre_admin.id.clone(),
        recorded_at: w.app.clock().now().naive_utc(),
    };
    write_transaction(&mut conn, |conn| assignments::insert(conn, &row, &[]))?;
    Ok(())
}

/// The page routes: the centre's versions and the learner's assignment (the sample registration
/// is on SQA FX35 35, which has no assignment: those allowed get 409, not 403 or 404).
fn pages(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, r) = (&w.centre_a, &w.registration);
    vec![
        (
            ("GET", "/centres/{centre_id}/assignments"),
            get(format!("/centres/{a}/assignments")),
        ),
        (
            ("POST", "/centres/{centre_id}/assignments"),
            sample(format!("/centres/{a}/assignments"), Body::Upload("Brief.")),
        ),
        (
            (
                "GET",
                "/centres/{centre_id}/assignments/{assignment_id}/brief",
            ),
            get(format!("/centres/{a}/assignments/{VERSION}/brief")),
        ),
        (
            (
                "GET",
                "/centres/{centre_id}/assignments/{assignment_id}/guidance",
            ),
            get(format!("/centres/{a}/assignments/{VERSION}/guidance")),
        ),
        (
            ("GET", "/registrations/{registration_id}/assignment"),
            get(format!("/registrations/{r}/assignment")),
        ),
        (
            ("GET", "/registrations/{registration_id}/assignment/brief"),
            get(format!("/registrations/{r}/assignment/brief")),
        ),
        (
            (
                "GET",
                "/registrations/{registration_id}/assignment/guidance",
            ),
            get(format!("/registrations/{r}/assignment/guidance")),
        ),
        (
            (
                "POST",
                "/registrations/{registration_id}/assignment/submission",
            ),
            form(
                format!("/registrations/{r}/assignment/submission"),
                &[("title", "Mine"), ("activity_date", "2027-01-10")],
            ),
        ),
        (
            ("GET", "/registrations/{registration_id}/assignment/marking"),
            get(format!("/registrations/{r}/assignment/marking")),
        ),
        (
            ("POST", "/registrations/{registration_id}/assignment/marks"),
            form(
                format!("/registrations/{r}/assignment/marks"),
                &[("outcome-1", "met")],
            ),
        ),
        (
            (
                "POST",
                "/registrations/{registration_id}/assignment/verification",
            ),
            form(
                format!("/registrations/{r}/assignment/verification"),
                &[("unit_id", "cg-3085/u001"), ("status", "maybe")],
            ),
        ),
    ]
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, r) = (&w.centre_a, &w.registration);
    let mut all = pages(w);
    all.extend(vec![
        (
            ("POST", "/api/v1/centres/{centre_id}/assignments"),
            sample(
                format!("/api/v1/centres/{a}/assignments"),
                Body::Upload("Brief."),
            ),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/assignments"),
            get(format!("/api/v1/centres/{a}/assignments")),
        ),
        (
            ("GET", "/api/v1/registrations/{registration_id}/assignment"),
            get(format!("/api/v1/registrations/{r}/assignment")),
        ),
        (
            (
                "GET",
                "/api/v1/registrations/{registration_id}/assignment/brief",
            ),
            get(format!("/api/v1/registrations/{r}/assignment/brief")),
        ),
        (
            (
                "GET",
                "/api/v1/registrations/{registration_id}/assignment/guidance",
            ),
            get(format!("/api/v1/registrations/{r}/assignment/guidance")),
        ),
        (
            (
                "POST",
                "/api/v1/registrations/{registration_id}/assignment/submission",
            ),
            json_sample(
                format!("/api/v1/registrations/{r}/assignment/submission"),
                json!({"title": "My assignment", "activity_date": "2027-01-10", "text": "My work."}),
            ),
        ),
        (
            (
                "POST",
                "/api/v1/registrations/{registration_id}/assignment/marks",
            ),
            json_sample(
                format!("/api/v1/registrations/{r}/assignment/marks"),
                json!({"marks": []}),
            ),
        ),
        (
            (
                "PUT",
                "/api/v1/registrations/{registration_id}/assignment/verification",
            ),
            json_sample(
                format!("/api/v1/registrations/{r}/assignment/verification"),
                json!({"unit_id": "cg-3085/u001", "status": "verified"}),
            ),
        ),
        ]);
    all
}
