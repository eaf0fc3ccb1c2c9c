//! Samples for the evidence and tracker routes: the sample registration's draft evidence item.

use serde_json::json;

use super::{Body, Sample, form, get, json as json_sample, sample};
use crate::world::World;

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (r, e, f) = (&w.registration, &w.evidence, &w.file);
    let fields = [
        ("kind", "reflective_account"),
        ("title", "Matrix evidence"),
        ("activity_date", "2027-01-10"),
        ("text", "What I did."),
    ];
    let body = json!({"kind": "reflective_account", "title": "Matrix evidence", "activity_date": "2027-01-10", "text": "What I did."});
    vec![
        (("GET", "/caseload"), get("/caseload")),
        (("GET", "/api/v1/caseload"), get("/api/v1/caseload")),
        (
            ("POST", "/evidence/{evidence_id}/files"),
            sample(format!("/evidence/{e}/files"), Body::Upload("More notes.")),
        ),
        (
            ("GET", "/evidence/{evidence_id}/files/{file_id}"),
            get(format!("/evidence/{e}/files/{f}")),
        ),
        (
            ("POST", "/api/v1/evidence/{evidence_id}/files"),
            sample(
                format!("/api/v1/evidence/{e}/files"),
                Body::Upload("More notes."),
            ),
        ),
        (
            ("GET", "/api/v1/evidence/{evidence_id}/files/{file_id}"),
            get(format!("/api/v1/evidence/{e}/files/{f}")),
        ),
        (
            ("GET", "/api/v1/registrations"),
            get("/api/v1/registrations"),
        ),
        (
            ("POST", "/registrations/{registration_id}/evidence"),
            form(format!("/registrations/{r}/evidence"), &fields),
        ),
        (
            ("GET", "/registrations/{registration_id}/evidence/new"),
            get(format!("/registrations/{r}/evidence/new")),
        ),
        (
            ("POST", "/registrations/{registration_id}/evidence/new"),
            sample(
                format!("/registrations/{r}/evidence/new"),
                Body::Upload("Notes."),
            ),
        ),
        (
            ("GET", "/registrations/{registration_id}/tracker"),
            get(format!("/registrations/{r}/tracker")),
        ),
        (
            ("GET", "/evidence/{evidence_id}"),
            get(format!("/evidence/{e}")),
        ),
        (
            ("POST", "/evidence/{evidence_id}"),
            form(format!("/evidence/{e}"), &fields),
        ),
        (
            ("GET", "/evidence/{evidence_id}/one-step"),
            get(format!("/evidence/{e}/one-step")),
        ),
        (
            ("POST", "/evidence/{evidence_id}/one-step"),
            sample(format!("/evidence/{e}/one-step"), Body::Upload("Notes.")),
        ),
        (
            ("POST", "/evidence/{evidence_id}/mappings"),
            form(format!("/evidence/{e}/mappings"), &[]),
        ),
        (
            ("POST", "/evidence/{evidence_id}/declaration"),
            form(
                format!("/evidence/{e}/declaration"),
                &[("typed_name", "someone else")],
            ),
        ),
        (
            ("POST", "/evidence/{evidence_id}/submit"),
            form(format!("/evidence/{e}/submit"), &[]),
        ),
        (
            ("POST", "/api/v1/registrations/{registration_id}/evidence"),
            json_sample(format!("/api/v1/registrations/{r}/evidence"), body.clone()),
        ),
        (
            ("GET", "/api/v1/registrations/{registration_id}/tracker"),
            get(format!("/api/v1/registrations/{r}/tracker")),
        ),
        (
            ("GET", "/api/v1/evidence/{evidence_id}"),
            get(format!("/api/v1/evidence/{e}")),
        ),
        (
            ("PUT", "/api/v1/evidence/{evidence_id}"),
            json_sample(format!("/api/v1/evidence/{e}"), body),
        ),
        (
            ("PUT", "/api/v1/evidence/{evidence_id}/mappings"),
            json_sample(
                format!("/api/v1/evidence/{e}/mappings"),
                json!({"criteria": []}),
            ),
        ),
        (
            ("POST", "/api/v1/evidence/{evidence_id}/declaration"),
            json_sample(
                format!("/api/v1/evidence/{e}/declaration"),
                json!({"typed_name": "someone else"}),
            ),
        ),
        (
            ("POST", "/api/v1/evidence/{evidence_id}/submit"),
            sample(format!("/api/v1/evidence/{e}/submit"), Body::Empty),
        ),
    ]
}
