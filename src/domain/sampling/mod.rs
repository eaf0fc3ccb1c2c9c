//! IQA sampling (Q1, Q2, C8): the sampling plan and its rates per assessor, the CAMERA dimensions of
//! an assessment decision, and the reproducible proposal of a sample that meets the plan. Pure:
//! callers load the decisions and act on the answer.

pub mod camera;
pub mod plan;
pub mod proposal;
pub mod report;

#[cfg(test)]
mod proposal_tests;

/// When in the programme a decision is sampled (Q2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// During the programme: the unit is not signed off yet.
    Interim,
    /// Before a claim: the unit has a standing sign-off.
    Summative,
}

impl Stage {
    pub const ALL: [Stage; 2] = [Stage::Interim, Stage::Summative];

    pub fn code(self) -> &'static str {
        match self {
            Self::Interim => "interim",
            Self::Summative => "summative",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Interim => "Interim (during the programme)",
            Self::Summative => "Summative (before a claim)",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }
}
