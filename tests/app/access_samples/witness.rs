//! Samples for the testimony and notification routes: the sample registration's unanswered
//! testimony request; a witness link that is not a token (the link routes answer 400 to anyone).

use serde_json::json;

use super::{Sample, form, get, json as json_sample};
use crate::world::World;

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (r, t) = (&w.registration, &w.testimony);
    let ask = [
        ("witness_name", "Matrix Witness"),
        ("witness_email", "matrix.witness@example.org"),
        ("witness_role", "Team leader"),
        ("relationship", "Line manager"),
        ("activity", "Support planning"),
        ("criteria", "sqa-fx35-35/o1/ks1"),
    ];
    let body = json!({"witness_name": "Matrix Witness", "witness_email": "matrix.witness@example.org", "witness_role": "Team leader", "relationship": "Line manager", "activity": "Support planning", "criteria": ["sqa-fx35-35/o1/ks1"]});
    // Not signed yet: an allowed decision answers 409, and nothing is decided.
    let decision = [("decision", "reject"), ("reason", "Matrix")];
    vec![
        (
            ("GET", "/registrations/{registration_id}/testimony"),
            get(format!("/registrations/{r}/testimony")),
        ),
        (
            (
                "POST",
                "/registrations/{registration_id}/testimony-requests",
            ),
            form(format!("/registrations/{r}/testimony-requests"), &ask),
        ),
        (
            ("GET", "/testimony/{request_id}"),
            get(format!("/testimony/{t}")),
        ),
        (
            ("POST", "/testimony/{request_id}/decision"),
            form(format!("/testimony/{t}/decision"), &decision),
        ),
        (("GET", "/witness/{token}"), get("/witness/not-a-token")),
        (
            ("POST", "/witness/{token}"),
            form("/witness/not-a-token", &[("link_id", "x")]),
        ),
        (("GET", "/notifications"), get("/notifications")),
        (
            ("POST", "/notifications/read"),
            form("/notifications/read", &[]),
        ),
        (
            (
                "POST",
                "/api/v1/registrations/{registration_id}/testimony-requests",
            ),
            json_sample(
                format!("/api/v1/registrations/{r}/testimony-requests"),
                body,
            ),
        ),
        (
            (
                "GET",
                "/api/v1/registrations/{registration_id}/testimony-requests",
            ),
            get(format!("/api/v1/registrations/{r}/testimony-requests")),
        ),
        (
            ("GET", "/api/v1/testimony-requests/{request_id}"),
            get(format!("/api/v1/testimony-requests/{t}")),
        ),
        (
            ("POST", "/api/v1/testimony-requests/{request_id}/decision"),
            json_sample(
                format!("/api/v1/testimony-requests/{t}/decision"),
                json!({"decision": "reject", "reason": "Matrix"}),
            ),
        ),
        (
            ("GET", "/api/v1/witness/{token}"),
            get("/api/v1/witness/not-a-token"),
        ),
        (
            ("POST", "/api/v1/witness/{token}"),
            json_sample("/api/v1/witness/not-a-token", json!({"confirm_name": "x"})),
        ),
        (
            ("GET", "/api/v1/notifications"),
            get("/api/v1/notifications"),
        ),
        (
            ("POST", "/api/v1/notifications/read"),
            json_sample("/api/v1/notifications/read", json!({})),
        ),
        (("GET", "/api/v1/account/mail"), get("/api/v1/account/mail")),
        (
            ("GET", "/api/v1/account/sessions"),
            get("/api/v1/account/sessions"),
        ),
        // A reference that names none of the caller's places: nothing is signed out.
        (
            ("DELETE", "/api/v1/account/sessions/{reference}"),
            get("/api/v1/account/sessions/00000000000000000000"),
        ),
        (
            ("POST", "/account/signed-in-places/{reference}/sign-out"),
            form(
                "/account/signed-in-places/00000000000000000000/sign-out",
                &[],
            ),
        ),
        (
            ("PUT", "/api/v1/account/mail"),
            json_sample("/api/v1/account/mail", json!({"cadence": "daily"})),
        ),
    ]
}
