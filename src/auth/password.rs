//! Password hashing: argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane). Callers run
//! these on the blocking pool; they take tens of milliseconds by design.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
#[error("the password could not be hashed")]
pub struct HashError;

pub fn hash_password(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| HashError)
}

/// True when `password` matches `hash`. A missing or malformed hash never matches.
pub fn verify_password(password: &str, hash: Option<&str>) -> bool {
    match hash.and_then(|h| PasswordHash::new(h).ok()) {
        Some(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        None => {
            // Same work as a real check, so an unknown email takes as long as a wrong password.
            if let Some(dummy) = dummy() {
                let _ = hasher().verify_password(password.as_bytes(), dummy);
            }
            false
        }
    }
}

/// A real hash to check against when there is none, made once.
fn dummy() -> Option<&'static PasswordHash<'static>> {
    static DUMMY: OnceLock<Option<PasswordHash<'static>>> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let text: &'static str = Box::leak(
                hash_password("dummy password for timing")
                    .ok()?
                    .into_boxed_str(),
            );
            PasswordHash::new(text).ok()
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_at_owasp_parameters() -> Result<(), HashError> {
        let hash = hash_password("correct horse battery staple")?;
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("correct horse battery staple", Some(&hash)));
        assert!(!verify_password("wrong horse battery staple", Some(&hash)));
        assert!(!verify_password("anything", None));
        Ok(())
    }
}
