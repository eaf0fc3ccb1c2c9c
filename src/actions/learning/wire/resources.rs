//! Resources: what adding or editing one takes (JSON, or a multipart form with a file), and a
//! resource as listed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::actions::learning::resources::Item;
use crate::domain::resource::ResourceInput;

/// Which resources to list.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ResourceFilter {
    /// Only those of this qualification.
    #[serde(default)]
    pub qualification_id: Option<String>,
}

/// A resource as sent (added, or edited and hidden): text, link or recording link.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ResourceRequest {
    pub qualification_id: String,
    /// `text`, `file`, `link` or `recording` (files and recordings with a file: the upload).
    #[schema(example = "text")]
    pub kind: String,
    pub title: String,
    /// Markdown: the text of a `text` resource, a description for the others.
    pub body: String,
    /// An http or https address (links, recording links).
    pub url: Option<String>,
    pub outcome_ids: Vec<String>,
    /// Contributed by a person with lived experience of self-directed support.
    pub lived_experience: bool,
    /// How the contributor wishes to be credited; empty means anonymous.
    pub credit: Option<String>,
    /// Hidden from learners.
    pub hidden: bool,
}

impl From<ResourceRequest> for ResourceInput {
    fn from(r: ResourceRequest) -> Self {
        Self {
            qualification_id: r.qualification_id,
            kind: r.kind,
            title: r.title,
            body: r.body,
            url: r.url,
            outcome_ids: r.outcome_ids,
            lived_experience: r.lived_experience,
            credit: r.credit,
            hidden: r.hidden,
        }
    }
}

/// A file or recording as uploaded: `multipart/form-data`, the fields, then one `file`.
#[derive(Debug, Clone, Default, ToSchema)]
pub struct ResourceUploadForm {
    pub qualification_id: String,
    /// `file` or `recording`.
    #[schema(example = "file")]
    pub kind: String,
    pub title: String,
    /// Markdown: a description.
    pub body: Option<String>,
    pub url: Option<String>,
    /// One field per outcome.
    pub outcome_ids: Vec<String>,
    /// `true`, `on` or `1` for yes.
    pub lived_experience: Option<String>,
    pub credit: Option<String>,
    /// The file, checked as evidence files are.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// A resource: the centre's own, or a starter (as shipped or as the centre edited it).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningResource {
    /// A starter's own id for the starter set (and the centre's edits of it).
    pub id: String,
    pub starter: bool,
    /// `text`, `file`, `link` or `recording`.
    #[schema(example = "text")]
    pub kind: String,
    pub title: String,
    /// Markdown.
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

impl From<Item> for LearningResource {
    fn from(i: Item) -> Self {
        Self {
            id: i.id,
            starter: i.starter,
            kind: i.kind,
            title: i.title,
            body: i.body,
            url: i.url,
            outcome_ids: i.outcome_ids,
            filename: i.filename,
            media_type: i.media_type,
            size_bytes: i.size_bytes,
            lived_experience: i.lived_experience,
            credit: i.credit,
            hidden: i.hidden,
        }
    }
}

/// Resources by outcome as the caller may see them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningResourceList {
    pub resources: Vec<LearningResource>,
}

impl From<Vec<Item>> for LearningResourceList {
    fn from(items: Vec<Item>) -> Self {
        Self {
            resources: items.into_iter().map(LearningResource::from).collect(),
        }
    }
}
