//! The checkpoint file: what is signed, how, and checking the signature with the key inside.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The format named in every checkpoint file (and the first line of the signed message).
pub const FORMAT: &str = "eportfolio-audit-checkpoint/1";

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum CheckpointError {
    #[error("this is not a checkpoint file: {0}")]
    Malformed(String),
    #[error("the checkpoint's signing key cannot be used: {0}")]
    Key(String),
    #[error(
        "the checkpoint's signature does not match its content: the file was altered or not signed by the key it names"
    )]
    BadSignature,
}

/// The platform's checkpoint key: a 32-byte Ed25519 seed.
#[derive(Clone)]
pub struct PlatformKey {
    seed: [u8; 32],
}

impl PlatformKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<Self, CheckpointError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| CheckpointError::Key(e.to_string()))?;
        Ok(Self { seed })
    }

    /// From the stored seed (base64url).
    pub fn from_stored(seed: &str) -> Result<Self, CheckpointError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(seed)
            .map_err(|e| CheckpointError::Key(e.to_string()))?;
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| CheckpointError::Key("a seed is 32 bytes".to_owned()))?;
        Ok(Self { seed })
    }

    pub fn stored(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.seed)
    }

    /// The public key (base64url of its 32 bytes, a JWK's `x`).
    pub fn public_x(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing().verifying_key().to_bytes())
    }

    /// The key's id: the first 16 hex digits of the SHA-256 of the public key.
    pub fn key_id(&self) -> String {
        key_id_of(&self.signing().verifying_key().to_bytes())
    }

    fn signing(&self) -> SigningKey {
        SigningKey::from_bytes(&self.seed)
    }

    /// Sign a checkpoint of `entry_count` entries ending in `head_hash`.
    pub fn sign(
        &self,
        entry_count: i64,
        head_hash: &str,
        recorded_at: NaiveDateTime,
    ) -> CheckpointFile {
        let mut file = CheckpointFile {
            format: FORMAT.to_owned(),
            signed_by: "the eportfolio platform's audit checkpoint key".to_owned(),
            entry_count,
            head_hash: head_hash.to_owned(),
            recorded_at: recorded_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
            key_id: self.key_id(),
            public_key: PublicKey::ed25519(&self.public_x()),
            signature: String::new(),
        };
        let signature = self.signing().sign(file.message().as_bytes());
        file.signature = URL_SAFE_NO_PAD.encode(signature.to_bytes());
        file
    }
}

fn key_id_of(public: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(public)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The public key as a JWK (RFC 8037).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKey {
    pub kty: String,
    pub crv: String,
    pub x: String,
}

impl PublicKey {
    pub fn ed25519(x: &str) -> Self {
        Self {
            kty: "OKP".to_owned(),
            crv: "Ed25519".to_owned(),
            x: x.to_owned(),
        }
    }
}

/// A signed checkpoint as written to a file (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointFile {
    pub format: String,
    /// Whose key signed it, in words.
    pub signed_by: String,
    pub entry_count: i64,
    pub head_hash: String,
    /// UTC, RFC 3339.
    pub recorded_at: String,
    pub key_id: String,
    pub public_key: PublicKey,
    /// Ed25519 over [`CheckpointFile::message`], base64url.
    pub signature: String,
}

impl CheckpointFile {
    /// What is signed: five lines, the format, the count, the head hash, the time, the key id.
    pub fn message(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}\n{}",
            self.format, self.entry_count, self.head_hash, self.recorded_at, self.key_id
        )
    }

    pub fn parse(text: &str) -> Result<Self, CheckpointError> {
        let file: Self =
            serde_json::from_str(text).map_err(|e| CheckpointError::Malformed(e.to_string()))?;
        if file.format != FORMAT {
            return Err(CheckpointError::Malformed(format!(
                "the format is {:?}, not {FORMAT}",
                file.format
            )));
        }
        Ok(file)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Check the signature with the public key the file carries, and that the key id is that
    /// key's.
    pub fn verify_signature(&self) -> Result<(), CheckpointError> {
        let raw = URL_SAFE_NO_PAD
            .decode(&self.public_key.x)
            .map_err(|e| CheckpointError::Key(e.to_string()))?;
        let raw: [u8; 32] = raw
            .try_into()
            .map_err(|_| CheckpointError::Key("a public key is 32 bytes".to_owned()))?;
        if key_id_of(&raw) != self.key_id {
            return Err(CheckpointError::BadSignature);
        }
        let key =
            VerifyingKey::from_bytes(&raw).map_err(|e| CheckpointError::Key(e.to_string()))?;
        let signature = URL_SAFE_NO_PAD
            .decode(&self.signature)
            .map_err(|_| CheckpointError::BadSignature)?;
        let signature: [u8; 64] = signature
            .try_into()
            .map_err(|_| CheckpointError::BadSignature)?;
        key.verify_strict(
            self.message().as_bytes(),
            &Signature::from_bytes(&signature),
        )
        .map_err(|_| CheckpointError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }

    #[test]
    fn q4_a_checkpoint_verifies_with_the_key_it_carries() -> Result<(), CheckpointError> {
        let key = PlatformKey::generate()?;
        let file = key.sign(12, &"ab".repeat(32), at());
        let read = CheckpointFile::parse(&file.to_json())?;
        assert_eq!(read, file);
        read.verify_signature()?;
        assert_eq!(read.key_id.len(), 16);
        Ok(())
    }

    #[test]
    fn q4_an_altered_checkpoint_is_refused() -> Result<(), CheckpointError> {
        let key = PlatformKey::generate()?;
        let mut file = key.sign(12, &"ab".repeat(32), at());
        file.entry_count = 20;
        assert_eq!(file.verify_signature(), Err(CheckpointError::BadSignature));
        let other = PlatformKey::generate()?;
        let mut swapped = key.sign(12, &"ab".repeat(32), at());
        swapped.public_key = PublicKey::ed25519(&other.public_x());
        assert_eq!(
            swapped.verify_signature(),
            Err(CheckpointError::BadSignature)
        );
        Ok(())
    }

    #[test]
    fn q4_a_stored_key_is_the_same_key() -> Result<(), CheckpointError> {
        let key = PlatformKey::generate()?;
        let again = PlatformKey::from_stored(&key.stored())?;
        assert_eq!(again.public_x(), key.public_x());
        assert!(PlatformKey::from_stored("short").is_err());
        Ok(())
    }
}
