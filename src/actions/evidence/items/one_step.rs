//! The learner's submission in one step: an item's fields, several files, its mapping and, to
//! submit, the signed declaration, saved in one transaction, all or nothing. A refused file or
//! mapping saves nothing, and the stored files are removed, so nothing is left unnamed.

use serde_json::json;

use super::{entry, registration, version_of};
use crate::actions::access::require_evidence_writer;
use crate::actions::evidence::files::words_in;
use crate::actions::locks::{claim_locked, evidence_locked};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::evidence::{EvidenceStatus, check_mapping, content_hash};
use crate::domain::evidence_input::{EvidenceInput, ParsedEvidence, check_declared_name};
use crate::domain::evidence_kinds::kinds_for;
use crate::domain::ids::RegistrationId;
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::files::StoredFile;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::evidence::{self as store, Declaration, EvidenceFile, EvidenceItem};
use crate::store::notifications::notify_with_mail;
use crate::store::registrations::{self, Registration};

/// What the one-step form sends, files apart.
#[derive(Debug, Clone, Default)]
pub struct OneStep {
    pub input: EvidenceInput,
    pub criteria: Vec<String>,
    /// Outcomes ticked as a whole ("all criteria of this outcome").
    pub whole_outcomes: Vec<String>,
    pub typed_name: String,
    /// "Sign and submit" rather than "Save as draft".
    pub submit: bool,
}

/// A file already streamed into the store, with the name the person gave it.
pub type Upload = (StoredFile, String);

/// Everything checked before anything is written: the item's fields, the kind (only the
/// awarding body's), the mapping and, to submit, content, a criterion and the learner's name.
struct Checked {
    parsed: ParsedEvidence,
    chosen: Vec<String>,
}

fn check(
    state: &AppState,
    actor: &Actor,
    registration: &Registration,
    form: &OneStep,
    has_files: bool,
) -> Result<Checked, Vec<FieldError>> {
    let today = state.clock.now().date_naive();
    let (parsed, mut errors) =
        match crate::domain::evidence_input::parse_evidence(&form.input, today) {
            Ok(parsed) => (Some(parsed), Vec::new()),
            Err(errors) => (None, errors),
        };
    let offered = kinds_for(&state.curriculum, &registration.qualification_id);
    if let Some(p) = &parsed
        && !offered.contains(&p.kind)
    {
        errors.push(FieldError::new(
            "kind",
            "Choose one of the kinds of evidence your qualification takes",
        ));
    }
    let asked = with_whole_outcomes(&state.curriculum, &registration.qualification_id, form);
    let chosen = check_mapping(&state.curriculum, &registration.qualification_id, &asked)
        .unwrap_or_else(|e| {
            errors.push(e);
            Vec::new()
        });
    if form.submit {
        if form.input.text.trim().is_empty() && !has_files {
            errors.push(FieldError::new(
                "text",
                "Write the evidence in the page or attach a file before submitting",
            ));
        }
        if chosen.is_empty() && asked.is_empty() {
            errors.push(FieldError::new(
                "criteria",
                "Choose at least one criterion this evidence shows before submitting",
            ));
        }
        if let Err(e) = check_declared_name(&form.typed_name, &actor.user.name) {
            errors.push(e);
        }
    }
    match parsed {
        Some(parsed) if errors.is_empty() => Ok(Checked { parsed, chosen }),
        _ => Err(errors),
    }
}

/// The criteria ticked one by one and those of every outcome ticked as a whole (its criteria
/// or Knowledge/Skills items) in the registration's qualification.
fn with_whole_outcomes(
    curriculum: &crate::curriculum::Curriculum,
    qualification_id: &str,
    form: &OneStep,
) -> Vec<String> {
    let mut ids = form.criteria.clone();
    let Some((_, qualification)) = curriculum.qualification(qualification_id) else {
        return ids;
    };
    for unit in curriculum.units_of(qualification) {
        for outcome in unit
            .outcomes
            .iter()
            .filter(|o| form.whole_outcomes.contains(&o.id))
        {
            ids.extend(outcome.criteria.iter().map(|c| c.id.clone()));
            ids.extend(outcome.knowledge_skills.iter().map(|k| k.id.clone()));
        }
    }
    ids
}

/// The registration the one-step form adds to, and the kinds of evidence it offers: for the
/// learner or their assessor (404 to whoever may not see the registration, 403 to others).
pub async fn one_step_form(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<(Registration, Vec<crate::domain::evidence::EvidenceKind>), ActionError> {
    let registration = registration(state, registration_id).await?;
    crate::actions::access::require_registration_visible(actor, &registration)
        .map_err(|_| ActionError::NotFound(format!("registration {registration_id}")))?;
    require_evidence_writer(actor, &registration)?;
    let kinds = kinds_for(&state.curriculum, &registration.qualification_id);
    Ok((registration, kinds))
}

/// The learner (or their assessor, as a draft) adds an item in one step. `refused` are the
/// files refused on the way in: with any, nothing is saved and every problem is named.
pub async fn create_in_one_step(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    form: OneStep,
    files: Vec<Upload>,
    refused: Vec<FieldError>,
) -> Result<EvidenceItem, ActionError> {
    let keys: Vec<_> = files.iter().map(|(f, _)| f.key.clone()).collect();
    let saved = save(state, actor, registration_id, form, files, refused).await;
    if saved.is_err() {
        for key in &keys {
            let _ = state.files.delete(key).await;
        }
    }
    saved
}

async fn save(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    form: OneStep,
    files: Vec<Upload>,
    refused: Vec<FieldError>,
) -> Result<EvidenceItem, ActionError> {
    let registration = registration(state, registration_id).await?;
    require_evidence_writer(actor, &registration)?;
    if form.submit && registration.learner_id != actor.user.id {
        return Err(ActionError::Forbidden);
    }
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; evidence cannot be added.".to_owned(),
        ));
    }
    let checked = check(state, actor, &registration, &form, !files.is_empty());
    let checked = match (checked, refused.is_empty()) {
        (Ok(checked), true) => checked,
        (Ok(_), false) => return Err(ActionError::Invalid(refused)),
        (Err(errors), _) => return Err(ActionError::Invalid([refused, errors].concat())),
    };
    let mut words = Vec::with_capacity(files.len());
    for (stored, _) in &files {
        words.push(words_in(state, stored).await);
    }
    let plan = Plan::new(state, actor, &registration, checked, &files, &words, form);
    let item = plan.item.clone();
    let (curriculum, base) = (state.curriculum.clone(), state.public_url.clone());
    state
        .db
        .write(move |conn| plan.write(conn, &curriculum, &base))
        .await?;
    Ok(item)
}

/// The rows one step writes.
struct Plan {
    item: EvidenceItem,
    version: crate::store::evidence::EvidenceVersion,
    files: Vec<EvidenceFile>,
    chosen: Vec<String>,
    declaration: Option<Declaration>,
    entries: Vec<NewAuditEntry>,
    assessor_id: String,
    message: (String, String),
    by: String,
    now: chrono::NaiveDateTime,
}

impl Plan {
    fn new(
        state: &AppState,
        actor: &Actor,
        registration: &Registration,
        checked: Checked,
        files: &[Upload],
        words: &[Option<i32>],
        form: OneStep,
    ) -> Self {
        let now = state.clock.naive();
        let Checked { parsed, chosen } = checked;
        let status = if form.submit {
            EvidenceStatus::Submitted
        } else {
            EvidenceStatus::Draft
        };
        let item = EvidenceItem {
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
        };
        let hashes: Vec<String> = files.iter().map(|(f, _)| f.sha256.to_hex()).collect();
        let hash = content_hash(&parsed.title, &parsed.description, &parsed.text, &hashes);
        let version = version_of(&item, 1, parsed, hash, actor, now);
        let rows: Vec<EvidenceFile> = files
            .iter()
            .zip(words)
            .map(|((stored, name), words)| file_row(&item, actor, stored, name, *words, now))
            .collect();
        let declaration = form.submit.then(|| Declaration {
            id: uuid::Uuid::new_v4().to_string(),
            evidence_id: item.id.clone(),
            version: 1,
            typed_name: form.typed_name.trim().to_owned(),
            content_sha256: version.content_sha256.clone(),
            signed_by: actor.user.id.clone(),
            signed_at: now,
        });
        let entries = audit_entries(actor, registration, &item, &rows, &chosen, &declaration);
        let message = (
            format!("Evidence submitted by {}", actor.user.name),
            format!(
                "{} submitted \"{}\" (version 1) for assessment.",
                actor.user.name, item.title
            ),
        );
        Self {
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

    fn write(
        self,
        conn: &mut crate::store::DbConnection,
        curriculum: &crate::curriculum::Curriculum,
        base: &str,
    ) -> Result<(), ActionError> {
        let (item, now) = (&self.item, self.now);
        registrations::hold(conn, &item.registration_id)?;
        if let Some(locked) = claim_locked(conn, &item.registration_id)? {
            return Err(locked);
        }
        store::insert_item(conn, item, &self.version)?;
        for file in &self.files {
            store::insert_file(conn, file)?;
        }
        let locked = evidence_locked(
            conn,
            curriculum,
            &item.registration_id,
            &item.id,
            &self.chosen,
        )?;
        if let Some(locked) = locked {
            return Err(locked);
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
        added_in_version: 1,
        uploaded_by: actor.user.id.clone(),
        created_at: now,
    }
}

/// The audit trail of one step, as the separate steps would have written it.
fn audit_entries(
    actor: &Actor,
    registration: &Registration,
    item: &EvidenceItem,
    files: &[EvidenceFile],
    chosen: &[String],
    declaration: &Option<Declaration>,
) -> Vec<NewAuditEntry> {
    let id = &item.id;
    let mut entries = vec![entry(
        actor,
        registration,
        "evidence_added",
        id,
        json!({"kind": item.kind, "title": item.title}),
    )];
    for f in files {
        entries.push(entry(
            actor,
            registration,
            "evidence_file_added",
            id,
            json!({"file_id": f.id, "sha256": f.sha256, "size": f.size_bytes, "media_type": f.media_type}),
        ));
    }
    if !chosen.is_empty() {
        let details = json!({"items": chosen});
        entries.push(entry(actor, registration, "evidence_mapped", id, details));
    }
    if let Some(d) = declaration {
        let details = json!({"version": d.version, "content_sha256": d.content_sha256});
        entries.push(entry(actor, registration, "evidence_declared", id, details));
        let details = json!({"version": 1});
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
