//! The JSON the learning API takes and gives (programmes, learning hours, resources, knowledge
//! checks, assessment plans): one struct per shape, named as the OpenAPI document names it.
//! Field names are the API's contract (API.md); add, never rename.

pub mod checks;
pub mod cohort;
pub mod hours;
pub mod plans;
pub mod programmes;
pub mod resources;

/// RFC 3339, as every time in the API is written.
fn rfc3339(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}
