//! Samples for the registration routes. The sample registration is the learner's at centre A,
//! on the EQA's qualification, assessed by the assessor and sampled by the IQA, with no tutor.

use serde_json::json;

use super::{Body, Sample, form, get, json as json_sample, sample};
use crate::world::{EQA_QUALIFICATION, World};

/// The one unit of the sample registration's qualification.
const SQA_UNIT: &str = "sqa-fx35-35";

/// A header row only: the import reads it and reports that there is nothing to import.
const CSV: &str = "learner_name,learner_email,date_of_birth,qualification_id,start_date,planned_end_date,assessor_email,iqa_email\n";

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, r) = (&w.centre_a, &w.registration);
    let (assessor, iqa) = (w.assessor.id.as_str(), w.iqa.id.as_str());
    let learner = [
        ("learner_name", "Matrix Learner"),
        ("learner_email", "matrix.learner@a.example.org"),
        ("date_of_birth", "2000-02-29"),
        ("qualification_id", EQA_QUALIFICATION),
        ("start_date", "2027-01-18"),
        ("planned_end_date", "2027-12-17"),
        ("assessor_id", assessor),
        ("iqa_id", iqa),
    ];
    let body: serde_json::Map<String, serde_json::Value> = learner
        .iter()
        .map(|(k, v)| ((*k).to_owned(), json!(v)))
        .collect();
    let reason = "Matrix check";
    vec![
        (
            ("GET", "/centres/{centre_id}/registrations"),
            get(format!("/centres/{a}/registrations")),
        ),
        (
            ("POST", "/centres/{centre_id}/registrations"),
            form(format!("/centres/{a}/registrations"), &learner),
        ),
        (
            ("GET", "/centres/{centre_id}/registrations/import"),
            get(format!("/centres/{a}/registrations/import")),
        ),
        (
            ("POST", "/centres/{centre_id}/registrations/import"),
            sample(
                format!("/centres/{a}/registrations/import"),
                Body::Upload(CSV),
            ),
        ),
        (
            ("GET", "/registrations/{registration_id}"),
            get(format!("/registrations/{r}")),
        ),
        (
            ("GET", "/registrations/{registration_id}/details"),
            get(format!("/registrations/{r}/details")),
        ),
        (
            ("POST", "/registrations/{registration_id}/details"),
            form(
                format!("/registrations/{r}/details"),
                &[
                    ("awarding_body_ref", "123456789"),
                    ("workplace", "Perth"),
                    ("planned_end_date", "2027-12-17"),
                ],
            ),
        ),
        (
            ("POST", "/registrations/{registration_id}/transfer"),
            form(
                format!("/registrations/{r}/transfer"),
                &[("assessor_id", assessor), ("reason", reason)],
            ),
        ),
        (
            (
                "POST",
                "/registrations/{registration_id}/units/{unit_id:.+}/allocation",
            ),
            form(
                format!("/registrations/{r}/units/{SQA_UNIT}/allocation"),
                &[
                    ("assessor_id", assessor),
                    ("iqa_id", iqa),
                    ("reason", reason),
                ],
            ),
        ),
        (
            ("POST", "/registrations/{registration_id}/withdraw"),
            form(
                format!("/registrations/{r}/withdraw"),
                &[("withdraw_reason", reason)],
            ),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/registrations"),
            json_sample(
                format!("/api/v1/centres/{a}/registrations"),
                serde_json::Value::Object(body),
            ),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/registrations/import"),
            sample(
                format!("/api/v1/centres/{a}/registrations/import"),
                Body::Csv(CSV),
            ),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/registrations"),
            get(format!("/api/v1/centres/{a}/registrations")),
        ),
        (
            ("GET", "/api/v1/registrations/{registration_id}"),
            get(format!("/api/v1/registrations/{r}")),
        ),
        (
            ("PUT", "/api/v1/registrations/{registration_id}/details"),
            json_sample(
                format!("/api/v1/registrations/{r}/details"),
                json!({"awarding_body_ref": "123456789", "workplace": "Perth", "planned_end_date": "2027-12-17"}),
            ),
        ),
        (
            ("POST", "/api/v1/registrations/{registration_id}/transfer"),
            json_sample(
                format!("/api/v1/registrations/{r}/transfer"),
                json!({"assessor_id": assessor, "reason": reason}),
            ),
        ),
        (
            (
                "PUT",
                "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/allocation",
            ),
            json_sample(
                format!("/api/v1/registrations/{r}/units/{SQA_UNIT}/allocation"),
                json!({"assessor_id": assessor, "iqa_id": iqa, "reason": reason}),
            ),
        ),
        (
            ("POST", "/api/v1/registrations/{registration_id}/withdraw"),
            json_sample(
                format!("/api/v1/registrations/{r}/withdraw"),
                json!({"reason": reason}),
            ),
        ),
    ]
}
