//! The key that signs tokens: given by setting (`EPORTFOLIO_JWT_KEY`, so several nodes share it),
//! or generated on first start and kept in the data dir, readable by the service only.

use std::io::Write;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("EPORTFOLIO_JWT_KEY must be at least 32 characters")]
    TooShort,
    #[error("EPORTFOLIO_KEY_ENCRYPTION_KEY (and each previous one) must be at least 32 characters")]
    KeyEncryptionKeyTooShort,
    #[error("cannot read or create the signing key {path}: {reason}")]
    File { path: String, reason: String },
}

const FILE: &str = "jwt-signing.key";
/// The key-encryption key's file when none is configured: beside the database, never inside it
/// nor in a backup (which holds the database's rows and the evidence files only).
const KEY_ENCRYPTION_FILE: &str = "key-encryption.key";

pub fn load_or_create(data_dir: &Path, configured: Option<&str>) -> Result<Vec<u8>, KeyError> {
    match configured.filter(|k| !k.is_empty()) {
        Some(key) if key.len() >= 32 => Ok(key.as_bytes().to_vec()),
        Some(_) => Err(KeyError::TooShort),
        None => from_file(data_dir, FILE),
    }
}

/// The key that seals stored secrets (`auth::sealing`) and the previous ones still to be
/// opened during a rotation: given by setting (every node the same), or a file made on first
/// start in the data dir.
pub fn key_encryption_keys(
    data_dir: &Path,
    configured: Option<&str>,
    previous: &[String],
) -> Result<(Vec<u8>, Vec<Vec<u8>>), KeyError> {
    let long_enough = |k: &str| k.trim().len() >= 32;
    let previous: Vec<&String> = previous.iter().filter(|k| !k.trim().is_empty()).collect();
    if previous.iter().any(|k| !long_enough(k)) {
        return Err(KeyError::KeyEncryptionKeyTooShort);
    }
    let previous = previous
        .iter()
        .map(|k| k.trim().as_bytes().to_vec())
        .collect();
    let current = match configured.filter(|k| !k.trim().is_empty()) {
        Some(key) if long_enough(key) => key.trim().as_bytes().to_vec(),
        Some(_) => return Err(KeyError::KeyEncryptionKeyTooShort),
        None => from_file(data_dir, KEY_ENCRYPTION_FILE)?,
    };
    Ok((current, previous))
}

/// The key kept in `data_dir/file`, made (readable by the service only) when there is none.
fn from_file(data_dir: &Path, file: &str) -> Result<Vec<u8>, KeyError> {
    let path = data_dir.join(file);
    let fail = |e: std::io::Error| KeyError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) if text.trim().len() >= 64 => return Ok(text.trim().as_bytes().to_vec()),
        Ok(_) => {
            return Err(KeyError::File {
                path: path.display().to_string(),
                reason: "the file is too short to be a key; remove it to have a new one made"
                    .to_owned(),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(fail(e)),
    }
    std::fs::create_dir_all(data_dir).map_err(fail)?;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| fail(std::io::Error::other(e.to_string())))?;
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(&path) {
        Ok(mut file) => {
            file.write_all(key.as_bytes()).map_err(fail)?;
            file.sync_all().map_err(fail)?;
            Ok(key.into_bytes())
        }
        // Another process made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => std::fs::read_to_string(&path)
            .map(|t| t.trim().as_bytes().to_vec())
            .map_err(fail),
        Err(e) => Err(fail(e)),
    }
}

/// Random bytes as hex (session ids are UUIDs; CSRF tokens and similar use this).
pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    if getrandom::fill(&mut buffer).is_err() {
        // The OS random source failing is not recoverable; fall back to two v4 UUIDs' worth.
        return format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
    }
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_reused() -> Result<(), KeyError> {
        let dir =
            std::env::temp_dir().join(format!("eportfolio-key-{}", uuid::Uuid::new_v4().simple()));
        let first = load_or_create(&dir, None)?;
        let second = load_or_create(&dir, None)?;
        assert_eq!(first, second);
        assert_eq!(first.len(), 64);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn a_configured_key_must_be_long_enough() {
        assert!(matches!(
            load_or_create(Path::new("/nonexistent"), Some("short")),
            Err(KeyError::TooShort)
        ));
    }
}
