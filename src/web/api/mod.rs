//! The JSON API under `/api/v1` (see API.md). Errors are `application/problem+json`.

pub mod assessment;
pub mod assignments;
pub mod audit;
pub mod authentication;
pub mod claims;
pub mod credentials;
pub mod curriculum;
pub mod eqa;
pub mod evidence;
pub mod knowledge_checks;
pub mod notifications;
pub mod occasions;
pub mod openapi;
pub mod people;
pub mod plans;
pub mod programmes;
pub mod records;
pub mod registrations;
pub mod resources;
pub mod sample_checks;
pub mod sampling;
pub mod sessions;
pub mod standardisation;
pub mod support_access;
pub mod witness;
