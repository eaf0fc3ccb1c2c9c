//! An IQA's check of a sampled decision: agree (the sample is closed) or refer (feedback and
//! actions with due dates for the assessor). A referred sample is resolved only when every action
//! is closed, by the assessor it belongs to, and a later check agrees. C8 holds here too: an IQA
//! never checks a decision they made. Plain data in, decisions out.

mod actions;
mod outcome;
mod reports;
mod sample;

pub use actions::{CloseRefused, check_closing_note, is_overdue, may_close_action};
pub use outcome::{ActionInput, CheckedOutcome, OutcomeInput, PlannedAction, check_outcome};
pub use reports::{MonthCount, SampleBlock, claim_blockers, referrals_by_month};
pub use sample::{CheckRefused, NextCheck, SampleState, next_check, require_not_own_decision};

/// At most this many actions on one referral.
pub const MAX_ACTIONS: usize = 20;

crate::codes! {
    /// What an IQA's check of a sample found (`sample_checks.outcome`).
    pub enum CheckOutcome {
        Agree = "agree",
        Refer = "refer",
    }
}

impl CheckOutcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Agree => "Agreed",
            Self::Refer => "Referred back to the assessor",
        }
    }
}

crate::codes! {
    /// Where a sample stands (`samples.status`).
    pub enum SampleStatus {
        /// Sampled, not checked yet.
        Open = "open",
        /// The first check agreed.
        Agreed = "agreed",
        /// Referred back: actions to close and a check to agree.
        Referred = "referred",
        /// Referred, then every action closed and a later check agreed.
        Resolved = "resolved",
    }
}

impl SampleStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Waiting for the IQA's check",
            Self::Agreed => "Agreed",
            Self::Referred => "Referred back to the assessor",
            Self::Resolved => "Resolved: actions closed and the re-check agreed",
        }
    }
}

/// "1 action is", "2 actions are".
fn actions_phrase(open: usize) -> String {
    if open == 1 {
        "1 action is".to_owned()
    } else {
        format!("{open} actions are")
    }
}

#[cfg(test)]
mod tests;
