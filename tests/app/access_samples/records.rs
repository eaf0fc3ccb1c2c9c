//! Samples for the records routes: the retention period (centre administrators) and the
//! portfolio ZIP (the registration's learner).

use serde_json::json;

use super::{Sample, form, get, json as json_sample};
use crate::world::World;

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, r) = (&w.centre_a, &w.registration);
    vec![
        (
            ("POST", "/centres/{centre_id}/retention"),
            form(format!("/centres/{a}/retention"), &[("years", "5")]),
        ),
        (
            ("PUT", "/api/v1/centres/{centre_id}/retention"),
            json_sample(
                format!("/api/v1/centres/{a}/retention"),
                json!({"years": 5}),
            ),
        ),
        (
            ("GET", "/registrations/{registration_id}/portfolio.zip"),
            get(format!("/registrations/{r}/portfolio.zip")),
        ),
        (
            (
                "GET",
                "/api/v1/registrations/{registration_id}/portfolio.zip",
            ),
            get(format!("/api/v1/registrations/{r}/portfolio.zip")),
        ),
    ]
}
