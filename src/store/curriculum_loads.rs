//! The record of which curriculum version the service loaded, so a centre can show an EQA
//! exactly which wording its judgements were made against.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::curriculum_loads;
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = curriculum_loads)]
pub struct CurriculumLoad {
    pub id: String,
    pub version: String,
    pub files: i32,
    pub loaded_at: NaiveDateTime,
}

pub fn latest(conn: &mut DbConnection) -> Result<Option<CurriculumLoad>, StoreError> {
    Ok(curriculum_loads::table
        .order(curriculum_loads::loaded_at.desc())
        .select(CurriculumLoad::as_select())
        .first(conn)
        .optional()?)
}

/// Record `version` unless it is already the latest one; return the record in force.
pub fn record(
    conn: &mut DbConnection,
    version: &str,
    files: i32,
    now: NaiveDateTime,
) -> Result<CurriculumLoad, StoreError> {
    super::write_transaction(conn, |conn| {
        if let Some(current) = latest(conn)?
            && current.version == version
        {
            return Ok(current);
        }
        let load = CurriculumLoad {
            id: uuid::Uuid::new_v4().to_string(),
            version: version.to_owned(),
            files,
            loaded_at: now,
        };
        diesel::insert_into(curriculum_loads::table)
            .values(&load)
            .execute(conn)?;
        Ok(load)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::TestDb;

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_700_000_000 + seconds, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }

    #[test]
    fn records_a_new_version_once() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        assert_eq!(latest(&mut conn)?, None);
        let first = record(&mut conn, "abc", 3, at(0))?;
        let again = record(&mut conn, "abc", 3, at(10))?;
        assert_eq!(first, again);
        let changed = record(&mut conn, "def", 3, at(20))?;
        assert_eq!(changed.version, "def");
        assert_eq!(
            latest(&mut conn)?.map(|l| l.version),
            Some("def".to_owned())
        );
        Ok(())
    }
}
