//! Secrets the database keeps (each centre's Open Badges signing key, the platform's audit
//! checkpoint key, each person's two-step secret) are sealed under a key-encryption key that
//! the service is given in configuration and the database never holds, so a copy of the
//! database or of a backup gives no usable key.
//!
//! Sealed text reads `sealed:v1:<key id>:<base64url(nonce ‖ ciphertext)>`, XChaCha20-Poly1305
//! with a random 192-bit nonce. The row it belongs to (table and key) is the associated data,
//! so a sealed value copied into another row does not open. The key id (eight hex digits of a
//! hash of the key) says which key-encryption key sealed it, so after a rotation the service,
//! given the new key and the previous one, opens both and reseals the old ones under the new.
//! Text without the prefix is a secret stored before sealing began: it opens as itself and is
//! sealed at the next start.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

const PREFIX: &str = "sealed:v1:";
const NONCE_LEN: usize = 24;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error(
        "a stored secret was sealed under key-encryption key {0}, which this service was not given: give it with --previous-key-encryption-key"
    )]
    UnknownKey(String),
    #[error("a stored secret cannot be opened: it is damaged, or was copied from another row")]
    Damaged,
    #[error("no random numbers to seal a secret with: {0}")]
    Random(String),
}

/// One key-encryption key and its id.
struct Kek {
    id: String,
    cipher: XChaCha20Poly1305,
}

impl Kek {
    /// The configured text (32 characters or more, checked where it is read) as a 256-bit key.
    fn from_text(text: &[u8]) -> Self {
        let key: [u8; 32] = Sha256::digest(text).into();
        let id: String = Sha256::digest([b"eportfolio key id ".as_slice(), &key].concat())[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Self {
            id,
            cipher: XChaCha20Poly1305::new(Key::from_slice(&key)),
        }
    }
}

/// Seals with the current key-encryption key; opens with it or any previous one.
pub struct Sealer {
    current: Kek,
    previous: Vec<Kek>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sealer")
            .field("current", &self.current.id)
            .field(
                "previous",
                &self.previous.iter().map(|k| &k.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Sealer {
    pub fn new(current: &[u8], previous: &[Vec<u8>]) -> Self {
        Self {
            current: Kek::from_text(current),
            previous: previous.iter().map(|p| Kek::from_text(p)).collect(),
        }
    }

    /// The current key's id (shown by `keys reseal`, never the key).
    pub fn key_id(&self) -> &str {
        &self.current.id
    }

    /// `secret` sealed for the row named by `context` (for example `two_step_factors/<user>`).
    pub fn seal(&self, secret: &str, context: &str) -> Result<String, SealError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| SealError::Random(e.to_string()))?;
        let payload = Payload {
            msg: secret.as_bytes(),
            aad: context.as_bytes(),
        };
        let sealed = self
            .current
            .cipher
            .encrypt(XNonce::from_slice(&nonce), payload)
            .map_err(|_| SealError::Damaged)?;
        let body = URL_SAFE_NO_PAD.encode([nonce.as_slice(), &sealed].concat());
        Ok(format!("{PREFIX}{}:{body}", self.current.id))
    }

    /// The secret in `stored`, sealed for `context` under a key this service holds (or stored
    /// before sealing began).
    pub fn open(&self, stored: &str, context: &str) -> Result<String, SealError> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_owned());
        };
        let (id, body) = rest.split_once(':').ok_or(SealError::Damaged)?;
        let kek = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.id == id)
            .ok_or_else(|| SealError::UnknownKey(id.to_owned()))?;
        let bytes = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| SealError::Damaged)?;
        if bytes.len() <= NONCE_LEN {
            return Err(SealError::Damaged);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let payload = Payload {
            msg: sealed,
            aad: context.as_bytes(),
        };
        let opened = kek
            .cipher
            .decrypt(XNonce::from_slice(nonce), payload)
            .map_err(|_| SealError::Damaged)?;
        String::from_utf8(opened).map_err(|_| SealError::Damaged)
    }

    /// Whether `stored` is sealed under the current key (otherwise it is resealed at start).
    pub fn is_current(&self, stored: &str) -> bool {
        stored
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(id, _)| id == self.current.id)
    }

    /// `stored` opened and sealed again under the current key, or `None` when it already is.
    pub fn reseal(&self, stored: &str, context: &str) -> Result<Option<String>, SealError> {
        if self.is_current(stored) {
            return Ok(None);
        }
        let secret = self.open(stored, context)?;
        self.seal(&secret, context).map(Some)
    }
}

/// Where each sealed secret lives: `<table>/<row key>`, the associated data.
pub fn context(table: &str, key: &str) -> String {
    format!("{table}/{key}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &[u8] = b"the old key-encryption key, 32 characters or more";
    const NEW: &[u8] = b"the new key-encryption key, 32 characters or more";

    #[test]
    fn a_sealed_secret_opens_and_does_not_show_the_secret() -> Result<(), SealError> {
        let sealer = Sealer::new(OLD, &[]);
        let sealed = sealer.seal("seed-in-the-clear", "centre_signing_keys/c1")?;
        assert!(sealed.starts_with(&format!("sealed:v1:{}:", sealer.key_id())));
        assert!(!sealed.contains("seed-in-the-clear"));
        assert_eq!(
            sealer.open(&sealed, "centre_signing_keys/c1")?,
            "seed-in-the-clear"
        );
        // Sealed twice, it reads differently (a fresh nonce each time).
        assert_ne!(
            sealed,
            sealer.seal("seed-in-the-clear", "centre_signing_keys/c1")?
        );
        Ok(())
    }

    #[test]
    fn a_sealed_secret_copied_to_another_row_does_not_open() -> Result<(), SealError> {
        let sealer = Sealer::new(OLD, &[]);
        let sealed = sealer.seal("secret", "two_step_factors/alice")?;
        assert_eq!(
            sealer.open(&sealed, "two_step_factors/mallory"),
            Err(SealError::Damaged)
        );
        Ok(())
    }

    #[test]
    fn another_key_encryption_key_cannot_open_it_and_says_which_key_is_needed()
    -> Result<(), SealError> {
        let sealed = Sealer::new(OLD, &[]).seal("secret", "t/1")?;
        let other = Sealer::new(NEW, &[]);
        let id = Sealer::new(OLD, &[]).key_id().to_owned();
        assert_eq!(other.open(&sealed, "t/1"), Err(SealError::UnknownKey(id)));
        Ok(())
    }

    #[test]
    fn a_tampered_sealed_secret_is_refused() -> Result<(), SealError> {
        let sealer = Sealer::new(OLD, &[]);
        let sealed = sealer.seal("secret", "t/1")?;
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 2;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap_or_default();
        assert_eq!(sealer.open(&tampered, "t/1"), Err(SealError::Damaged));
        assert_eq!(
            sealer.open("sealed:v1:nocolon", "t/1"),
            Err(SealError::Damaged)
        );
        Ok(())
    }

    #[test]
    fn rotation_reseals_under_the_new_key_with_the_previous_one_given() -> Result<(), SealError> {
        let old = Sealer::new(OLD, &[]);
        let sealed = old.seal("secret", "t/1")?;
        let rotated = Sealer::new(NEW, &[OLD.to_vec()]);
        assert!(!rotated.is_current(&sealed));
        let resealed = rotated.reseal(&sealed, "t/1")?.ok_or(SealError::Damaged)?;
        assert!(rotated.is_current(&resealed));
        assert_eq!(rotated.reseal(&resealed, "t/1")?, None);
        // Once resealed, the new key alone opens it; the old one no longer does.
        assert_eq!(Sealer::new(NEW, &[]).open(&resealed, "t/1")?, "secret");
        assert!(old.open(&resealed, "t/1").is_err());
        Ok(())
    }

    #[test]
    fn a_secret_stored_before_sealing_opens_as_itself_and_is_resealed() -> Result<(), SealError> {
        let sealer = Sealer::new(OLD, &[]);
        assert_eq!(sealer.open("plain-seed", "t/1")?, "plain-seed");
        let resealed = sealer
            .reseal("plain-seed", "t/1")?
            .ok_or(SealError::Damaged)?;
        assert_eq!(sealer.open(&resealed, "t/1")?, "plain-seed");
        Ok(())
    }
}
