//! Registrations (a learner on a qualification at a centre) and their history of changes.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::Json;
use super::schema::{registration_changes, registration_prior_learning, registrations, users};
use super::{DbConnection, StoreError};
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = registrations, treat_none_as_default_value = false)]
pub struct Registration {
    pub id: String,
    pub centre_id: String,
    pub learner_id: String,
    pub qualification_id: String,
    pub awarding_body_ref: Option<String>,
    pub date_of_birth: NaiveDate,
    pub start_date: NaiveDate,
    pub planned_end_date: NaiveDate,
    pub employer: String,
    pub workplace: String,
    pub assessor_id: String,
    pub iqa_id: String,
    pub tutor_id: Option<String>,
    pub support_needs: String,
    pub reasonable_adjustments: String,
    pub open_learning: bool,
    pub authenticator: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: RegistrationStatus,
    pub registered_on: NaiveDate,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = registration_changes, treat_none_as_default_value = false)]
pub struct RegistrationChange {
    pub id: String,
    pub registration_id: String,
    pub changed_at: NaiveDateTime,
    pub changed_by: String,
    pub change: String,
    pub reason: String,
    /// What changed (a JSON object).
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub details: Json<serde_json::Value>,
}

/// C2: prior learning recognised at registration; `exemptions` is a JSON array of unit ids.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = registration_prior_learning, treat_none_as_default_value = false)]
pub struct PriorLearningRecord {
    pub registration_id: String,
    pub description: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub exemptions: Json<Vec<String>>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

pub fn prior_learning_of(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Option<PriorLearningRecord>, StoreError> {
    Ok(registration_prior_learning::table
        .find(registration_id)
        .select(PriorLearningRecord::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConnection, registration: &Registration) -> Result<(), StoreError> {
    diesel::insert_into(registrations::table)
        .values(registration.clone())
        .execute(conn)?;
    Ok(())
}

/// A registration to insert, with its authenticator's role and email when one is given.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub registration: Registration,
    pub authenticator_role: Option<String>,
    pub authenticator_email: Option<String>,
}

type RegistrationRow = (
    Registration,
    diesel::dsl::Eq<registrations::authenticator_role, Option<String>>,
    diesel::dsl::Eq<registrations::authenticator_email, Option<String>>,
);

impl NewRegistration {
    fn row(&self) -> RegistrationRow {
        (
            self.registration.clone(),
            registrations::authenticator_role.eq(self.authenticator_role.clone()),
            registrations::authenticator_email.eq(self.authenticator_email.clone()),
        )
    }
}

/// Insert registrations, their first history entries and their prior learning in multi-row
/// statements (a bulk import).
pub fn insert_all(
    conn: &mut DbConnection,
    rows: &[NewRegistration],
    changes: &[RegistrationChange],
    prior: &[PriorLearningRecord],
) -> Result<(), StoreError> {
    let rows: Vec<RegistrationRow> = rows.iter().map(NewRegistration::row).collect();
    insert_batched!(conn, registrations::table, rows);
    insert_batched!(conn, registration_changes::table, changes);
    insert_batched!(conn, registration_prior_learning::table, prior);
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Registration>, StoreError> {
    Ok(registrations::table
        .find(id)
        .select(Registration::as_select())
        .first(conn)
        .optional()?)
}

/// A centre's registrations with each learner's name, newest first (one query).
pub fn of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<(Registration, String)>, StoreError> {
    Ok(registrations::table
        .inner_join(users::table.on(users::id.eq(registrations::learner_id)))
        .filter(registrations::centre_id.eq(centre_id))
        .order((registrations::created_at.desc(), registrations::id))
        .select((Registration::as_select(), users::name))
        .load(conn)?)
}

/// The registrations named, each with its learner's name (one statement; ids not found are
/// left out).
pub fn named(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<Vec<(Registration, String)>, StoreError> {
    Ok(registrations::table
        .inner_join(users::table.on(users::id.eq(registrations::learner_id)))
        .filter(registrations::id.eq_any(ids))
        .select((Registration::as_select(), users::name))
        .load(conn)?)
}

/// The registrations of one learner.
pub fn of_learner(
    conn: &mut DbConnection,
    learner_id: &str,
) -> Result<Vec<Registration>, StoreError> {
    Ok(registrations::table
        .filter(registrations::learner_id.eq(learner_id))
        .order(registrations::created_at.desc())
        .select(Registration::as_select())
        .load(conn)?)
}

pub fn record_change(
    conn: &mut DbConnection,
    change: &RegistrationChange,
) -> Result<(), StoreError> {
    diesel::insert_into(registration_changes::table)
        .values(change.clone())
        .execute(conn)?;
    Ok(())
}

pub fn changes(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<RegistrationChange>, StoreError> {
    Ok(registration_changes::table
        .filter(registration_changes::registration_id.eq(registration_id))
        .order(registration_changes::changed_at)
        .select(RegistrationChange::as_select())
        .load(conn)?)
}

pub fn set_assessor(
    conn: &mut DbConnection,
    id: &str,
    assessor_id: &str,
) -> Result<(), StoreError> {
    diesel::update(registrations::table.find(id))
        .set(registrations::assessor_id.eq(assessor_id))
        .execute(conn)?;
    Ok(())
}

/// Store a registration's changed details (reference, place, planned end, support).
pub fn set_details(
    conn: &mut DbConnection,
    id: &str,
    details: &crate::domain::registration::Details,
) -> Result<(), StoreError> {
    diesel::update(registrations::table.find(id))
        .set((
            registrations::awarding_body_ref.eq(details.awarding_body_ref.clone()),
            registrations::employer.eq(&details.employer),
            registrations::workplace.eq(&details.workplace),
            registrations::planned_end_date.eq(details.planned_end_date),
            registrations::support_needs.eq(&details.support_needs),
            registrations::reasonable_adjustments.eq(&details.reasonable_adjustments),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    status: RegistrationStatus,
) -> Result<(), StoreError> {
    diesel::update(registrations::table.find(id))
        .set(registrations::status.eq(status.as_str()))
        .execute(conn)?;
    Ok(())
}

/// An assessor's (or tutor's, or IQA's) active learners with their names (one query), where they
/// still hold that role at the learner's centre.
pub fn caseload(
    conn: &mut DbConnection,
    staff_id: &str,
) -> Result<Vec<(Registration, String)>, StoreError> {
    Ok(registrations::table
        .inner_join(users::table.on(users::id.eq(registrations::learner_id)))
        .filter(works_with!(staff_id))
        .filter(registrations::status.eq(RegistrationStatus::Active.as_str()))
        .order((users::name, registrations::id))
        .select((Registration::as_select(), users::name))
        .load(conn)?)
}

/// Hold a registration still until the caller's write transaction ends, so that checks made in
/// it (a unit's lock, for instance) stay true until it commits. SQLite's write transactions
/// already run one at a time (`BEGIN IMMEDIATE`); PostgreSQL takes the row's lock.
pub fn hold(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
    if let DbConnection::Postgresql(pg) = conn {
        registrations::table
            .find(id)
            .select(registrations::id)
            .for_update()
            .first::<String>(pg)
            .optional()?;
    }
    Ok(())
}

/// How many active registrations at the centre the person holds in `role`: as the learner,
/// their assessor, their IQA or their tutor (a centre administrator holds none).
pub fn active_held_in_role(
    conn: &mut DbConnection,
    centre_id: &str,
    user_id: &str,
    role: Role,
) -> Result<i64, StoreError> {
    let active = registrations::table
        .filter(registrations::centre_id.eq(centre_id))
        .filter(registrations::status.eq(RegistrationStatus::Active.as_str()))
        .into_boxed();
    let held = match role {
        Role::Learner => active.filter(registrations::learner_id.eq(user_id)),
        Role::Assessor => active.filter(
            registrations::assessor_id
                .eq(user_id)
                .or(holds_a_unit!(user_id, assessor_id)),
        ),
        Role::Iqa => active.filter(
            registrations::iqa_id
                .eq(user_id)
                .or(holds_a_unit!(user_id, iqa_id)),
        ),
        Role::Tutor => active.filter(registrations::tutor_id.eq(user_id)),
        Role::CentreAdmin => return Ok(0),
    };
    Ok(held.count().get_result(conn)?)
}
