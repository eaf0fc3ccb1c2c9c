//! The outbox folder: with no SMTP server configured, each message becomes one `.eml` file that an
//! administrator can read in the app (or open in a mail client). Files are written whole or not at
//! all (temporary file, fsync, link into place) and an existing file is never overwritten.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use lettre::message::Mailbox;

use super::{MailError, MailTransport, OutgoingMail, build_message, parse_from};

pub struct OutboxTransport {
    dir: PathBuf,
    from: Mailbox,
}

impl OutboxTransport {
    /// The folder is created if missing.
    pub fn new(dir: &Path, from: &str) -> Result<Self, MailError> {
        let from = parse_from(from)?;
        fs::create_dir_all(dir).map_err(|source| outbox_error(dir, source))?;
        Ok(Self {
            dir: dir.to_owned(),
            from,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl MailTransport for OutboxTransport {
    fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = build_message(&self.from, mail)?;
        // Sortable by time, then by a fresh id: `20260101T090000.000000Z-<uuid>.eml`.
        let name = format!(
            "{}-{}.eml",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ"),
            uuid::Uuid::new_v4().simple()
        );
        write_new_file(&self.dir, &name, &message.formatted())
            .map_err(|source| outbox_error(&self.dir, source))
    }
}

fn outbox_error(dir: &Path, source: std::io::Error) -> MailError {
    MailError::Outbox {
        path: dir.display().to_string(),
        source,
    }
}

/// Write `bytes` to `dir/name` atomically; fails rather than replace an existing file.
fn write_new_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let temp = dir.join(format!(".tmp-{}", uuid::Uuid::new_v4().simple()));
    let target = dir.join(name);
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        // A hard link, unlike a rename, refuses to replace an existing file.
        match fs::hard_link(&temp, &target) {
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(e),
            // A file system without hard links: rename, having checked the name is free.
            Err(_) if !target.exists() => fs::rename(&temp, &target),
            other => other,
        }
    })();
    // The temporary name is gone whether or not the message made it.
    if temp.exists()
        && let Err(e) = fs::remove_file(&temp)
    {
        tracing::warn!(error = %e, file = %temp.display(), "a temporary outbox file stayed behind");
    }
    written?;
    sync_dir(dir)
}

/// Make the new directory entry durable too.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// One message in the outbox, as listed for the administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub file_name: String,
    pub size: u64,
}

/// The newest `limit` messages in the outbox; an outbox not yet created is empty.
pub fn list_outbox(dir: &Path, limit: usize) -> Result<Vec<OutboxEntry>, MailError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(outbox_error(dir, e)),
    };
    let mut listed = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| outbox_error(dir, e))?;
        let Some(file_name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if !is_message_name(&file_name) {
            continue;
        }
        let size = entry.metadata().map_err(|e| outbox_error(dir, e))?.len();
        listed.push(OutboxEntry { file_name, size });
    }
    listed.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    listed.truncate(limit);
    Ok(listed)
}

/// The text of one message, or `None` for a name that is not a message in the outbox (a path,
/// a temporary file, a file that is not there).
pub fn read_outbox(dir: &Path, file_name: &str) -> Result<Option<String>, MailError> {
    if !is_message_name(file_name) {
        return Ok(None);
    }
    match fs::read(dir.join(file_name)) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(outbox_error(dir, e)),
    }
}

/// Names this module writes: no folders, no hidden or temporary files.
fn is_message_name(name: &str) -> bool {
    name.ends_with(".eml")
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn mail(subject: &str) -> OutgoingMail {
        OutgoingMail {
            to_address: "iqa@example.org".into(),
            to_name: "Ida Quality".into(),
            subject: subject.into(),
            body_text: "A sample is ready for you.".into(),
        }
    }

    #[test]
    fn each_message_becomes_one_readable_file_newest_first() -> TestResult {
        let dir = tempfile::tempdir()?;
        let outbox = OutboxTransport::new(&dir.path().join("outbox"), "")?;
        outbox.send(&mail("First"))?;
        // File names carry microseconds; make sure the two differ.
        std::thread::sleep(std::time::Duration::from_millis(2));
        outbox.send(&mail("Second"))?;
        let listed = list_outbox(outbox.dir(), 10)?;
        assert_eq!(listed.len(), 2);
        let newest = read_outbox(outbox.dir(), &listed[0].file_name)?.unwrap_or_default();
        let oldest = read_outbox(outbox.dir(), &listed[1].file_name)?.unwrap_or_default();
        assert!(newest.contains("Subject: Second"), "{newest}");
        assert!(oldest.contains("Subject: First"), "{oldest}");
        assert!(oldest.contains("A sample is ready for you."));
        assert_eq!(list_outbox(outbox.dir(), 1)?.len(), 1);
        // No temporary files are left behind.
        assert_eq!(fs::read_dir(outbox.dir())?.count(), 2);
        Ok(())
    }

    #[test]
    fn an_existing_file_is_never_overwritten() -> TestResult {
        let dir = tempfile::tempdir()?;
        write_new_file(dir.path(), "a.eml", b"first")?;
        let again = write_new_file(dir.path(), "a.eml", b"second");
        assert_eq!(
            again.err().map(|e| e.kind()),
            Some(ErrorKind::AlreadyExists)
        );
        assert_eq!(fs::read(dir.path().join("a.eml"))?, b"first");
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }

    #[test]
    fn only_outbox_messages_can_be_read() -> TestResult {
        let dir = tempfile::tempdir()?;
        let outbox = dir.path().join("outbox");
        fs::create_dir_all(&outbox)?;
        fs::write(dir.path().join("secret.eml"), "not in the outbox")?;
        fs::write(outbox.join(".tmp-1.eml"), "half written")?;
        assert_eq!(read_outbox(&outbox, "../secret.eml")?, None);
        assert_eq!(read_outbox(&outbox, ".tmp-1.eml")?, None);
        assert_eq!(read_outbox(&outbox, "missing.eml")?, None);
        assert!(list_outbox(&outbox, 10)?.is_empty());
        assert!(list_outbox(&dir.path().join("absent"), 10)?.is_empty());
        Ok(())
    }
}
