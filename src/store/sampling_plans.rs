//! IQA sampling plans (per centre and qualification) and the sampling rate per assessor. A change
//! rewrites the plan and its rates and bumps `version`; a stale version changes nothing.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::Json;
use super::schema::{sampling_plans, sampling_rates};
use super::{DbConnection, StoreError};
use crate::domain::sampling::plan::Focus;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sampling_plans)]
pub struct SamplingPlan {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    /// The IQA who wrote the plan.
    pub iqa_id: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Percent of an experienced assessor's decisions to sample.
    pub experienced_rate: i32,
    pub interim_on: NaiveDate,
    pub summative_on: NaiveDate,
    /// JSON: `{learners, units, methods, evidence_types, locations}`.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub focus: Json<Focus>,
    pub notes: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sampling_rates)]
pub struct SamplingRate {
    pub id: String,
    pub plan_id: String,
    pub assessor_id: String,
    /// `new`, `unqualified`, `referred` or `experienced`.
    pub risk: String,
    /// Percent, 0..=100.
    pub rate: i32,
    pub signed_off_at: Option<NaiveDateTime>,
    pub signed_off_by: Option<String>,
}

pub fn insert(
    conn: &mut DbConnection,
    plan: &SamplingPlan,
    rates: &[SamplingRate],
) -> Result<(), StoreError> {
    diesel::insert_into(sampling_plans::table)
        .values(plan.clone())
        .execute(conn)?;
    insert_rates(conn, rates)
}

fn insert_rates(conn: &mut DbConnection, rates: &[SamplingRate]) -> Result<(), StoreError> {
    for rate in rates {
        diesel::insert_into(sampling_rates::table)
            .values(rate)
            .execute(conn)?;
    }
    Ok(())
}

/// Rewrite a plan and replace its rates if it is still at `version`; false when someone changed
/// it first (nothing is written then).
pub fn update(
    conn: &mut DbConnection,
    plan: &SamplingPlan,
    rates: &[SamplingRate],
    version: i32,
) -> Result<bool, StoreError> {
    let changed = diesel::update(sampling_plans::table.find(&plan.id))
        .filter(sampling_plans::version.eq(version))
        .set((
            sampling_plans::period_start.eq(plan.period_start),
            sampling_plans::period_end.eq(plan.period_end),
            sampling_plans::experienced_rate.eq(plan.experienced_rate),
            sampling_plans::interim_on.eq(plan.interim_on),
            sampling_plans::summative_on.eq(plan.summative_on),
            sampling_plans::focus.eq(plan.focus.to_text()),
            sampling_plans::notes.eq(&plan.notes),
            sampling_plans::version.eq(plan.version),
            sampling_plans::updated_at.eq(plan.updated_at),
        ))
        .execute(conn)?;
    if changed != 1 {
        return Ok(false);
    }
    diesel::delete(sampling_rates::table.filter(sampling_rates::plan_id.eq(&plan.id)))
        .execute(conn)?;
    insert_rates(conn, rates)?;
    Ok(true)
}

pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<SamplingPlan>, StoreError> {
    Ok(sampling_plans::table
        .find(id)
        .select(SamplingPlan::as_select())
        .first(conn)
        .optional()?)
}

/// A centre's plans, newest period first.
pub fn of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<SamplingPlan>, StoreError> {
    Ok(sampling_plans::table
        .filter(sampling_plans::centre_id.eq(centre_id))
        .order((sampling_plans::period_start.desc(), sampling_plans::id))
        .select(SamplingPlan::as_select())
        .load(conn)?)
}

/// A plan's rates, by assessor.
pub fn rates_of(conn: &mut DbConnection, plan_id: &str) -> Result<Vec<SamplingRate>, StoreError> {
    Ok(sampling_rates::table
        .filter(sampling_rates::plan_id.eq(plan_id))
        .order((sampling_rates::assessor_id, sampling_rates::id))
        .select(SamplingRate::as_select())
        .load(conn)?)
}

/// The rates of several plans in one query.
pub fn rates_of_plans(
    conn: &mut DbConnection,
    plan_ids: &[String],
) -> Result<Vec<SamplingRate>, StoreError> {
    Ok(sampling_rates::table
        .filter(sampling_rates::plan_id.eq_any(plan_ids))
        .order((sampling_rates::plan_id, sampling_rates::assessor_id))
        .select(SamplingRate::as_select())
        .load(conn)?)
}

/// Record that an assessor held at 100% has been signed off (their rate may now drop).
pub fn sign_off_rate(
    conn: &mut DbConnection,
    rate_id: &str,
    by: &str,
    at: NaiveDateTime,
) -> Result<bool, StoreError> {
    let changed = diesel::update(sampling_rates::table.find(rate_id))
        .set((
            sampling_rates::signed_off_at.eq(Some(at)),
            sampling_rates::signed_off_by.eq(Some(by)),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}
