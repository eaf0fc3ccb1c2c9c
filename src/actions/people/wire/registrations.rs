//! Registrations: registering a learner, reading, transferring; the CSV import's report is in
//! `registration_import`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::actions::ActionError;
use crate::actions::people::registration_list::{RegistrationListPage, RegistrationListQuery};
use crate::actions::people::registrations::UnitStaffing;
use crate::domain::registration::RegistrationInput;
use crate::store::registrations::{PriorLearningRecord, Registration, RegistrationChange};

/// The learner, when given as an object rather than flat fields.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RegistrationLearner {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub date_of_birth: Option<String>,
}

/// `POST /api/v1/centres/{centre_id}/registrations`. The learner is given either flat
/// (`learner_name`, `learner_email`, `date_of_birth`) or as `learner: {name, email,
/// date_of_birth}` (which wins where both are given); one of the two is needed.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RegistrationRequest {
    #[serde(default)]
    pub learner: Option<RegistrationLearner>,
    #[serde(default)]
    pub learner_name: Option<String>,
    #[serde(default)]
    pub learner_email: Option<String>,
    /// YYYY-MM-DD; C1: at least 16 on the start date.
    #[serde(default)]
    pub date_of_birth: Option<String>,
    pub qualification_id: String,
    #[serde(default)]
    pub awarding_body_ref: String,
    /// YYYY-MM-DD.
    pub start_date: String,
    /// YYYY-MM-DD.
    pub planned_end_date: String,
    #[serde(default)]
    pub employer: String,
    #[serde(default)]
    pub workplace: String,
    /// C6: eligible to assess the qualification's units.
    pub assessor_id: String,
    /// C8: not the assessor.
    pub iqa_id: String,
    #[serde(default)]
    pub tutor_id: String,
    #[serde(default)]
    pub support_needs: String,
    #[serde(default)]
    pub reasonable_adjustments: String,
    #[serde(default)]
    pub open_learning: bool,
    /// S4: the open-learning authenticator's name (usually at the employer; no account).
    #[serde(default)]
    pub authenticator: String,
    /// S4: the authenticator's role, for example Line manager (open learning).
    #[serde(default)]
    pub authenticator_role: String,
    /// S4: the authenticator's email, where their single-use links go (open learning).
    #[serde(default)]
    pub authenticator_email: String,
    /// S6: the learner has completed FM96 34 (SQA only; a warning when not).
    #[serde(default)]
    pub completed_prior_unit: bool,
    /// C2: anything here is refused (`rpl_not_allowed`).
    #[serde(default)]
    pub prior_learning: String,
    #[serde(default)]
    pub exemptions: Vec<String>,
}

fn needed(value: Option<String>, field: &str) -> Result<String, ActionError> {
    value.ok_or_else(|| {
        ActionError::Malformed(format!(
            "The JSON body is not as expected: missing field `{field}` (or `learner.{}`)",
            field.trim_start_matches("learner_")
        ))
    })
}

impl RegistrationRequest {
    /// The registration as the rules read it; a learner given neither way is malformed.
    pub fn into_input(self) -> Result<RegistrationInput, ActionError> {
        let learner = self.learner.unwrap_or_default();
        Ok(RegistrationInput {
            learner_name: needed(learner.name.or(self.learner_name), "learner_name")?,
            learner_email: needed(learner.email.or(self.learner_email), "learner_email")?,
            date_of_birth: needed(
                learner.date_of_birth.or(self.date_of_birth),
                "date_of_birth",
            )?,
            qualification_id: self.qualification_id,
            awarding_body_ref: self.awarding_body_ref,
            start_date: self.start_date,
            planned_end_date: self.planned_end_date,
            employer: self.employer,
            workplace: self.workplace,
            assessor_id: self.assessor_id,
            iqa_id: self.iqa_id,
            tutor_id: self.tutor_id,
            support_needs: self.support_needs,
            reasonable_adjustments: self.reasonable_adjustments,
            open_learning: self.open_learning,
            authenticator: self.authenticator,
            authenticator_role: self.authenticator_role,
            authenticator_email: self.authenticator_email,
            completed_prior_unit: self.completed_prior_unit,
            prior_learning: self.prior_learning,
            exemptions: self.exemptions,
        })
    }
}

/// A learner registered.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationCreated {
    pub id: String,
    pub learner_id: String,
    /// Advice that does not block (S6: a recommended prior unit not completed).
    pub warnings: Vec<String>,
}

/// Registering someone who already has an account and does not belong to the centre answers
/// 202 with this: they are asked (by email and in the app), and registered once they accept.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearnerInvited {
    pub invitation_id: String,
    /// Always `invited`.
    pub status: String,
    pub message: String,
    /// Advice that does not block (S6), as for a registration made at once.
    pub warnings: Vec<String>,
}

impl LearnerInvited {
    pub fn new(invitation: &crate::store::invitations::Invitation, warnings: Vec<String>) -> Self {
        Self {
            invitation_id: invitation.id.clone(),
            status: "invited".to_owned(),
            message: "This learner already has an account and does not belong to the centre, so they have been asked by email and in the app; they are registered once they accept, and until then the centre sees nothing of them.".to_owned(),
            warnings,
        }
    }
}

/// A registration: a learner on a qualification at a centre.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationOut {
    pub id: String,
    pub centre_id: String,
    pub learner_id: String,
    pub qualification_id: String,
    pub awarding_body_ref: Option<String>,
    pub date_of_birth: chrono::NaiveDate,
    pub start_date: chrono::NaiveDate,
    pub planned_end_date: chrono::NaiveDate,
    pub employer: String,
    pub workplace: String,
    pub assessor_id: String,
    pub iqa_id: String,
    pub tutor_id: Option<String>,
    pub support_needs: String,
    pub reasonable_adjustments: String,
    pub open_learning: bool,
    pub authenticator: Option<String>,
    /// `active` or `withdrawn`.
    #[schema(example = "active")]
    pub status: String,
    pub registered_on: chrono::NaiveDate,
}

impl From<&Registration> for RegistrationOut {
    fn from(r: &Registration) -> Self {
        Self {
            id: r.id.clone(),
            centre_id: r.centre_id.clone(),
            learner_id: r.learner_id.clone(),
            qualification_id: r.qualification_id.clone(),
            awarding_body_ref: r.awarding_body_ref.clone(),
            date_of_birth: r.date_of_birth,
            start_date: r.start_date,
            planned_end_date: r.planned_end_date,
            employer: r.employer.clone(),
            workplace: r.workplace.clone(),
            assessor_id: r.assessor_id.clone(),
            iqa_id: r.iqa_id.clone(),
            tutor_id: r.tutor_id.clone(),
            support_needs: r.support_needs.clone(),
            reasonable_adjustments: r.reasonable_adjustments.clone(),
            open_learning: r.open_learning,
            authenticator: r.authenticator.clone(),
            status: r.status.into(),
            registered_on: r.registered_on,
        }
    }
}

/// A registration in a list, with the learner's name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationRow {
    #[serde(flatten)]
    pub registration: RegistrationOut,
    pub learner_name: String,
}

impl RegistrationRow {
    pub fn new(r: &Registration, learner_name: &str) -> Self {
        Self {
            registration: r.into(),
            learner_name: learner_name.to_owned(),
        }
    }
}

/// One change in a registration's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationChangeOut {
    /// RFC 3339.
    pub at: String,
    /// The user id of who made it.
    pub by: String,
    #[schema(example = "transferred")]
    pub change: String,
    pub reason: String,
    /// What changed (free-form).
    pub details: Value,
}

impl From<&RegistrationChange> for RegistrationChangeOut {
    fn from(c: &RegistrationChange) -> Self {
        Self {
            at: c.changed_at.and_utc().to_rfc3339(),
            by: c.changed_by.clone(),
            change: c.change.clone(),
            reason: c.reason.clone(),
            details: c.details.0.clone(),
        }
    }
}

/// `GET /api/v1/registrations/{registration_id}`: the registration and its history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationDetail {
    #[serde(flatten)]
    pub registration: RegistrationOut,
    pub history: Vec<RegistrationChangeOut>,
    /// C2: prior learning recognised at registration (null: none).
    pub prior_learning: Option<PriorLearningOut>,
    /// Every unit of the qualification with its assessor and IQA (C6 and C8 are per unit).
    pub units: Vec<UnitStaffing>,
}

/// C2: prior learning recognised at registration, where the qualification allows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PriorLearningOut {
    pub description: String,
    /// The units it exempts the learner from (unit ids).
    pub exemptions: Vec<String>,
    /// The user id of who recorded it.
    pub recorded_by: String,
    /// RFC 3339.
    pub recorded_at: String,
}

impl From<&PriorLearningRecord> for PriorLearningOut {
    fn from(p: &PriorLearningRecord) -> Self {
        Self {
            description: p.description.clone(),
            exemptions: p.exemptions.0.clone(),
            recorded_by: p.recorded_by.clone(),
            recorded_at: p.recorded_at.and_utc().to_rfc3339(),
        }
    }
}

impl RegistrationDetail {
    pub fn new(
        r: &Registration,
        changes: &[RegistrationChange],
        prior_learning: Option<&PriorLearningRecord>,
        units: Vec<UnitStaffing>,
    ) -> Self {
        Self {
            registration: r.into(),
            history: changes.iter().map(Into::into).collect(),
            prior_learning: prior_learning.map(Into::into),
            units,
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/registrations`: a page of the centre's registrations, in
/// learner-name order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationList {
    pub registrations: Vec<RegistrationRow>,
    /// How many registrations the whole list holds (with the search and status asked for).
    pub total: i64,
    /// Give this as `after` for the next page; null on the last page.
    pub next: Option<String>,
}

impl From<&RegistrationListPage> for RegistrationList {
    fn from(page: &RegistrationListPage) -> Self {
        Self {
            registrations: page
                .rows
                .iter()
                .map(|(r, name)| RegistrationRow::new(r, name))
                .collect(),
            total: page.total,
            next: page.next.clone(),
        }
    }
}

/// The registrations list's query string, as the page's search form and the API send it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RegistrationListParams {
    /// Words in the learner's name, or the qualification's title or number.
    #[serde(default)]
    pub q: Option<String>,
    /// `active` (in progress), `withdrawn`, or empty for both.
    #[serde(default)]
    pub status: Option<String>,
    /// The `next` of the page before.
    #[serde(default)]
    pub after: Option<String>,
    /// Registrations a page, 1 to 200 (default 50).
    #[serde(default)]
    pub per_page: Option<String>,
}

impl RegistrationListParams {
    /// The query these ask for; what cannot be read is said in words.
    pub fn query(&self) -> Result<RegistrationListQuery, ActionError> {
        let (per_page, after) = crate::actions::assessment::wire::page_place(
            self.per_page.as_deref(),
            self.after.as_deref(),
        )?;
        Ok(RegistrationListQuery {
            search: self.q.clone().filter(|q| !q.trim().is_empty()),
            status: RegistrationListQuery::status_from(self.status.as_deref())?,
            after,
            per_page,
        })
    }
}

/// `GET /api/v1/registrations`: the caller's own registrations (as a learner) and those they
/// are allocated to (as assessor, IQA or tutor).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyRegistrations {
    pub own: Vec<RegistrationOut>,
    pub allocated: Vec<RegistrationRow>,
}

/// A registration's details changed: `PUT /api/v1/registrations/{registration_id}/details`. Every
/// field is sent; a field left out is emptied.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RegistrationDetailsRequest {
    /// City & Guilds enrolment number (3 letters and 4 digits; blank until issued) or SQA
    /// Scottish Candidate Number (9 digits).
    #[schema(example = "ABC1234")]
    pub awarding_body_ref: String,
    pub employer: String,
    /// Where practice is assessed (needed for a unit assessed in real work).
    pub workplace: String,
    /// `YYYY-MM-DD`, after the start date.
    #[schema(example = "2027-12-17")]
    pub planned_end_date: String,
    pub support_needs: String,
    pub reasonable_adjustments: String,
}

impl From<RegistrationDetailsRequest> for crate::domain::registration::DetailsInput {
    fn from(r: RegistrationDetailsRequest) -> Self {
        Self {
            awarding_body_ref: r.awarding_body_ref,
            employer: r.employer,
            workplace: r.workplace,
            planned_end_date: r.planned_end_date,
            support_needs: r.support_needs,
            reasonable_adjustments: r.reasonable_adjustments,
        }
    }
}

pub use super::registration_import::*;
