//! Learning activity logged by learners against a registration.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::sum;
use diesel::prelude::*;

use super::json::Json;
use super::schema::learning_entries;
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = learning_entries)]
pub struct Entry {
    pub id: String,
    pub registration_id: String,
    pub learner_id: String,
    pub activity_on: NaiveDate,
    pub minutes: i32,
    pub description: String,
    /// JSON: `[outcome_id]`.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub outcome_ids: Json<Vec<String>>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, entry: &Entry) -> Result<(), StoreError> {
    diesel::insert_into(learning_entries::table)
        .values(entry.clone())
        .execute(conn)?;
    Ok(())
}

/// A registration's entries, newest day first.
pub fn of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<Entry>, StoreError> {
    Ok(learning_entries::table
        .filter(learning_entries::registration_id.eq(registration_id))
        .order((
            learning_entries::activity_on.desc(),
            learning_entries::created_at.desc(),
            learning_entries::id,
        ))
        .select(Entry::as_select())
        .load(conn)?)
}

/// Minutes the learner has logged on a day, across all their registrations.
pub fn minutes_on(
    conn: &mut DbConnection,
    learner_id: &str,
    day: NaiveDate,
) -> Result<i64, StoreError> {
    let total: Option<i64> = learning_entries::table
        .filter(learning_entries::learner_id.eq(learner_id))
        .filter(learning_entries::activity_on.eq(day))
        .select(sum(learning_entries::minutes))
        .first(conn)?;
    Ok(total.unwrap_or(0))
}
