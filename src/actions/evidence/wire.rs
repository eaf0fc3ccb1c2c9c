//! The JSON the evidence API takes and gives: evidence items with their versions, files,
//! mappings and declaration, and the tracker. Field names are the API's contract (API.md); add,
//! never rename.

pub mod tracker;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::items::{EvidenceInput, EvidenceView};
use crate::store::evidence::{Declaration, EvidenceFile, EvidenceVersion};

pub(crate) fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

/// An evidence item as sent: `POST /api/v1/registrations/{registration_id}/evidence` (a new
/// draft) and `PUT /api/v1/evidence/{evidence_id}` (a new version).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EvidenceRequest {
    /// The kind of evidence: `reflective_account`, `work_product`, `written_assignment`, ...
    #[schema(example = "reflective_account")]
    pub kind: String,
    pub title: String,
    /// The day of the activity, `YYYY-MM-DD` (not in the future).
    #[schema(example = "2026-03-02")]
    pub activity_date: String,
    #[serde(default)]
    pub description: String,
    /// Text written in the page (Markdown).
    #[serde(default)]
    pub text: String,
}

impl From<EvidenceRequest> for EvidenceInput {
    fn from(r: EvidenceRequest) -> Self {
        Self {
            kind: r.kind,
            title: r.title,
            activity_date: r.activity_date,
            description: r.description,
            text: r.text,
        }
    }
}

/// A new evidence item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceCreated {
    pub id: String,
}

/// One version of an evidence item's content.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceVersionOut {
    pub version: i32,
    pub description: String,
    pub text: String,
    pub word_count: Option<i32>,
    pub content_sha256: String,
    pub created_by: String,
    /// RFC 3339.
    pub created_at: String,
}

impl From<&EvidenceVersion> for EvidenceVersionOut {
    fn from(v: &EvidenceVersion) -> Self {
        Self {
            version: v.version,
            description: v.description.clone(),
            text: v.body_text.clone(),
            word_count: v.word_count,
            content_sha256: v.content_sha256.clone(),
            created_by: v.created_by.clone(),
            created_at: rfc3339(v.created_at),
        }
    }
}

/// A file attached to an evidence item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceFileOut {
    pub file_id: String,
    pub filename: String,
    pub media_type: String,
    /// Bytes.
    pub size: i64,
    pub sha256: String,
    /// Words, for documents whose text could be read.
    pub word_count: Option<i32>,
}

impl From<&EvidenceFile> for EvidenceFileOut {
    fn from(f: &EvidenceFile) -> Self {
        Self {
            file_id: f.id.clone(),
            filename: f.filename.clone(),
            media_type: f.media_type.clone(),
            size: f.size_bytes,
            sha256: f.sha256.clone(),
            word_count: f.word_count,
        }
    }
}

/// A file just attached: `POST /api/v1/evidence/{evidence_id}/files`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceFileAttached {
    pub file_id: String,
    pub sha256: String,
    /// Bytes.
    pub size: i64,
    /// The type found from the file's bytes.
    pub media_type: String,
    pub word_count: Option<i32>,
}

impl From<&EvidenceFile> for EvidenceFileAttached {
    fn from(f: &EvidenceFile) -> Self {
        Self {
            file_id: f.id.clone(),
            sha256: f.sha256.clone(),
            size: f.size_bytes,
            media_type: f.media_type.clone(),
            word_count: f.word_count,
        }
    }
}

/// The multipart form of an upload: one file in the field `file`.
#[derive(Debug, Clone, ToSchema)]
pub struct EvidenceUpload {
    /// The file; its type is checked by its bytes.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// The learner's authenticity declaration on an item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceDeclarationOut {
    pub typed_name: String,
    /// RFC 3339.
    pub signed_at: String,
    pub content_sha256: String,
    /// The version declared.
    pub version: i32,
    /// Whether it still holds: the content is what was signed.
    pub valid: bool,
}

/// An evidence item with every version, its files, mappings and declaration.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceOut {
    pub id: String,
    pub registration_id: String,
    pub kind: String,
    pub title: String,
    pub activity_date: NaiveDate,
    /// `draft` or `submitted`.
    #[schema(example = "draft")]
    pub status: String,
    pub current_version: i32,
    pub versions: Vec<EvidenceVersionOut>,
    pub files: Vec<EvidenceFileOut>,
    /// The criteria it is mapped to.
    pub criteria: Vec<String>,
    /// Null until the learner declares it their own work.
    pub declaration: Option<EvidenceDeclarationOut>,
}

impl From<&EvidenceView> for EvidenceOut {
    fn from(view: &EvidenceView) -> Self {
        let item = &view.item;
        Self {
            id: item.id.clone(),
            registration_id: item.registration_id.clone(),
            kind: item.kind.clone(),
            title: item.title.clone(),
            activity_date: item.activity_date,
            status: item.status.into(),
            current_version: item.current_version,
            versions: view.versions.iter().map(EvidenceVersionOut::from).collect(),
            files: view.files.iter().map(EvidenceFileOut::from).collect(),
            criteria: view.mappings.clone(),
            declaration: view.declaration.as_ref().map(|d| EvidenceDeclarationOut {
                typed_name: d.typed_name.clone(),
                signed_at: rfc3339(d.signed_at),
                content_sha256: d.content_sha256.clone(),
                version: d.version,
                valid: view.declaration_valid(),
            }),
        }
    }
}

/// The criteria to map an item to: `PUT /api/v1/evidence/{evidence_id}/mappings` (replaces
/// the mapping).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EvidenceMappingRequest {
    pub criteria: Vec<String>,
}

/// The criteria an item is mapped to now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceMapping {
    pub criteria: Vec<String>,
}

/// The learner's declaration: `POST /api/v1/evidence/{evidence_id}/declaration`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EvidenceDeclarationRequest {
    /// The learner's name, typed to sign.
    pub typed_name: String,
}

/// A declaration just signed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceDeclared {
    /// RFC 3339.
    pub signed_at: String,
    pub content_sha256: String,
    pub version: i32,
}

impl From<&Declaration> for EvidenceDeclared {
    fn from(d: &Declaration) -> Self {
        Self {
            signed_at: rfc3339(d.signed_at),
            content_sha256: d.content_sha256.clone(),
            version: d.version,
        }
    }
}
