//! IQA sampling (Q1, Q2, C8): the sampling plan and its rates per assessor, the CAMERA dimensions of
//! an assessment decision, and the reproducible proposal of a sample that meets the plan. Pure:
//! callers load the decisions and act on the answer.

pub mod camera;
pub mod plan;
pub mod proposal;
pub mod report;

#[cfg(test)]
mod proposal_tests;

crate::codes! {
    /// When in the programme a decision is sampled (Q2; `samples.stage`).
    pub enum Stage {
        /// During the programme: the unit is not signed off yet.
        Interim = "interim",
        /// Before a claim: the unit has a standing sign-off.
        Summative = "summative",
    }
}

crate::codes! {
    /// Who picked a sampled decision (`samples.picked_by`): the reproducible proposal, or the
    /// IQA by hand.
    pub enum PickedBy {
        Proposal = "proposal",
        Iqa = "iqa",
    }
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Self::Interim => "Interim (during the programme)",
            Self::Summative => "Summative (before a claim)",
        }
    }
}
