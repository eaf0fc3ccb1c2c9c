//! Assessment judgements, one row per round (never updated), and the evidence (with its version)
//! each round relied on. A unique index on (registration, item, round) lets only one of two
//! simultaneous judgements of the same round commit.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{judgement_evidence, judgements};
use super::{DbConnection, StoreError};
use crate::domain::judgement::JudgementOutcome;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = judgements)]
pub struct Judgement {
    pub id: String,
    pub registration_id: String,
    pub item_id: String,
    pub unit_id: String,
    pub round: i32,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub outcome: JudgementOutcome,
    pub feedback: String,
    pub assessor_id: String,
    pub judged_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = judgement_evidence)]
pub struct JudgementEvidence {
    pub id: String,
    pub judgement_id: String,
    pub evidence_id: String,
    pub evidence_version: i32,
}

/// The latest round recorded for an item of a registration.
pub fn latest_round(
    conn: &mut DbConnection,
    registration_id: &str,
    item_id: &str,
) -> Result<Option<i32>, StoreError> {
    Ok(judgements::table
        .filter(judgements::registration_id.eq(registration_id))
        .filter(judgements::item_id.eq(item_id))
        .select(diesel::dsl::max(judgements::round))
        .first(conn)?)
}

/// Record a round and the evidence it relied on. A round already taken fails with a unique
/// violation (see [`is_taken`]).
pub fn insert(
    conn: &mut DbConnection,
    judgement: &Judgement,
    evidence: &[JudgementEvidence],
) -> Result<(), StoreError> {
    diesel::insert_into(judgements::table)
        .values(judgement.clone())
        .execute(conn)?;
    for row in evidence {
        diesel::insert_into(judgement_evidence::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// True when the error says the round was taken by another judgement in the meantime.
pub fn is_taken(error: &StoreError) -> bool {
    matches!(
        error,
        StoreError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _
        ))
    )
}

/// Every round of a registration, by item then round.
pub fn of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<Judgement>, StoreError> {
    Ok(judgements::table
        .filter(judgements::registration_id.eq(registration_id))
        .order((judgements::item_id, judgements::round))
        .select(Judgement::as_select())
        .load(conn)?)
}

/// The evidence relied on by every round of a registration (one query).
pub fn evidence_of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<JudgementEvidence>, StoreError> {
    Ok(judgement_evidence::table
        .inner_join(judgements::table)
        .filter(judgements::registration_id.eq(registration_id))
        .order((
            judgement_evidence::judgement_id,
            judgement_evidence::evidence_id,
        ))
        .select(JudgementEvidence::as_select())
        .load(conn)?)
}

/// The rounds that relied on one evidence item, oldest first: its feedback for the learner.
pub fn relying_on(
    conn: &mut DbConnection,
    evidence_id: &str,
) -> Result<Vec<Judgement>, StoreError> {
    Ok(judgements::table
        .inner_join(judgement_evidence::table)
        .filter(judgement_evidence::evidence_id.eq(evidence_id))
        .order((judgements::judged_at, judgements::item_id))
        .select(Judgement::as_select())
        .load(conn)?)
}
