//! The JSON API under `/api/v1` (see API.md). Errors are `application/problem+json`.

pub mod assessment;
pub mod audit;
pub mod curriculum;
pub mod evidence;
pub mod notifications;
pub mod occasions;
pub mod openapi;
pub mod people;
pub mod plans;
pub mod registrations;
pub mod sessions;
pub mod witness;
