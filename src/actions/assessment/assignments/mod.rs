//! C4 for a unit assessed by an assignment its awarding body sets (City & Guilds Unit 001): the
//! centre records each version with its brief and marking guidance, the learner submits against
//! the version in force, the assessor marks the submission task by task, the centre records the
//! external verification, and the judgement path refuses a met decision on anything else.

pub mod marking;
pub mod recording;
pub mod rule;
pub mod submission;
pub mod verification;
pub mod version_files;
pub mod wire;
