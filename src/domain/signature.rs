//! Signatures: who signed, in which capacity, and the SHA-256 of exactly what they signed (a
//! canonical JSON of the record). A signature holds only while the record still hashes the same;
//! any change after signing voids it, visibly.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// What a page shows for a signature whose record changed after it was signed.
pub const VOID_MESSAGE: &str = "signature void: content changed since signing";

/// The capacity someone signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignerRole {
    Learner,
    Assessor,
    ExpertWitness,
    Witness,
    Iqa,
}

impl SignerRole {
    pub fn code(self) -> &'static str {
        match self {
            Self::Learner => "learner",
            Self::Assessor => "assessor",
            Self::ExpertWitness => "expert_witness",
            Self::Witness => "witness",
            Self::Iqa => "iqa",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Learner => "Learner",
            Self::Assessor => "Assessor",
            Self::ExpertWitness => "Expert witness",
            Self::Witness => "Witness",
            Self::Iqa => "Internal quality assurer",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::Learner,
            Self::Assessor,
            Self::ExpertWitness,
            Self::Witness,
            Self::Iqa,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }
}

/// JSON with object keys sorted at every level and no insignificant white space, so the same
/// record always gives the same bytes, whatever order its fields were built in.
pub fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| {
                    let key = Value::String(k.clone()).to_string();
                    let inner = map.get(k).map(canonical_json).unwrap_or_default();
                    format!("{key}:{inner}")
                })
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", parts.join(","))
        }
        other => other.to_string(),
    }
}

/// The SHA-256 (hex) of a record's canonical JSON: what a signature commits to.
pub fn content_hash(record: &Value) -> String {
    Sha256::digest(canonical_json(record).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a signature still holds for the record as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureState {
    Valid,
    /// The record changed after it was signed.
    Void,
}

impl SignatureState {
    pub fn of(signed_hash: &str, record: &Value) -> Self {
        if signed_hash == content_hash(record) {
            Self::Valid
        } else {
            Self::Void
        }
    }

    pub fn is_valid(self) -> bool {
        self == Self::Valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_same_record_hashes_the_same_whatever_its_key_order() {
        let a = json!({"b": 1, "a": {"y": [1, 2], "x": "é"}});
        let b = json!({"a": {"x": "é", "y": [1, 2]}, "b": 1});
        assert_eq!(canonical_json(&a), r#"{"a":{"x":"é","y":[1,2]},"b":1}"#);
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_eq!(content_hash(&a).len(), 64);
    }

    #[test]
    fn a_change_after_signing_voids_the_signature() {
        let record = json!({"narrative": "Supported Mrs B to plan her week."});
        let signed = content_hash(&record);
        assert!(SignatureState::of(&signed, &record).is_valid());
        let changed = json!({"narrative": "Supported Mrs B to plan her month."});
        assert_eq!(SignatureState::of(&signed, &changed), SignatureState::Void);
        // Order in arrays matters: they are lists, not sets.
        assert_ne!(content_hash(&json!([1, 2])), content_hash(&json!([2, 1])));
    }

    #[test]
    fn roles_read_back() {
        for role in ["learner", "assessor", "expert_witness", "witness", "iqa"] {
            assert_eq!(SignerRole::parse(role).map(SignerRole::code), Some(role));
        }
        assert_eq!(SignerRole::parse("tutor"), None);
    }
}
