//! Resources attached to outcomes. A centre's tutors and administrators add text (Markdown),
//! files and recordings (through the evidence file store and its checks) and links; they edit or
//! hide the shipped starter set for their centre (an override row). The centre's people see
//! them; learners never see hidden ones.

use std::collections::BTreeSet;

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::learning::programmes::{BUILDERS, audit_entry, linkable};
use crate::curriculum::Curriculum;
use crate::domain::ids::{CentreId, QualificationId, ResourceId};
use crate::domain::people::FieldError;
use crate::domain::resource::{
    CheckedResource, FILE, RECORDING, ResourceInput, Starter, check_resource, is_recording_type,
    starter_set,
};
use crate::domain::roles::Role;
use crate::files::{FileError, StoredFile};
use crate::store::audit;
use crate::store::json::Json;
use crate::store::resources::{self as store, Resource};

pub const READERS: &[Role] = &[
    Role::CentreAdmin,
    Role::Tutor,
    Role::Assessor,
    Role::Iqa,
    Role::Learner,
];

/// A resource as listed: the centre's own, or a starter (as shipped or as the centre edited it).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Item {
    pub id: String,
    pub starter: bool,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub url: Option<String>,
    pub outcome_ids: Vec<String>,
    pub filename: Option<String>,
    pub media_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub lived_experience: bool,
    pub credit: Option<String>,
    pub hidden: bool,
}

fn from_row(r: &Resource) -> Item {
    Item {
        id: r.starter_id.clone().unwrap_or_else(|| r.id.clone()),
        starter: r.starter_id.is_some(),
        kind: r.kind.clone(),
        title: r.title.clone(),
        body: r.body.clone(),
        url: r.url.clone(),
        outcome_ids: r.outcome_ids.0.clone(),
        filename: r.filename.clone(),
        media_type: r.media_type.clone(),
        size_bytes: r.size_bytes,
        lived_experience: r.lived_experience,
        credit: r.credit.clone(),
        hidden: r.hidden,
    }
}

fn from_starter(s: &Starter) -> Item {
    Item {
        id: s.id.clone(),
        starter: true,
        kind: s.kind.clone(),
        title: s.title.clone(),
        body: s.body(),
        url: s.url.clone(),
        outcome_ids: s.outcome_ids.clone(),
        filename: None,
        media_type: None,
        size_bytes: None,
        lived_experience: false,
        credit: None,
        hidden: false,
    }
}

fn staff(actor: &Actor, centre_id: &CentreId) -> bool {
    actor.supports(centre_id) || BUILDERS.iter().any(|r| actor.has_role(centre_id, *r))
}

/// Every resource of the centre (the starter set merged with its overrides), for one
/// qualification when given (a resource belongs to it when it serves one of its outcomes).
pub fn merged(
    curriculum: &Curriculum,
    rows: &[Resource],
    qualification_id: Option<&QualificationId>,
    include_hidden: bool,
) -> Vec<Item> {
    let outcomes: Option<BTreeSet<String>> = qualification_id.map(|q| {
        linkable(curriculum, q)
            .map(|l| l.outcomes)
            .unwrap_or_default()
    });
    let starters = starter_set();
    let overridden: BTreeSet<&str> = rows
        .iter()
        .filter_map(|r| r.starter_id.as_deref())
        .collect();
    starters
        .iter()
        .filter(|s| !overridden.contains(s.id.as_str()))
        .map(from_starter)
        .chain(rows.iter().map(from_row))
        .filter(|i| include_hidden || !i.hidden)
        .filter(|i| {
            outcomes
                .as_ref()
                .is_none_or(|o| i.outcome_ids.iter().any(|id| o.contains(id)))
        })
        .collect()
}

/// The centre's resources as the caller may see them.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    qualification_filter: Option<&QualificationId>,
) -> Result<Vec<Item>, ActionError> {
    require_centre_role(actor, centre_id, READERS)?;
    let centre = centre_id.to_string();
    let rows = state
        .db
        .run(move |conn| store::of_centre(conn, &centre))
        .await?;
    Ok(merged(
        &state.curriculum,
        &rows,
        qualification_filter,
        staff(actor, centre_id),
    ))
}

fn checked(
    state: &AppState,
    input: &ResourceInput,
    has_file: bool,
) -> Result<CheckedResource, ActionError> {
    let wanted = QualificationId::parse(&input.qualification_id).ok();
    let Some(l) = wanted.and_then(|q| linkable(&state.curriculum, &q)) else {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "qualification_id",
            "Choose a qualification from the curriculum",
        )]));
    };
    check_resource(input, &l.outcomes, has_file).map_err(ActionError::Invalid)
}

/// A refused file answers 422 with the file store's message (too large stays 413).
pub fn file_refusal(error: FileError) -> ActionError {
    match error {
        FileError::Empty | FileError::NotAllowed { .. } | FileError::TypeMismatch { .. } => {
            ActionError::Invalid(vec![FieldError::new("file", &error.to_string())])
        }
        other => ActionError::from(other),
    }
}

/// Add a resource; `file` is the uploaded file (already stored and checked) with its name. The
/// stored file is removed again when the resource is refused or not saved.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: ResourceInput,
    file: Option<(StoredFile, String)>,
) -> Result<Item, ActionError> {
    let result = create_inner(state, actor, centre_id, input, file.as_ref()).await;
    if let (Err(_), Some((stored, _))) = (&result, &file) {
        let _ = state.files.delete(&stored.key).await;
    }
    result
}

/// A file fits the resource: only file and recording resources carry one, and a recording's is
/// audio or video.
fn check_file_kind(c: &CheckedResource, stored: &StoredFile) -> Result<(), ActionError> {
    let mime = stored.media_type.mime();
    if c.kind == RECORDING && !is_recording_type(mime) {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "file",
            "A recording must be an audio or video file (MP3, M4A, WAV, MP4 or WebM).",
        )]));
    }
    if c.kind != FILE && c.kind != RECORDING {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "file",
            "Only file and recording resources carry a file.",
        )]));
    }
    Ok(())
}

async fn create_inner(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: ResourceInput,
    file: Option<&(StoredFile, String)>,
) -> Result<Item, ActionError> {
    require_centre_role(actor, centre_id, BUILDERS)?;
    let c = checked(state, &input, file.is_some())?;
    if let Some((stored, _)) = file {
        check_file_kind(&c, stored)?;
    }
    let now = state.clock.naive();
    let row = Resource {
        id: uuid::Uuid::new_v4().to_string(),
        centre_id: centre_id.to_string(),
        qualification_id: input.qualification_id.clone(),
        starter_id: None,
        kind: c.kind,
        title: c.title,
        body: c.body,
        url: c.url,
        outcome_ids: Json(c.outcome_ids),
        store_key: file.map(|(s, _)| s.key.as_str().to_owned()),
        filename: file.map(|(_, name)| name.clone()),
        media_type: file.map(|(s, _)| s.media_type.mime().to_owned()),
        size_bytes: file.map(|(s, _)| i64::try_from(s.size).unwrap_or(i64::MAX)),
        sha256: file.map(|(s, _)| s.sha256.to_hex()),
        lived_experience: c.lived_experience,
        credit: c.credit,
        hidden: c.hidden,
        created_by: actor.user.id.clone(),
        created_at: now,
        updated_at: now,
    };
    let entry = audit_entry(
        actor,
        centre_id,
        "resource_added",
        ("resource", &row.id),
        json!({"kind": row.kind, "title": row.title, "sha256": row.sha256}),
    );
    let saved = row.clone();
    state
        .db
        .write(move |conn| {
            store::insert(conn, &saved)?;
            audit::append(conn, entry, now)
        })
        .await?;
    Ok(from_row(&row))
}

/// The centre's own copy of a starter resource, made at its first change.
fn starter_copy(
    s: &Starter,
    centre_id: &CentreId,
    by: &str,
    now: chrono::NaiveDateTime,
) -> Resource {
    Resource {
        id: uuid::Uuid::new_v4().to_string(),
        centre_id: centre_id.to_string(),
        qualification_id: String::new(),
        starter_id: Some(s.id.clone()),
        kind: s.kind.clone(),
        title: s.title.clone(),
        body: s.body(),
        url: s.url.clone(),
        outcome_ids: Json(s.outcome_ids.clone()),
        store_key: None,
        filename: None,
        media_type: None,
        size_bytes: None,
        sha256: None,
        lived_experience: false,
        credit: None,
        hidden: false,
        created_by: by.to_owned(),
        created_at: now,
        updated_at: now,
    }
}

/// The resource with the edit applied (its kind and any file stay as they are), checked against
/// every outcome of the curriculum.
fn changed(
    state: &AppState,
    row: Resource,
    mut input: ResourceInput,
    now: chrono::NaiveDateTime,
) -> Result<Resource, ActionError> {
    input.kind = row.kind.clone();
    let has_file = row.store_key.is_some();
    let outcomes: BTreeSet<String> = state
        .curriculum
        .qualifications()
        .filter_map(|(_, q)| {
            linkable(
                &state.curriculum,
                &QualificationId::from_stored(q.id.as_str()),
            )
        })
        .flat_map(|l| l.outcomes)
        .collect();
    let c = check_resource(&input, &outcomes, has_file).map_err(ActionError::Invalid)?;
    Ok(Resource {
        title: c.title,
        body: c.body,
        url: c.url,
        outcome_ids: Json(c.outcome_ids),
        lived_experience: c.lived_experience,
        credit: c.credit,
        hidden: c.hidden,
        updated_at: now,
        ..row
    })
}

/// Edit or hide a resource of the centre: its own (by id) or a starter (by starter id; the first
/// change makes the centre's copy). The kind and any file stay as they are.
pub async fn edit(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    resource_id: &ResourceId,
    input: ResourceInput,
) -> Result<Item, ActionError> {
    require_centre_role(actor, centre_id, BUILDERS)?;
    let (centre, key) = (centre_id.to_string(), resource_id.to_string());
    let (own, overridden) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let own = store::find(conn, &key)?.filter(|r| r.centre_id == centre);
            Ok((own, store::override_of(conn, &centre, &key)?))
        })
        .await?;
    let starter = starter_set().into_iter().find(|s| s.id == *resource_id);
    let existing = own.or(overridden);
    let is_new = existing.is_none();
    let now = state.clock.naive();
    let row = match (existing, starter) {
        (Some(row), _) => row,
        (None, Some(s)) => starter_copy(&s, centre_id, &actor.user.id, now),
        (None, None) => return Err(ActionError::NotFound(format!("resource {resource_id}"))),
    };
    let updated = changed(state, row, input, now)?;
    let entry = audit_entry(
        actor,
        centre_id,
        if updated.hidden {
            "resource_hidden"
        } else {
            "resource_changed"
        },
        ("resource", &updated.id),
        json!({"starter_id": updated.starter_id, "title": updated.title, "hidden": updated.hidden}),
    );
    let saved = updated.clone();
    state
        .db
        .write(move |conn| {
            if is_new {
                store::insert(conn, &saved)?;
            } else {
                store::update(conn, &saved)?;
            }
            audit::append(conn, entry, now)
        })
        .await?;
    Ok(from_row(&updated))
}

/// A resource's stored file, for whoever may see the resource (hidden ones: staff only).
pub async fn file_of(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    resource_id: &ResourceId,
) -> Result<Resource, ActionError> {
    require_centre_role(actor, centre_id, READERS)?;
    let key = resource_id.to_string();
    let row = state.db.run(move |conn| store::find(conn, &key)).await?;
    row.filter(|r| r.centre_id == *centre_id && r.store_key.is_some())
        .filter(|r| !r.hidden || staff(actor, centre_id))
        .ok_or_else(|| ActionError::NotFound(format!("resource {resource_id}")))
}
