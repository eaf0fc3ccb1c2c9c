//! maud views: plain functions from view data to markup. They never touch the database.

pub mod account;
pub mod admin;
pub mod assessment;
pub mod centre;
pub mod claims;
pub mod credentials;
pub mod curriculum;
pub mod double_marking;
pub mod eqa;
pub mod error;
pub mod evidence;
pub mod forms;
pub mod iqa_actions_report;
pub mod knowledge_checks;
pub mod layout;
pub mod markdown;
pub mod notifications;
pub mod occasions;
pub mod plans;
pub mod records;
pub mod registrations;
pub mod sample_checks;
pub mod sample_pack;
pub mod standardisation;
pub mod witness;
pub mod witness_link;
