//! Where a sample goes with each check: C8, a settled sample, a referral with actions still open,
//! and the status a new check leaves it in.

use super::{CheckOutcome, SampleStatus, actions_phrase};
use crate::domain::rules::RuleViolation;

/// C8: an IQA may never check a decision they made as its assessor.
pub fn require_not_own_decision(iqa_id: &str, assessor_id: &str) -> Result<(), RuleViolation> {
    if iqa_id == assessor_id {
        Err(RuleViolation::IqaOwnDecision)
    } else {
        Ok(())
    }
}

/// Why a check cannot be recorded now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckRefused {
    /// C8.
    OwnDecision,
    /// Agreed or resolved: nothing is left to check.
    Settled,
    /// Referred, and `open` actions are not closed yet.
    ActionsOpen { open: usize },
}

impl CheckRefused {
    pub fn message(&self) -> String {
        match self {
            Self::OwnDecision => RuleViolation::IqaOwnDecision.to_string(),
            Self::Settled => {
                "This sample is already settled: the IQA agreed the decision.".to_owned()
            }
            Self::ActionsOpen { open } => format!(
                "The decision cannot be checked again yet: {} still open. The assessor closes them first.",
                actions_phrase(*open)
            ),
        }
    }
}

/// The sample as a check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleState {
    pub status: SampleStatus,
    /// The assessor whose decision was sampled.
    pub assessor_id: String,
    /// Checks recorded so far.
    pub checks: i32,
    /// Actions not closed yet.
    pub open_actions: usize,
}

/// What recording a check does: its number and the sample's status after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextCheck {
    pub check_no: i32,
    pub status: SampleStatus,
}

/// Whether `iqa_id` may record `outcome` on the sample now, and with what effect. The first check
/// agrees (closed) or refers; after a referral, once every action is closed, a later check agrees
/// (resolved) or refers again (new actions).
pub fn next_check(
    sample: &SampleState,
    iqa_id: &str,
    outcome: CheckOutcome,
) -> Result<NextCheck, CheckRefused> {
    if require_not_own_decision(iqa_id, &sample.assessor_id).is_err() {
        return Err(CheckRefused::OwnDecision);
    }
    let referred_before = match sample.status {
        SampleStatus::Agreed | SampleStatus::Resolved => return Err(CheckRefused::Settled),
        SampleStatus::Referred if sample.open_actions > 0 => {
            return Err(CheckRefused::ActionsOpen {
                open: sample.open_actions,
            });
        }
        SampleStatus::Referred => true,
        SampleStatus::Open => false,
    };
    let status = match (outcome, referred_before) {
        (CheckOutcome::Agree, false) => SampleStatus::Agreed,
        (CheckOutcome::Agree, true) => SampleStatus::Resolved,
        (CheckOutcome::Refer, _) => SampleStatus::Referred,
    };
    Ok(NextCheck {
        check_no: sample.checks + 1,
        status,
    })
}
