//! Which stored files the records refer to: evidence files, resource files, and the assignment
//! briefs and marking guidance. The sweep removes only objects outside this set.

use std::collections::HashSet;

use diesel::prelude::*;

use super::schema::{assignments, evidence_files, resources};
use super::{DbConnection, StoreError};

/// Every file key a record refers to (four statements, whatever the centre's size).
pub fn referenced_keys(conn: &mut DbConnection) -> Result<HashSet<String>, StoreError> {
    let mut keys: HashSet<String> = evidence_files::table
        .select(evidence_files::store_key)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    keys.extend(
        resources::table
            .select(resources::store_key)
            .filter(resources::store_key.is_not_null())
            .load::<Option<String>>(conn)?
            .into_iter()
            .flatten(),
    );
    keys.extend(
        assignments::table
            .select(assignments::brief_key)
            .load::<String>(conn)?,
    );
    keys.extend(
        assignments::table
            .select(assignments::guidance_key)
            .load::<String>(conn)?,
    );
    Ok(keys)
}
