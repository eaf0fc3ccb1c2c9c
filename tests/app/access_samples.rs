//! One sample request per route of `eportfolio::web::routes::endpoints()`, keyed by (method,
//! path), for the role-by-route matrix. Bodies are valid where that is cheap, so "allowed"
//! really reaches the handler's work. A route added to the table without a sample here fails
//! the matrix test.

use eportfolio::domain::roles::Role;
use serde_json::{Value, json};

use crate::world::{EQA_QUALIFICATION, PASSWORD, World};

pub mod assessment;
pub mod assignments;
mod authentication;
pub mod claims;
pub mod credentials;
mod eqa;
mod evidence;
pub mod knowledge_checks;
pub mod occasions;
pub mod plans;
pub mod programmes;
mod records;
mod registrations;
pub mod sample_checks;
pub mod sampling;
pub mod standardisation;
mod two_step;
mod witness;

pub enum Body {
    Empty,
    Json(Value),
    /// Form fields; the caller's CSRF token is added unless the sample gives its own.
    Form(Vec<(&'static str, String)>),
    /// A multipart form with one CSV file; the caller's CSRF token is added.
    Upload(&'static str),
    /// A CSV body.
    Csv(&'static str),
}

/// Who may change a staff record through this route (`Access::StaffRecord`). The record's
/// subject in every sample is centre A's assessor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writers {
    /// A read: the person, the centre's administrators and IQAs.
    Read,
    /// The person themselves or a centre administrator (CPD).
    SelfAndAdmin,
    /// A centre administrator only (credentials); the person and IQAs get 403.
    AdminOnly,
}

pub struct Sample {
    pub path: String,
    pub body: Body,
    /// Extra cookies (the pre-session form token of the public sign-in forms).
    pub cookies: Vec<(&'static str, String)>,
    pub writers: Writers,
    /// An EQA with a grant on centre A may read this (the Access rule does not say so).
    pub eqa_reads: bool,
    /// The request ends the caller's session: send it after the caller's other requests.
    pub ends_session: bool,
    /// Put this role back before each request (the request removes it).
    pub restore: Option<(String, String, Role)>,
}

fn sample(path: String, body: Body) -> Sample {
    Sample {
        path,
        body,
        cookies: Vec::new(),
        writers: Writers::Read,
        eqa_reads: false,
        ends_session: false,
        restore: None,
    }
}

fn get(path: impl Into<String>) -> Sample {
    sample(path.into(), Body::Empty)
}

fn form(path: impl Into<String>, fields: &[(&'static str, &str)]) -> Sample {
    let fields = fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
    sample(path.into(), Body::Form(fields))
}

fn json(path: impl Into<String>, body: Value) -> Sample {
    sample(path.into(), Body::Json(body))
}

/// A public form that carries the pre-session token in a cookie and a field.
fn public_form(path: &str, fields: &[(&'static str, &str)]) -> Sample {
    let mut all = vec![("csrf_token", "matrix-form-token")];
    all.extend_from_slice(fields);
    let mut s = form(path, &all);
    s.cookies = vec![("eportfolio_sign_in", "matrix-form-token".to_owned())];
    s
}

/// Every route's sample, keyed by the route table's method and path. Samples about a
/// registration use the learner's (`World::registration`).
pub fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, staff) = (&w.centre_a, &w.assessor.id);
    let learner = w.learner.email.as_str();
    let spare = &w.spare.id;
    let credential = [
        ("kind", "competence"),
        ("code", "occupationally_competent"),
        ("statement", "Observed in practice"),
        ("dated_on", "2026-06-01"),
    ];
    let cpd = [
        ("done_on", "2026-12-01"),
        ("minutes", "60"),
        ("activity", "Read the standards"),
    ];
    // No role: the form's role checkboxes cannot be read at all (see the attack tests), so this
    // sample is refused by its rule or, when allowed, answers 422 for the missing role.
    let person = [
        ("name", "Matrix Person"),
        ("email", "matrix.person@a.example.org"),
    ];
    let eqa = [
        ("name", "Matrix EQA"),
        ("email", "matrix.eqa@example.org"),
        ("qualification_id", EQA_QUALIFICATION),
        ("until", "2027-02-28"),
    ];
    let restore = Some((spare.clone(), a.clone(), Role::Tutor));
    let mut all = vec![
        (("GET", "/healthz"), get("/healthz")),
        (("GET", "/readyz"), get("/readyz")),
        (("GET", "/static/app.css"), get("/static/app.css")),
        (("GET", "/static/favicon.svg"), get("/static/favicon.svg")),
        (("GET", "/static/evidence.js"), get("/static/evidence.js")),
        (("GET", "/static/passkeys.js"), get("/static/passkeys.js")),
        (("GET", "/"), get("/")),
        (("GET", "/qualifications"), get("/qualifications")),
        (
            ("GET", "/qualifications/{qualification_id}"),
            get("/qualifications/cg-3085-02"),
        ),
        (("GET", "/units/{unit_id:.*}"), get("/units/cg-3085/u002")),
        (
            ("GET", "/frameworks/{framework_id}"),
            get("/frameworks/sds-standards"),
        ),
        (("GET", "/sign-in"), get("/sign-in")),
        (
            ("POST", "/sign-in"),
            public_form("/sign-in", &[("email", learner), ("password", PASSWORD)]),
        ),
        (
            ("POST", "/sign-out"),
            Sample {
                ends_session: true,
                ..form("/sign-out", &[])
            },
        ),
        (("GET", "/password/forgot"), get("/password/forgot")),
        (
            ("POST", "/password/forgot"),
            public_form("/password/forgot", &[("email", "nobody@example.org")]),
        ),
        (("GET", "/password/{token}"), get("/password/not-a-token")),
        (
            ("POST", "/password/{token}"),
            form(
                "/password/not-a-token",
                &[("password", "a long enough new password")],
            ),
        ),
        (("GET", "/home"), get("/home")),
        // Nobody in the matrix is invited to centre A: every signed-in caller gets 409.
        (
            ("POST", "/invitations/{centre_id}/accept"),
            form(format!("/invitations/{a}/accept"), &[]),
        ),
        (
            ("POST", "/invitations/{centre_id}/decline"),
            form(format!("/invitations/{a}/decline"), &[]),
        ),
        (("GET", "/api/v1/invitations"), get("/api/v1/invitations")),
        (
            ("POST", "/api/v1/invitations/{centre_id}/accept"),
            json(
                format!("/api/v1/invitations/{a}/accept"),
                serde_json::json!({}),
            ),
        ),
        (
            ("POST", "/api/v1/invitations/{centre_id}/decline"),
            json(
                format!("/api/v1/invitations/{a}/decline"),
                serde_json::json!({}),
            ),
        ),
        (("GET", "/account"), get("/account")),
        (
            ("POST", "/account/password"),
            form(
                "/account/password",
                &[
                    ("current_password", "not the password"),
                    ("new_password", "another long password"),
                ],
            ),
        ),
        (("GET", "/account/mail"), get("/account/mail")),
        (
            ("POST", "/account/mail"),
            form("/account/mail", &[("cadence", "daily")]),
        ),
        (("GET", "/admin"), get("/admin")),
        (
            ("POST", "/admin/centres"),
            form("/admin/centres", &[("name", "Matrix Centre")]),
        ),
        (("GET", "/admin/mail"), get("/admin/mail")),
        (
            ("GET", "/centres/{centre_id}"),
            get(format!("/centres/{a}")),
        ),
        (
            ("POST", "/centres/{centre_id}/people"),
            form(format!("/centres/{a}/people"), &person),
        ),
        (
            ("POST", "/centres/{centre_id}/eqa-grants"),
            form(format!("/centres/{a}/eqa-grants"), &eqa),
        ),
        (
            ("GET", "/centres/{centre_id}/audit"),
            get(format!("/centres/{a}/audit")),
        ),
        (
            ("GET", "/centres/{centre_id}/people/{user_id}"),
            get(format!("/centres/{a}/people/{staff}")),
        ),
        (
            ("POST", "/centres/{centre_id}/people/{user_id}/credentials"),
            Sample {
                writers: Writers::AdminOnly,
                ..form(
                    format!("/centres/{a}/people/{staff}/credentials"),
                    &credential,
                )
            },
        ),
        (
            ("POST", "/centres/{centre_id}/people/{user_id}/cpd"),
            Sample {
                writers: Writers::SelfAndAdmin,
                ..form(format!("/centres/{a}/people/{staff}/cpd"), &cpd)
            },
        ),
        (
            (
                "GET",
                "/centres/{centre_id}/people/{user_id}/roles/{role}/remove",
            ),
            Sample {
                restore: restore.clone(),
                ..get(format!("/centres/{a}/people/{spare}/roles/tutor/remove"))
            },
        ),
        (
            (
                "POST",
                "/centres/{centre_id}/people/{user_id}/roles/{role}/remove",
            ),
            Sample {
                restore: restore.clone(),
                ..form(
                    format!("/centres/{a}/people/{spare}/roles/tutor/remove"),
                    &[],
                )
            },
        ),
        (
            ("GET", "/api/v1/qualifications"),
            get("/api/v1/qualifications"),
        ),
        (
            ("GET", "/api/v1/qualifications/{qualification_id}"),
            get("/api/v1/qualifications/sqa-fx35-35"),
        ),
        (
            ("GET", "/api/v1/frameworks/{framework_id}"),
            get("/api/v1/frameworks/sds-standards"),
        ),
        (("GET", "/api/v1/curriculum"), get("/api/v1/curriculum")),
        (
            ("GET", "/api/v1/curriculum/case"),
            get("/api/v1/curriculum/case"),
        ),
        (("GET", "/api/v1/openapi.json"), get("/api/v1/openapi.json")),
        (
            ("POST", "/api/v1/sessions"),
            json(
                "/api/v1/sessions",
                json!({"email": learner, "password": PASSWORD}),
            ),
        ),
        (
            ("DELETE", "/api/v1/sessions/current"),
            Sample {
                ends_session: true,
                ..get("/api/v1/sessions/current")
            },
        ),
        (
            ("POST", "/api/v1/password-resets"),
            json(
                "/api/v1/password-resets",
                json!({"email": "nobody@example.org"}),
            ),
        ),
        (
            ("POST", "/api/v1/password-resets/{token}"),
            json(
                "/api/v1/password-resets/not-a-token",
                json!({"password": "a long enough new password"}),
            ),
        ),
        (("GET", "/api/v1/mail"), get("/api/v1/mail")),
        (
            ("POST", "/api/v1/centres"),
            json("/api/v1/centres", json!({"name": "Matrix Centre"})),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}"),
            Sample {
                eqa_reads: true,
                ..get(format!("/api/v1/centres/{a}"))
            },
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/users"),
            get(format!("/api/v1/centres/{a}/users")),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/users"),
            json(
                format!("/api/v1/centres/{a}/users"),
                json!({"name": "Matrix Person", "email": "matrix.person@a.example.org", "roles": ["learner"]}),
            ),
        ),
        (
            (
                "DELETE",
                "/api/v1/centres/{centre_id}/users/{user_id}/roles/{role}",
            ),
            Sample {
                restore,
                ..get(format!("/api/v1/centres/{a}/users/{spare}/roles/tutor"))
            },
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/eqa-grants"),
            get(format!("/api/v1/centres/{a}/eqa-grants")),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/eqa-grants"),
            json(
                format!("/api/v1/centres/{a}/eqa-grants"),
                json!({"name": "Matrix EQA", "email": "matrix.eqa@example.org", "qualification_id": EQA_QUALIFICATION, "until": "2027-02-28"}),
            ),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/audit"),
            get(format!("/api/v1/centres/{a}/audit")),
        ),
        (
            ("POST", "/api/v1/users/{user_id}/credentials"),
            Sample {
                writers: Writers::AdminOnly,
                ..json(
                    format!("/api/v1/users/{staff}/credentials"),
                    json!({"kind": "competence", "code": "occupationally_competent", "statement": "Observed in practice", "dated_on": "2026-06-01"}),
                )
            },
        ),
        (
            ("POST", "/api/v1/users/{user_id}/cpd"),
            Sample {
                writers: Writers::SelfAndAdmin,
                ..json(
                    format!("/api/v1/users/{staff}/cpd"),
                    json!({"done_on": "2026-12-01", "minutes": "60", "activity": "Read the standards"}),
                )
            },
        ),
        (
            ("GET", "/api/v1/users/{user_id}/eligibility"),
            get(format!("/api/v1/users/{staff}/eligibility")),
        ),
    ];
    all.extend(registrations::samples(w));
    all.extend(evidence::samples(w));
    all.extend(assignments::samples(w));
    all.extend(assessment::samples(w));
    all.extend(eqa::samples(w));
    all.extend(occasions::samples(w));
    all.extend(plans::samples(w));
    all.extend(sample_checks::samples(w));
    all.extend(programmes::samples(w));
    all.extend(sampling::samples(w));
    all.extend(standardisation::samples(w));
    all.extend(knowledge_checks::samples(w));
    all.extend(claims::samples(w));
    all.extend(credentials::samples(w));
    all.extend(witness::samples(w));
    all.extend(authentication::samples(w));
    all.extend(records::samples(w));
    all.extend(two_step::samples(w));
    all
}
