//! Standardisation (issue 6, item 4): how far assessors agree when they judge the same evidence
//! (percentage agreement, Cohen's and Fleiss' kappa), when a qualification is due its yearly
//! activity, the anonymised copy markers see, and what an IQA records. Pure: no I/O.

pub mod activity;
pub mod agreement;
pub mod anonymise;
pub mod decision_log;
pub mod due;

/// A marker's judgement of one criterion in a double-marking exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Met,
    NotYetMet,
}

impl Verdict {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "met" => Some(Self::Met),
            "not_yet_met" => Some(Self::NotYetMet),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::NotYetMet => "not_yet_met",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::NotYetMet => "not yet met",
        }
    }

    pub const ALL: [Self; 2] = [Self::Met, Self::NotYetMet];
}
