//! Samples for two-step sign-in: one's own setting-up (signed in), the second step of signing
//! in (public), and a centre administrator's reset (of centre A's tutor, who does not use it: the
//! reset answers 409 once it reaches its work, and ends nobody's sessions).

use serde_json::json;

use super::{Sample, form, get, json as json_sample, public_form};
use crate::world::World;

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, tutor) = (&w.centre_a, &w.tutor.id);
    vec![
        (("GET", "/account/two-step"), get("/account/two-step")),
        (
            ("POST", "/account/two-step"),
            form("/account/two-step", &[]),
        ),
        (
            ("POST", "/account/two-step/confirm"),
            form("/account/two-step/confirm", &[("code", "000000")]),
        ),
        (
            ("POST", "/account/two-step/off"),
            form("/account/two-step/off", &[("password", "not the password")]),
        ),
        (
            ("GET", "/sign-in/code"),
            Sample {
                cookies: vec![("eportfolio_second_step", "not-a-token".to_owned())],
                ..get("/sign-in/code")
            },
        ),
        (
            ("POST", "/sign-in/code"),
            public_form("/sign-in/code", &[("code", "000000")]),
        ),
        // Passkeys: the options are given to anyone signed in; an answer that is not a device's
        // is refused (422); a passkey not theirs is not removed (409). At the second step
        // without the password step's cookie: refused in words (401), no session.
        (
            ("POST", "/account/two-step/passkeys/options"),
            form("/account/two-step/passkeys/options", &[]),
        ),
        (
            ("POST", "/account/two-step/passkeys"),
            form(
                "/account/two-step/passkeys",
                &[("name", "Laptop"), ("ceremony", "none"), ("answer", "{}")],
            ),
        ),
        (
            ("POST", "/account/two-step/passkeys/{passkey_id}/remove"),
            form("/account/two-step/passkeys/not-a-passkey/remove", &[]),
        ),
        (
            ("POST", "/sign-in/passkey/options"),
            public_form("/sign-in/passkey/options", &[]),
        ),
        (
            ("POST", "/sign-in/passkey"),
            public_form(
                "/sign-in/passkey",
                &[("ceremony", "none"), ("answer", "{}")],
            ),
        ),
        (
            (
                "POST",
                "/centres/{centre_id}/people/{user_id}/two-step/reset",
            ),
            form(format!("/centres/{a}/people/{tutor}/two-step/reset"), &[]),
        ),
        (
            ("POST", "/api/v1/account/two-step"),
            json_sample("/api/v1/account/two-step", json!({})),
        ),
        (
            ("POST", "/api/v1/account/two-step/confirm"),
            json_sample(
                "/api/v1/account/two-step/confirm",
                json!({"code": "000000"}),
            ),
        ),
        (
            (
                "DELETE",
                "/api/v1/centres/{centre_id}/people/{user_id}/two-step",
            ),
            get(format!("/api/v1/centres/{a}/people/{tutor}/two-step")),
        ),
        // The policy is set to what it already is, so no later caller is asked to set up.
        (
            ("POST", "/centres/{centre_id}/two-step-policy"),
            form(
                format!("/centres/{a}/two-step-policy"),
                &[("required_for", "administrators")],
            ),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/two-step-policy"),
            get(format!("/api/v1/centres/{a}/two-step-policy")),
        ),
        // Support access: given (a day), and ended; the second end of a caller answers 409.
        (
            ("POST", "/centres/{centre_id}/support-access"),
            form(
                format!("/centres/{a}/support-access"),
                &[("reason", "A question about a sign-off"), ("days", "1")],
            ),
        ),
        (
            ("POST", "/centres/{centre_id}/support-access/end"),
            form(format!("/centres/{a}/support-access/end"), &[]),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/support-access"),
            get(format!("/api/v1/centres/{a}/support-access")),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/support-access"),
            json_sample(
                format!("/api/v1/centres/{a}/support-access"),
                json!({"reason": "A question about a sign-off", "days": 1}),
            ),
        ),
        (
            ("DELETE", "/api/v1/centres/{centre_id}/support-access"),
            get(format!("/api/v1/centres/{a}/support-access")),
        ),
        (
            ("PUT", "/api/v1/centres/{centre_id}/two-step-policy"),
            json_sample(
                format!("/api/v1/centres/{a}/two-step-policy"),
                json!({"required_for": "administrators"}),
            ),
        ),
    ]
}
