//! Samples for the assignment routes (C4, Unit 001): the sample centre and registration.

use serde_json::json;

use super::{Body, Sample, get, json as json_sample, sample};
use crate::world::World;

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, r) = (&w.centre_a, &w.registration);
    vec![
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
    ]
}
