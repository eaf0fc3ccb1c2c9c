//! maud views: plain functions from view data to markup. They never touch the database.

pub mod account;
pub mod admin;
pub mod assessment;
pub mod centre;
pub mod curriculum;
pub mod error;
pub mod evidence;
pub mod forms;
pub mod layout;
pub mod markdown;
pub mod notifications;
pub mod occasions;
pub mod plans;
pub mod registrations;
pub mod witness;
pub mod witness_link;
