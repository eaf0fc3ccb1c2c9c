//! The rows one step writes: a new item (version 1) or a new version of an existing one, its
//! files, its mapping and, to submit, the declaration over the new version, the submission and
//! the assessor's notification, with the audit entries the separate steps would have written.

use serde_json::json;

use super::super::{EvidenceView, changed_since, entry, version_of};
use super::{OneStep, Upload};
use crate::actions::locks::{claim_locked, evidence_locked};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::evidence::{EvidenceStatus, content_hash};
use crate::domain::evidence_input::ParsedEvidence;
use crate::domain::ids::{EvidenceId, RegistrationId};
use crate::files::StoredFile;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::evidence::{
    self as store, Declaration, EvidenceFile, EvidenceItem, EvidenceVersion,
};
use crate::store::notifications::notify_with_mail;
use crate::store::registrations::{self, Registration};

/// What `check` found to hold.
pub(super) struct Checked {
    pub parsed: ParsedEvidence,
    pub chosen: Vec<String>,
}

/// The rows one step writes.
pub(super) struct Plan {
    pub item: EvidenceItem,
    /// The version the change was made on, and whether it makes a new one.
    seen: Option<(i32, bool)>,
    version: EvidenceVersion,
    files: Vec<EvidenceFile>,
    chosen: Vec<String>,
    declaration: Option<Declaration>,
    entries: Vec<NewAuditEntry>,
    assessor_id: String,
    message: (String, String),
    by: String,
    now: chrono::NaiveDateTime,
}

/// The content hash of the new version: its text and every file, kept and new.
fn hash_with(existing: Option<&EvidenceView>, files: &[Upload], parsed: &ParsedEvidence) -> String {
    let mut hashes: Vec<String> = existing
        .map(|v| v.files.iter().map(|f| f.sha256.clone()).collect())
        .unwrap_or_default();
    hashes.extend(files.iter().map(|(f, _)| f.sha256.to_hex()));
    content_hash(&parsed.title, &parsed.description, &parsed.text, &hashes)
}

/// The assessor's notification of a submission: (subject, body).
fn submitted_message(actor: &Actor, item: &EvidenceItem) -> (String, String) {
    (
        format!("Evidence submitted by {}", actor.user.name),
        format!(
            "{} submitted \"{}\" (version {}) for assessment.",
            actor.user.name, item.title, item.current_version
        ),
    )
}

impl Plan {
    pub fn new(
        state: &AppState,
        actor: &Actor,
        registration: &Registration,
        existing: Option<&EvidenceView>,
        checked: Checked,
        (files, words): (&[Upload], &[Option<i32>]),
        form: OneStep,
    ) -> Self {
        let now = state.clock.naive();
        let Checked { parsed, chosen } = checked;
        let status = if form.submit {
            EvidenceStatus::Submitted
        } else {
            EvidenceStatus::Draft
        };
        let mut item = item_of(registration, existing, &parsed, status, actor, now);
        let hash = hash_with(existing, files, &parsed);
        // Nothing changed (a draft signed and submitted as it is): no new version.
        let same = existing.and_then(|v| v.current().filter(|c| c.content_sha256 == hash));
        let version = match same {
            Some(current) => {
                item.current_version = current.version;
                current.clone()
            }
            None => version_of(&item, item.current_version, parsed, hash, actor, now),
        };
        let rows: Vec<EvidenceFile> = files
            .iter()
            .zip(words)
            .map(|((stored, name), words)| file_row(&item, actor, stored, name, *words, now))
            .collect();
        let declaration = form
            .submit
            .then(|| declaration_of(&version, &form.typed_name, actor, now));
        let changes = Changes {
            existing: existing.filter(|_| same.is_none()),
            unchanged: same.is_some(),
            files: &rows,
            chosen: &chosen,
            declaration: &declaration,
        };
        let entries = audit_entries(actor, registration, &item, &changes);
        let message = submitted_message(actor, &item);
        Self {
            seen: existing.map(|v| (v.item.current_version, same.is_none())),
            item,
            version,
            files: rows,
            chosen,
            declaration,
            entries,
            assessor_id: registration.assessor_id.clone(),
            message,
            by: actor.user.id.clone(),
            now,
        }
    }

    pub fn write(
        self,
        conn: &mut crate::store::DbConnection,
        curriculum: &crate::curriculum::Curriculum,
        base: &str,
    ) -> Result<(), ActionError> {
        let (item, now) = (&self.item, self.now);
        registrations::hold(conn, &item.registration_id)?;
        if let Some(locked) = claim_locked(
            conn,
            &RegistrationId::from_stored(item.registration_id.as_str()),
        )? {
            return Err(locked);
        }
        let id = EvidenceId::from_stored(item.id.clone());
        if let Some((seen, _)) = self.seen
            && let Some(stale) = changed_since(conn, &id, seen)?
        {
            return Err(stale);
        }
        // Neither what it showed nor what it is to show may be in a signed-off unit.
        let locked = evidence_locked(
            conn,
            curriculum,
            &RegistrationId::from_stored(item.registration_id.as_str()),
            &id,
            &self.chosen,
        )?;
        if let Some(locked) = locked {
            return Err(locked);
        }
        match self.seen {
            None => store::insert_item(conn, item, &self.version)?,
            Some((_, true)) => {
                store::add_version(conn, &id, &item.title, &self.version, item.status, now)?;
            }
            Some((_, false)) => store::set_status(conn, &id, item.status, now)?,
        }
        for file in &self.files {
            store::insert_file(conn, file)?;
        }
        store::set_mappings(conn, &item.id, &self.chosen, &self.by, now)?;
        if let Some(declaration) = &self.declaration {
            store::insert_declaration(conn, declaration)?;
            let (subject, body) = &self.message;
            let link = format!("/evidence/{}", item.id);
            notify_with_mail(conn, &self.assessor_id, subject, body, &link, base, now)?;
        }
        for entry in self.entries {
            audit::append(conn, entry, now)?;
        }
        Ok(())
    }
}

fn file_row(
    item: &EvidenceItem,
    actor: &Actor,
    stored: &StoredFile,
    filename: &str,
    words: Option<i32>,
    now: chrono::NaiveDateTime,
) -> EvidenceFile {
    EvidenceFile {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: item.id.clone(),
        store_key: stored.key.as_str().to_owned(),
        filename: filename.to_owned(),
        media_type: stored.media_type.mime().to_owned(),
        size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
        sha256: stored.sha256.to_hex(),
        word_count: words,
        added_in_version: item.current_version,
        uploaded_by: actor.user.id.clone(),
        created_at: now,
    }
}

/// The learner's declaration over the new version.
fn declaration_of(
    version: &EvidenceVersion,
    typed_name: &str,
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> Declaration {
    Declaration {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: version.evidence_id.clone(),
        version: version.version,
        typed_name: typed_name.trim().to_owned(),
        content_sha256: version.content_sha256.clone(),
        signed_by: actor.user.id.clone(),
        signed_at: now,
    }
}

/// The item as it will be: new (version 1), or the existing one at its next version. The kind
/// and date of an existing item stay as they were (as an edit keeps them).
fn item_of(
    registration: &Registration,
    existing: Option<&EvidenceView>,
    parsed: &ParsedEvidence,
    status: EvidenceStatus,
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> EvidenceItem {
    match existing {
        Some(v) => EvidenceItem {
            title: parsed.title.clone(),
            status,
            current_version: v.item.current_version + 1,
            updated_at: now,
            ..v.item.clone()
        },
        None => EvidenceItem {
            id: uuid::Uuid::new_v4().to_string(),
            registration_id: registration.id.clone(),
            kind: parsed.kind.code().to_owned(),
            title: parsed.title.clone(),
            activity_date: parsed.activity_date,
            status,
            current_version: 1,
            created_by: actor.user.id.clone(),
            created_at: now,
            updated_at: now,
        },
    }
}

/// What one step changes, for its audit entries.
struct Changes<'a> {
    /// The item changed into a new version (none for a new item).
    existing: Option<&'a EvidenceView>,
    /// An existing item whose content stays as it was.
    unchanged: bool,
    files: &'a [EvidenceFile],
    chosen: &'a [String],
    declaration: &'a Option<Declaration>,
}

/// The audit trail of one step, as the separate steps would have written it.
fn audit_entries(
    actor: &Actor,
    registration: &Registration,
    item: &EvidenceItem,
    changes: &Changes<'_>,
) -> Vec<NewAuditEntry> {
    let id = &item.id;
    let mut entries = Vec::new();
    match (changes.existing, changes.unchanged) {
        (None, false) => entries.push(entry(
            actor,
            registration,
            "evidence_added",
            id,
            json!({"kind": item.kind, "title": item.title}),
        )),
        (Some(v), _) => entries.push(entry(
            actor,
            registration,
            "evidence_edited",
            id,
            json!({"version": item.current_version, "was": v.item.status}),
        )),
        (None, true) => {}
    }
    for f in changes.files {
        entries.push(entry(
            actor,
            registration,
            "evidence_file_added",
            id,
            json!({"file_id": f.id, "sha256": f.sha256, "size": f.size_bytes, "media_type": f.media_type}),
        ));
    }
    if !changes.chosen.is_empty() || changes.existing.is_some() || changes.unchanged {
        let details = json!({"items": changes.chosen});
        entries.push(entry(actor, registration, "evidence_mapped", id, details));
    }
    if let Some(d) = changes.declaration {
        let details = json!({"version": d.version, "content_sha256": d.content_sha256});
        entries.push(entry(actor, registration, "evidence_declared", id, details));
        let details = json!({"version": d.version});
        entries.push(entry(
            actor,
            registration,
            "evidence_submitted",
            id,
            details,
        ));
    }
    entries
}
