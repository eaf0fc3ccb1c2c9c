//! What a person can do, shared by the pages and the API so both apply the same rules, access
//! checks and audit entries. Each action: parse, authorise, run one write transaction.

pub mod assessment;
pub mod caseload;
pub mod due_next;
pub mod evidence;
pub mod evidence_files;
pub mod import;
pub mod judgements;
pub mod notifications;
pub mod observations;
pub mod occasion_answers;
pub mod occasions;
pub mod people;
pub mod plans;
pub mod registrations;
pub mod sign_off;
pub mod witness;
mod witness_decision;
pub mod witness_link;
