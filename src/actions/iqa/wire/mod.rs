//! The JSON the IQA API takes and gives (sampling, checks and actions, standardisation): one
//! struct per shape, named as the OpenAPI document names it. Field names are the API's contract
//! (API.md); add, never rename.

pub mod double_marking;
pub mod sample_checks;
pub mod sample_outcomes;
pub mod sampling_plans;
pub mod sampling_proposal;
pub mod sampling_report;
pub mod standardisation;

/// A stored time as RFC 3339 (UTC), as every IQA answer writes it.
pub(crate) fn rfc3339(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}
