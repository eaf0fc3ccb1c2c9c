//! A learner's evidence: adding and editing items (every version kept), mapping them to the
//! qualification's criteria, the authenticity declaration and submission.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{require_evidence_writer, require_registration_visible};
use crate::actions::locks::evidence_locked;
use crate::domain::evidence::{DRAFT, EvidenceKind, SUBMITTED, check_mapping, content_hash};
use crate::domain::people::FieldError;
use crate::store::StoreError;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::evidence::{
    self as store, Declaration, EvidenceFile, EvidenceItem, EvidenceVersion,
};
use crate::store::notifications::notify_with_mail;
use crate::store::registrations::{self, ACTIVE, Registration};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct EvidenceInput {
    pub kind: String,
    pub title: String,
    pub activity_date: String,
    #[serde(default)]
    pub description: String,
    /// Text written in the page (Markdown).
    #[serde(default)]
    pub text: String,
}

/// Everything shown about one item.
pub struct EvidenceView {
    pub registration: Registration,
    pub item: EvidenceItem,
    pub versions: Vec<EvidenceVersion>,
    pub files: Vec<EvidenceFile>,
    pub mappings: Vec<String>,
    pub declaration: Option<Declaration>,
}

impl EvidenceView {
    pub fn current(&self) -> Option<&EvidenceVersion> {
        self.versions
            .iter()
            .find(|v| v.version == self.item.current_version)
    }

    /// The declaration holds only while the content is what was signed.
    pub fn declaration_valid(&self) -> bool {
        match (&self.declaration, self.current()) {
            (Some(d), Some(v)) => d.content_sha256 == v.content_sha256,
            _ => false,
        }
    }
}

struct Parsed {
    kind: EvidenceKind,
    title: String,
    activity_date: NaiveDate,
    description: String,
    text: String,
}

fn parse(input: &EvidenceInput, today: NaiveDate) -> Result<Parsed, ActionError> {
    let mut errors = Vec::new();
    let kind = EvidenceKind::parse(input.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new("kind", "Choose the kind of evidence"));
    }
    let title = input.title.trim().to_owned();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(FieldError::new(
            "title",
            "Give the evidence a title of at most 200 characters",
        ));
    }
    let date = NaiveDate::parse_from_str(input.activity_date.trim(), "%Y-%m-%d").ok();
    match date {
        Some(d) if d > today => errors.push(FieldError::new(
            "activity_date",
            "The date of the activity cannot be in the future",
        )),
        Some(_) => {}
        None => errors.push(FieldError::new(
            "activity_date",
            "Enter the date of the activity, like 2026-11-20",
        )),
    }
    if input.description.chars().count() > 4000 {
        errors.push(FieldError::new(
            "description",
            "Use at most 4,000 characters",
        ));
    }
    if input.text.chars().count() > 200_000 {
        errors.push(FieldError::new(
            "text",
            "Use at most 200,000 characters here; attach longer work as a file",
        ));
    }
    match (kind, date, errors.is_empty()) {
        (Some(kind), Some(activity_date), true) => Ok(Parsed {
            kind,
            title,
            activity_date,
            description: input.description.trim().to_owned(),
            text: input.text.clone(),
        }),
        _ => Err(ActionError::Invalid(errors)),
    }
}

async fn registration(state: &AppState, id: &str) -> Result<Registration, ActionError> {
    let key = id.to_owned();
    state
        .db
        .run(move |conn| registrations::find(conn, &key))
        .await?
        .ok_or_else(|| ActionError::NotFound(format!("registration {id}")))
}

fn entry(
    actor: &Actor,
    registration: &Registration,
    action: &str,
    id: &str,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(registration.centre_id.clone()),
        action: action.to_owned(),
        record_type: "evidence".to_owned(),
        record_id: id.to_owned(),
        reason: None,
        details,
    }
}

fn words(text: &str) -> Option<i32> {
    if text.trim().is_empty() {
        None
    } else {
        i32::try_from(crate::domain::word_count::count_markdown_words(text)).ok()
    }
}

/// The learner, or their assessor on their behalf, adds an item (a draft, version 1).
pub async fn create(
    state: &AppState,
    actor: &Actor,
    registration_id: &str,
    input: EvidenceInput,
) -> Result<EvidenceItem, ActionError> {
    let registration = registration(state, registration_id).await?;
    require_evidence_writer(actor, &registration)?;
    if registration.status != ACTIVE {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; evidence cannot be added.".to_owned(),
        ));
    }
    let parsed = parse(&input, state.clock.now().date_naive())?;
    let now = state.clock.naive();
    let item = EvidenceItem {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: registration.id.clone(),
        kind: parsed.kind.code().to_owned(),
        title: parsed.title.clone(),
        activity_date: parsed.activity_date,
        status: DRAFT.to_owned(),
        current_version: 1,
        created_by: actor.user.id.clone(),
        created_at: now,
        updated_at: now,
    };
    let version = EvidenceVersion {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: item.id.clone(),
        version: 1,
        description: parsed.description.clone(),
        body_text: parsed.text.clone(),
        word_count: words(&parsed.text),
        content_sha256: content_hash(&parsed.title, &parsed.description, &parsed.text, &[]),
        created_by: actor.user.id.clone(),
        created_at: now,
    };
    let (row, audit_entry) = (
        item.clone(),
        entry(
            actor,
            &registration,
            "evidence_added",
            &item.id,
            json!({"kind": item.kind, "title": item.title}),
        ),
    );
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            store::insert_item(conn, &row, &version)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(item)
}

/// Anyone who may see the registration.
pub async fn view(
    state: &AppState,
    actor: &Actor,
    evidence_id: &str,
) -> Result<EvidenceView, ActionError> {
    let id = evidence_id.to_owned();
    let loaded = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(item) = store::find_item(conn, &id)? else {
                return Ok(None);
            };
            let Some(registration) = registrations::find(conn, &item.registration_id)? else {
                return Ok(None);
            };
            Ok(Some(EvidenceView {
                versions: store::versions(conn, &id)?,
                files: store::files_of(conn, &id)?,
                mappings: store::mappings_of(conn, &id)?,
                declaration: store::latest_declaration(conn, &id)?,
                registration,
                item,
            }))
        })
        .await?;
    let view = loaded.ok_or_else(|| ActionError::NotFound(format!("evidence {evidence_id}")))?;
    require_registration_visible(actor, &view.registration)
        .map_err(|_| ActionError::NotFound(format!("evidence {evidence_id}")))?;
    Ok(view)
}

/// A new version of the content. A change voids the declaration: the item returns to draft.
pub async fn edit(
    state: &AppState,
    actor: &Actor,
    evidence_id: &str,
    input: EvidenceInput,
) -> Result<EvidenceItem, ActionError> {
    let view = view(state, actor, evidence_id).await?;
    require_evidence_writer(actor, &view.registration)?;
    let parsed = parse(&input, state.clock.now().date_naive())?;
    let file_hashes: Vec<String> = view.files.iter().map(|f| f.sha256.clone()).collect();
    let hash = content_hash(
        &parsed.title,
        &parsed.description,
        &parsed.text,
        &file_hashes,
    );
    if view.current().is_some_and(|v| v.content_sha256 == hash) {
        return Ok(view.item);
    }
    let now = state.clock.naive();
    let version = EvidenceVersion {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: view.item.id.clone(),
        version: view.item.current_version + 1,
        description: parsed.description,
        body_text: parsed.text.clone(),
        word_count: words(&parsed.text),
        content_sha256: hash,
        created_by: actor.user.id.clone(),
        created_at: now,
    };
    let mut item = view.item.clone();
    item.current_version = version.version;
    item.title = parsed.title.clone();
    item.status = DRAFT.to_owned();
    let audit_entry = entry(
        actor,
        &view.registration,
        "evidence_edited",
        &item.id,
        json!({"version": version.version, "was": view.item.status}),
    );
    let (id, title) = (item.id.clone(), item.title.clone());
    let (curriculum, registration_id) = (state.curriculum.clone(), view.registration.id.clone());
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if let Some(locked) = evidence_locked(conn, &curriculum, &registration_id, &id, &[])? {
                return Err(locked);
            }
            if let Some(stale) = changed_since(conn, &id, version.version - 1)? {
                return Err(stale);
            }
            store::add_version(conn, &id, &title, &version, DRAFT, now)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(item)
}

/// In a write transaction: a 409 when another change made a new version of the item after
/// `seen` was read (two edits at once: the second is told rather than failing on the version).
pub(super) fn changed_since(
    conn: &mut crate::store::DbConnection,
    evidence_id: &str,
    seen: i32,
) -> Result<Option<ActionError>, StoreError> {
    let now_at = store::find_item(conn, evidence_id)?.map(|item| item.current_version);
    Ok((now_at != Some(seen)).then(|| {
        ActionError::Conflict(
            "This evidence was changed by someone else while you were working on it. Reload it, check their change and try again."
                .to_owned(),
        )
    }))
}

/// Map the item to curriculum items of the registration's qualification (and SDS components).
pub async fn map(
    state: &AppState,
    actor: &Actor,
    evidence_id: &str,
    ids: Vec<String>,
) -> Result<Vec<String>, ActionError> {
    let view = view(state, actor, evidence_id).await?;
    require_evidence_writer(actor, &view.registration)?;
    let chosen = check_mapping(&state.curriculum, &view.registration.qualification_id, &ids)
        .map_err(|e| ActionError::Invalid(vec![e]))?;
    let now = state.clock.naive();
    let (id, by, saved) = (view.item.id.clone(), actor.user.id.clone(), chosen.clone());
    let audit_entry = entry(
        actor,
        &view.registration,
        "evidence_mapped",
        &id,
        json!({"items": chosen}),
    );
    let (curriculum, registration_id) = (state.curriculum.clone(), view.registration.id.clone());
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            // Neither what it shows now nor what it is to show may be in a signed-off unit.
            if let Some(locked) =
                evidence_locked(conn, &curriculum, &registration_id, &id, &chosen)?
            {
                return Err(locked);
            }
            store::set_mappings(conn, &id, &chosen, &by, now)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(saved)
}

/// The learner signs that the work is their own: typed name, time, and the content's SHA-256.
pub async fn declare(
    state: &AppState,
    actor: &Actor,
    evidence_id: &str,
    typed_name: &str,
) -> Result<Declaration, ActionError> {
    let view = view(state, actor, evidence_id).await?;
    if view.registration.learner_id != actor.user.id {
        return Err(ActionError::Forbidden);
    }
    let squash = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    if squash(typed_name) != squash(&actor.user.name) {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "typed_name",
            &format!(
                "Type your name as it is on your account: {}",
                actor.user.name
            ),
        )]));
    }
    let version = view
        .current()
        .ok_or_else(|| ActionError::Internal("evidence without a actor version".to_owned()))?;
    let declaration = Declaration {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: view.item.id.clone(),
        version: version.version,
        typed_name: typed_name.trim().to_owned(),
        content_sha256: version.content_sha256.clone(),
        signed_by: actor.user.id.clone(),
        signed_at: state.clock.naive(),
    };
    let (row, now) = (declaration.clone(), state.clock.naive());
    let audit_entry = entry(
        actor,
        &view.registration,
        "evidence_declared",
        &view.item.id,
        json!({"version": row.version, "content_sha256": row.content_sha256}),
    );
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            store::insert_declaration(conn, &row)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(declaration)
}

/// The learner submits signed, mapped content for assessment.
pub async fn submit(state: &AppState, actor: &Actor, evidence_id: &str) -> Result<(), ActionError> {
    let view = view(state, actor, evidence_id).await?;
    if view.registration.learner_id != actor.user.id {
        return Err(ActionError::Forbidden);
    }
    let mut problems = Vec::new();
    let has_content = view
        .current()
        .is_some_and(|v| !v.body_text.trim().is_empty())
        || !view.files.is_empty();
    if !has_content {
        problems.push(FieldError::new(
            "text",
            "Write the evidence in the page or attach a file before submitting",
        ));
    }
    if view.mappings.is_empty() {
        problems.push(FieldError::new(
            "criteria",
            "Map the evidence to at least one criterion before submitting",
        ));
    }
    if !view.declaration_valid() {
        problems.push(FieldError::new("typed_name", "Sign the declaration that this is your own work (again, if you changed it since signing)"));
    }
    if !problems.is_empty() {
        return Err(ActionError::Invalid(problems));
    }
    if view.item.status == SUBMITTED {
        return Ok(());
    }
    let now = state.clock.naive();
    let id = view.item.id.clone();
    let audit_entry = entry(
        actor,
        &view.registration,
        "evidence_submitted",
        &id,
        json!({"version": view.item.current_version}),
    );
    // The allocated assessor hears of it in the app and by email, with the submission.
    let assessor = view.registration.assessor_id.clone();
    let subject = format!("Evidence submitted by {}", actor.user.name);
    let body = format!(
        "{} submitted \"{}\" (version {}) for assessment.",
        actor.user.name, view.item.title, view.item.current_version
    );
    let (link, base) = (format!("/evidence/{id}"), state.public_url.clone());
    state
        .db
        .write(move |conn| {
            store::set_status(conn, &id, SUBMITTED, now)?;
            notify_with_mail(conn, &assessor, &subject, &body, &link, &base, now)?;
            audit::append(conn, audit_entry, now)?;
            Ok::<(), StoreError>(())
        })
        .await?;
    Ok(())
}

/// The tracker with what it was built from.
pub struct TrackerView {
    pub registration: Registration,
    pub learner_name: String,
    pub tracker: crate::domain::tracker::Tracker,
    /// Each evidence item with its current version's word count.
    pub items: Vec<(store::EvidenceBrief, Option<i32>)>,
    /// Every judgement round, by item then round (the latest decides the item's status).
    pub judgements: Vec<crate::store::judgements::Judgement>,
}

impl TrackerView {
    /// The latest judgement of each judged item.
    pub fn latest_judgements(
        &self,
    ) -> std::collections::BTreeMap<String, &crate::store::judgements::Judgement> {
        let mut latest = std::collections::BTreeMap::new();
        for j in &self.judgements {
            latest.insert(j.item_id.clone(), j);
        }
        latest
    }
}

/// The registration's tracker (anyone who may see the registration). Four queries, whatever the
/// number of evidence items.
/// What the tracker is built from, read in one trip to the database.
struct TrackerRows {
    registration: Registration,
    learner_name: String,
    items: Vec<(store::EvidenceBrief, Option<i32>)>,
    mappings: Vec<(String, String)>,
    file_words: Vec<(String, i32)>,
    judgements: Vec<crate::store::judgements::Judgement>,
}

fn tracker_rows(
    conn: &mut crate::store::DbConnection,
    id: &str,
) -> Result<Option<TrackerRows>, StoreError> {
    let Some(registration) = registrations::find(conn, id)? else {
        return Ok(None);
    };
    let learner_name = crate::store::people::find_user(conn, &registration.learner_id)?
        .map(|u| u.name)
        .unwrap_or_default();
    Ok(Some(TrackerRows {
        items: store::briefs_of(conn, id)?,
        mappings: store::mappings_of_registration(conn, id)?,
        file_words: store::file_words_of_registration(conn, id)?,
        judgements: crate::store::judgements::of_registration(conn, id)?,
        registration,
        learner_name,
    }))
}

pub async fn tracker(
    state: &AppState,
    actor: &Actor,
    registration_id: &str,
) -> Result<TrackerView, ActionError> {
    use crate::domain::tracker::{EvidenceSummary, tracker};
    let key = registration_id.to_owned();
    let rows = state.db.run(move |conn| tracker_rows(conn, &key)).await?;
    let rows =
        rows.ok_or_else(|| ActionError::NotFound(format!("registration {registration_id}")))?;
    // Nothing read is shown before this check.
    require_registration_visible(actor, &rows.registration)?;
    let TrackerRows {
        registration,
        learner_name,
        items,
        mappings,
        file_words,
        judgements,
    } = rows;
    let mapped = crate::domain::tracker::by_evidence(&mappings);
    let in_files = crate::domain::tracker::by_evidence(&file_words);
    let summaries: Vec<EvidenceSummary> = items
        .iter()
        .map(|(item, words)| {
            let in_files = in_files
                .get(item.id.as_str())
                .and_then(|words| words.iter().copied().max());
            EvidenceSummary {
                id: item.id.clone(),
                title: item.title.clone(),
                kind: item.kind.clone(),
                status: item.status.clone(),
                word_count: (*words).max(in_files),
                items: mapped.get(item.id.as_str()).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let decisions = crate::domain::judgement::latest_decisions(
        judgements
            .iter()
            .map(|j| (j.item_id.as_str(), j.round, j.outcome == "met")),
    );
    let tracker = tracker(
        &state.curriculum,
        &registration.qualification_id,
        &summaries,
        &decisions,
    )
    .ok_or_else(|| {
        ActionError::Internal(format!(
            "qualification {} missing from the curriculum",
            registration.qualification_id
        ))
    })?;
    Ok(TrackerView {
        registration,
        learner_name,
        tracker,
        items,
        judgements,
    })
}
