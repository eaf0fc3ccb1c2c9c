//! Centres, their people, EQA grants, staff credentials, CPD and eligibility.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::actions::ActionError;
use crate::actions::people::centre_people::CredentialInput;
use crate::actions::people::staff_list::{PeoplePage, PeopleQuery};
use crate::domain::eligibility::{Decision, Eligibility, QualificationDecision, UnitEligibility};
use crate::domain::ids::UserId;
use crate::store::people::{Centre, EqaGrant, User};

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

/// A centre just created: `POST /api/v1/centres`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CentreCreated {
    pub id: String,
}

/// A person of a centre with their roles there.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CentrePerson {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Role codes: `centre_admin`, `tutor`, `assessor`, `iqa`, `learner`.
    pub roles: Vec<String>,
}

impl CentrePerson {
    pub fn new(user: User, roles: Vec<String>) -> Self {
        Self {
            id: user.id,
            name: user.name,
            email: user.email,
            roles,
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/users`: a page of the centre's people, in name order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PeopleList {
    pub people: Vec<CentrePerson>,
    /// How many people the whole list holds (with the search and role asked for).
    pub total: i64,
    /// Give this as `after` for the next page; null on the last page.
    pub next: Option<String>,
}

impl From<PeoplePage> for PeopleList {
    fn from(page: PeoplePage) -> Self {
        Self {
            people: page
                .people
                .into_iter()
                .map(|(user, roles)| CentrePerson::new(user, roles))
                .collect(),
            total: page.total,
            next: page.next,
        }
    }
}

/// The list of people's query string, as the centre page's search form and the API send it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PeopleParams {
    /// Words in the person's name or email.
    #[serde(default)]
    pub q: Option<String>,
    /// Empty or `staff` (anyone with a role other than learner), `everyone`, or a role's code.
    #[serde(default)]
    pub role: Option<String>,
    /// The `next` of the page before.
    #[serde(default)]
    pub after: Option<String>,
    /// People a page, 1 to 200 (default 50).
    #[serde(default)]
    pub per_page: Option<String>,
}

impl PeopleParams {
    /// The query these ask for; what cannot be read is said in words.
    pub fn query(&self) -> Result<PeopleQuery, ActionError> {
        let (per_page, _) =
            crate::actions::assessment::wire::page_place(self.per_page.as_deref(), None)?;
        let after = match self.after.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(
                UserId::parse(text)
                    .map_err(|_| crate::actions::assessment::caseload::place_gone())?,
            ),
        };
        Ok(PeopleQuery {
            search: self.q.clone().filter(|q| !q.trim().is_empty()),
            holding: PeopleQuery::holding_from(self.role.as_deref())?,
            after,
            per_page,
        })
    }
}

/// A centre: `GET /api/v1/centres/{centre_id}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CentreOut {
    pub id: String,
    pub name: String,
    /// City & Guilds centre number.
    pub cg_centre_number: Option<String>,
    /// SQA centre number.
    pub sqa_centre_number: Option<String>,
    /// The centre's people, for its centre administrators and IQAs (and the platform
    /// administrator); `null` for anyone else.
    pub people: Option<Vec<CentrePerson>>,
}

impl CentreOut {
    pub fn new(centre: Centre, people: Option<Vec<CentrePerson>>) -> Self {
        Self {
            id: centre.id,
            name: centre.name,
            cg_centre_number: centre.cg_centre_number,
            sqa_centre_number: centre.sqa_centre_number,
            people,
        }
    }
}

/// A person added (or given roles): `POST /api/v1/centres/{centre_id}/users`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonAdded {
    /// The person's user id (an existing account keeps its id).
    pub id: String,
}

/// An EQA grant just given: `POST /api/v1/centres/{centre_id}/eqa-grants`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaGrantCreated {
    pub id: String,
    pub user_id: String,
    /// RFC 3339: the end of the last day of access.
    pub expires_at: String,
}

impl From<&EqaGrant> for EqaGrantCreated {
    fn from(g: &EqaGrant) -> Self {
        Self {
            id: g.id.clone(),
            user_id: g.user_id.clone(),
            expires_at: time(g.expires_at),
        }
    }
}

/// An EQA's read-only access to one qualification of the centre.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaGrantOut {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub qualification_id: String,
    /// RFC 3339.
    pub expires_at: String,
}

impl EqaGrantOut {
    pub fn new(g: &EqaGrant, name: &str, email: &str) -> Self {
        Self {
            id: g.id.clone(),
            user_id: g.user_id.clone(),
            name: name.to_owned(),
            email: email.to_owned(),
            qualification_id: g.qualification_id.clone(),
            expires_at: time(g.expires_at),
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/eqa-grants`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaGrantList {
    pub grants: Vec<EqaGrantOut>,
}

/// Staff credentials to record: `{credentials: [...]}`, or one credential on its own.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum StaffCredentialsRequest {
    Many { credentials: Vec<CredentialInput> },
    One(CredentialInput),
}

impl StaffCredentialsRequest {
    pub fn into_list(self) -> Vec<CredentialInput> {
        match self {
            Self::Many { credentials } => credentials,
            Self::One(one) => vec![one],
        }
    }
}

/// Credentials recorded: `POST /api/v1/users/{user_id}/credentials`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffCredentialsAdded {
    /// One id per credential, in the order sent.
    pub ids: Vec<String>,
}

/// A CPD entry logged: `POST /api/v1/users/{user_id}/cpd`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CpdLogged {
    pub id: String,
}

/// May this person do this? With the reasons in plain words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EligibilityDecision {
    pub allowed: bool,
    pub reasons: Vec<String>,
    pub warnings: Vec<String>,
}

impl From<&Decision> for EligibilityDecision {
    fn from(d: &Decision) -> Self {
        Self {
            allowed: d.allowed,
            reasons: d.reasons.clone(),
            warnings: d.warnings.clone(),
        }
    }
}

/// May assess a unit (C6).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitEligibilityOut {
    pub unit_id: String,
    pub unit_title: String,
    pub decision: EligibilityDecision,
}

impl From<&UnitEligibility> for UnitEligibilityOut {
    fn from(u: &UnitEligibility) -> Self {
        Self {
            unit_id: u.unit_id.clone(),
            unit_title: u.unit_title.clone(),
            decision: EligibilityDecision::from(&u.decision),
        }
    }
}

/// May quality-assure (C8) or act as an expert witness (C7) for a qualification.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QualificationEligibilityOut {
    pub qualification_id: String,
    pub decision: EligibilityDecision,
}

impl From<&QualificationDecision> for QualificationEligibilityOut {
    fn from(q: &QualificationDecision) -> Self {
        Self {
            qualification_id: q.qualification_id.clone(),
            decision: EligibilityDecision::from(&q.decision),
        }
    }
}

/// `GET /api/v1/users/{user_id}/eligibility`: per unit and per qualification, with reasons.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffEligibility {
    pub user_id: String,
    pub units: Vec<UnitEligibilityOut>,
    pub quality_assurance: Vec<QualificationEligibilityOut>,
    pub expert_witness: Vec<QualificationEligibilityOut>,
}

impl StaffEligibility {
    pub fn new(user_id: &UserId, eligibility: &Eligibility) -> Self {
        Self {
            user_id: user_id.to_string(),
            units: eligibility.units.iter().map(Into::into).collect(),
            quality_assurance: eligibility
                .quality_assurance
                .iter()
                .map(Into::into)
                .collect(),
            expert_witness: eligibility.expert_witness.iter().map(Into::into).collect(),
        }
    }
}

/// `POST /api/v1/centres/{centre_id}/support-access`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SupportAccessRequest {
    /// What the support is for (kept in the audit trail).
    #[serde(default)]
    #[schema(example = "Looking into the missing sign-off for a learner")]
    pub reason: String,
    /// How many days it lasts, 1 to 7 (a string holding the number is accepted too).
    #[serde(default)]
    #[schema(value_type = i64, minimum = 1, maximum = 7)]
    pub days: serde_json::Value,
}

impl SupportAccessRequest {
    /// The days as typed, for the domain's check.
    pub fn days_text(&self) -> String {
        match &self.days {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => String::new(),
        }
    }
}

/// The support access a centre gave the platform's administrators.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SupportAccessOut {
    pub centre_id: String,
    pub reason: String,
    /// RFC 3339.
    pub granted_at: String,
    /// RFC 3339: the access ends by itself then.
    pub ends_at: String,
}

impl From<crate::store::support_access::SupportGrant> for SupportAccessOut {
    fn from(g: crate::store::support_access::SupportGrant) -> Self {
        Self {
            centre_id: g.centre_id,
            reason: g.reason,
            granted_at: g.granted_at.and_utc().to_rfc3339(),
            ends_at: g.ends_at.and_utc().to_rfc3339(),
        }
    }
}

/// Whether a support access stands now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SupportAccessStanding {
    /// `null` when the platform's administrators have no support access now.
    pub support_access: Option<SupportAccessOut>,
}
