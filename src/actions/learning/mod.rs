pub mod check_attempts;
mod check_evidence;
pub mod cohort;
pub mod knowledge_checks;
pub mod learning_hours;
pub mod programmes;
pub mod resource_upload;
pub mod resources;
pub mod wire;
