//! A centre's resources: its own (text, file, link, recording) and its overrides of the shipped
//! starter set (a row with `starter_id`: an edited copy, or hidden).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::Json;
use super::schema::resources;
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = resources)]
pub struct Resource {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub starter_id: Option<String>,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub url: Option<String>,
    /// JSON: `[outcome_id]`.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub outcome_ids: Json<Vec<String>>,
    pub store_key: Option<String>,
    pub filename: Option<String>,
    pub media_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub sha256: Option<String>,
    pub lived_experience: bool,
    pub credit: Option<String>,
    pub hidden: bool,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, resource: &Resource) -> Result<(), StoreError> {
    diesel::insert_into(resources::table)
        .values(resource.clone())
        .execute(conn)?;
    Ok(())
}

/// Rewrite a resource's content and visibility (its file, if any, stays).
pub fn update(conn: &mut DbConnection, resource: &Resource) -> Result<(), StoreError> {
    diesel::update(resources::table.find(&resource.id))
        .set((
            resources::title.eq(&resource.title),
            resources::body.eq(&resource.body),
            resources::url.eq(&resource.url),
            resources::outcome_ids.eq(resource.outcome_ids.to_text()),
            resources::lived_experience.eq(resource.lived_experience),
            resources::credit.eq(&resource.credit),
            resources::hidden.eq(resource.hidden),
            resources::updated_at.eq(resource.updated_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Resource>, StoreError> {
    Ok(resources::table
        .find(id)
        .select(Resource::as_select())
        .first(conn)
        .optional()?)
}

/// The centre's override of a starter resource, if it has one.
pub fn override_of(
    conn: &mut DbConnection,
    centre_id: &str,
    starter_id: &str,
) -> Result<Option<Resource>, StoreError> {
    Ok(resources::table
        .filter(resources::centre_id.eq(centre_id))
        .filter(resources::starter_id.eq(starter_id))
        .select(Resource::as_select())
        .first(conn)
        .optional()?)
}

/// Every resource row of a centre (its own and its starter overrides), oldest first.
pub fn of_centre(conn: &mut DbConnection, centre_id: &str) -> Result<Vec<Resource>, StoreError> {
    Ok(resources::table
        .filter(resources::centre_id.eq(centre_id))
        .order((resources::created_at, resources::id))
        .select(Resource::as_select())
        .load(conn)?)
}
