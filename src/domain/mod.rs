//! The platform's rules as pure functions over the curriculum and plain records: who may assess,
//! witness and quality-assure (C6–C8), and the violations the API and pages report. No database,
//! HTTP or I/O here; callers load the facts and act on the answer.

pub mod assignment;
pub mod authentication;
pub mod claim_csv;
pub mod claim_holds;
pub mod claims;
pub mod codes;
pub mod cohort;
pub mod credentials;
pub mod dates;
pub mod digest;
pub mod eligibility;
pub mod evidence;
pub mod evidence_input;
pub mod evidence_kinds;
pub mod ids;
pub mod iqa_check;
pub mod judgement;
pub mod knowledge_check;
pub mod learning_hours;
pub mod observation;
pub mod occasion;
pub mod open_badge;
pub mod password_policy;
pub mod people;
pub mod plan;
pub mod programme;
pub mod registration;
pub mod registration_csv;
pub mod reliance;
pub mod resource;
pub mod retention;
pub mod roles;
pub mod rules;
pub mod sample_pack;
pub mod sampling;
pub mod sign_off;
pub mod signature;
pub mod standardisation;
pub mod sufficiency;
pub mod throttle;
pub mod tracker;
pub mod witness;
pub mod witness_answer;
pub mod word_count;
