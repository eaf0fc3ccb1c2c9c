//! Evidence items, their versions (never overwritten), files, mappings and declarations.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    evidence_declarations, evidence_files, evidence_items, evidence_mappings, evidence_versions,
};
use super::{DbConnection, StoreError};
use crate::domain::evidence::EvidenceStatus;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = evidence_items)]
pub struct EvidenceItem {
    pub id: String,
    pub registration_id: String,
    pub kind: String,
    pub title: String,
    pub activity_date: NaiveDate,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: EvidenceStatus,
    pub current_version: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = evidence_versions)]
pub struct EvidenceVersion {
    pub id: String,
    pub evidence_id: String,
    pub version: i32,
    pub description: String,
    pub body_text: String,
    pub word_count: Option<i32>,
    pub content_sha256: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = evidence_files)]
pub struct EvidenceFile {
    pub id: String,
    pub evidence_id: String,
    pub store_key: String,
    pub filename: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub word_count: Option<i32>,
    pub added_in_version: i32,
    pub uploaded_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = evidence_declarations)]
pub struct Declaration {
    pub id: String,
    pub evidence_id: String,
    pub version: i32,
    pub typed_name: String,
    pub content_sha256: String,
    pub signed_by: String,
    pub signed_at: NaiveDateTime,
}

pub fn insert_item(
    conn: &mut DbConnection,
    item: &EvidenceItem,
    first: &EvidenceVersion,
) -> Result<(), StoreError> {
    diesel::insert_into(evidence_items::table)
        .values(item.clone())
        .execute(conn)?;
    diesel::insert_into(evidence_versions::table)
        .values(first)
        .execute(conn)?;
    Ok(())
}

pub fn find_item(conn: &mut DbConnection, id: &str) -> Result<Option<EvidenceItem>, StoreError> {
    Ok(evidence_items::table
        .find(id)
        .select(EvidenceItem::as_select())
        .first(conn)
        .optional()?)
}

/// Every version of an item, oldest first.
pub fn versions(conn: &mut DbConnection, id: &str) -> Result<Vec<EvidenceVersion>, StoreError> {
    Ok(evidence_versions::table
        .filter(evidence_versions::evidence_id.eq(id))
        .order(evidence_versions::version)
        .select(EvidenceVersion::as_select())
        .load(conn)?)
}

/// Add a version and make it current, with the item's new status (an edit returns it to draft).
pub fn add_version(
    conn: &mut DbConnection,
    item_id: &str,
    title: &str,
    version: &EvidenceVersion,
    status: EvidenceStatus,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(evidence_versions::table)
        .values(version)
        .execute(conn)?;
    diesel::update(evidence_items::table.find(item_id))
        .set((
            evidence_items::current_version.eq(version.version),
            evidence_items::title.eq(title),
            evidence_items::status.eq(status.as_str()),
            evidence_items::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_status(
    conn: &mut DbConnection,
    item_id: &str,
    status: EvidenceStatus,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(evidence_items::table.find(item_id))
        .set((
            evidence_items::status.eq(status.as_str()),
            evidence_items::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A registration's items with their current version (one query).
pub fn items_of(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<(EvidenceItem, EvidenceVersion)>, StoreError> {
    Ok(evidence_items::table
        .inner_join(
            evidence_versions::table.on(evidence_versions::evidence_id
                .eq(evidence_items::id)
                .and(evidence_versions::version.eq(evidence_items::current_version))),
        )
        .filter(evidence_items::registration_id.eq(registration_id))
        .order((evidence_items::activity_date.desc(), evidence_items::id))
        .select((EvidenceItem::as_select(), EvidenceVersion::as_select()))
        .load(conn)?)
}

/// Every mapping of a registration's evidence: (evidence id, item id), in one query.
pub fn mappings_of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(evidence_mappings::table
        .inner_join(evidence_items::table)
        .filter(evidence_items::registration_id.eq(registration_id))
        .select((evidence_mappings::evidence_id, evidence_mappings::item_id))
        .load::<(String, String)>(conn)
        .map(|mut pairs| {
            // Sorted here: cheaper than SQLite's sorter, and the order callers rely on.
            pairs.sort_unstable();
            pairs
        })?)
}

pub fn mappings_of(conn: &mut DbConnection, evidence_id: &str) -> Result<Vec<String>, StoreError> {
    Ok(evidence_mappings::table
        .filter(evidence_mappings::evidence_id.eq(evidence_id))
        .order(evidence_mappings::item_id)
        .select(evidence_mappings::item_id)
        .load(conn)?)
}

/// Replace an item's mappings with `ids`.
pub fn set_mappings(
    conn: &mut DbConnection,
    evidence_id: &str,
    ids: &[String],
    by: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::delete(evidence_mappings::table.filter(evidence_mappings::evidence_id.eq(evidence_id)))
        .execute(conn)?;
    for id in ids {
        diesel::insert_into(evidence_mappings::table)
            .values((
                evidence_mappings::id.eq(uuid::Uuid::new_v4().to_string()),
                evidence_mappings::evidence_id.eq(evidence_id),
                evidence_mappings::item_id.eq(id),
                evidence_mappings::created_by.eq(by),
                evidence_mappings::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Add one mapping of an item to a curriculum item, recorded as `by`'s.
pub fn add_mapping(
    conn: &mut DbConnection,
    evidence_id: &str,
    item_id: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(evidence_mappings::table)
        .values((
            evidence_mappings::id.eq(uuid::Uuid::new_v4().to_string()),
            evidence_mappings::evidence_id.eq(evidence_id),
            evidence_mappings::item_id.eq(item_id),
            evidence_mappings::created_by.eq(by),
            evidence_mappings::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn insert_file(conn: &mut DbConnection, file: &EvidenceFile) -> Result<(), StoreError> {
    diesel::insert_into(evidence_files::table)
        .values(file)
        .execute(conn)?;
    Ok(())
}

pub fn files_of(
    conn: &mut DbConnection,
    evidence_id: &str,
) -> Result<Vec<EvidenceFile>, StoreError> {
    Ok(evidence_files::table
        .filter(evidence_files::evidence_id.eq(evidence_id))
        .order(evidence_files::created_at)
        .select(EvidenceFile::as_select())
        .load(conn)?)
}

pub fn find_file(
    conn: &mut DbConnection,
    evidence_id: &str,
    file_id: &str,
) -> Result<Option<EvidenceFile>, StoreError> {
    Ok(evidence_files::table
        .find(file_id)
        .filter(evidence_files::evidence_id.eq(evidence_id))
        .select(EvidenceFile::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_declaration(
    conn: &mut DbConnection,
    declaration: &Declaration,
) -> Result<(), StoreError> {
    diesel::insert_into(evidence_declarations::table)
        .values(declaration)
        .execute(conn)?;
    Ok(())
}

pub fn latest_declaration(
    conn: &mut DbConnection,
    evidence_id: &str,
) -> Result<Option<Declaration>, StoreError> {
    Ok(evidence_declarations::table
        .filter(evidence_declarations::evidence_id.eq(evidence_id))
        // Two signed in the same instant: the one on the later version.
        .order((
            evidence_declarations::signed_at.desc(),
            evidence_declarations::version.desc(),
        ))
        .select(Declaration::as_select())
        .first(conn)
        .optional()?)
}

/// Word counts of every file of a registration's evidence as it stands (files belong to the
/// item, each added in a version and kept in every later one): (evidence id, words), one query.
pub fn file_words_of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<(String, i32)>, StoreError> {
    let rows: Vec<(String, Option<i32>)> = evidence_files::table
        .inner_join(evidence_items::table.on(evidence_items::id.eq(evidence_files::evidence_id)))
        .filter(evidence_items::registration_id.eq(registration_id))
        .filter(evidence_files::added_in_version.le(evidence_items::current_version))
        .select((evidence_files::evidence_id, evidence_files::word_count))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, words)| words.map(|w| (id, w)))
        .collect())
}

/// What the tracker and caseload need of an evidence item, and nothing else: no text bodies and
/// no timestamps (parsing SQLite's text timestamps costs more than the rest of the row).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = evidence_items)]
pub struct EvidenceBrief {
    pub id: String,
    pub registration_id: String,
    pub kind: String,
    pub title: String,
    #[diesel(deserialize_as = String)]
    pub status: EvidenceStatus,
}

/// A registration's evidence for the tracker, each with its current version's word count (one
/// query).
pub fn briefs_of(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<(EvidenceBrief, Option<i32>)>, StoreError> {
    Ok(evidence_items::table
        .inner_join(
            evidence_versions::table.on(evidence_versions::evidence_id
                .eq(evidence_items::id)
                .and(evidence_versions::version.eq(evidence_items::current_version))),
        )
        .filter(evidence_items::registration_id.eq(registration_id))
        .order((evidence_items::activity_date.desc(), evidence_items::id))
        .select((EvidenceBrief::as_select(), evidence_versions::word_count))
        .load(conn)?)
}
