//! What a person can do, shared by the pages and the API so both apply the same rules, access
//! checks and audit entries. Each action: parse, authorise, run one write transaction.

pub mod caseload;
pub mod evidence;
pub mod evidence_files;
pub mod import;
pub mod notifications;
pub mod people;
pub mod registrations;
pub mod witness;
mod witness_decision;
pub mod witness_link;
