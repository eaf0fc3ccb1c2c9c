//! Assessment plans and the progress reviews recorded against them. A plan's activities and
//! criteria are JSON text; a change rewrites them and bumps `version`, and the signatures (in
//! `signatures`, record type `assessment_plan`) stop holding because the content hash differs.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::Json;
use super::schema::{assessment_plans, plan_reviews};
use super::{DbConnection, StoreError};
use crate::domain::plan::PlannedActivity;

pub const ASSESSMENT_PLAN: &str = "assessment_plan";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = assessment_plans)]
pub struct Plan {
    pub id: String,
    pub registration_id: String,
    /// JSON: `[{activity, method, target_date}]`.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub activities: Json<Vec<PlannedActivity>>,
    /// JSON: `[criterion_id]`.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub criteria: Json<Vec<String>>,
    pub version: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = plan_reviews)]
pub struct Review {
    pub id: String,
    pub plan_id: String,
    pub registration_id: String,
    pub reviewed_on: NaiveDate,
    pub progress: String,
    pub next_steps: String,
    pub next_review_on: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, plan: &Plan) -> Result<(), StoreError> {
    diesel::insert_into(assessment_plans::table)
        .values(plan.clone())
        .execute(conn)?;
    Ok(())
}

/// Rewrite a plan's content if it is still at `version`; false when someone changed it first.
pub fn update(conn: &mut DbConnection, plan: &Plan, version: i32) -> Result<bool, StoreError> {
    let changed = diesel::update(assessment_plans::table.find(&plan.id))
        .filter(assessment_plans::version.eq(version))
        .set((
            assessment_plans::activities.eq(plan.activities.to_text()),
            assessment_plans::criteria.eq(plan.criteria.to_text()),
            assessment_plans::version.eq(plan.version),
            assessment_plans::updated_at.eq(plan.updated_at),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Plan>, StoreError> {
    Ok(assessment_plans::table
        .find(id)
        .select(Plan::as_select())
        .first(conn)
        .optional()?)
}

/// A registration's plans, oldest first.
pub fn of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<Plan>, StoreError> {
    Ok(assessment_plans::table
        .filter(assessment_plans::registration_id.eq(registration_id))
        .order((assessment_plans::created_at, assessment_plans::id))
        .select(Plan::as_select())
        .load(conn)?)
}

pub fn insert_review(conn: &mut DbConnection, review: &Review) -> Result<(), StoreError> {
    diesel::insert_into(plan_reviews::table)
        .values(review)
        .execute(conn)?;
    Ok(())
}

/// A registration's reviews, oldest first.
pub fn reviews_of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<Review>, StoreError> {
    Ok(plan_reviews::table
        .filter(plan_reviews::registration_id.eq(registration_id))
        .order((
            plan_reviews::reviewed_on,
            plan_reviews::recorded_at,
            plan_reviews::id,
        ))
        .select(Review::as_select())
        .load(conn)?)
}
