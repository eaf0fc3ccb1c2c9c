pub mod claim;
pub mod claim_documents;
pub mod claim_facts;
pub mod open_badges;
pub mod records;
pub mod records_wire;
pub mod wire;
