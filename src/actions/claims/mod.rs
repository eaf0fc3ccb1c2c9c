mod achievement_record;
pub mod claim;
pub mod claim_documents;
pub mod claim_facts;
mod claim_steps;
pub mod open_badges;
pub mod records;
pub mod records_wire;
pub mod wire;
