//! Standardisation (issue 6, item 4): how far assessors agree when they judge the same evidence
//! (percentage agreement, Cohen's and Fleiss' kappa), when a qualification is due its yearly
//! activity, the anonymised copy markers see, and what an IQA records. Pure: no I/O.

pub mod activity;
pub mod agreement;
pub mod anonymise;
pub mod decision_log;
pub mod due;

crate::codes! {
    /// A marker's judgement of one criterion in a double-marking exercise, and the outcome the
    /// IQA records in the decision log (`double_marking_judgements.outcome`,
    /// `standardisation_decisions.outcome`).
    pub enum Verdict {
        Met = "met",
        NotYetMet = "not_yet_met",
    }
}

crate::codes! {
    /// Whether a double-marking exercise still takes judgements
    /// (`double_marking_exercises.status`).
    pub enum ExerciseStatus {
        Open = "open",
        Closed = "closed",
    }
}

crate::codes! {
    /// How a person stands to a standardisation activity (`standardisation_people.relation`):
    /// attended it, or is an assessor it concerns.
    pub enum ActivityRelation {
        Attendee = "attendee",
        Concerns = "concerns",
    }
}

impl Verdict {
    pub fn words(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::NotYetMet => "not yet met",
        }
    }
}
