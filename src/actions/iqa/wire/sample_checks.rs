//! IQA checks of a sampled decision and the actions they set: `…/samples/{sample_id}`,
//! `…/outcome`, `…/iqa-actions`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use crate::actions::iqa::iqa_actions_report::{ActionsReport, OpenAction};
use crate::actions::iqa::sample_checks::SampleDetail;
use crate::domain::ids::CentreId;
use crate::domain::iqa_check::{ActionInput, OutcomeInput};
use crate::domain::iqa_check::{CheckOutcome, SampleStatus};
use crate::domain::sampling::Stage;
use crate::store::sample_checks::{Action, Check};

/// One IQA check of a sample.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SampleCheckOut {
    pub id: String,
    pub sample_id: String,
    /// 1 for the first check, 2 for the check after a referral, …
    pub check_no: i32,
    /// `agree` or `refer`.
    #[schema(example = "agree")]
    pub outcome: CheckOutcome,
    pub feedback: String,
    pub iqa_id: String,
    /// RFC 3339.
    pub recorded_at: String,
}

impl From<&Check> for SampleCheckOut {
    fn from(c: &Check) -> Self {
        Self {
            id: c.id.clone(),
            sample_id: c.sample_id.clone(),
            check_no: c.check_no,
            outcome: c.outcome,
            feedback: c.feedback.clone(),
            iqa_id: c.iqa_id.clone(),
            recorded_at: rfc3339(c.recorded_at),
        }
    }
}

/// An action a referral set the assessor.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IqaActionOut {
    pub id: String,
    pub sample_id: String,
    pub registration_id: String,
    pub assessor_id: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub closed: bool,
    /// RFC 3339.
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub closing_note: Option<String>,
}

impl From<&Action> for IqaActionOut {
    fn from(a: &Action) -> Self {
        Self {
            id: a.id.clone(),
            sample_id: a.sample_id.clone(),
            registration_id: a.registration_id.clone(),
            assessor_id: a.assessor_id.clone(),
            description: a.description.clone(),
            due_on: a.due_on.to_string(),
            closed: a.is_closed(),
            closed_at: a.closed_at.map(rfc3339),
            closed_by: a.closed_by.clone(),
            closing_note: a.closing_note.clone(),
        }
    }
}

/// Evidence the sampled decision relied on, in the version judged.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SampleEvidence {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub version: i32,
    /// The evidence page.
    pub link: String,
}

/// The sampled decision.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SampledDecision {
    pub judgement_id: String,
    pub round: i32,
    /// `met` or `not_yet_met`.
    #[schema(example = "met")]
    pub outcome: String,
    pub feedback: String,
    pub assessor_id: String,
    /// RFC 3339.
    pub judged_at: String,
    pub evidence: Vec<SampleEvidence>,
}

/// A sample with its decision, the evidence relied on, its checks and actions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SampleDetailOut {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub registration_id: String,
    pub unit_id: String,
    pub item_id: String,
    /// The item's id and wording.
    pub item: String,
    pub assessor_id: String,
    pub iqa_id: String,
    /// `interim` or `summative`.
    #[schema(example = "interim")]
    pub stage: Stage,
    /// `open`, `agreed`, `referred` or `resolved`.
    #[schema(example = "open")]
    pub status: SampleStatus,
    /// The unit has a standing sign-off.
    pub summative: bool,
    pub workplace: String,
    pub decision: SampledDecision,
    pub checks: Vec<SampleCheckOut>,
    pub actions: Vec<IqaActionOut>,
    /// Sufficiency warnings for the unit: its met decisions rest on too little, or without the
    /// mix of methods the unit expects (warnings, not refusals).
    pub sufficiency_warnings: Vec<String>,
}

impl From<&SampleDetail> for SampleDetailOut {
    fn from(d: &SampleDetail) -> Self {
        let s = &d.sample;
        let j = &d.judgement;
        Self {
            id: s.id.clone(),
            centre_id: s.centre_id.clone(),
            qualification_id: s.qualification_id.clone(),
            registration_id: s.registration_id.clone(),
            unit_id: s.unit_id.clone(),
            item_id: s.item_id.clone(),
            item: d.item.clone(),
            assessor_id: s.assessor_id.clone(),
            iqa_id: s.iqa_id.clone(),
            stage: s.stage,
            status: s.status,
            summative: d.signed_off,
            workplace: d.workplace.clone(),
            decision: SampledDecision {
                judgement_id: j.id.clone(),
                round: j.round,
                outcome: j.outcome.into(),
                feedback: j.feedback.clone(),
                assessor_id: j.assessor_id.clone(),
                judged_at: rfc3339(j.judged_at),
                evidence: d
                    .evidence
                    .iter()
                    .map(|(e, version)| SampleEvidence {
                        id: e.id.clone(),
                        title: e.title.clone(),
                        kind: e.kind.clone(),
                        version: *version,
                        link: format!("/evidence/{}", e.id),
                    })
                    .collect(),
            },
            checks: d.checks.iter().map(SampleCheckOut::from).collect(),
            actions: d.actions.iter().map(IqaActionOut::from).collect(),
            sufficiency_warnings: d.sufficiency.clone(),
        }
    }
}

/// An action set with a referral, as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct IqaActionRequest {
    pub description: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
}

/// The IQA's outcome: `POST /api/v1/samples/{sample_id}/outcome`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SampleOutcomeRequest {
    /// `agree` or `refer`.
    #[schema(example = "agree")]
    pub outcome: String,
    /// Needed to refer.
    pub feedback: String,
    /// At least one, with a due date, to refer.
    pub actions: Vec<IqaActionRequest>,
}

impl From<SampleOutcomeRequest> for OutcomeInput {
    fn from(b: SampleOutcomeRequest) -> Self {
        Self {
            outcome: b.outcome,
            feedback: b.feedback,
            actions: b
                .actions
                .into_iter()
                .map(|a| ActionInput {
                    description: a.description,
                    due_on: a.due_on,
                })
                .collect(),
        }
    }
}

/// The check just recorded, with the sample's status and actions after it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SampleCheckRecorded {
    #[serde(flatten)]
    pub check: SampleCheckOut,
    /// The sample's status now.
    #[schema(example = "agreed")]
    pub status: SampleStatus,
    pub actions: Vec<IqaActionOut>,
}

/// Closing an action: `POST /api/v1/iqa-actions/{action_id}/close`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct IqaActionCloseRequest {
    /// What the assessor did.
    pub note: String,
}

/// An open action in the centre's list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenIqaAction {
    pub id: String,
    pub sample_id: String,
    pub registration_id: String,
    pub item_id: String,
    pub assessor_id: String,
    /// The assessor's name.
    pub assessor: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub overdue: bool,
}

impl From<&OpenAction> for OpenIqaAction {
    fn from(o: &OpenAction) -> Self {
        Self {
            id: o.action.id.clone(),
            sample_id: o.sample.id.clone(),
            registration_id: o.action.registration_id.clone(),
            item_id: o.sample.item_id.clone(),
            assessor_id: o.action.assessor_id.clone(),
            assessor: o.assessor_name.clone(),
            description: o.action.description.clone(),
            due_on: o.action.due_on.to_string(),
            overdue: o.overdue,
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/iqa-actions`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IqaActionList {
    pub centre_id: String,
    /// `open` or `overdue`.
    #[schema(example = "open")]
    pub state: String,
    /// `YYYY-MM-DD`: the day overdue is counted from.
    pub as_of: String,
    pub actions: Vec<OpenIqaAction>,
}

impl IqaActionList {
    /// The report's open actions (it holds only the overdue ones when asked for those).
    pub fn new(centre_id: &CentreId, overdue: bool, report: &ActionsReport) -> Self {
        Self {
            centre_id: centre_id.to_string(),
            state: if overdue { "overdue" } else { "open" }.to_owned(),
            as_of: report.today.to_string(),
            actions: report.open.iter().map(OpenIqaAction::from).collect(),
        }
    }
}
