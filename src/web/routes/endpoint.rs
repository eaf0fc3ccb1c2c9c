//! One line of the route table: who may call it ([`Access`]), what it is ([`Kind`]), and what
//! it takes and gives ([`Endpoint`] with its [`Contract`]).

use actix_web::Route;
use actix_web::http::Method;

use crate::domain::roles::Role;
use crate::web::contract::{Body, Contract, QueryParameter, Success};

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
    /// A holder of one of these roles at the centre in the path (a platform administrator the
    /// centre lets in, by support access or while it has no administrator, counts as a centre
    /// administrator).
    Centre(&'static [Role]),
    /// The centre's own administrators: not a platform administrator let in by support access
    /// (403), so support access is given, renewed and ended by the centre alone.
    CentreOwnAdmin,
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
    /// A programme's knowledge checks: its centre's tutors and centre administrators, and the
    /// learners on it (other staff of the centre: 403; anyone else, a learner not on it too: 404).
    CheckReader,
    /// Writing checks and the cohort view: the centre's tutors and centre administrators (the
    /// programme's learners and other staff of the centre: 403; anyone else 404).
    CheckWriter,
    /// Taking a check: a learner on the programme (the centre's staff: 403; anyone else 404).
    CheckTaker,
    /// An attempt: the learner, the programme's tutors and centre administrators, whoever may see
    /// the learner's registration; anyone else 404.
    AttemptReader,
    /// Answering and offering an attempt as evidence: its learner (others who see it: 403).
    AttemptLearner,
    /// Marking an attempt: the centre's tutors and centre administrators (others who see it: 403).
    AttemptMarker,
    /// A certification claim: a centre administrator of its centre; anyone else 404.
    Claim,
}

impl Access {
    pub fn describe(self) -> String {
        match self {
            Self::Public => "Public: no sign-in needed.".to_owned(),
            Self::LinkToken => "Public, with the single-use token from the emailed link.".to_owned(),
            Self::SignedIn => "Signed in (Authorization: Bearer).".to_owned(),
            Self::PlatformAdmin => "The platform administrator.".to_owned(),
            Self::Centre([]) => "An EQA granted the qualification; the centre's staff get 403, anyone else 404.".to_owned(),
            Self::Centre(roles) => format!(
                "A {} of the centre; anyone else gets 404.",
                roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(" or ")
            ),
            Self::CentreOwnAdmin => "A centre_admin of the centre itself; a platform administrator let in by support access gets 403, anyone else 404.".to_owned(),
            Self::StaffRecord => "The person, or a centre_admin or iqa of one of their centres (changes: centre_admin); anyone else gets 404.".to_owned(),
            Self::Registration => "The learner, their assessor and tutor, the centre's centre_admin and iqa, an EQA granted the qualification; anyone else gets 404.".to_owned(),
            Self::RegistrationAdmin => "A centre_admin of the registration's centre; others who may see it get 403, anyone else 404.".to_owned(),
            Self::EvidenceWriter => "The learner, or their allocated assessor on their behalf; others who may see the registration get 403, anyone else 404.".to_owned(),
            Self::Learner => "The registration's learner; others who may see it get 403, anyone else 404.".to_owned(),
            Self::Assessor => "The registration's allocated assessor; others who may see it get 403, anyone else 404.".to_owned(),
            Self::CheckReader => "A tutor or centre_admin of the programme's centre, or a learner on the programme; other staff of the centre get 403, anyone else (a learner not on it too) 404.".to_owned(),
            Self::CheckWriter => "A tutor or centre_admin of the programme's centre; its learners and other staff of the centre get 403, anyone else 404.".to_owned(),
            Self::CheckTaker => "A learner on the programme; the centre's staff get 403, anyone else 404.".to_owned(),
            Self::AttemptReader => "The learner, a tutor or centre_admin of the centre, or anyone who may see the learner's registration; anyone else gets 404.".to_owned(),
            Self::AttemptLearner => "The attempt's learner; others who may see it get 403, anyone else 404.".to_owned(),
            Self::AttemptMarker => "A tutor or centre_admin of the programme's centre; others who may see it get 403, anyone else 404.".to_owned(),
            Self::Claim => "A centre_admin of the claim's centre; anyone else gets 404.".to_owned(),
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
    /// What the operation takes and gives (API endpoints), for the OpenAPI document.
    pub contract: Contract,
}

impl Endpoint {
    /// The JSON (or other) body the operation reads.
    pub fn takes(mut self, body: Body) -> Self {
        self.contract.request = Some(body);
        self
    }

    /// The success status and body the operation answers.
    pub fn gives(mut self, status: u16, body: Body) -> Self {
        self.contract.success = Success {
            status,
            body: Some(body),
        };
        self
    }

    /// A second success status and body some requests get.
    pub fn also_gives(mut self, status: u16, body: Body) -> Self {
        self.contract.also = Some(Success {
            status,
            body: Some(body),
        });
        self
    }

    /// The success status of an operation that answers with no body (204).
    pub fn gives_nothing(mut self, status: u16) -> Self {
        self.contract.success = Success { status, body: None };
        self
    }

    /// A write that reads no body.
    pub fn takes_nothing(mut self) -> Self {
        self.contract.no_body = true;
        self
    }

    /// Whether the operation changes something (POST, PUT, PATCH, DELETE).
    pub fn writes(&self) -> bool {
        !matches!(self.method, Method::GET | Method::HEAD)
    }

    /// `METHOD /path`, as the OpenAPI document writes it.
    pub fn operation(&self) -> String {
        format!("{} {}", self.method, self.openapi_path())
    }

    /// Query parameters the operation reads.
    pub fn query(mut self, parameters: &'static [QueryParameter]) -> Self {
        self.contract.query = parameters;
        self
    }

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
