//! Every route the service answers, in one table. An endpoint cannot be added without stating
//! who may call it; the OpenAPI document and the access tests are generated from this table.

pub mod account;
pub mod admin;
pub mod assessment;
pub mod centres;
pub mod curriculum_pages;
pub mod evidence;
pub mod health;
pub mod notifications;
pub mod occasions;
pub mod plans;
pub mod registrations;
pub mod respond;
pub mod witness;

use actix_web::http::Method;
use actix_web::{Route, web};

use super::api;

use crate::domain::roles::Role;

/// Who may call an endpoint. The handler enforces it (through `web::auth::access`); the table
/// states it, for the OpenAPI document and for the role-by-route tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (health checks, the published curriculum, signing in).
    Public,
    /// Anyone holding the single-use token in the path (password links).
    LinkToken,
    /// Any signed-in person, for their own things.
    SignedIn,
    /// The platform administrator.
    PlatformAdmin,
    /// A holder of one of these roles at the centre in the path (the platform administrator
    /// counts as a centre administrator).
    Centre(&'static [Role]),
    /// A person's staff record: the person, or a centre administrator or IQA of their centre;
    /// changes by a centre administrator.
    StaffRecord,
    /// A registration: the learner, their allocated assessor and tutor, the centre's
    /// administrators and IQAs, an EQA granted its qualification.
    Registration,
    /// Changing a registration: a centre administrator of its centre (others who may see it: 403).
    RegistrationAdmin,
    /// A registration's evidence: the learner or their allocated assessor (others who may see it: 403).
    EvidenceWriter,
    /// The registration's learner only (others who may see it: 403).
    Learner,
    /// The registration's allocated assessor only (others who may see it: 403).
    Assessor,
}

impl Access {
    pub fn describe(self) -> String {
        match self {
            Self::Public => "Public: no sign-in needed.".to_owned(),
            Self::LinkToken => "Public, with the single-use token from the emailed link.".to_owned(),
            Self::SignedIn => "Signed in (Authorization: Bearer).".to_owned(),
            Self::PlatformAdmin => "The platform administrator.".to_owned(),
            Self::Centre(roles) => format!(
                "A {} of the centre; anyone else gets 404.",
                roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(" or ")
            ),
            Self::StaffRecord => "The person, or a centre_admin or iqa of one of their centres (changes: centre_admin); anyone else gets 404.".to_owned(),
            Self::Registration => "The learner, their assessor and tutor, the centre's centre_admin and iqa, an EQA granted the qualification; anyone else gets 404.".to_owned(),
            Self::RegistrationAdmin => "A centre_admin of the registration's centre; others who may see it get 403, anyone else 404.".to_owned(),
            Self::EvidenceWriter => "The learner, or their allocated assessor on their behalf; others who may see the registration get 403, anyone else 404.".to_owned(),
            Self::Learner => "The registration's learner; others who may see it get 403, anyone else 404.".to_owned(),
            Self::Assessor => "The registration's allocated assessor; others who may see it get 403, anyone else 404.".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An HTML page for people.
    Page,
    /// A JSON API endpoint (described in the OpenAPI document).
    Api,
    /// Operational endpoints (health checks, static files).
    Ops,
}

pub struct Endpoint {
    pub method: Method,
    /// The actix path; `{name:.*}` marks a parameter that may contain `/` (curriculum ids).
    pub path: &'static str,
    pub kind: Kind,
    pub access: Access,
    pub summary: &'static str,
    /// Responses other than 200 that the endpoint documents: (status, description).
    pub errors: &'static [(u16, &'static str)],
    pub handler: fn(Route) -> Route,
}

impl Endpoint {
    /// The path as OpenAPI writes it: `{id:.*}` becomes `{id}`.
    pub fn openapi_path(&self) -> String {
        let mut out = String::with_capacity(self.path.len());
        let (mut in_param, mut skipping) = (false, false);
        for ch in self.path.chars() {
            match ch {
                '{' => {
                    in_param = true;
                    out.push(ch);
                }
                '}' => {
                    (in_param, skipping) = (false, false);
                    out.push(ch);
                }
                ':' if in_param => skipping = true,
                _ if skipping => {}
                _ => out.push(ch),
            }
        }
        out
    }

    /// Names of the path parameters.
    pub fn parameters(&self) -> Vec<String> {
        self.openapi_path()
            .split('{')
            .skip(1)
            .filter_map(|s| s.split('}').next().map(str::to_owned))
            .collect()
    }
}

const NOT_FOUND: &[(u16, &str)] = &[(404, "No such item (problem+json, code not_found)")];
const SIGNED_IN: &[(u16, &str)] = &[(
    401,
    "Not signed in or the token is not valid (unauthenticated)",
)];
const SCOPED: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (422, "Invalid input (invalid, with errors by field)"),
];
const LINK: &[(u16, &str)] = &[
    (
        400,
        "The link is not valid: tampered, or for another request (link_invalid)",
    ),
    (
        410,
        "The link has expired (link_expired) or was used (link_used)",
    ),
    (
        422,
        "Invalid input, or an expert witness who does not meet C7 (expert_witness_not_eligible)",
    ),
];
const ADMIN: &[Role] = &[Role::CentreAdmin];
use crate::web::actions::occasions::{BANK_KEEPERS, BANK_READERS};
const OCCASION: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "Not open yet, already marked, not answered yet, the unit is locked, or a draw made at the same moment (conflict)",
    ),
    (
        422,
        "Invalid input; assessor_not_eligible (C6); question_bank_exhausted (S3: every question for an item has been put to this candidate)",
    ),
];
const ASSESSING: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Not the allocated assessor (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "The unit is signed off and locked, or the item was judged in between (conflict)",
    ),
    (
        422,
        "Invalid input; assessor_not_eligible (C6); criteria_not_met or observation_required on sign-off",
    ),
];

macro_rules! endpoint {
    ($method:ident $path:literal, $kind:ident, $access:expr, $summary:literal, $errors:expr, $handler:path) => {
        Endpoint {
            method: Method::$method,
            path: $path,
            kind: Kind::$kind,
            access: $access,
            summary: $summary,
            errors: $errors,
            handler: |r| r.to($handler),
        }
    };
}

/// The route table.
pub fn endpoints() -> Vec<Endpoint> {
    use Access::{
        Assessor, Centre, EvidenceWriter, Learner, LinkToken, PlatformAdmin, Public, Registration,
        RegistrationAdmin, SignedIn, StaffRecord,
    };
    vec![
        endpoint!(GET "/healthz", Ops, Public, "The process is up", &[], health::healthz),
        endpoint!(GET "/readyz", Ops, Public, "The database is reachable and migrated", &[(503, "Not ready")], health::readyz),
        endpoint!(GET "/static/app.css", Ops, Public, "Style sheet", &[], health::stylesheet),
        endpoint!(GET "/", Page, Public, "Home", &[], curriculum_pages::home),
        endpoint!(GET "/qualifications", Page, Public, "Qualifications", &[], curriculum_pages::qualifications),
        endpoint!(GET "/qualifications/{qualification_id}", Page, Public, "A qualification", NOT_FOUND, curriculum_pages::qualification),
        endpoint!(GET "/units/{unit_id:.*}", Page, Public, "A unit in full", NOT_FOUND, curriculum_pages::unit),
        endpoint!(GET "/frameworks/{framework_id}", Page, Public, "A framework of standards", NOT_FOUND, curriculum_pages::framework),
        endpoint!(GET "/sign-in", Page, Public, "Sign in", &[], account::sign_in_page),
        endpoint!(POST "/sign-in", Page, Public, "Sign in", &[(401, "Wrong email or password"), (429, "Too many attempts")], account::sign_in_submit),
        endpoint!(POST "/sign-out", Page, SignedIn, "Sign out", SIGNED_IN, account::sign_out),
        endpoint!(GET "/password/forgot", Page, Public, "Ask for a password reset link", &[], account::forgot_page),
        endpoint!(POST "/password/forgot", Page, Public, "Ask for a password reset link", &[], account::forgot_submit),
        endpoint!(GET "/password/{token}", Page, LinkToken, "Choose a password with a single-use link", &[(410, "Link expired or used")], account::choose_password_page),
        endpoint!(POST "/password/{token}", Page, LinkToken, "Choose a password with a single-use link", &[(410, "Link expired or used")], account::choose_password_submit),
        endpoint!(GET "/home", Page, SignedIn, "Each person's home page", SIGNED_IN, account::home),
        endpoint!(GET "/account", Page, SignedIn, "Your account", SIGNED_IN, account::account),
        endpoint!(POST "/account/password", Page, SignedIn, "Change your password", SIGNED_IN, account::change_password),
        endpoint!(GET "/admin", Page, PlatformAdmin, "Centres", SCOPED, admin::index),
        endpoint!(POST "/admin/centres", Page, PlatformAdmin, "Add a centre", SCOPED, admin::create_centre),
        endpoint!(GET "/admin/mail", Page, PlatformAdmin, "Mail sent by the platform", SCOPED, admin::mail),
        endpoint!(GET "/centres/{centre_id}", Page, Centre(ADMIN), "A centre's people and EQA access", SCOPED, centres::centre),
        endpoint!(POST "/centres/{centre_id}/people", Page, Centre(ADMIN), "Add a person", SCOPED, centres::add_person),
        endpoint!(POST "/centres/{centre_id}/eqa-grants", Page, Centre(ADMIN), "Give an EQA read-only access", SCOPED, centres::grant_eqa),
        endpoint!(GET "/centres/{centre_id}/audit", Page, Centre(ADMIN), "The centre's audit trail", SCOPED, admin::audit_page),
        endpoint!(GET "/centres/{centre_id}/people/{user_id}", Page, StaffRecord, "A staff record with eligibility", SCOPED, centres::staff),
        endpoint!(POST "/centres/{centre_id}/people/{user_id}/credentials", Page, Centre(ADMIN), "Record a credential", SCOPED, centres::add_credential),
        endpoint!(POST "/centres/{centre_id}/people/{user_id}/cpd", Page, StaffRecord, "Log CPD", SCOPED, centres::add_cpd),
        endpoint!(POST "/centres/{centre_id}/people/{user_id}/roles/{role}/remove", Page, Centre(ADMIN), "Remove a role", SCOPED, centres::remove_role),
        endpoint!(GET "/centres/{centre_id}/registrations", Page, Centre(ADMIN), "Registrations and the form to register a learner", SCOPED, registrations::list),
        endpoint!(POST "/centres/{centre_id}/registrations", Page, Centre(ADMIN), "Register a learner", SCOPED, registrations::register),
        endpoint!(GET "/centres/{centre_id}/registrations/import", Page, Centre(ADMIN), "Import registrations from a CSV file", SCOPED, registrations::import_page),
        endpoint!(POST "/centres/{centre_id}/registrations/import", Page, Centre(ADMIN), "Import registrations from a CSV file", SCOPED, registrations::import_submit),
        endpoint!(GET "/registrations/{registration_id}", Page, Registration, "A registration with its history", SCOPED, registrations::detail),
        endpoint!(POST "/registrations/{registration_id}/transfer", Page, RegistrationAdmin, "Transfer to another assessor", SCOPED, registrations::transfer),
        endpoint!(POST "/registrations/{registration_id}/withdraw", Page, RegistrationAdmin, "Withdraw a learner", SCOPED, registrations::withdraw),
        endpoint!(POST "/registrations/{registration_id}/evidence", Page, EvidenceWriter, "Add evidence", SCOPED, evidence::create),
        endpoint!(GET "/registrations/{registration_id}/tracker", Page, Registration, "The tracker", SCOPED, evidence::tracker),
        endpoint!(GET "/evidence/{evidence_id}", Page, Registration, "An evidence item", SCOPED, evidence::item),
        endpoint!(POST "/evidence/{evidence_id}", Page, EvidenceWriter, "Save a new version", SCOPED, evidence::edit),
        endpoint!(POST "/evidence/{evidence_id}/files", Page, EvidenceWriter, "Attach a file", SCOPED, evidence::upload),
        endpoint!(GET "/evidence/{evidence_id}/files/{file_id}", Page, Registration, "Download a file", SCOPED, evidence::download),
        endpoint!(POST "/evidence/{evidence_id}/mappings", Page, EvidenceWriter, "Map evidence to criteria", SCOPED, evidence::map),
        endpoint!(POST "/evidence/{evidence_id}/declaration", Page, Learner, "Sign the authenticity declaration", SCOPED, evidence::declare),
        endpoint!(POST "/evidence/{evidence_id}/submit", Page, Learner, "Submit for assessment", SCOPED, evidence::submit),
        endpoint!(GET "/registrations/{registration_id}/assessment", Page, Registration, "The assessment record: judgements in rounds, feedback, observations, sign-off", SCOPED, assessment::record),
        endpoint!(POST "/registrations/{registration_id}/decisions", Page, Assessor, "Judge an item met or not yet met", ASSESSING, assessment::decide),
        endpoint!(POST "/registrations/{registration_id}/observations", Page, Assessor, "Record and sign an observation", ASSESSING, assessment::observe),
        endpoint!(POST "/observations/{observation_id}/countersign", Page, Learner, "Countersign an observation", SCOPED, assessment::countersign_observation),
        endpoint!(POST "/registrations/{registration_id}/units/{unit_id:.+}/sign-off", Page, Assessor, "Sign a unit off", ASSESSING, assessment::sign),
        endpoint!(POST "/registrations/{registration_id}/units/{unit_id:.+}/countersign", Page, Learner, "Countersign a unit's sign-off", SCOPED, assessment::countersign_unit),
        endpoint!(POST "/registrations/{registration_id}/units/{unit_id:.+}/unlock", Page, RegistrationAdmin, "Unlock a signed-off unit, with a reason", SCOPED, assessment::unlock),
        endpoint!(GET "/centres/{centre_id}/question-bank", Page, Centre(BANK_READERS), "The centre's question bank for SQA FX35 35 Knowledge/Skills items", SCOPED, occasions::bank),
        endpoint!(POST "/centres/{centre_id}/question-bank", Page, Centre(BANK_KEEPERS), "Add a question to the bank", SCOPED, occasions::add_question),
        endpoint!(GET "/registrations/{registration_id}/occasions", Page, Registration, "SQA assessment occasions (the candidate sees the questions once one opens)", SCOPED, occasions::list),
        endpoint!(POST "/registrations/{registration_id}/occasions", Page, Assessor, "Schedule an occasion: sample one unused question per Knowledge/Skills item", OCCASION, occasions::schedule),
        endpoint!(POST "/occasions/{occasion_id}/answers", Page, Learner, "Answer a sampled item once the occasion is open", OCCASION, occasions::answer),
        endpoint!(POST "/occasions/{occasion_id}/marks", Page, Assessor, "Mark an answer satisfied or not, with feedback", OCCASION, occasions::mark),
        endpoint!(GET "/registrations/{registration_id}/plans", Page, Registration, "Assessment plans with their signatures and progress reviews", SCOPED, plans::list),
        endpoint!(POST "/registrations/{registration_id}/plans", Page, Assessor, "Write an assessment plan (signed by the assessor as saved)", SCOPED, plans::create),
        endpoint!(POST "/plans/{plan_id}", Page, Assessor, "Change a plan: the signatures on the old version are void", SCOPED, plans::change),
        endpoint!(POST "/plans/{plan_id}/sign", Page, Learner, "The learner signs a plan", SCOPED, plans::sign),
        endpoint!(POST "/plans/{plan_id}/reviews", Page, Assessor, "Record a progress review with next steps and the next review date", SCOPED, plans::review),
        endpoint!(GET "/caseload", Page, SignedIn, "The learners you work with, with progress and what waits", SIGNED_IN, evidence::caseload),
        endpoint!(GET "/registrations/{registration_id}/testimony", Page, Registration, "Witness testimony asked for, and the form to ask", SCOPED, witness::requests),
        endpoint!(POST "/registrations/{registration_id}/testimony-requests", Page, EvidenceWriter, "Ask a witness for testimony (emails a single-use link)", SCOPED, witness::ask),
        endpoint!(GET "/testimony/{request_id}", Page, Registration, "A testimony request and what the witness signed", SCOPED, witness::testimony),
        endpoint!(POST "/testimony/{request_id}/decision", Page, Assessor, "Accept testimony as evidence (mapped) or reject it, with a reason", SCOPED, witness::decide),
        endpoint!(GET "/witness/{token}", Page, LinkToken, "A witness's page: confirm, write and sign testimony; once used, what was signed", LINK, witness::witness_page),
        endpoint!(POST "/witness/{token}", Page, LinkToken, "A witness signs their testimony", LINK, witness::witness_sign),
        endpoint!(GET "/notifications", Page, SignedIn, "Your notifications", SIGNED_IN, notifications::list),
        endpoint!(POST "/notifications/read", Page, SignedIn, "Mark your notifications read (the ids given, or all)", SIGNED_IN, notifications::mark_read),
        endpoint!(GET "/api/v1/qualifications", Api, Public, "List the qualifications", &[], api::curriculum::qualifications),
        endpoint!(GET "/api/v1/qualifications/{qualification_id}", Api, Public, "A qualification with its whole tree: units, outcomes, criteria, range, rules", NOT_FOUND, api::curriculum::qualification),
        endpoint!(GET "/api/v1/frameworks/{framework_id}", Api, Public, "A framework with its standards and core components", NOT_FOUND, api::curriculum::framework),
        endpoint!(GET "/api/v1/curriculum", Api, Public, "The whole loaded curriculum, every text included", &[], api::curriculum::export),
        endpoint!(GET "/api/v1/curriculum/case", Api, Public, "The curriculum as 1EdTech CASE 1.0 packages", &[], api::curriculum::case),
        endpoint!(GET "/api/v1/openapi.json", Api, Public, "This document", &[], api::openapi::document),
        endpoint!(POST "/api/v1/sessions", Api, Public, "Sign in: {email, password} gives a bearer token", &[(401, "Wrong email or password (unauthenticated)"), (429, "Too many attempts (rate_limited)")], api::sessions::create),
        endpoint!(DELETE "/api/v1/sessions/current", Api, SignedIn, "Sign out: the token stops working at once", SIGNED_IN, api::sessions::delete_current),
        endpoint!(POST "/api/v1/password-resets", Api, Public, "Email a password reset link", &[], api::sessions::request_reset),
        endpoint!(POST "/api/v1/password-resets/{token}", Api, LinkToken, "Set the password with a single-use link's token", &[(400, "Link expired or used"), (422, "Password not acceptable")], api::sessions::use_link),
        endpoint!(GET "/api/v1/mail", Api, PlatformAdmin, "Mail sent by the platform", SCOPED, admin::mail_api),
        endpoint!(POST "/api/v1/centres", Api, PlatformAdmin, "Create a centre", SCOPED, api::people::create_centre),
        endpoint!(GET "/api/v1/centres/{centre_id}", Api, Centre(&[Role::CentreAdmin, Role::Tutor, Role::Assessor, Role::Iqa, Role::Learner]), "A centre (its people for centre_admin and iqa)", SCOPED, api::people::centre),
        endpoint!(POST "/api/v1/centres/{centre_id}/users", Api, Centre(ADMIN), "Add a person with roles", SCOPED, api::people::add_person),
        endpoint!(DELETE "/api/v1/centres/{centre_id}/users/{user_id}/roles/{role}", Api, Centre(ADMIN), "Remove a role; the person's sessions end", SCOPED, api::people::remove_role),
        endpoint!(GET "/api/v1/centres/{centre_id}/eqa-grants", Api, Centre(ADMIN), "EQA access grants", SCOPED, api::people::eqa_grants),
        endpoint!(POST "/api/v1/centres/{centre_id}/eqa-grants", Api, Centre(ADMIN), "Give an EQA read-only access to one qualification until a date", SCOPED, api::people::grant_eqa),
        endpoint!(GET "/api/v1/centres/{centre_id}/audit", Api, Centre(ADMIN), "The centre's audit trail, newest first", SCOPED, api::audit::list),
        endpoint!(POST "/api/v1/centres/{centre_id}/registrations", Api, Centre(ADMIN), "Register a learner (C1, C2, C6, C8 enforced; S6 warned)", SCOPED, api::registrations::create),
        endpoint!(POST "/api/v1/centres/{centre_id}/registrations/import", Api, Centre(ADMIN), "Register learners from a CSV body: a per-row report; any invalid row imports nothing", SCOPED, api::registrations::import),
        endpoint!(GET "/api/v1/centres/{centre_id}/registrations", Api, Centre(&[Role::CentreAdmin, Role::Iqa]), "The centre's registrations", SCOPED, api::registrations::list),
        endpoint!(GET "/api/v1/registrations/{registration_id}", Api, Registration, "A registration with its history", SCOPED, api::registrations::get),
        endpoint!(POST "/api/v1/registrations/{registration_id}/transfer", Api, RegistrationAdmin, "Transfer to another eligible assessor", SCOPED, api::registrations::transfer),
        endpoint!(POST "/api/v1/registrations/{registration_id}/withdraw", Api, RegistrationAdmin, "Withdraw a learner; records are kept", SCOPED, api::registrations::withdraw),
        endpoint!(GET "/api/v1/caseload", Api, SignedIn, "The learners you work with, with progress and what waits", SIGNED_IN, api::evidence::caseload),
        endpoint!(GET "/api/v1/registrations", Api, SignedIn, "Your registrations, and the ones you are allocated to", SIGNED_IN, api::registrations::mine),
        endpoint!(POST "/api/v1/registrations/{registration_id}/evidence", Api, EvidenceWriter, "Add an evidence item (a draft)", SCOPED, api::evidence::create),
        endpoint!(GET "/api/v1/registrations/{registration_id}/tracker", Api, Registration, "Criteria with status and evidence, percentages, gaps", SCOPED, api::evidence::tracker),
        endpoint!(GET "/api/v1/evidence/{evidence_id}", Api, Registration, "An evidence item with every version, files, mappings and declaration", SCOPED, api::evidence::get),
        endpoint!(PUT "/api/v1/evidence/{evidence_id}", Api, EvidenceWriter, "Edit: a new version; a change voids the declaration", SCOPED, api::evidence::edit),
        endpoint!(POST "/api/v1/evidence/{evidence_id}/files", Api, EvidenceWriter, "Attach a file (multipart field \"file\"): streamed, checked by its bytes, SHA-256 recorded", SCOPED, api::evidence::upload),
        endpoint!(GET "/api/v1/evidence/{evidence_id}/files/{file_id}", Api, Registration, "Download a file, as an attachment", SCOPED, api::evidence::download),
        endpoint!(PUT "/api/v1/evidence/{evidence_id}/mappings", Api, EvidenceWriter, "Map to criteria of the learner's qualification", SCOPED, api::evidence::map),
        endpoint!(POST "/api/v1/evidence/{evidence_id}/declaration", Api, Learner, "The learner's authenticity declaration", SCOPED, api::evidence::declare),
        endpoint!(POST "/api/v1/evidence/{evidence_id}/submit", Api, Learner, "Submit for assessment", SCOPED, api::evidence::submit),
        endpoint!(POST "/api/v1/registrations/{registration_id}/testimony-requests", Api, EvidenceWriter, "Ask a witness for testimony: emails a single-use link to /witness/{token}, valid 14 days", SCOPED, api::witness::create),
        endpoint!(GET "/api/v1/registrations/{registration_id}/testimony-requests", Api, Registration, "The registration's testimony requests", SCOPED, api::witness::list),
        endpoint!(GET "/api/v1/testimony-requests/{request_id}", Api, Registration, "A testimony request with what the witness signed", SCOPED, api::witness::get),
        endpoint!(POST "/api/v1/testimony-requests/{request_id}/decision", Api, Assessor, "{decision: accept | reject, reason, criteria?}: accepted testimony becomes a mapped evidence item", SCOPED, api::witness::decide),
        endpoint!(GET "/api/v1/witness/{token}", Api, LinkToken, "What a witness link asks about; once used, what was signed", LINK, api::witness::witness_get),
        endpoint!(POST "/api/v1/witness/{token}", Api, LinkToken, "Sign testimony through a witness link (an expert witness: C7 checked)", LINK, api::witness::witness_sign),
        endpoint!(GET "/api/v1/notifications", Api, SignedIn, "Your notifications, newest first", SIGNED_IN, api::notifications::list),
        endpoint!(POST "/api/v1/notifications/read", Api, SignedIn, "Mark your notifications read: {ids} or all", SIGNED_IN, api::notifications::mark_read),
        endpoint!(GET "/api/v1/registrations/{registration_id}/assessment", Api, Registration, "Judgements (every round), decisions, observations, sign-offs and signatures with their state", SCOPED, api::assessment::get),
        endpoint!(POST "/api/v1/registrations/{registration_id}/decisions", Api, Assessor, "Judge an item: {criterion_id, outcome: met | not_yet_met, evidence_ids, feedback, replaces_round}; a new round each time", ASSESSING, api::assessment::decide),
        endpoint!(POST "/api/v1/registrations/{registration_id}/observations", Api, Assessor, "Record an observation, signed by the assessor", ASSESSING, api::assessment::observe),
        endpoint!(POST "/api/v1/observations/{observation_id}/countersign", Api, Learner, "The learner countersigns an observation", SCOPED, api::assessment::countersign_observation),
        endpoint!(POST "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/sign-off", Api, Assessor, "Sign a unit off (criteria_not_met, observation_required); the unit is locked", ASSESSING, api::assessment::sign),
        endpoint!(POST "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/countersign", Api, Learner, "The learner countersigns a unit's sign-off", SCOPED, api::assessment::countersign_unit),
        endpoint!(POST "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/unlock", Api, RegistrationAdmin, "Unlock a signed-off unit: {reason}, kept in the audit trail", SCOPED, api::assessment::unlock),
        endpoint!(GET "/api/v1/centres/{centre_id}/question-bank", Api, Centre(BANK_READERS), "The centre's question bank (never shown to learners)", SCOPED, api::occasions::bank),
        endpoint!(POST "/api/v1/centres/{centre_id}/question-bank", Api, Centre(BANK_KEEPERS), "Add a question: {item_id (sqa-fx35-35/oN/ksM), text}", SCOPED, api::occasions::add_question),
        endpoint!(GET "/api/v1/registrations/{registration_id}/occasions", Api, Registration, "SQA assessment occasions; for the candidate, items_hidden until opens_at", SCOPED, api::occasions::list),
        endpoint!(POST "/api/v1/registrations/{registration_id}/occasions", Api, Assessor, "Schedule an occasion: {items?, opens_at, method?, seed?}; one question per item the candidate has not had (S3)", OCCASION, api::occasions::schedule),
        endpoint!(POST "/api/v1/occasions/{occasion_id}/answers", Api, Learner, "The candidate answers a sampled item: {item_id, answer}", OCCASION, api::occasions::answer),
        endpoint!(POST "/api/v1/occasions/{occasion_id}/marks", Api, Assessor, "Mark an answer: {item_id, outcome: satisfied | not_satisfied, feedback}", OCCASION, api::occasions::mark),
        endpoint!(GET "/api/v1/registrations/{registration_id}/plans", Api, Registration, "Assessment plans: activities, methods, target dates, criteria, signatures (void after a change) and reviews", SCOPED, api::plans::list),
        endpoint!(POST "/api/v1/registrations/{registration_id}/plans", Api, Assessor, "Write a plan: {activities: [{activity, method, target_date}], criteria}; signed by the assessor; the learner is asked to sign", SCOPED, api::plans::create),
        endpoint!(PUT "/api/v1/plans/{plan_id}", Api, Assessor, "Change a plan: {activities, criteria, version?}; earlier signatures are void, the assessor signs again", SCOPED, api::plans::change),
        endpoint!(POST "/api/v1/plans/{plan_id}/sign", Api, Learner, "The learner signs the plan as it stands", SCOPED, api::plans::sign),
        endpoint!(POST "/api/v1/plans/{plan_id}/reviews", Api, Assessor, "Record a progress review: {reviewed_on, progress, next_steps, next_review_on}", SCOPED, api::plans::review),
        endpoint!(POST "/api/v1/users/{user_id}/credentials", Api, StaffRecord, "Record staff credentials", SCOPED, api::people::add_credentials),
        endpoint!(POST "/api/v1/users/{user_id}/cpd", Api, StaffRecord, "Log CPD", SCOPED, api::people::add_cpd),
        endpoint!(GET "/api/v1/users/{user_id}/eligibility", Api, StaffRecord, "May assess each unit, quality-assure, act as expert witness, with reasons", SCOPED, api::people::eligibility),
    ]
}

/// Register every endpoint of the table.
pub fn configure(cfg: &mut web::ServiceConfig) {
    for endpoint in endpoints() {
        cfg.route(
            endpoint.path,
            (endpoint.handler)(web::method(endpoint.method.clone())),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_paths_drop_patterns() {
        let e = endpoints();
        let unit = e.iter().find(|e| e.path.starts_with("/units/"));
        assert_eq!(
            unit.map(Endpoint::openapi_path).as_deref(),
            Some("/units/{unit_id}")
        );
        assert_eq!(
            unit.map(Endpoint::parameters),
            Some(vec!["unit_id".to_owned()])
        );
    }
}
