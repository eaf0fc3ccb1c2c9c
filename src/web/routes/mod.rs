//! Every route the service answers, in one table. An endpoint cannot be added without stating
//! who may call it; the OpenAPI document and the access tests are generated from this table.

pub mod account;
pub mod admin;
pub mod assessment;
pub mod assignments;
pub mod authentication;
pub mod centres;
pub mod claims;
pub mod credentials;
pub mod curriculum_pages;
pub mod eqa;
pub mod evidence;
pub mod evidence_new;
pub mod health;
pub mod invitations;
pub mod knowledge_checks;
pub mod learning_hours;
pub mod mail_preference;
pub mod marking;
pub mod notifications;
pub mod occasions;
pub mod passkeys;
pub mod plans;
mod pre_session;
pub mod programmes;
pub mod records;
pub mod registration_details;
pub mod registrations;
pub mod resources;
pub mod respond;
pub mod sample_checks;
pub mod sampling;
pub mod sampling_report;
pub mod signed_in_places;
pub mod staff_records;
pub mod standardisation;
pub mod support_access;
pub mod two_step;
pub mod unit_marking;
pub mod unit_sample;
pub mod unit_signing;
pub mod witness;

mod endpoint;
pub use endpoint::{Access, Endpoint, Kind};

use actix_web::http::Method;
use actix_web::web;

use super::api;
use super::contract::{Body, Contract, QueryParameter, json};
use crate::actions::assessment::wire::{
    BatchDecisionRequest, DecisionRequest, JudgementOut, JudgementsOut,
};
// IQA, EQA, standardisation and claims
use crate::actions::{
    claims::wire::{
        ClaimCertificatesRequest, ClaimCreated, ClaimDetail, ClaimEligibility, ClaimList,
        ClaimRequest, ClaimReturnRequest,
    },
    eqa::wire::{EqaOverview, EqaPickRequest, EqaSampleList},
    iqa::wire::double_marking::{
        DoubleMarkingAgreed, DoubleMarkingDecisions, DoubleMarkingJudged, DoubleMarkingJudgements,
        DoubleMarkingRequest, DoubleMarkingSummary, DoubleMarkingView,
    },
    iqa::wire::sample_checks::{
        IqaActionCloseRequest, IqaActionList, IqaActionOut, SampleCheckRecorded, SampleDetailOut,
        SampleOutcomeRequest,
    },
    iqa::wire::sample_outcomes::{SampleOutcomesRecorded, SampleOutcomesRequest},
    iqa::wire::sampling_plans::{SamplingPlanList, SamplingPlanOut, SamplingPlanRequest},
    iqa::wire::sampling_proposal::{SampleList, SampleRequest, SamplesTaken, SamplingProposal},
    iqa::wire::sampling_report::SamplingReportOut,
    iqa::wire::standardisation::{
        DecisionLog, StandardisationActivity, StandardisationActivityRequest,
        StandardisationOverview,
    },
};
// people, sessions, registrations, curriculum, credentials, records, service
use crate::actions::claims::records_wire::{
    AchievedUnits, CredentialCheck, CredentialCheckRequest, CredentialIssued, IssuerProfile,
    RetentionOut, RetentionRequest,
};
use crate::actions::people::centre_people::{
    CpdInput, EqaGrantInput, NewCentreInput, NewPersonInput,
};
use crate::actions::people::registrations::{
    TransferInput, UnitAllocationInput, UnitStaffingList, WithdrawInput,
};
use crate::actions::people::wire::centres::{
    CentreCreated, CentreOut, CpdLogged, EqaGrantCreated, EqaGrantList, PeopleList, PersonAdded,
    StaffCredentialsAdded, StaffCredentialsRequest, StaffEligibility, SupportAccessOut,
    SupportAccessRequest, SupportAccessStanding,
};
use crate::actions::people::wire::invitations::{
    InvitationAccepted, InvitationList, PersonInvited,
};
use crate::actions::people::wire::registrations::{
    LearnerInvited, MyRegistrations, RegistrationCreated, RegistrationDetail,
    RegistrationDetailsRequest, RegistrationImportReport, RegistrationList, RegistrationOut,
    RegistrationRequest,
};
use crate::actions::people::wire::service::{ApiDocument, AuditTrail, Health, MailList, Readiness};
use crate::actions::people::wire::sessions::{
    PasswordResetAccepted, PasswordResetRequest, PasswordResetUse, RecoveryCodesOut,
    SessionCreated, SignInRequest, SignedInPlaces, TwoStepConfirmRequest, TwoStepEnrolmentOut,
    TwoStepPolicyOut, TwoStepPolicyRequest,
};
use crate::curriculum::CaseExport;
use crate::curriculum::wire::{
    CurriculumExport, FrameworkOut, QualificationList, QualificationTree,
};

// What the assessment, evidence, witness testimony and notification operations take and give.
use super::contract::multipart;
use crate::actions::assessment::wire::{
    Caseload,
    authentication::{
        AuthenticationLinkOut, AuthenticationRequestOut, AuthenticationSignRequest,
        AuthenticationStatusOut, AuthenticatorOut, AuthenticatorRequest,
    },
    occasions::{
        BankQuestionOut, BankQuestionRequest, OccasionAnswerRequest, OccasionItemOut, OccasionList,
        OccasionMarkRequest, OccasionOut, OccasionRequest, QuestionBank,
    },
    record::AssessmentRecordOut,
    signing::{
        Countersignature, ObservationRecorded, ObservationRequest, UnitCountersigned,
        UnitSignedOff, UnitUnlocked, UnlockRequest,
    },
    witness::{
        TestimonyDecisionRequest, TestimonyRequestDetail, TestimonyRequestList,
        TestimonyRequestOut, TestimonyRequestRequest, WitnessAnswerRequest, WitnessLinkOut,
    },
};
use crate::actions::evidence::wire::{
    EvidenceCreated, EvidenceDeclarationRequest, EvidenceDeclared, EvidenceFileAttached,
    EvidenceMapping, EvidenceMappingRequest, EvidenceOut, EvidenceRequest, EvidenceUpload,
    tracker::TrackerReport,
};
use crate::actions::learning::wire::{checks as check_wire, cohort as cohort_wire};
use crate::actions::learning::wire::{hours as hours_wire, plans as plan_wire};
use crate::actions::learning::wire::{programmes as programme_wire, resources as resource_wire};
use crate::actions::people::wire::{
    MailPreferenceOut, MailPreferenceRequest, NotificationList, NotificationsMarked,
    NotificationsReadRequest,
};

use crate::domain::roles::Role;

const NOT_FOUND: &[(u16, &str)] = &[(404, "No such item (problem+json, code not_found)")];
const SIGNED_IN: &[(u16, &str)] = &[(
    401,
    "Not signed in or the token is not valid (unauthenticated)",
)];
const INVITATION: &[(u16, &str)] = &[
    (
        401,
        "Not signed in or the token is not valid (unauthenticated)",
    ),
    (
        409,
        "No invitation from this centre waits for your answer (conflict)",
    ),
];
use crate::actions::iqa::sampling::{
    ERRORS as SAMPLING, IQA as SAMPLING_IQA, READERS as SAMPLING_READERS,
};
const PROGRAMME_READERS: &[Role] = &[Role::CentreAdmin, Role::Tutor, Role::Learner];
const PROGRAMME_BUILDERS: &[Role] = &[Role::CentreAdmin, Role::Tutor];
const PROGRAMME_LEARNERS: &[Role] = &[Role::Learner];
const RESOURCE_READERS: &[Role] = &[
    Role::CentreAdmin,
    Role::Tutor,
    Role::Assessor,
    Role::Iqa,
    Role::Learner,
];
const RESOURCE_QUERY: &[QueryParameter] = &[(
    "qualification_id",
    "string",
    "Only the resources of this qualification",
)];
const PROGRAMME_STEP: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (
        404,
        "Not found, or not visible to the caller: a learner not on the programme (not_found)",
    ),
    (
        409,
        "Already done, already a member, or already first or last (conflict)",
    ),
    (422, "Invalid input (invalid, with errors by field)"),
];

const TWO_STEP: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (
        409,
        "Already on, or nothing being set up to confirm (conflict)",
    ),
    (
        422,
        "The code (or password) is not right (invalid, with errors by field)",
    ),
];
const PASSKEY_REMOVE: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (
        409,
        "Not one of your passkeys, or your last way to sign in in two steps while your centre requires it (conflict)",
    ),
];
const SCOPED_CONFLICT: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (409, "Nothing to do: they do not use it (conflict)"),
];
const FILE_UPLOAD: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (422, "Invalid input (invalid, with errors by field)"),
    (
        503,
        "The file store is not answering: nothing was saved (storage_unavailable)",
    ),
    (
        507,
        "The file store is full: nothing was saved (storage_unavailable)",
    ),
];
const SCOPED: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (422, "Invalid input (invalid, with errors by field)"),
];
const EVIDENCE_ADD: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "The learner has withdrawn or is in a submitted claim (conflict), or their certificate has been issued (registration_certificated)",
    ),
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
use crate::actions::assessment::assignments::recording::RECORDERS as ASSIGNMENT_RECORDERS;
use crate::actions::assessment::assignments::wire as assignment_wire;
const ASSIGNMENT: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "No assignment in force, already submitted, not submitted yet, or the unit locked (conflict)",
    ),
    (
        422,
        "Invalid input (invalid, with errors by field); assessor_not_eligible (C6)",
    ),
];
use crate::actions::iqa::iqa_actions_report::REPORT_READERS as IQA_REPORT;
const IQA_CHECKING: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Not an IQA of the centre (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "Already agreed, or the referral's actions are not all closed yet (conflict)",
    ),
    (
        422,
        "Invalid input (feedback and an action with a due date needed to refer); iqa_own_decision (C8)",
    ),
];
const IQA_BATCH_CHECKING: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Not an IQA of the centre (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        422,
        "No outcome sent (invalid); batch_refused: nothing recorded, each refused outcome named with its code (not_found, invalid, iqa_own_decision, conflict)",
    ),
];
const REGISTRATION_CHANGE: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (
        403,
        "Not a centre administrator of the registration's centre (forbidden)",
    ),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "Withdrawn, or the learner is in a certification claim (conflict); registration_certificated once certificated",
    ),
    (422, "Invalid input (invalid, with errors by field)"),
];
const UNIT_ALLOCATION: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (
        403,
        "Not a centre administrator of the registration's centre (forbidden)",
    ),
    (
        404,
        "Not found, not visible to the caller, or no such unit in the qualification (not_found)",
    ),
    (409, "The registration is withdrawn (conflict)"),
    (
        422,
        "Invalid input (invalid, with errors by field); assessor_not_eligible (C6 for this unit); iqa_own_decision (C8)",
    ),
];
/// EQA pages: the centre's administrators and IQAs, and an EQA for their qualification.
const EQA_READERS: &[Role] = &[Role::CentreAdmin, Role::Iqa];
/// The EQA's own sample: no role of the centre may write it.
const EQA_ONLY: &[Role] = &[];
use crate::actions::assessment::occasions::{BANK_KEEPERS, BANK_READERS};
/// Answering and marking an occasion's items.
const OCCASION: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "Not open yet, already marked, not answered yet, or the unit is locked (conflict)",
    ),
    (422, "Invalid input; assessor_not_eligible (C6)"),
];
/// Scheduling an occasion refuses what answering and marking never do (S3).
const OCCASION_SCHEDULING: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "The registration is withdrawn, or a draw made at the same moment (conflict)",
    ),
    (
        422,
        "Invalid input, or no item left to sample (invalid); assessor_not_eligible (C6); item_sampled_last_occasion (S3: an item sampled on this candidate's last occasion); question_bank_exhausted (S3: every question for an item has been put to this candidate)",
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
        "Invalid input; assessor_not_eligible (C6); criteria_not_met or observation_required on sign-off; authentication_required on sign-off (S4: an open-learning learner's evidence relied on is not yet authenticated)",
    ),
];
/// S4: naming the authenticator and emailing them a link.
const AUTHENTICATING: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "Withdrawn, not open learning, or nothing outstanding to authenticate (conflict)",
    ),
    (
        422,
        "Invalid input: the authenticator's name, role or email, or not yet named (invalid, with errors by field)",
    ),
];
/// Judging an item: what `ASSESSING` refuses, and what a met may not rely on (issue 14).
const JUDGING: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Not the allocated assessor (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "The unit is signed off and locked, or the item was judged in between (conflict)",
    ),
    (
        422,
        "Invalid input; assessor_not_eligible (C6); a met relying on learner evidence without the learner's valid declaration on its current version (evidence_not_declared), on evidence not mapped to the criterion judged (evidence_not_mapped; map_evidence_ids maps it in the same submission), or on Unit 002 without performance evidence (method_not_permitted, C4); any judgement on learner evidence back with the learner as a draft (evidence_not_submitted); for judgements made together, batch_refused naming each item refused",
    ),
];

const CREDENTIAL: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Not the registration's learner (forbidden)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "The unit is not achieved yet: signed off and countersigned (conflict)",
    ),
];
const VERIFY: &[(u16, &str)] = &[(
    422,
    "Not valid: altered, forged, signed by an unknown issuer, or withdrawn by the centre (credential_not_valid, with the reason)",
)];
const CLAIM_STEP: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (404, "Not found, or not visible to the caller (not_found)"),
    (
        409,
        "The claim's status does not allow this step, or a learner was claimed at the same moment (conflict)",
    ),
    (
        422,
        "Invalid input; a learner not ready (with each learner's reasons): not_ready_for_claim, awarding_body_reference_missing (no enrolment or candidate number), iqa_check_required (Q2: no summative IQA check)",
    ),
];

const STANDARDISATION_READERS: &[Role] = &[Role::Iqa, Role::CentreAdmin];
const DOUBLE_MARKING_READERS: &[Role] = &[Role::Iqa, Role::CentreAdmin, Role::Assessor];
const DOUBLE_MARKING: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (
        403,
        "Seen but not allowed: an EQA or administrator writing (forbidden)",
    ),
    (
        404,
        "Not found, not visible, or an assessor not invited (not_found)",
    ),
    (
        409,
        "Already judged or recorded, or the exercise is closed (or still open, for agreed outcomes) (conflict)",
    ),
    (
        422,
        "Invalid input: a criterion not in the exercise, an outcome other than met or not_yet_met, no rationale (invalid)",
    ),
];

const CHECKS: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (403, "Seen but not allowed (forbidden)"),
    (
        404,
        "Not found, or not visible to the caller: a learner not on the programme (not_found)",
    ),
    (
        409,
        "Already submitted, already marked, not passed, already evidence, or the check already taken (conflict)",
    ),
    (
        422,
        "Invalid input: a question with no correct option, an answer missing (invalid, with errors by field)",
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
            contract: Contract::default(),
        }
    };
}

/// The route table.
pub fn endpoints() -> Vec<Endpoint> {
    use Access::{
        Assessor, Centre, Claim, EvidenceWriter, Learner, LinkToken, PlatformAdmin, Public,
        Registration, RegistrationAdmin, SignedIn, StaffRecord,
    };
    vec![
        endpoint!(GET "/healthz", Ops, Public, "The process is up", &[], health::healthz)
            .gives(200, json::<Health>()),
        endpoint!(GET "/readyz", Ops, Public, "The database is reachable and migrated", &[(503, "Not ready")], health::readyz)
            .gives(200, json::<Readiness>()),
        endpoint!(GET "/static/app.css", Ops, Public, "Style sheet", &[], health::stylesheet)
            .gives(200, Body::Document("text/css")),
        endpoint!(GET "/static/favicon.svg", Ops, Public, "The site's icon", &[], health::favicon)
            .gives(200, Body::Document("image/svg+xml")),
        endpoint!(GET "/static/evidence.js", Ops, Public, "The evidence form's script: drag and drop of files, the criteria filter, all criteria of an outcome", &[], health::evidence_script)
            .gives(200, Body::Document("text/javascript")),
        endpoint!(GET "/static/passkeys.js", Ops, Public, "The passkey forms' script: asks the device between the click and the post", &[], health::passkeys_script)
            .gives(200, Body::Document("text/javascript")),
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
        endpoint!(POST "/invitations/{centre_id}/accept", Page, SignedIn, "Accept a centre's invitation to join it (from the home page)", INVITATION, invitations::accept),
        endpoint!(POST "/invitations/{centre_id}/decline", Page, SignedIn, "Decline a centre's invitation to join it (from the home page)", INVITATION, invitations::decline),
        endpoint!(GET "/account", Page, SignedIn, "Your account", SIGNED_IN, account::account),
        endpoint!(GET "/account/two-step", Page, SignedIn, "Set up two-step sign-in: the QR code and the code to type", SIGNED_IN, two_step::setting_up),
        endpoint!(POST "/account/two-step", Page, SignedIn, "Start setting up two-step sign-in", TWO_STEP, two_step::begin),
        endpoint!(POST "/account/two-step/confirm", Page, SignedIn, "Turn two-step sign-in on with a code from the app; the recovery codes, once", TWO_STEP, two_step::confirm),
        endpoint!(POST "/account/two-step/off", Page, SignedIn, "Turn two-step sign-in off, with the password", TWO_STEP, two_step::turn_off),
        endpoint!(GET "/sign-in/code", Page, Public, "The second step of signing in: the code from the app", &[], two_step::code_form),
        endpoint!(POST "/sign-in/code", Page, Public, "The second step of signing in", &[(401, "The code is not right"), (429, "Too many attempts")], two_step::code_submit),
        endpoint!(POST "/account/two-step/passkeys/options", Page, SignedIn, "Start adding a passkey: the options for the device (JSON, for the page's script)", TWO_STEP, passkeys::add_options),
        endpoint!(POST "/account/two-step/passkeys", Page, SignedIn, "Add a passkey: the device's answer and its name", TWO_STEP, passkeys::add),
        endpoint!(POST "/account/two-step/passkeys/{passkey_id}/remove", Page, SignedIn, "Remove one of one's passkeys", PASSKEY_REMOVE, passkeys::remove),
        endpoint!(POST "/sign-in/passkey/options", Page, Public, "The second step of signing in with a passkey: the options for the device (JSON, for the page's script)", &[(403, "The page has expired"), (409, "The account has no passkey"), (410, "The password step has expired: start again")], passkeys::sign_in_options),
        endpoint!(POST "/sign-in/passkey", Page, Public, "The second step of signing in, with a passkey", &[(401, "The passkey was not accepted"), (429, "Too many attempts")], passkeys::sign_in),
        endpoint!(POST "/centres/{centre_id}/people/{user_id}/two-step/reset", Page, Centre(ADMIN), "Reset a person's two-step sign-in", SCOPED_CONFLICT, two_step::reset),
        endpoint!(POST "/centres/{centre_id}/two-step-policy", Page, Centre(ADMIN), "Set who must use two-step sign-in at the centre", SCOPED, two_step::set_policy),
        endpoint!(POST "/centres/{centre_id}/support-access", Page, Access::CentreOwnAdmin, "Let the platform's administrators act as the centre's administrator for 1 to 7 days, for a reason", SCOPED, support_access::grant),
        endpoint!(POST "/centres/{centre_id}/support-access/end", Page, Access::CentreOwnAdmin, "End the platform's support access now", SCOPED_CONFLICT, support_access::end),
        endpoint!(POST "/account/password", Page, SignedIn, "Change your password", SIGNED_IN, account::change_password),
        endpoint!(GET "/account/mail", Page, SignedIn, "How we email you: each message, or one email a day", SIGNED_IN, mail_preference::show),
        endpoint!(POST "/account/mail", Page, SignedIn, "Choose how we email you: {cadence: each | daily}", SIGNED_IN, mail_preference::choose),
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
        endpoint!(GET "/centres/{centre_id}/people/{user_id}/roles/{role}/remove", Page, Centre(ADMIN), "Confirm removing a role: what it does, and the button", SCOPED, centres::confirm_role_removal),
        endpoint!(POST "/centres/{centre_id}/people/{user_id}/roles/{role}/remove", Page, Centre(ADMIN), "Remove a role", SCOPED, centres::remove_role),
        endpoint!(GET "/centres/{centre_id}/registrations", Page, Centre(ADMIN), "Registrations and the form to register a learner", SCOPED, registrations::list),
        endpoint!(POST "/centres/{centre_id}/registrations", Page, Centre(ADMIN), "Register a learner", SCOPED, registrations::register),
        endpoint!(GET "/centres/{centre_id}/registrations/import", Page, Centre(ADMIN), "Import registrations from a CSV file", SCOPED, registrations::import_page),
        endpoint!(POST "/centres/{centre_id}/registrations/import", Page, Centre(ADMIN), "Import registrations from a CSV file", SCOPED, registrations::import_submit),
        endpoint!(GET "/registrations/{registration_id}", Page, Registration, "A registration with its history", SCOPED, registrations::detail),
        endpoint!(GET "/registrations/{registration_id}/details", Page, RegistrationAdmin, "The form to change a registration's details: the awarding body's reference, employer, workplace, planned end date, support needs and adjustments", SCOPED, registration_details::show),
        endpoint!(POST "/registrations/{registration_id}/details", Page, RegistrationAdmin, "Change the details (kept in the history and the audit trail); refused once the learner is in a claim", REGISTRATION_CHANGE, registration_details::save),
        endpoint!(POST "/registrations/{registration_id}/transfer", Page, RegistrationAdmin, "Transfer to another assessor", SCOPED, registrations::transfer),
        endpoint!(POST "/registrations/{registration_id}/units/{unit_id:.+}/allocation", Page, RegistrationAdmin, "Allocate one unit to an assessor and an IQA (C6 and C8 checked for that unit)", UNIT_ALLOCATION, registrations::allocate_unit),
        endpoint!(POST "/registrations/{registration_id}/withdraw", Page, RegistrationAdmin, "Withdraw a learner", SCOPED, registrations::withdraw),
        endpoint!(POST "/registrations/{registration_id}/evidence", Page, EvidenceWriter, "Add evidence", EVIDENCE_ADD, evidence::create),
        endpoint!(GET "/registrations/{registration_id}/evidence/new", Page, EvidenceWriter, "Add evidence in one step: fields, several files, the mapping by outcome, the declaration", SCOPED, evidence_new::show),
        endpoint!(POST "/registrations/{registration_id}/evidence/new", Page, EvidenceWriter, "Save the one-step evidence form (multipart: fields, files, criteria, whole_outcomes, typed_name, intent=draft|submit), all or nothing; only the learner submits", EVIDENCE_ADD, evidence_new::save),
        endpoint!(GET "/registrations/{registration_id}/tracker", Page, Registration, "The tracker", SCOPED, evidence::tracker),
        endpoint!(GET "/evidence/{evidence_id}", Page, Registration, "An evidence item", SCOPED, evidence::item),
        endpoint!(POST "/evidence/{evidence_id}", Page, EvidenceWriter, "Save a new version", SCOPED, evidence::edit),
        endpoint!(GET "/evidence/{evidence_id}/one-step", Page, EvidenceWriter, "Change a draft (or evidence the assessor returned), its files and mapping, and sign and submit it, on one page (409 while it is submitted)", SCOPED, evidence_new::show_existing),
        endpoint!(POST "/evidence/{evidence_id}/one-step", Page, EvidenceWriter, "Save the one-step form for an existing item (multipart, as for a new one): a new version, all or nothing; only the learner submits", SCOPED, evidence_new::save_existing),
        endpoint!(POST "/evidence/{evidence_id}/files", Page, EvidenceWriter, "Attach a file", FILE_UPLOAD, evidence::upload),
        endpoint!(GET "/evidence/{evidence_id}/files/{file_id}", Page, Registration, "Download a file", SCOPED, evidence::download),
        endpoint!(POST "/evidence/{evidence_id}/mappings", Page, EvidenceWriter, "Map evidence to criteria", SCOPED, evidence::map),
        endpoint!(POST "/evidence/{evidence_id}/declaration", Page, Learner, "Sign the authenticity declaration", SCOPED, evidence::declare),
        endpoint!(POST "/evidence/{evidence_id}/submit", Page, Learner, "Submit for assessment", SCOPED, evidence::submit),
        endpoint!(GET "/registrations/{registration_id}/assessment", Page, Registration, "The assessment record: judgements in rounds, feedback, observations, sign-off", SCOPED, assessment::record),
        endpoint!(POST "/registrations/{registration_id}/decisions", Page, Assessor, "Judge an item met or not yet met", JUDGING, assessment::decide),
        endpoint!(GET "/evidence/{evidence_id}/marking", Page, Assessor, "The marking workspace: the evidence shown in the page beside every criterion it is mapped to, in words, with one form for many judgements", SCOPED, marking::show),
        endpoint!(POST "/evidence/{evidence_id}/judgements", Page, Assessor, "Judge many criteria on this evidence in one submission, all or none; judging a criterion it is not mapped to maps it as the assessor's", JUDGING, marking::judge),
        // C4: the assignment set by the awarding body (City & Guilds Unit 001), in the pages
        endpoint!(GET "/centres/{centre_id}/assignments", Page, Centre(ASSIGNMENT_RECORDERS), "The assignment versions recorded, with their tasks and criteria in words, and the form to record one", SCOPED, assignments::centre_page),
        endpoint!(POST "/centres/{centre_id}/assignments", Page, Centre(ASSIGNMENT_RECORDERS), "Record a version (multipart: unit_id, version_label, in_force, task rows task-N-number, task-N-title, task-N-criteria, the files brief and guidance); intent=add_task draws the form again with one more row", ASSIGNMENT, assignments::record),
        endpoint!(GET "/centres/{centre_id}/assignments/{assignment_id}/brief", Page, Centre(ASSIGNMENT_RECORDERS), "Download a recorded version's brief", SCOPED, assignments::version_brief),
        endpoint!(GET "/centres/{centre_id}/assignments/{assignment_id}/guidance", Page, Centre(ASSIGNMENT_RECORDERS), "Download a recorded version's marking guidance", SCOPED, assignments::version_guidance),
        endpoint!(GET "/registrations/{registration_id}/assignment", Page, Registration, "The learner's assignment: the brief, the tasks, the submission, the marks by task, the external verification; the learner starts their submission here, the centre records the verification", ASSIGNMENT, assignments::show),
        endpoint!(GET "/registrations/{registration_id}/assignment/brief", Page, Registration, "Download the brief of the assignment in force", ASSIGNMENT, assignments::brief),
        endpoint!(GET "/registrations/{registration_id}/assignment/guidance", Page, Assessor, "Download the marking guidance of the assignment in force", ASSIGNMENT, assignments::guidance),
        endpoint!(POST "/registrations/{registration_id}/assignment/submission", Page, Learner, "Start the submission (title, activity_date, text), then add files, sign and submit on the one-step page", ASSIGNMENT, assignments::submit),
        endpoint!(GET "/registrations/{registration_id}/assignment/marking", Page, Assessor, "Mark the assignment: the submission, the marking guidance, one row per task", ASSIGNMENT, assignments::marking),
        endpoint!(POST "/registrations/{registration_id}/assignment/marks", Page, Assessor, "Mark every task in one submission (outcome-N, feedback-N); the criteria met are shown after", ASSIGNMENT, assignments::mark),
        endpoint!(POST "/registrations/{registration_id}/assignment/verification", Page, RegistrationAdmin, "Record the unit's external verification (unit_id, status, note)", ASSIGNMENT, assignments::verify),
        endpoint!(POST "/registrations/{registration_id}/observations", Page, Assessor, "Record and sign an observation", ASSESSING, assessment::observe),
        endpoint!(POST "/observations/{observation_id}/countersign", Page, Learner, "Countersign an observation", SCOPED, assessment::countersign_observation),
        endpoint!(GET "/registrations/{registration_id}/units/{unit_id:.+}/marking", Page, Assessor, "The marking workspace for a unit: every criterion in words with its latest decision and the evidence mapped to it, one form for many judgements, then the way to sign the unit off", SCOPED, unit_marking::show),
        endpoint!(POST "/registrations/{registration_id}/units/{unit_id:.+}/judgements", Page, Assessor, "Judge many criteria of a unit in one submission, all or none, each relying on the evidence ticked beside it", JUDGING, unit_marking::judge),
        endpoint!(GET "/registrations/{registration_id}/units/{unit_id:.+}/sign-off", Page, Assessor, "Before signing a unit off: each criterion's latest decision in words, the evidence relied on, sufficiency warnings, support needs, what the signature does; the button signs", SCOPED, unit_signing::sign_off),
        endpoint!(GET "/registrations/{registration_id}/units/{unit_id:.+}/countersign", Page, Learner, "Before countersigning a unit: the assessor's decisions in words and what the countersignature says; the button countersigns", SCOPED, unit_signing::countersign),
        endpoint!(POST "/registrations/{registration_id}/units/{unit_id:.+}/sign-off", Page, Assessor, "Sign a unit off (authentication_required for open learning until the authenticator has confirmed the evidence relied on)", ASSESSING, assessment::sign),
        endpoint!(POST "/registrations/{registration_id}/units/{unit_id:.+}/countersign", Page, Learner, "Countersign a unit's sign-off", SCOPED, assessment::countersign_unit),
        endpoint!(POST "/registrations/{registration_id}/units/{unit_id:.+}/unlock", Page, RegistrationAdmin, "Unlock a signed-off unit, with a reason", SCOPED, assessment::unlock),
        endpoint!(GET "/centres/{centre_id}/question-bank", Page, Centre(BANK_READERS), "The centre's question bank for SQA FX35 35 Knowledge/Skills items", SCOPED, occasions::bank),
        endpoint!(POST "/centres/{centre_id}/question-bank", Page, Centre(BANK_KEEPERS), "Add a question to the bank", SCOPED, occasions::add_question),
        endpoint!(GET "/registrations/{registration_id}/occasions", Page, Registration, "SQA assessment occasions (the candidate sees the questions once one opens)", SCOPED, occasions::list),
        endpoint!(POST "/registrations/{registration_id}/occasions", Page, Assessor, "Schedule an occasion: sample one unused question per Knowledge/Skills item", OCCASION_SCHEDULING, occasions::schedule),
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
        endpoint!(GET "/registrations/{registration_id}/authentication", Page, Registration, "Open learning (S4): the authenticator, what they have confirmed and what is outstanding", SCOPED, authentication::page),
        endpoint!(POST "/registrations/{registration_id}/authenticator", Page, RegistrationAdmin, "Name the open-learning authenticator: name, role and email (S4)", AUTHENTICATING, authentication::name),
        endpoint!(POST "/registrations/{registration_id}/authentication-requests", Page, Assessor, "Email the authenticator a single-use link listing the outstanding declared items (S4)", AUTHENTICATING, authentication::ask),
        endpoint!(GET "/authenticate/{token}", Page, LinkToken, "An authenticator's page: each item listed, to confirm as the candidate's own work; once used, what was signed", LINK, authentication::link_page),
        endpoint!(POST "/authenticate/{token}", Page, LinkToken, "The authenticator signs for the items ticked, with name and role", LINK, authentication::link_sign),
        endpoint!(GET "/witness/{token}", Page, LinkToken, "A witness's page: confirm, write and sign testimony; once used, what was signed", LINK, witness::witness_page),
        endpoint!(POST "/witness/{token}", Page, LinkToken, "A witness signs their testimony", LINK, witness::witness_sign),
        endpoint!(GET "/notifications", Page, SignedIn, "Your notifications", SIGNED_IN, notifications::list),
        endpoint!(POST "/notifications/read", Page, SignedIn, "Mark your notifications read (the ids given, or all)", SIGNED_IN, notifications::mark_read),
        endpoint!(GET "/api/v1/qualifications", Api, Public, "List the qualifications", &[], api::curriculum::qualifications)
            .gives(200, json::<QualificationList<'static>>()),
        endpoint!(GET "/api/v1/qualifications/{qualification_id}", Api, Public, "A qualification with its whole tree: units, outcomes, criteria, range, rules", NOT_FOUND, api::curriculum::qualification)
            .gives(200, json::<QualificationTree<'static>>()),
        endpoint!(GET "/api/v1/frameworks/{framework_id}", Api, Public, "A framework with its standards and core components", NOT_FOUND, api::curriculum::framework)
            .gives(200, json::<FrameworkOut<'static>>()),
        endpoint!(GET "/api/v1/curriculum", Api, Public, "The whole loaded curriculum, every text included", &[], api::curriculum::export)
            .gives(200, json::<CurriculumExport<'static>>()),
        endpoint!(GET "/api/v1/curriculum/case", Api, Public, "The curriculum as 1EdTech CASE 1.0 packages", &[], api::curriculum::case)
            .gives(200, json::<CaseExport>()),
        endpoint!(GET "/api/v1/openapi.json", Api, Public, "This document", &[], api::openapi::document)
            .gives(200, json::<ApiDocument>()),
        endpoint!(POST "/api/v1/sessions", Api, Public, "Sign in: {email, password, one_time_code} gives a bearer token; one_time_code (from the authenticator app, or a recovery code) only for people who use two-step sign-in", &[(401, "Wrong email or password (unauthenticated), the second step missing (second_factor_required) or not accepted (second_factor_refused)"), (429, "Too many attempts (rate_limited)")], api::sessions::create)
            .takes(json::<SignInRequest>()).gives(201, json::<SessionCreated>()),
        endpoint!(POST "/api/v1/account/two-step", Api, SignedIn, "Start setting up two-step sign-in: the secret for an authenticator app; 409 when it is already on", TWO_STEP, api::sessions::begin_two_step)
            .takes_nothing().gives(201, json::<TwoStepEnrolmentOut>()),
        endpoint!(POST "/api/v1/account/two-step/confirm", Api, SignedIn, "Turn two-step sign-in on with a code from the app: {code}; gives the ten recovery codes, this once", TWO_STEP, api::sessions::confirm_two_step)
            .takes(json::<TwoStepConfirmRequest>()).gives(200, json::<RecoveryCodesOut>()),
        endpoint!(DELETE "/api/v1/centres/{centre_id}/people/{user_id}/two-step", Api, Centre(ADMIN), "Reset a person's two-step sign-in (lost phone): it is off and their sessions end; 409 when they do not use it", SCOPED_CONFLICT, api::sessions::reset_two_step)
            .takes_nothing().gives_nothing(204),
        endpoint!(GET "/api/v1/centres/{centre_id}/two-step-policy", Api, Centre(ADMIN), "Who must use two-step sign-in at the centre", SCOPED, api::sessions::two_step_policy)
            .gives(200, json::<TwoStepPolicyOut>()),
        endpoint!(PUT "/api/v1/centres/{centre_id}/two-step-policy", Api, Centre(ADMIN), "Set who must use two-step sign-in at the centre: {required_for: administrators|all_staff|not_required}; applies from each person's next sign-in", SCOPED, api::sessions::set_two_step_policy)
            .takes(json::<TwoStepPolicyRequest>()).gives(200, json::<TwoStepPolicyOut>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/support-access", Api, Access::CentreOwnAdmin, "The support access the centre gave the platform's administrators, if it stands", SCOPED, api::support_access::standing)
            .gives(200, json::<SupportAccessStanding>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/support-access", Api, Access::CentreOwnAdmin, "Let the platform's administrators act as the centre's administrator: {reason, days: 1 to 7}; one standing is renewed from now", SCOPED, api::support_access::grant)
            .takes(json::<SupportAccessRequest>()).gives(201, json::<SupportAccessOut>()),
        endpoint!(DELETE "/api/v1/centres/{centre_id}/support-access", Api, Access::CentreOwnAdmin, "End the platform's support access now; 409 when none stands", SCOPED_CONFLICT, api::support_access::end)
            .takes_nothing().gives_nothing(204),
        endpoint!(DELETE "/api/v1/sessions/current", Api, SignedIn, "Sign out: the token stops working at once", SIGNED_IN, api::sessions::delete_current)
            .takes_nothing().gives_nothing(204),
        endpoint!(POST "/api/v1/password-resets", Api, Public, "Email a password reset link", &[], api::sessions::request_reset)
            .takes(json::<PasswordResetRequest>()).gives(202, json::<PasswordResetAccepted>()),
        endpoint!(POST "/api/v1/password-resets/{token}", Api, LinkToken, "Set the password with a single-use link's token", &[(400, "Link expired or used"), (422, "Password not acceptable")], api::sessions::use_link)
            .takes(json::<PasswordResetUse>()).gives_nothing(204),
        endpoint!(GET "/api/v1/mail", Api, PlatformAdmin, "Mail sent by the platform", SCOPED, admin::mail_api)
            .gives(200, json::<MailList>()),
        endpoint!(POST "/api/v1/centres", Api, PlatformAdmin, "Create a centre", SCOPED, api::people::create_centre)
            .takes(json::<NewCentreInput>()).gives(201, json::<CentreCreated>()),
        endpoint!(GET "/api/v1/centres/{centre_id}", Api, Centre(&[Role::CentreAdmin, Role::Tutor, Role::Assessor, Role::Iqa, Role::Learner]), "A centre (its people for centre_admin and iqa)", SCOPED, api::people::centre)
            .gives(200, json::<CentreOut>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/users", Api, Centre(ADMIN), "A page of the centre's people in name order (its staff unless `role` asks otherwise); `next` continues", SCOPED, api::people::people)
            .query(&[("q", "string", "Words in the person's name or email"), ("role", "string", "staff (the default: anyone with a role other than learner), everyone, or a role: centre_admin, tutor, assessor, iqa, learner"), ("after", "string", "The next of the page before"), ("per_page", "integer", "People a page, 1 to 200 (default 50)")]).gives(200, json::<PeopleList>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/users", Api, Centre(ADMIN), "Add a person with roles", SCOPED, api::people::add_person)
            .takes(json::<NewPersonInput>()).gives(201, json::<PersonAdded>()).also_gives(202, json::<PersonInvited>()),
        endpoint!(GET "/api/v1/invitations", Api, SignedIn, "The centres asking you to join them (people belong to centres by consent)", SIGNED_IN, api::people::invitations)
            .gives(200, json::<InvitationList>()),
        endpoint!(POST "/api/v1/invitations/{centre_id}/accept", Api, SignedIn, "Accept the centre's invitation: the roles asked are yours at once; 409 when no invitation from that centre waits for your answer", INVITATION, api::people::accept_invitation)
            .takes_nothing().gives(200, json::<InvitationAccepted>()),
        endpoint!(POST "/api/v1/invitations/{centre_id}/decline", Api, SignedIn, "Decline the centre's invitation: it sees nothing of you; 409 when none waits for your answer", INVITATION, api::people::decline_invitation)
            .takes_nothing().gives_nothing(204),
        endpoint!(DELETE "/api/v1/centres/{centre_id}/users/{user_id}/roles/{role}", Api, Centre(ADMIN), "Remove a role; the person's sessions end", SCOPED, api::people::remove_role)
            .takes_nothing().gives_nothing(204),
        endpoint!(GET "/api/v1/centres/{centre_id}/eqa-grants", Api, Centre(ADMIN), "EQA access grants", SCOPED, api::people::eqa_grants)
            .gives(200, json::<EqaGrantList>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/eqa-grants", Api, Centre(ADMIN), "Give an EQA read-only access to one qualification until a date", SCOPED, api::people::grant_eqa)
            .takes(json::<EqaGrantInput>()).gives(201, json::<EqaGrantCreated>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/audit", Api, Centre(ADMIN), "A page of the centre's audit trail, newest first; `next` continues", SCOPED, api::audit::list)
            .query(&[("person", "string", "Only what this user id did"), ("record", "string", "Only entries about this record id"), ("action", "string", "Only entries of this action (unit_signed_off, …)"), ("before", "integer", "Only entries before this sequence number: the next of the page before"), ("per_page", "integer", "Entries a page, 1 to 200 (default 50)")]).gives(200, json::<AuditTrail>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/registrations", Api, Centre(ADMIN), "Register a learner (C1, C2, C6, C8 enforced; S6 warned)", SCOPED, api::registrations::create)
            .takes(json::<RegistrationRequest>()).gives(201, json::<RegistrationCreated>()).also_gives(202, json::<LearnerInvited>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/registrations/import", Api, Centre(ADMIN), "Register learners from a CSV body: a per-row report; any invalid row imports nothing", SCOPED, api::registrations::import)
            .takes(Body::Document("text/csv")).gives(201, json::<RegistrationImportReport>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/registrations", Api, Centre(&[Role::CentreAdmin, Role::Iqa]), "A page of the centre's registrations, in learner-name order; `next` continues", SCOPED, api::registrations::list)
            .query(&[("q", "string", "Words in the learner's name, or the qualification's title or number"), ("status", "string", "active (in progress), withdrawn, or empty for both"), ("after", "string", "The next of the page before"), ("per_page", "integer", "Registrations a page, 1 to 200 (default 50)")]).gives(200, json::<RegistrationList>()),
        endpoint!(GET "/api/v1/registrations/{registration_id}", Api, Registration, "A registration with its history", SCOPED, api::registrations::get)
            .gives(200, json::<RegistrationDetail>()),
        endpoint!(PUT "/api/v1/registrations/{registration_id}/details", Api, RegistrationAdmin, "Change the details: {awarding_body_ref, employer, workplace, planned_end_date, support_needs, reasonable_adjustments}, every field sent; kept in the history and the audit trail; 409 once the learner is in a claim (registration_certificated once certificated)", REGISTRATION_CHANGE, api::registrations::change_details)
            .takes(json::<RegistrationDetailsRequest>()).gives(200, json::<RegistrationOut>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/transfer", Api, RegistrationAdmin, "Transfer to another eligible assessor", SCOPED, api::registrations::transfer)
            .takes(json::<TransferInput>()).gives(200, json::<RegistrationOut>()),
        endpoint!(PUT "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/allocation", Api, RegistrationAdmin, "Allocate one unit to an assessor and an IQA: {assessor_id, iqa_id, reason}; C6 is checked for that unit and C8 (the IQA is not the unit's assessor); the registration's own assessor and IQA again returns the unit to them", UNIT_ALLOCATION, api::registrations::allocate_unit)
            .takes(json::<UnitAllocationInput>()).gives(200, json::<UnitStaffingList>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/withdraw", Api, RegistrationAdmin, "Withdraw a learner; records are kept", SCOPED, api::registrations::withdraw)
            .takes(json::<WithdrawInput>()).gives_nothing(204),
        endpoint!(GET "/api/v1/caseload", Api, SignedIn, "A page of the learners you work with, in name order, with progress and what waits; `next` continues", SIGNED_IN, api::evidence::caseload)
            .query(&[("q", "string", "Words in the learner's name, or the qualification's title or number"), ("waiting", "boolean", "true: only learners with evidence waiting for assessment"), ("after", "string", "The next of the page before"), ("per_page", "integer", "Learners a page, 1 to 200 (default 50)")]).gives(200, json::<Caseload>()),
        endpoint!(GET "/api/v1/registrations", Api, SignedIn, "Your registrations, and the ones you are allocated to", SIGNED_IN, api::registrations::mine)
            .gives(200, json::<MyRegistrations>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/evidence", Api, EvidenceWriter, "Add an evidence item (a draft)", EVIDENCE_ADD, api::evidence::create)
            .takes(json::<EvidenceRequest>()).gives(201, json::<EvidenceCreated>()),
        endpoint!(GET "/api/v1/registrations/{registration_id}/tracker", Api, Registration, "Criteria with status and evidence, percentages, gaps", SCOPED, api::evidence::tracker)
            .gives(200, json::<TrackerReport>()),
        endpoint!(GET "/api/v1/evidence/{evidence_id}", Api, Registration, "An evidence item with every version, files, mappings and declaration", SCOPED, api::evidence::get)
            .gives(200, json::<EvidenceOut>()),
        endpoint!(PUT "/api/v1/evidence/{evidence_id}", Api, EvidenceWriter, "Edit: a new version; a change voids the declaration", SCOPED, api::evidence::edit)
            .takes(json::<EvidenceRequest>()).gives(200, json::<EvidenceOut>()),
        endpoint!(POST "/api/v1/evidence/{evidence_id}/files", Api, EvidenceWriter, "Attach a file (multipart field \"file\"): streamed, checked by its bytes, SHA-256 recorded", FILE_UPLOAD, api::evidence::upload)
            .takes(multipart::<EvidenceUpload>()).gives(201, json::<EvidenceFileAttached>()),
        endpoint!(GET "/api/v1/evidence/{evidence_id}/files/{file_id}", Api, Registration, "Download a file, as an attachment", SCOPED, api::evidence::download)
            .gives(200, Body::File),
        endpoint!(PUT "/api/v1/evidence/{evidence_id}/mappings", Api, EvidenceWriter, "Map to criteria of the learner's qualification", SCOPED, api::evidence::map)
            .takes(json::<EvidenceMappingRequest>()).gives(200, json::<EvidenceMapping>()),
        endpoint!(POST "/api/v1/evidence/{evidence_id}/declaration", Api, Learner, "The learner's authenticity declaration", SCOPED, api::evidence::declare)
            .takes(json::<EvidenceDeclarationRequest>()).gives(201, json::<EvidenceDeclared>()),
        endpoint!(POST "/api/v1/evidence/{evidence_id}/submit", Api, Learner, "Submit for assessment", SCOPED, api::evidence::submit)
            .takes_nothing().gives(200, json::<EvidenceOut>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/testimony-requests", Api, EvidenceWriter, "Ask a witness for testimony: emails a single-use link to /witness/{token}, valid 14 days", SCOPED, api::witness::create)
            .takes(json::<TestimonyRequestRequest>()).gives(201, json::<TestimonyRequestOut>()),
        endpoint!(GET "/api/v1/registrations/{registration_id}/testimony-requests", Api, Registration, "The registration's testimony requests", SCOPED, api::witness::list)
            .gives(200, json::<TestimonyRequestList>()),
        endpoint!(GET "/api/v1/testimony-requests/{request_id}", Api, Registration, "A testimony request with what the witness signed", SCOPED, api::witness::get)
            .gives(200, json::<TestimonyRequestDetail>()),
        endpoint!(POST "/api/v1/testimony-requests/{request_id}/decision", Api, Assessor, "{decision: accept | reject, reason, criteria?}: accepted testimony becomes a mapped evidence item", SCOPED, api::witness::decide)
            .takes(json::<TestimonyDecisionRequest>()).gives(200, json::<TestimonyRequestDetail>()),
        endpoint!(GET "/api/v1/witness/{token}", Api, LinkToken, "What a witness link asks about; once used, what was signed", LINK, api::witness::witness_get)
            .gives(200, json::<WitnessLinkOut>()),
        endpoint!(POST "/api/v1/witness/{token}", Api, LinkToken, "Sign testimony through a witness link (an expert witness: C7 checked)", LINK, api::witness::witness_sign)
            .takes(json::<WitnessAnswerRequest>()).gives(201, json::<WitnessLinkOut>()),
        endpoint!(GET "/api/v1/registrations/{registration_id}/authentication", Api, Registration, "Open learning (S4): the authenticator, each declared item authenticated or outstanding, and the links sent", SCOPED, api::authentication::status)
            .gives(200, json::<AuthenticationStatusOut>()),
        endpoint!(PUT "/api/v1/registrations/{registration_id}/authenticator", Api, RegistrationAdmin, "Name the open-learning authenticator: {name, role, email} (S4)", AUTHENTICATING, api::authentication::name)
            .takes(json::<AuthenticatorRequest>()).gives(200, json::<AuthenticatorOut>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/authentication-requests", Api, Assessor, "Email the authenticator a single-use link to /authenticate/{token}, valid 14 days, listing the outstanding declared items (S4)", AUTHENTICATING, api::authentication::create)
            .takes_nothing().gives(201, json::<AuthenticationRequestOut>()),
        endpoint!(GET "/api/v1/authenticate/{token}", Api, LinkToken, "What an authentication link lists; once used, what was signed", LINK, api::authentication::link_get)
            .gives(200, json::<AuthenticationLinkOut>()),
        endpoint!(POST "/api/v1/authenticate/{token}", Api, LinkToken, "The authenticator signs: {signed_name, signed_role, confirmed: [evidence ids]}", LINK, api::authentication::link_sign)
            .takes(json::<AuthenticationSignRequest>()).gives(201, json::<AuthenticationLinkOut>()),
        endpoint!(GET "/api/v1/notifications", Api, SignedIn, "Your notifications, newest first", SIGNED_IN, api::notifications::list)
            .gives(200, json::<NotificationList>()),
        endpoint!(POST "/api/v1/notifications/read", Api, SignedIn, "Mark your notifications read: {ids} or all", SIGNED_IN, api::notifications::mark_read)
            .takes(json::<NotificationsReadRequest>()).gives(200, json::<NotificationsMarked>()),
        endpoint!(GET "/api/v1/account/sessions", Api, SignedIn, "Where you are signed in: your open sessions (browsers and API tokens), the device in words, most recently used first", SIGNED_IN, api::sessions::signed_in_places)
            .gives(200, json::<SignedInPlaces>()),
        endpoint!(DELETE "/api/v1/account/sessions/{reference}", Api, SignedIn, "Sign out one of the places where you are signed in (its reference from GET /api/v1/account/sessions); 204 also when it was signed out already", SIGNED_IN, api::sessions::sign_out_place)
            .takes_nothing().gives_nothing(204),
        endpoint!(POST "/account/signed-in-places/{reference}/sign-out", Page, SignedIn, "Sign out one of the places where you are signed in", SIGNED_IN, signed_in_places::sign_out),
        endpoint!(GET "/api/v1/account/mail", Api, SignedIn, "How you are emailed about your work: each message, or a daily digest", SIGNED_IN, api::notifications::mail_preference)
            .gives(200, json::<MailPreferenceOut>()),
        endpoint!(PUT "/api/v1/account/mail", Api, SignedIn, "Choose how you are emailed: {cadence: each | daily}; the daily digest goes at 07:00 UTC and lists the notifications since the last one", SIGNED_IN, api::notifications::choose_mail_preference)
            .takes(json::<MailPreferenceRequest>()).gives(200, json::<MailPreferenceOut>()),
        endpoint!(GET "/api/v1/registrations/{registration_id}/assessment", Api, Registration, "Judgements (every round), decisions, observations, sign-offs and signatures with their state", SCOPED, api::assessment::get)
            .gives(200, json::<AssessmentRecordOut>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/decisions", Api, Assessor, "Judge an item: {criterion_id, outcome: met | not_yet_met, evidence_ids, map_evidence_ids, feedback, replaces_round}; a new round each time", JUDGING, api::assessment::decide)
            .takes(json::<DecisionRequest>()).gives(201, json::<JudgementOut>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/judgements", Api, Assessor, "Judge many items together, all or none: {judgements: [each as /decisions takes it], overall_feedback}; 422 batch_refused names each item refused (items: index, criterion_id, criterion, code, message); the learner gets one message listing them in words", JUDGING, api::assessment::decide_all)
            .takes(json::<BatchDecisionRequest>()).gives(201, json::<JudgementsOut>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/observations", Api, Assessor, "Record an observation, signed by the assessor", ASSESSING, api::assessment::observe)
            .takes(json::<ObservationRequest>()).gives(201, json::<ObservationRecorded>()),
        endpoint!(POST "/api/v1/observations/{observation_id}/countersign", Api, Learner, "The learner countersigns an observation", SCOPED, api::assessment::countersign_observation)
            .takes_nothing().gives(201, json::<Countersignature>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/sign-off", Api, Assessor, "Sign a unit off (criteria_not_met, observation_required, authentication_required for open learning); the unit is locked", ASSESSING, api::assessment::sign)
            .takes_nothing().gives(201, json::<UnitSignedOff>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/countersign", Api, Learner, "The learner countersigns a unit's sign-off", SCOPED, api::assessment::countersign_unit)
            .takes_nothing().gives(201, json::<UnitCountersigned>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/unlock", Api, RegistrationAdmin, "Unlock a signed-off unit: {reason}, kept in the audit trail", SCOPED, api::assessment::unlock)
            .takes(json::<UnlockRequest>()).gives(200, json::<UnitUnlocked>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/question-bank", Api, Centre(BANK_READERS), "The centre's question bank (never shown to learners)", SCOPED, api::occasions::bank)
            .gives(200, json::<QuestionBank>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/question-bank", Api, Centre(BANK_KEEPERS), "Add a question: {item_id (sqa-fx35-35/oN/ksM), text}", SCOPED, api::occasions::add_question)
            .takes(json::<BankQuestionRequest>()).gives(201, json::<BankQuestionOut>()),
        endpoint!(GET "/api/v1/registrations/{registration_id}/occasions", Api, Registration, "SQA assessment occasions; for the candidate, items_hidden until opens_at", SCOPED, api::occasions::list)
            .gives(200, json::<OccasionList>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/occasions", Api, Assessor, "Schedule an occasion: {items?, opens_at, method?, seed?}; one question per item the candidate has not had (S3)", OCCASION_SCHEDULING, api::occasions::schedule)
            .takes(json::<OccasionRequest>()).gives(201, json::<OccasionOut>()),
        endpoint!(POST "/api/v1/occasions/{occasion_id}/answers", Api, Learner, "The candidate answers a sampled item: {item_id, answer}", OCCASION, api::occasions::answer)
            .takes(json::<OccasionAnswerRequest>()).gives(200, json::<OccasionItemOut>()),
        endpoint!(POST "/api/v1/occasions/{occasion_id}/marks", Api, Assessor, "Mark an answer: {item_id, outcome: satisfied | not_satisfied, feedback}", OCCASION, api::occasions::mark)
            .takes(json::<OccasionMarkRequest>()).gives(200, json::<OccasionItemOut>()),
        endpoint!(GET "/api/v1/registrations/{registration_id}/plans", Api, Registration, "Assessment plans: activities, methods, target dates, criteria, signatures (void after a change) and reviews", SCOPED, api::plans::list)
            .gives(200, json::<plan_wire::AssessmentPlanList>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/plans", Api, Assessor, "Write a plan: {activities: [{activity, method, target_date}], criteria}; signed by the assessor; the learner is asked to sign", SCOPED, api::plans::create)
            .takes(json::<plan_wire::AssessmentPlanRequest>()).gives(201, json::<plan_wire::AssessmentPlanSaved>()),
        endpoint!(PUT "/api/v1/plans/{plan_id}", Api, Assessor, "Change a plan: {activities, criteria, version?}; earlier signatures are void, the assessor signs again", SCOPED, api::plans::change)
            .takes(json::<plan_wire::AssessmentPlanRequest>()).gives(200, json::<plan_wire::AssessmentPlanSaved>()),
        endpoint!(POST "/api/v1/plans/{plan_id}/sign", Api, Learner, "The learner signs the plan as it stands", SCOPED, api::plans::sign)
            .takes(json::<plan_wire::AssessmentPlanSignRequest>()).gives(201, json::<plan_wire::AssessmentPlanSigned>()),
        endpoint!(POST "/api/v1/plans/{plan_id}/reviews", Api, Assessor, "Record a progress review: {reviewed_on, progress, next_steps, next_review_on}", SCOPED, api::plans::review)
            .takes(json::<plan_wire::AssessmentPlanReviewRequest>()).gives(201, json::<plan_wire::AssessmentPlanReview>()),
        // Open Badges credentials (issue 7, item 4)
        endpoint!(GET "/registrations/{registration_id}/credentials", Page, Registration, "Digital credentials: the achieved units (signed off and countersigned), a download for the learner", SCOPED, credentials::list),
        endpoint!(GET "/registrations/{registration_id}/units/{unit_id:.+}/credential.jwt", Page, Learner, "Download an Open Badges 3.0 credential (VC-JWT, EdDSA, the centre's key) for an achieved unit", CREDENTIAL, credentials::download),
        endpoint!(GET "/credentials/verify", Page, Public, "Check a credential: paste it (?credential=); valid, or why not", VERIFY, credentials::verify),
        endpoint!(GET "/api/v1/registrations/{registration_id}/credentials", Api, Registration, "The achieved units with their credential links", SCOPED, api::credentials::list)
            .gives(200, json::<AchievedUnits>()),
        endpoint!(GET "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/credential", Api, Learner, "The learner's Open Badges 3.0 credential for an achieved unit: {credential (VC-JWT), file_name}", CREDENTIAL, api::credentials::issue)
            .gives(200, json::<CredentialIssued>()),
        endpoint!(POST "/api/v1/credentials/verify", Api, Public, "Verify a credential: {credential}; {valid, issuer, issuer_name, achievement, achieved_on, valid_from, credential_id}", VERIFY, api::credentials::verify)
            .takes(json::<CredentialCheckRequest>()).gives(200, json::<CredentialCheck>()),
        endpoint!(GET "/issuers/{centre_id}", Api, Public, "A centre's Open Badges issuer profile with its public key (JWK), once it has issued a credential", NOT_FOUND, api::credentials::issuer)
            .gives(200, json::<IssuerProfile>()),
        // claims
        endpoint!(GET "/centres/{centre_id}/claims", Page, Centre(ADMIN), "Who is ready to claim, what the others still need, and the centre's claims", SCOPED, claims::list),
        endpoint!(POST "/centres/{centre_id}/claims", Page, Centre(ADMIN), "Make a draft claim of ready learners", SCOPED, claims::create),
        endpoint!(GET "/claims/{claim_id}", Page, Claim, "A claim with its learners, downloads and next step", SCOPED, claims::show),
        endpoint!(POST "/claims/{claim_id}/submit", Page, Claim, "Submit a claim: its learners' records are locked", CLAIM_STEP, claims::submit),
        endpoint!(POST "/claims/{claim_id}/certificated", Page, Claim, "Record each learner's certificate number and date", CLAIM_STEP, claims::certificated),
        endpoint!(POST "/claims/{claim_id}/return", Page, Claim, "Mark a claim returned by the awarding body, with the reason", CLAIM_STEP, claims::returned),
        endpoint!(GET "/claims/{claim_id}/export.csv", Page, Claim, "The claim file for the awarding body (CSV)", SCOPED, claims::export_csv),
        endpoint!(GET "/claims/{claim_id}/summary.pdf", Page, Claim, "The claim summary (PDF)", SCOPED, claims::summary_pdf),
        endpoint!(GET "/registrations/{registration_id}/record.pdf", Page, Registration, "The learner achievement record (PDF)", SCOPED, claims::record_pdf),
        endpoint!(GET "/api/v1/centres/{centre_id}/claims/eligible", Api, Centre(ADMIN), "Who is ready to be claimed and, for everyone else, what is missing in plain words", SCOPED, api::claims::eligible)
            .gives(200, json::<ClaimEligibility>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/claims", Api, Centre(ADMIN), "The centre's claims, newest first", SCOPED, api::claims::list)
            .gives(200, json::<ClaimList>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/claims", Api, Centre(ADMIN), "Make a draft claim: {registration_ids}; each must be ready (not_ready_for_claim) and not claimed before", CLAIM_STEP, api::claims::create)
            .takes(json::<ClaimRequest>()).gives(201, json::<ClaimCreated>()),
        endpoint!(GET "/api/v1/claims/{claim_id}", Api, Claim, "A claim with its learners and certificates", SCOPED, api::claims::get)
            .gives(200, json::<ClaimDetail>()),
        endpoint!(POST "/api/v1/claims/{claim_id}/submit", Api, Claim, "Submit a draft claim; the learners' records are then locked", CLAIM_STEP, api::claims::submit)
            .takes_nothing().gives(200, json::<ClaimDetail>()),
        endpoint!(POST "/api/v1/claims/{claim_id}/certificated", Api, Claim, "Mark a submitted claim certificated: {learners: [{registration_id, certificate_number, certificated_on}]}", CLAIM_STEP, api::claims::certificated)
            .takes(json::<ClaimCertificatesRequest>()).gives(200, json::<ClaimDetail>()),
        endpoint!(POST "/api/v1/claims/{claim_id}/return", Api, Claim, "Mark a submitted claim returned: {reason}; its learners may be claimed again", CLAIM_STEP, api::claims::returned)
            .takes(json::<ClaimReturnRequest>()).gives(200, json::<ClaimDetail>()),
        endpoint!(GET "/api/v1/claims/{claim_id}/export.csv", Api, Claim, "The claim file for the awarding body (CSV; columns in README.md)", SCOPED, api::claims::export_csv)
            .gives(200, Body::Document("text/csv")),
        endpoint!(GET "/api/v1/claims/{claim_id}/summary.pdf", Api, Claim, "The claim summary (PDF)", SCOPED, api::claims::summary_pdf)
            .gives(200, Body::Document("application/pdf")),
        endpoint!(GET "/api/v1/registrations/{registration_id}/record.pdf", Api, Registration, "The learner achievement record (PDF)", SCOPED, api::claims::record_pdf)
            .gives(200, Body::Document("application/pdf")),
        // standardisation (issue 6, item 4)
        endpoint!(GET "/centres/{centre_id}/standardisation", Page, Centre(STANDARDISATION_READERS), "Standardisation: due warning, activities, double-marking exercises, decision log (?q=&criterion=)", SCOPED, standardisation::page),
        endpoint!(POST "/centres/{centre_id}/standardisation", Page, Centre(&[Role::Iqa]), "Record a standardisation activity", SCOPED, standardisation::record),
        endpoint!(POST "/centres/{centre_id}/double-marking", Page, Centre(&[Role::Iqa]), "Set up a blind double-marking exercise", SCOPED, standardisation::create),
        endpoint!(GET "/double-marking/{exercise_id}", Page, Centre(DOUBLE_MARKING_READERS), "A double-marking exercise: figures for the IQA once closed; the anonymised item and a form per criterion for an invited marker", SCOPED, standardisation::exercise),
        endpoint!(POST "/double-marking/{exercise_id}/judgements", Page, Centre(&[Role::Assessor]), "An invited marker judges a criterion", DOUBLE_MARKING, standardisation::judge),
        endpoint!(POST "/double-marking/{exercise_id}/close", Page, Centre(&[Role::Iqa]), "Close the exercise: the agreement figures appear", DOUBLE_MARKING, standardisation::close),
        endpoint!(POST "/double-marking/{exercise_id}/agreed", Page, Centre(&[Role::Iqa]), "Record the agreed outcome of a criterion with its rationale", DOUBLE_MARKING, standardisation::agree),
        endpoint!(GET "/api/v1/centres/{centre_id}/standardisation", Api, Centre(STANDARDISATION_READERS), "Standardisation activities, exercises, and per qualification whether the yearly activity is due (status never_held, up_to_date, due_soon within 30 days, overdue) with a warning", SCOPED, api::standardisation::list)
            .gives(200, json::<StandardisationOverview>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/standardisation", Api, Centre(&[Role::Iqa]), "Record an activity: {qualification_id, held_on, title, attendees, assessors, units, agreed, actions: [{description, due_on, owner_id}]}", SCOPED, api::standardisation::record)
            .takes(json::<StandardisationActivityRequest>()).gives(201, json::<StandardisationActivity>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/double-marking", Api, Centre(&[Role::Iqa]), "Set up blind double-marking: {evidence_id, criteria, markers (two or more assessors)}; markers see an anonymised copy", SCOPED, api::standardisation::create)
            .takes(json::<DoubleMarkingRequest>()).gives(201, json::<DoubleMarkingSummary>()),
        endpoint!(GET "/api/v1/double-marking/{exercise_id}", Api, Centre(DOUBLE_MARKING_READERS), "An exercise (of the exercise's centre): for the IQA, administrators and an EQA of its qualification, figures once closed (percentage agreement per criterion, Cohen's or Fleiss' kappa); for an invited marker, the anonymised item and only their own judgements; an assessor not invited gets 404", SCOPED, api::standardisation::get)
            .gives(200, json::<DoubleMarkingView>()),
        endpoint!(POST "/api/v1/double-marking/{exercise_id}/judgements", Api, Centre(&[Role::Assessor]), "An invited marker judges: {judgements: [{criterion_id, outcome: met | not_yet_met, comment}]}", DOUBLE_MARKING, api::standardisation::judge)
            .takes(json::<DoubleMarkingJudgements>()).gives(201, json::<DoubleMarkingJudged>()),
        endpoint!(POST "/api/v1/double-marking/{exercise_id}/close", Api, Centre(&[Role::Iqa]), "Close the exercise; answers it with its figures", DOUBLE_MARKING, api::standardisation::close)
            .takes_nothing().gives(200, json::<DoubleMarkingView>()),
        endpoint!(POST "/api/v1/double-marking/{exercise_id}/agreed", Api, Centre(&[Role::Iqa]), "Record agreed outcomes into the decision log: {outcomes: [{criterion_id, outcome, rationale}]}", DOUBLE_MARKING, api::standardisation::agree)
            .takes(json::<DoubleMarkingAgreed>()).gives(201, json::<DoubleMarkingDecisions>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/decision-log", Api, Centre(STANDARDISATION_READERS), "The decision log of agreed outcomes, searched by words (q) and criterion (an id, or a unit id for all its criteria)", SCOPED, api::standardisation::decision_log)
            .query(&[("q", "string", "Words to find in the criterion, outcome or rationale"), ("criterion", "string", "A criterion id, or a unit id for all its criteria")]).gives(200, json::<DecisionLog>()),
        // knowledge checks and cohorts
        endpoint!(GET "/programmes/{programme_id}/checks", Page, Access::CheckReader, "A programme's knowledge checks, and the form to write one", SCOPED, knowledge_checks::list),
        endpoint!(POST "/programmes/{programme_id}/checks", Page, Access::CheckWriter, "Write a knowledge check on an outcome", SCOPED, knowledge_checks::create),
        endpoint!(GET "/checks/{check_id}", Page, Access::CheckReader, "A knowledge check: its questions and answer key for tutors, the start button and past attempts for learners", SCOPED, knowledge_checks::check),
        endpoint!(POST "/checks/{check_id}/questions", Page, Access::CheckWriter, "Add a question with its options, correct flags and feedback", CHECKS, knowledge_checks::add_question),
        endpoint!(POST "/checks/{check_id}/attempts", Page, Access::CheckTaker, "Start an attempt at a check", CHECKS, knowledge_checks::start),
        endpoint!(GET "/attempts/{attempt_id}", Page, Access::AttemptReader, "An attempt: the answer form, then marks and feedback", SCOPED, knowledge_checks::attempt),
        endpoint!(POST "/attempts/{attempt_id}/submit", Page, Access::AttemptLearner, "Submit the answers (once)", CHECKS, knowledge_checks::submit),
        endpoint!(POST "/attempts/{attempt_id}/marks", Page, Access::AttemptMarker, "Mark a short answer with feedback", CHECKS, knowledge_checks::mark),
        endpoint!(POST "/attempts/{attempt_id}/evidence", Page, Access::AttemptLearner, "Offer a passed check as evidence mapped to criteria of its outcome", CHECKS, knowledge_checks::offer),
        endpoint!(GET "/programmes/{programme_id}/cohort", Page, Access::CheckWriter, "The cohort: progress through sessions and checks, who is behind, questions most missed, the marking queue", SCOPED, knowledge_checks::cohort_page),
        endpoint!(GET "/api/v1/programmes/{programme_id}/checks", Api, Access::CheckReader, "A programme's knowledge checks (the answer key only for tutors and centre administrators)", SCOPED, api::knowledge_checks::list)
            .gives(200, json::<check_wire::KnowledgeCheckList>()),
        endpoint!(POST "/api/v1/programmes/{programme_id}/checks", Api, Access::CheckWriter, "Write a check: {title, outcome_id, pass_mark, questions: [{kind: single_choice | multiple_choice | short_answer, prompt, options: [{text, correct, feedback}], guidance}]}", SCOPED, api::knowledge_checks::create)
            .takes(json::<check_wire::KnowledgeCheckRequest>()).gives(201, json::<check_wire::KnowledgeCheckOut>()),
        endpoint!(GET "/api/v1/checks/{check_id}", Api, Access::CheckReader, "A check, with the caller's attempts (learners see no answer key)", SCOPED, api::knowledge_checks::get)
            .gives(200, json::<check_wire::KnowledgeCheckDetail>()),
        endpoint!(POST "/api/v1/checks/{check_id}/questions", Api, Access::CheckWriter, "Add a question (refused once learners have started the check)", CHECKS, api::knowledge_checks::add_question)
            .takes(json::<check_wire::CheckQuestionRequest>()).gives(201, json::<check_wire::KnowledgeCheckOut>()),
        endpoint!(POST "/api/v1/checks/{check_id}/attempts", Api, Access::CheckTaker, "Start an attempt (or get the one left open)", CHECKS, api::knowledge_checks::start)
            .takes_nothing().gives(201, json::<check_wire::CheckAttemptSummary>()),
        endpoint!(GET "/api/v1/attempts/{attempt_id}", Api, Access::AttemptReader, "An attempt with its marked answers and feedback", SCOPED, api::knowledge_checks::attempt)
            .gives(200, json::<check_wire::CheckAttempt>()),
        endpoint!(POST "/api/v1/attempts/{attempt_id}/submit", Api, Access::AttemptLearner, "Submit {answers: [{choices: [option index], text}]}, one per question: objective questions marked at once with feedback; submitting again is 409", CHECKS, api::knowledge_checks::submit)
            .takes(json::<check_wire::CheckSubmitRequest>()).gives(200, json::<check_wire::CheckAttempt>()),
        endpoint!(POST "/api/v1/attempts/{attempt_id}/marks", Api, Access::AttemptMarker, "Mark a short answer: {question, outcome: correct | incorrect, feedback}", CHECKS, api::knowledge_checks::mark)
            .takes(json::<check_wire::CheckMarkRequest>()).gives(200, json::<check_wire::CheckAttempt>()),
        endpoint!(POST "/api/v1/attempts/{attempt_id}/evidence", Api, Access::AttemptLearner, "Offer a passed attempt as evidence: {criteria} of the check's outcome; a draft questioning record holding the questions and answers", CHECKS, api::knowledge_checks::offer)
            .takes(json::<check_wire::CheckEvidenceRequest>()).gives(201, json::<check_wire::CheckEvidenceOut>()),
        endpoint!(GET "/api/v1/programmes/{programme_id}/cohort", Api, Access::CheckWriter, "The cohort: each member's sessions done and checks (passed, awaiting_marking, not_yet), who is behind, share wrong per question, the marking queue", SCOPED, api::knowledge_checks::cohort)
            .gives(200, json::<cohort_wire::ProgrammeCohort>()),
        // sampling
        endpoint!(GET "/centres/{centre_id}/sampling", Page, Centre(SAMPLING_READERS), "Sampling: the centre's plans (an EQA: those of their qualification), the samples taken, and for the IQA the form to write or change a plan (?edit=plan_id)", SAMPLING, sampling::page),
        endpoint!(POST "/centres/{centre_id}/sampling/plans", Page, Centre(SAMPLING_IQA), "Write a sampling plan, or change the one named by plan_id with the version read (409 on the form when stale); rates from 0 to 100", SAMPLING, sampling::write),
        endpoint!(GET "/centres/{centre_id}/sampling/proposal", Page, Centre(SAMPLING_IQA), "The proposed sample as a form of ticked decisions (?plan_id=&stage=&seed=); never the IQA's own decisions (C8)", SAMPLING, sampling::proposal),
        endpoint!(POST "/centres/{centre_id}/samples", Page, Centre(SAMPLING_IQA), "Take a sample: the decisions ticked, with a reason when they differ from the proposal; iqa_own_decision (C8) on the form", SAMPLING, sampling::take),
        endpoint!(GET "/centres/{centre_id}/sampling/report", Page, Centre(SAMPLING_READERS), "The sampling report: CAMERA coverage against the plan and sampling rate per assessor against target (?plan_id=), with CSV downloads", SAMPLING, sampling_report::page),
        endpoint!(GET "/centres/{centre_id}/sampling/report/camera.csv", Page, Centre(SAMPLING_READERS), "CAMERA coverage as CSV, for the signed-in browser", SAMPLING, sampling_report::camera_csv),
        endpoint!(GET "/centres/{centre_id}/sampling/report/rates.csv", Page, Centre(SAMPLING_READERS), "Sampling rate per assessor as CSV, for the signed-in browser", SAMPLING, sampling_report::rates_csv),
        endpoint!(GET "/centres/{centre_id}/sampling/report/actions.csv", Page, Centre(IQA_REPORT), "Open IQA actions as CSV, for the signed-in browser", SCOPED, sampling_report::actions_csv),
        endpoint!(GET "/centres/{centre_id}/sampling/report/referrals.csv", Page, Centre(IQA_REPORT), "Referral rate per assessor per month as CSV, for the signed-in browser", SCOPED, sampling_report::referrals_csv),
        endpoint!(GET "/api/v1/centres/{centre_id}/sampling/plans", Api, Centre(SAMPLING_READERS), "Sampling plans (an EQA sees those of their qualification)", SAMPLING, api::sampling::list_plans)
            .gives(200, json::<SamplingPlanList>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/sampling/plans", Api, Centre(SAMPLING_IQA), "Write a sampling plan: {qualification_id, period_start, period_end, interim_on, summative_on, experienced_rate, rates: [{assessor_id, risk: new|unqualified|referred|experienced, rate, signed_off}], focus: {learners, units, methods, evidence_types, locations}, notes}", SAMPLING, api::sampling::create_plan)
            .takes(json::<SamplingPlanRequest>()).gives(201, json::<SamplingPlanOut>()),
        endpoint!(PUT "/api/v1/sampling-plans/{plan_id}", Api, Centre(SAMPLING_IQA), "Change a sampling plan: the same fields and version (409 when stale)", SAMPLING, api::sampling::change_plan)
            .takes(json::<SamplingPlanRequest>()).gives(200, json::<SamplingPlanOut>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/sampling/proposal", Api, Centre(SAMPLING_IQA), "A reproducible proposed sample: ?seed=N&plan_id=&stage=interim|summative; covers every CAMERA value, honours the rates, never the IQA's own decisions (C8)", SAMPLING, api::sampling::proposal)
            .query(&[("seed", "integer", "The seed, a whole number from 0 (default: a new one, given in the answer)"), ("plan_id", "string", "The plan (default: the centre's current plan)"), ("stage", "string", "interim or summative (default: both)")]).gives(200, json::<SamplingProposal>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/samples", Api, Centre(SAMPLING_IQA), "Take a sample: {judgement_ids, seed?, plan_id, stage, adjustment_reason (when it differs from the proposal)} -> 201 {ids}; iqa_own_decision (C8)", SAMPLING, api::sampling::take)
            .takes(json::<SampleRequest>()).gives(201, json::<SamplesTaken>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/samples", Api, Centre(SAMPLING_READERS), "The centre's samples with their status", SAMPLING, api::sampling::list_samples)
            .gives(200, json::<SampleList>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/sampling/report", Api, Centre(SAMPLING_READERS), "CAMERA coverage per dimension against the plan, and sampling rate per assessor against target: ?plan_id=", SAMPLING, api::sampling::report)
            .query(&[("plan_id", "string", "The plan (default: the centre's current plan)")]).gives(200, json::<SamplingReportOut>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/sampling/report/camera.csv", Api, Centre(SAMPLING_READERS), "CAMERA coverage as CSV: dimension, value, decisions, sampled, in_plan", SAMPLING, api::sampling::camera_csv)
            .query(&[("plan_id", "string", "The plan (default: the centre's current plan)")]).gives(200, Body::Document("text/csv")),
        endpoint!(GET "/api/v1/centres/{centre_id}/sampling/report/rates.csv", Api, Centre(SAMPLING_READERS), "Sampling rate per assessor as CSV: assessor, basis, decisions, sampled, percent, target, met", SAMPLING, api::sampling::rates_csv)
            .query(&[("plan_id", "string", "The plan (default: the centre's current plan)")]).gives(200, Body::Document("text/csv")),
        // EQA: the overview, the EQA's own sample, the sample pack
        endpoint!(GET "/centres/{centre_id}/eqa", Page, Centre(EQA_READERS), "External quality assurance: plans, samples, learners for the qualifications granted (an EQA: theirs only; every record opened is logged)", SCOPED, eqa::overview),
        endpoint!(POST "/centres/{centre_id}/eqa-samples", Page, Centre(EQA_ONLY), "The EQA picks decisions for their own sample (no IQA work is created)", SCOPED, eqa::pick),
        endpoint!(GET "/centres/{centre_id}/sample-pack.zip", Page, Centre(EQA_READERS), "The sample pack: a ZIP with a folder per sampled learner and an offline index.html", SCOPED, eqa::sample_pack),
        endpoint!(GET "/api/v1/centres/{centre_id}/eqa", Api, Centre(EQA_READERS), "EQA overview: {qualifications: [{sampling_plans, samples (checks, actions), learners, eqa_samples, pickable_decisions}], eqa_access_log (centre_admin)}; ?qualification_id=", SCOPED, api::eqa::overview)
            .query(&[("qualification_id", "string", "Only this qualification")]).gives(200, json::<EqaOverview>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/eqa-samples", Api, Centre(EQA_ONLY), "The EQA picks decisions of their qualification: {judgement_ids, note} → 201 {eqa_samples}", SCOPED, api::eqa::pick)
            .takes(json::<EqaPickRequest>()).gives(201, json::<EqaSampleList>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/sample-pack.zip", Api, Centre(EQA_READERS), "The sample pack as a streamed ZIP: ?qualification_id=…&sample=iqa|eqa", SCOPED, api::eqa::sample_pack)
            .query(&[("qualification_id", "string", "The qualification (needed when the caller sees more than one)"), ("sample", "string", "iqa (default) or eqa")]).gives(200, Body::Document("application/zip")),
        // programmes, resources and learning hours (issue 8)
        endpoint!(GET "/centres/{centre_id}/programmes", Page, Centre(PROGRAMME_READERS), "The centre's programmes (a learner: the ones they are on) and the form to build one", SCOPED, programmes::list),
        endpoint!(POST "/centres/{centre_id}/programmes", Page, Centre(PROGRAMME_BUILDERS), "Build a programme", SCOPED, programmes::create),
        endpoint!(GET "/programmes/{programme_id}", Page, Centre(PROGRAMME_READERS), "A programme: sessions in order with outcomes and criteria; the forms to add and move sessions and add learners; for a learner on it, where they are", SCOPED, programmes::programme),
        endpoint!(POST "/programmes/{programme_id}/sessions", Page, Centre(PROGRAMME_BUILDERS), "Add a session", SCOPED, programmes::add_session),
        endpoint!(POST "/programmes/{programme_id}/sessions/{session_id}/move", Page, Centre(PROGRAMME_BUILDERS), "Move a session up or down", PROGRAMME_STEP, programmes::move_session),
        endpoint!(POST "/programmes/{programme_id}/members", Page, Centre(PROGRAMME_BUILDERS), "Add a learner by their registration", PROGRAMME_STEP, programmes::add_member),
        endpoint!(POST "/programmes/{programme_id}/sessions/{session_id}/done", Page, Centre(PROGRAMME_LEARNERS), "A learner on the programme marks a session done", PROGRAMME_STEP, programmes::mark_done),
        endpoint!(GET "/centres/{centre_id}/resources", Page, Centre(RESOURCE_READERS), "Resources by outcome (?qualification_id=); for tutors and centre administrators the forms to add, upload, edit and hide", SCOPED, resources::list),
        endpoint!(POST "/centres/{centre_id}/resources", Page, Centre(PROGRAMME_BUILDERS), "Add text (Markdown), a link or a recording's address", SCOPED, resources::create),
        endpoint!(POST "/centres/{centre_id}/resources/upload", Page, Centre(PROGRAMME_BUILDERS), "Upload a file or recording (checked as evidence files are)", SCOPED, resources::upload),
        endpoint!(POST "/centres/{centre_id}/resources/{resource_id}", Page, Centre(PROGRAMME_BUILDERS), "Edit or hide a resource, a starter one by its id", SCOPED, resources::edit),
        endpoint!(GET "/centres/{centre_id}/resources/{resource_id}/file", Page, Centre(RESOURCE_READERS), "A resource's file, as an attachment", SCOPED, resources::file),
        endpoint!(GET "/registrations/{registration_id}/learning-hours", Page, Registration, "Learning logged and the totals by unit against guided or notional hours; the learner's form to log", SCOPED, learning_hours::list),
        endpoint!(POST "/registrations/{registration_id}/learning-hours", Page, Learner, "Log learning", SCOPED, learning_hours::log),
        endpoint!(GET "/api/v1/centres/{centre_id}/programmes", Api, Centre(PROGRAMME_READERS), "The centre's learning programmes (a learner: the ones they are on)", SCOPED, api::programmes::list)
            .gives(200, json::<programme_wire::ProgrammeList>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/programmes", Api, Centre(PROGRAMME_BUILDERS), "Build a programme: {qualification_id, title, description, pacing: scheduled|self_paced}", SCOPED, api::programmes::create)
            .takes(json::<programme_wire::ProgrammeRequest>()).gives(201, json::<programme_wire::ProgrammeOut>()),
        endpoint!(GET "/api/v1/programmes/{programme_id}", Api, Centre(PROGRAMME_READERS), "A programme: sessions in order with outcomes and criteria, members and where each is (a learner on it: their own place; a learner not on it: 404)", SCOPED, api::programmes::get)
            .gives(200, json::<programme_wire::ProgrammeDetail>()),
        endpoint!(POST "/api/v1/programmes/{programme_id}/sessions", Api, Centre(PROGRAMME_BUILDERS), "Add a session: {title, summary, outcome_ids, criterion_ids, starts_on?}; ids must be of the programme's qualification", SCOPED, api::programmes::add_session)
            .takes(json::<programme_wire::ProgrammeSessionRequest>()).gives(201, json::<programme_wire::ProgrammeSession>()),
        endpoint!(PUT "/api/v1/programmes/{programme_id}/sessions/{session_id}", Api, Centre(PROGRAMME_BUILDERS), "Change a session", SCOPED, api::programmes::edit_session)
            .takes(json::<programme_wire::ProgrammeSessionRequest>()).gives(200, json::<programme_wire::ProgrammeSession>()),
        endpoint!(POST "/api/v1/programmes/{programme_id}/sessions/{session_id}/move", Api, Centre(PROGRAMME_BUILDERS), "Move a session: {direction: up|down}; 409 at either end", PROGRAMME_STEP, api::programmes::move_session)
            .takes(json::<programme_wire::ProgrammeSessionMove>()).gives(200, json::<programme_wire::ProgrammeDetail>()),
        endpoint!(POST "/api/v1/programmes/{programme_id}/members", Api, Centre(PROGRAMME_BUILDERS), "Add a learner: {registration_id} of the programme's qualification at the centre; 409 when already on it", PROGRAMME_STEP, api::programmes::add_member)
            .takes(json::<programme_wire::ProgrammeMemberRequest>()).gives(201, json::<programme_wire::ProgrammeMembership>()),
        endpoint!(POST "/api/v1/programmes/{programme_id}/sessions/{session_id}/done", Api, Centre(PROGRAMME_LEARNERS), "A learner on the programme marks a session done; 409 the second time", PROGRAMME_STEP, api::programmes::mark_done)
            .takes_nothing().gives(201, json::<programme_wire::ProgrammeSessionDone>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/resources", Api, Centre(RESOURCE_READERS), "Resources by outcome, the starter set merged with the centre's own and its edits (?qualification_id=); hidden ones: staff only", SCOPED, api::resources::list)
            .query(RESOURCE_QUERY).gives(200, json::<resource_wire::LearningResourceList>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/resources", Api, Centre(PROGRAMME_BUILDERS), "Add a text (Markdown), link (http/https) or recording link: {qualification_id, kind, title, body, url?, outcome_ids, lived_experience, credit?}", SCOPED, api::resources::create)
            .takes(json::<resource_wire::ResourceRequest>()).gives(201, json::<resource_wire::LearningResource>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/resources/upload", Api, Centre(PROGRAMME_BUILDERS), "Add a file or recording: multipart, the fields then one file (checked as evidence files are; refused: 422 with the message)", FILE_UPLOAD, api::resources::upload)
            .takes(crate::web::contract::multipart::<resource_wire::ResourceUploadForm>()).gives(201, json::<resource_wire::LearningResource>()),
        endpoint!(PUT "/api/v1/centres/{centre_id}/resources/{resource_id}", Api, Centre(PROGRAMME_BUILDERS), "Edit or hide a resource, a starter one by its id (the centre's copy)", SCOPED, api::resources::edit)
            .takes(json::<resource_wire::ResourceRequest>()).gives(200, json::<resource_wire::LearningResource>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/resources/{resource_id}/file", Api, Centre(RESOURCE_READERS), "A resource's file, as an attachment", SCOPED, api::resources::file)
            .gives(200, Body::File),
        endpoint!(GET "/api/v1/registrations/{registration_id}/learning-hours", Api, Registration, "Learning logged, totalled against guided or notional hours, by unit", SCOPED, api::programmes::hours_list)
            .gives(200, json::<hours_wire::LearningHours>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/learning-hours", Api, Learner, "Log learning: {activity_on, minutes, description, outcome_ids}; not in the future, 1..1440 minutes, at most 24 hours a day", SCOPED, api::programmes::hours_log)
            .takes(json::<hours_wire::LearningEntryRequest>()).gives(201, json::<hours_wire::LearningEntry>()),
        // IQA checks and actions (issue 6, item 3; report parts of item 5)
        endpoint!(GET "/samples/{sample_id}", Page, Centre(IQA_REPORT), "An IQA's review of a sampled decision: decision, criterion, evidence relied on, feedback, checks, the agree/refer form", SCOPED, sample_checks::sample),
        endpoint!(POST "/samples/{sample_id}/outcome", Page, Centre(&[Role::Iqa]), "Record agree or refer (feedback, actions with due dates)", IQA_CHECKING, sample_checks::outcome),
        endpoint!(GET "/registrations/{registration_id}/units/{unit_id:.+}/sample", Page, Centre(IQA_REPORT), "The IQA's sample of a learner's unit: every sampled decision with its criterion in words, outcome, feedback and evidence; one form to agree or refer each, one button to agree them all", SCOPED, unit_sample::show),
        endpoint!(POST "/registrations/{registration_id}/units/{unit_id:.+}/sample/checks", Page, Centre(&[Role::Iqa]), "Record the checks chosen on the unit's sample (all=agree: agree every decision waiting), all or none; refusals shown by the decision", IQA_BATCH_CHECKING, unit_sample::check),
        endpoint!(GET "/iqa-actions", Page, SignedIn, "Your actions from IQA referrals, with a form to close each", SIGNED_IN, sample_checks::mine),
        endpoint!(POST "/iqa-actions/{action_id}/close", Page, Assessor, "Close an IQA action with a note (the action's assessor only)", SCOPED, sample_checks::close),
        endpoint!(GET "/centres/{centre_id}/sampling/actions", Page, Centre(IQA_REPORT), "Open and overdue IQA actions; referral rate per assessor over time (chart and table)", SCOPED, sample_checks::report_page),
        endpoint!(GET "/api/v1/samples/{sample_id}", Api, Centre(IQA_REPORT), "A sample with its decision, evidence relied on, feedback, checks and actions (an EQA granted the qualification may read)", SCOPED, api::sample_checks::get)
            .gives(200, json::<SampleDetailOut>()),
        endpoint!(POST "/api/v1/samples/{sample_id}/outcome", Api, Centre(&[Role::Iqa]), "{outcome: agree | refer, feedback, actions: [{description, due_on}]}: a referral reopens the unit and tells the learner and the assessor", IQA_CHECKING, api::sample_checks::outcome)
            .takes(json::<SampleOutcomeRequest>()).gives(201, json::<SampleCheckRecorded>()),
        endpoint!(POST "/api/v1/centres/{centre_id}/sample-outcomes", Api, Centre(&[Role::Iqa]), "Check many sampled decisions of the centre at once, all or none: {outcomes: [{sample_id, outcome: agree | refer, feedback, actions}]}; 422 batch_refused names each outcome refused (items: index, criterion_id, criterion, code, message); each assessor gets one message listing their decisions checked, each learner with a referral one", IQA_BATCH_CHECKING, api::sample_checks::outcomes)
            .takes(json::<SampleOutcomesRequest>()).gives(201, json::<SampleOutcomesRecorded>()),
        endpoint!(POST "/api/v1/iqa-actions/{action_id}/close", Api, Assessor, "{note}: close an IQA action (the action's assessor only; others 403)", SCOPED, api::sample_checks::close)
            .takes(json::<IqaActionCloseRequest>()).gives(200, json::<IqaActionOut>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/iqa-actions", Api, Centre(IQA_REPORT), "The centre's open IQA actions (?state=open|overdue)", SCOPED, api::sample_checks::of_centre)
            .query(&[("state", "string", "open (default) or overdue")]).gives(200, json::<IqaActionList>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/sampling/report/actions.csv", Api, Centre(IQA_REPORT), "Open IQA actions as CSV (overdue marked)", SCOPED, api::sample_checks::actions_csv)
            .gives(200, Body::Document("text/csv")),
        endpoint!(GET "/api/v1/centres/{centre_id}/sampling/report/referrals.csv", Api, Centre(IQA_REPORT), "Referral rate per assessor per month as CSV", SCOPED, api::sample_checks::referrals_csv)
            .gives(200, Body::Document("text/csv")),
        // records
        endpoint!(POST "/centres/{centre_id}/retention", Page, Centre(ADMIN), "Set the centre's records retention period in years after certification (Q3)", SCOPED, centres::set_retention),
        endpoint!(PUT "/api/v1/centres/{centre_id}/retention", Api, Centre(ADMIN), "Set the records retention period: {years}, 1 to 50, after certification (Q3)", SCOPED, api::records::set_retention)
            .takes(json::<RetentionRequest>()).gives(200, json::<RetentionOut>()),
        endpoint!(GET "/registrations/{registration_id}/portfolio.zip", Page, Learner, "Download your whole portfolio as a ZIP: index.html, records.json and your evidence files", SCOPED, records::portfolio),
        endpoint!(GET "/api/v1/registrations/{registration_id}/portfolio.zip", Api, Learner, "The learner's whole portfolio as a ZIP: index.html (works offline), records.json, evidence files", SCOPED, api::records::portfolio)
            .gives(200, Body::Document("application/zip")),
        endpoint!(POST "/api/v1/users/{user_id}/credentials", Api, StaffRecord, "Record staff credentials", SCOPED, api::people::add_credentials)
            .takes(json::<StaffCredentialsRequest>()).gives(201, json::<StaffCredentialsAdded>()),
        endpoint!(POST "/api/v1/users/{user_id}/cpd", Api, StaffRecord, "Log CPD", SCOPED, api::people::add_cpd)
            .takes(json::<CpdInput>()).gives(201, json::<CpdLogged>()),
        endpoint!(GET "/api/v1/users/{user_id}/eligibility", Api, StaffRecord, "May assess each unit, quality-assure, act as expert witness, with reasons", SCOPED, api::people::eligibility)
            .gives(200, json::<StaffEligibility>()),
        // C4: the assignment set by the awarding body (City & Guilds Unit 001)
        endpoint!(POST "/api/v1/centres/{centre_id}/assignments", Api, Centre(ASSIGNMENT_RECORDERS), "Record a version of the assignment the awarding body set: multipart fields unit_id, version_label, in_force, tasks (JSON: [{number, title, criterion_ids}], every criterion covered) and the files brief and guidance; 409 for a version label already recorded", ASSIGNMENT, api::assignments::record)
            .takes(multipart::<assignment_wire::AssignmentUploadForm>()).gives(201, json::<assignment_wire::AssignmentOut>()),
        endpoint!(GET "/api/v1/centres/{centre_id}/assignments", Api, Centre(RESOURCE_READERS), "The centre's assignments with their tasks, newest first", SCOPED, api::assignments::list)
            .gives(200, json::<assignment_wire::AssignmentList>()),
        endpoint!(GET "/api/v1/registrations/{registration_id}/assignment", Api, Registration, "The learner's assignment: the version in force with its tasks, their submission, the latest marks by task and the external verification (409 when the qualification has no unit assessed by assignment)", ASSIGNMENT, api::assignments::overview)
            .gives(200, json::<assignment_wire::AssignmentOverviewOut>()),
        endpoint!(GET "/api/v1/registrations/{registration_id}/assignment/brief", Api, Registration, "The brief of the assignment in force, as an attachment (409 when none is in force)", ASSIGNMENT, api::assignments::brief)
            .gives(200, Body::File),
        endpoint!(GET "/api/v1/registrations/{registration_id}/assignment/guidance", Api, Assessor, "The marking guidance of the assignment in force, as an attachment (409 when none is in force)", ASSIGNMENT, api::assignments::guidance)
            .gives(200, Body::File),
        endpoint!(POST "/api/v1/registrations/{registration_id}/assignment/submission", Api, Learner, "Submit against the assignment in force: {title, activity_date, text}; a written-assignment evidence item mapped to the unit's criteria, one per learner (409 after); add files, declare and submit it as any evidence", ASSIGNMENT, api::assignments::submit)
            .takes(json::<assignment_wire::SubmissionRequest>()).gives(201, json::<assignment_wire::SubmissionOut>()),
        endpoint!(POST "/api/v1/registrations/{registration_id}/assignment/marks", Api, Assessor, "Mark the submitted submission task by task: {marks: [{task_number, outcome: met | not_yet_met, feedback}]}, every task once; a criterion every covering task is met on is judged met on the submission", ASSIGNMENT, api::assignments::mark)
            .takes(json::<assignment_wire::MarksRequest>()).gives(201, json::<assignment_wire::MarksOut>()),
        endpoint!(PUT "/api/v1/registrations/{registration_id}/assignment/verification", Api, RegistrationAdmin, "Record the unit's external verification: {unit_id, status: awaiting | verified | not_accepted, note}; a claim waits for verified", ASSIGNMENT, api::assignments::verify)
            .takes(json::<assignment_wire::VerificationRequest>()).gives(200, json::<assignment_wire::VerificationOut>()),
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
