//! Many IQA checks in one request: `POST /api/v1/centres/{centre_id}/sample-outcomes`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::sample_checks::{
    IqaActionOut, IqaActionRequest, SampleCheckOut, SampleCheckRecorded, SampleOutcomeRequest,
};
use crate::actions::iqa::sample_outcomes::{Recorded, SampleOutcome};
use crate::domain::ids::SampleId;

/// One sampled decision's outcome in a batch: the fields of `POST /api/v1/samples/{sample_id}/outcome`
/// with the sample's id.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SampleOutcomeItem {
    /// The sample (`GET /api/v1/centres/{centre_id}/samples`).
    pub sample_id: SampleId,
    /// `agree` or `refer`.
    #[schema(example = "agree")]
    pub outcome: String,
    /// Needed to refer.
    #[serde(default)]
    pub feedback: String,
    /// At least one, with a due date, to refer.
    #[serde(default)]
    pub actions: Vec<IqaActionRequest>,
}

/// Checks of many sampled decisions at once, all or none.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SampleOutcomesRequest {
    /// At least one; each sample once.
    pub outcomes: Vec<SampleOutcomeItem>,
}

impl SampleOutcomesRequest {
    pub fn into_outcomes(self) -> Vec<SampleOutcome> {
        self.outcomes
            .into_iter()
            .map(|item| SampleOutcome {
                sample_id: item.sample_id,
                input: SampleOutcomeRequest {
                    outcome: item.outcome,
                    feedback: item.feedback,
                    actions: item.actions,
                }
                .into(),
            })
            .collect()
    }
}

/// The checks just recorded, in the order sent, each with its sample's status and the actions it
/// set.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SampleOutcomesRecorded {
    pub checks: Vec<SampleCheckRecorded>,
}

impl From<&[Recorded]> for SampleOutcomesRecorded {
    fn from(recorded: &[Recorded]) -> Self {
        Self {
            checks: recorded
                .iter()
                .map(|r| SampleCheckRecorded {
                    check: SampleCheckOut::from(&r.check),
                    status: r.status,
                    actions: r.actions.iter().map(IqaActionOut::from).collect(),
                })
                .collect(),
        }
    }
}
