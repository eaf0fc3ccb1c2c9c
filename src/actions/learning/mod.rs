pub mod check_attempts;
pub mod cohort;
pub mod knowledge_checks;
pub mod learning_hours;
pub mod programmes;
pub mod resource_upload;
pub mod resources;
pub mod wire;
