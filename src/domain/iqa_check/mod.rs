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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckOutcome {
    Agree,
    Refer,
}

impl CheckOutcome {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "agree" => Some(Self::Agree),
            "refer" => Some(Self::Refer),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Agree => "agree",
            Self::Refer => "refer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Agree => "Agreed",
            Self::Refer => "Referred back to the assessor",
        }
    }
}

/// Where a sample stands (`samples.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleStatus {
    /// Sampled, not checked yet.
    Open,
    /// The first check agreed.
    Agreed,
    /// Referred back: actions to close and a check to agree.
    Referred,
    /// Referred, then every action closed and a later check agreed.
    Resolved,
}

impl SampleStatus {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "open" => Some(Self::Open),
            "agreed" => Some(Self::Agreed),
            "referred" => Some(Self::Referred),
            "resolved" => Some(Self::Resolved),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Agreed => "agreed",
            Self::Referred => "referred",
            Self::Resolved => "resolved",
        }
    }

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
