//! The JSON the people API takes and gives: centres and staff, signing in, registrations, the
//! audit trail and the service's own answers (health, mail). One struct per shape, named as the
//! OpenAPI document names it. Field names are the API's contract (API.md): add, never rename.

pub mod centres;
pub mod invitations;
pub mod notifications;
pub mod registration_import;
pub mod registrations;
pub mod service;
pub mod sessions;

pub use notifications::*;
