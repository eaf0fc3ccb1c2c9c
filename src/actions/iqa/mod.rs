pub mod double_marking;
pub mod iqa_actions_report;
pub mod sample_checks;
pub mod sample_detail;
pub mod sampling;
pub mod sampling_proposal;
pub mod sampling_report;
pub mod standardisation;
