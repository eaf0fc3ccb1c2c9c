//! Support access as stored: each grant of a centre to the platform's administrators, with its
//! reason and end; and the centres a platform administrator reaches now.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{centres, memberships, support_access};
use super::{DbConnection, StoreError};
use crate::domain::roles::Role;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = support_access)]
pub struct SupportGrant {
    pub id: String,
    pub centre_id: String,
    pub granted_by: String,
    pub reason: String,
    pub granted_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
    pub ended_by: Option<String>,
}

pub fn insert(conn: &mut DbConnection, grant: &SupportGrant) -> Result<(), StoreError> {
    diesel::insert_into(support_access::table)
        .values(grant)
        .execute(conn)?;
    Ok(())
}

/// The centre's support access standing at `now`, if any (the latest).
pub fn live_of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
    now: NaiveDateTime,
) -> Result<Option<SupportGrant>, StoreError> {
    Ok(support_access::table
        .filter(support_access::centre_id.eq(centre_id))
        .filter(support_access::ended_at.is_null())
        .filter(support_access::ends_at.gt(now))
        .order(support_access::ends_at.desc())
        .select(SupportGrant::as_select())
        .first(conn)
        .optional()?)
}

/// End every support access of the centre standing at `now`; how many were ended.
pub fn end(
    conn: &mut DbConnection,
    centre_id: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<usize, StoreError> {
    Ok(diesel::update(
        support_access::table
            .filter(support_access::centre_id.eq(centre_id))
            .filter(support_access::ended_at.is_null())
            .filter(support_access::ends_at.gt(now)),
    )
    .set((
        support_access::ended_at.eq(now),
        support_access::ended_by.eq(by),
    ))
    .execute(conn)?)
}

/// The centres a platform administrator reaches at `now`: those whose administrator gave
/// support access that still stands, and those with no administrator yet (to set them up).
pub fn reachable_centres(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> Result<Vec<String>, StoreError> {
    let mut ids: Vec<String> = support_access::table
        .filter(support_access::ended_at.is_null())
        .filter(support_access::ends_at.gt(now))
        .select(support_access::centre_id)
        .load(conn)?;
    let administered = memberships::table
        .filter(memberships::role.eq(Role::CentreAdmin.code()))
        .select(memberships::centre_id);
    let unadministered: Vec<String> = centres::table
        .filter(centres::id.ne_all(administered))
        .select(centres::id)
        .load(conn)?;
    ids.extend(unadministered);
    ids.sort();
    ids.dedup();
    Ok(ids)
}
