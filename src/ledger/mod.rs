//! Q4, a ledger an EQA can check offline: signed checkpoints of the audit chain's head. A
//! checkpoint says how many entries the chain had and the hash of the last, signed with the
//! platform's Ed25519 key; the file carries the public key, so anyone holding it can check the
//! signature without the server, and `audit verify --checkpoint FILE` finds a chain cut short
//! or rewritten since.

pub mod checkpoint;
pub mod pack;
pub mod schedule;
pub mod verify;

pub use checkpoint::{CheckpointError, CheckpointFile, PlatformKey};
pub use verify::{Finding, LedgerReport, verify};
