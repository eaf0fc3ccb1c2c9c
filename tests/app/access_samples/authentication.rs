//! Samples for the S4 authentication routes: the sample registration is not open learning, so an
//! allowed naming or request answers 409 and nothing is written; a link that is not a token (the
//! link routes answer 400 to anyone).

use serde_json::json;

use super::{Body, Sample, form, get, json as json_sample, sample};
use crate::world::World;

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let r = &w.registration;
    let named = [
        ("authenticator", "Matrix Authenticator"),
        ("authenticator_role", "Line manager"),
        ("authenticator_email", "matrix.authenticator@example.org"),
    ];
    let body = json!({"name": "Matrix Authenticator", "role": "Line manager", "email": "matrix.authenticator@example.org"});
    vec![
        (
            ("GET", "/registrations/{registration_id}/authentication"),
            get(format!("/registrations/{r}/authentication")),
        ),
        (
            ("POST", "/registrations/{registration_id}/authenticator"),
            form(format!("/registrations/{r}/authenticator"), &named),
        ),
        (
            (
                "POST",
                "/registrations/{registration_id}/authentication-requests",
            ),
            form(format!("/registrations/{r}/authentication-requests"), &[]),
        ),
        (
            ("GET", "/authenticate/{token}"),
            get("/authenticate/not-a-token"),
        ),
        (
            ("POST", "/authenticate/{token}"),
            form("/authenticate/not-a-token", &[("link_id", "x")]),
        ),
        (
            (
                "GET",
                "/api/v1/registrations/{registration_id}/authentication",
            ),
            get(format!("/api/v1/registrations/{r}/authentication")),
        ),
        (
            (
                "PUT",
                "/api/v1/registrations/{registration_id}/authenticator",
            ),
            json_sample(format!("/api/v1/registrations/{r}/authenticator"), body),
        ),
        (
            (
                "POST",
                "/api/v1/registrations/{registration_id}/authentication-requests",
            ),
            sample(
                format!("/api/v1/registrations/{r}/authentication-requests"),
                Body::Empty,
            ),
        ),
        (
            ("GET", "/api/v1/authenticate/{token}"),
            get("/api/v1/authenticate/not-a-token"),
        ),
        (
            ("POST", "/api/v1/authenticate/{token}"),
            json_sample(
                "/api/v1/authenticate/not-a-token",
                json!({"signed_name": "X", "signed_role": "Y", "confirmed": []}),
            ),
        ),
    ]
}
