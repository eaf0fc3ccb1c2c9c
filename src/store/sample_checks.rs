//! IQA checks of sampled decisions and the actions a referral sets the assessor. Checks are
//! numbered per sample (unique); an action is closed once, by its assessor, with a note. Also
//! what the reports read.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::evidence::EvidenceItem;
use super::judgements::Judgement;
use super::samples::Sample;
use super::schema::{
    evidence_items, iqa_actions, judgement_evidence, judgements, sample_checks, samples,
};
use super::{DbConnection, StoreError};
use crate::domain::iqa_check::CheckOutcome;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sample_checks)]
pub struct Check {
    pub id: String,
    pub sample_id: String,
    pub check_no: i32,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub outcome: CheckOutcome,
    pub feedback: String,
    pub iqa_id: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = iqa_actions)]
pub struct Action {
    pub id: String,
    pub sample_id: String,
    pub registration_id: String,
    pub assessor_id: String,
    pub description: String,
    pub due_on: NaiveDate,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<String>,
    pub closing_note: Option<String>,
    pub created_at: NaiveDateTime,
}

impl Action {
    pub fn is_closed(&self) -> bool {
        self.closed_at.is_some()
    }
}

pub fn insert_check(conn: &mut DbConnection, check: &Check) -> Result<(), StoreError> {
    diesel::insert_into(sample_checks::table)
        .values(check.clone())
        .execute(conn)?;
    Ok(())
}

pub fn insert_action(conn: &mut DbConnection, action: &Action) -> Result<(), StoreError> {
    diesel::insert_into(iqa_actions::table)
        .values(action)
        .execute(conn)?;
    Ok(())
}

/// A sample's checks, first first.
pub fn checks_of_sample(
    conn: &mut DbConnection,
    sample_id: &str,
) -> Result<Vec<Check>, StoreError> {
    Ok(sample_checks::table
        .filter(sample_checks::sample_id.eq(sample_id))
        .order(sample_checks::check_no)
        .select(Check::as_select())
        .load(conn)?)
}

/// A sample's actions, oldest first.
pub fn actions_of_sample(
    conn: &mut DbConnection,
    sample_id: &str,
) -> Result<Vec<Action>, StoreError> {
    Ok(iqa_actions::table
        .filter(iqa_actions::sample_id.eq(sample_id))
        .order((
            iqa_actions::created_at,
            iqa_actions::due_on,
            iqa_actions::id,
        ))
        .select(Action::as_select())
        .load(conn)?)
}

pub fn find_action(conn: &mut DbConnection, id: &str) -> Result<Option<Action>, StoreError> {
    Ok(iqa_actions::table
        .find(id)
        .select(Action::as_select())
        .first(conn)
        .optional()?)
}

/// Close an open action; false when it was closed already (by a request at the same moment).
pub fn close_action(
    conn: &mut DbConnection,
    id: &str,
    by: &str,
    note: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let changed = diesel::update(iqa_actions::table.find(id))
        .filter(iqa_actions::closed_at.is_null())
        .set((
            iqa_actions::closed_at.eq(now),
            iqa_actions::closed_by.eq(by),
            iqa_actions::closing_note.eq(note),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// The open actions of a centre with their samples, soonest due first.
pub fn open_actions_of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<(Action, Sample)>, StoreError> {
    Ok(iqa_actions::table
        .inner_join(samples::table.on(samples::id.eq(iqa_actions::sample_id)))
        .filter(samples::centre_id.eq(centre_id))
        .filter(iqa_actions::closed_at.is_null())
        .order((
            iqa_actions::due_on,
            iqa_actions::created_at,
            iqa_actions::id,
        ))
        .select((Action::as_select(), Sample::as_select()))
        .load(conn)?)
}

/// An assessor's actions (open first, then closed), with their samples.
pub fn actions_of_assessor(
    conn: &mut DbConnection,
    assessor_id: &str,
) -> Result<Vec<(Action, Sample)>, StoreError> {
    let mut rows: Vec<(Action, Sample)> = iqa_actions::table
        .inner_join(samples::table.on(samples::id.eq(iqa_actions::sample_id)))
        .filter(iqa_actions::assessor_id.eq(assessor_id))
        .order((
            iqa_actions::due_on,
            iqa_actions::created_at,
            iqa_actions::id,
        ))
        .select((Action::as_select(), Sample::as_select()))
        .load(conn)?;
    rows.sort_by_key(|(a, _)| a.is_closed());
    Ok(rows)
}

/// Every check of a centre's samples as `(assessor_id, day, outcome)`, oldest first, for the
/// referral rate per assessor over time.
pub fn checks_of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<(String, NaiveDate, CheckOutcome)>, StoreError> {
    let rows: Vec<(String, Check)> = sample_checks::table
        .inner_join(samples::table.on(samples::id.eq(sample_checks::sample_id)))
        .filter(samples::centre_id.eq(centre_id))
        .order((sample_checks::recorded_at, sample_checks::id))
        .select((samples::assessor_id, Check::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(assessor, check)| (assessor, check.recorded_at.date(), check.outcome))
        .collect())
}

/// A judgement with the evidence it relied on, each with the version judged.
pub type Decision = (Judgement, Vec<(EvidenceItem, i32)>);

/// The sampled decision (a judgement round) with the evidence it relied on: each item with the
/// version judged.
pub fn decision(
    conn: &mut DbConnection,
    judgement_id: &str,
) -> Result<Option<Decision>, StoreError> {
    let Some(judgement) = judgements::table
        .find(judgement_id)
        .select(Judgement::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let evidence = judgement_evidence::table
        .inner_join(
            evidence_items::table.on(evidence_items::id.eq(judgement_evidence::evidence_id)),
        )
        .filter(judgement_evidence::judgement_id.eq(judgement_id))
        .order((evidence_items::title, evidence_items::id))
        .select((
            EvidenceItem::as_select(),
            judgement_evidence::evidence_version,
        ))
        .load(conn)?;
    Ok(Some((judgement, evidence)))
}
