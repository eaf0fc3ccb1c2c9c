//! Centres, people, their roles per centre, EQA grants, staff credentials and CPD.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{centres, cpd_entries, eqa_grants, memberships, staff_credentials, users};
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = centres)]
pub struct Centre {
    pub id: String,
    pub name: String,
    pub cg_centre_number: Option<String>,
    pub sqa_centre_number: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub is_platform_admin: bool,
    pub password_changed_at: Option<NaiveDateTime>,
    pub disabled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = memberships, treat_none_as_default_value = false)]
pub struct Membership {
    pub id: String,
    pub user_id: String,
    pub centre_id: String,
    pub role: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = eqa_grants)]
pub struct EqaGrant {
    pub id: String,
    pub centre_id: String,
    pub user_id: String,
    pub qualification_id: String,
    pub expires_at: NaiveDateTime,
    pub granted_by: String,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff_credentials)]
pub struct StaffCredential {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub code: String,
    pub statement: String,
    pub dated_on: NaiveDate,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
    /// The centre whose administrator recorded it, where it counts; `None` for a record made
    /// before credentials were per centre (it counts at each of the person's centres).
    pub centre_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = cpd_entries)]
pub struct CpdEntry {
    pub id: String,
    pub user_id: String,
    pub done_on: NaiveDate,
    pub minutes: i32,
    pub activity: String,
    pub created_at: NaiveDateTime,
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn insert_centre(conn: &mut DbConnection, centre: &Centre) -> Result<(), StoreError> {
    diesel::insert_into(centres::table)
        .values(centre)
        .execute(conn)?;
    Ok(())
}

pub fn find_centre(conn: &mut DbConnection, id: &str) -> Result<Option<Centre>, StoreError> {
    Ok(centres::table
        .find(id)
        .select(Centre::as_select())
        .first(conn)
        .optional()?)
}

pub fn list_centres(conn: &mut DbConnection) -> Result<Vec<Centre>, StoreError> {
    Ok(centres::table
        .order(centres::name)
        .select(Centre::as_select())
        .load(conn)?)
}

/// Insert a user; an email already in use is [`StoreError::Duplicate`].
pub fn insert_user(conn: &mut DbConnection, user: &User) -> Result<(), StoreError> {
    if find_user_by_email(conn, &user.email)?.is_some() {
        return Err(StoreError::Duplicate("email".to_owned()));
    }
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)?;
    Ok(())
}

/// Insert new accounts in multi-row statements (a bulk import): the caller has checked, in the
/// same transaction, that no account has their emails; the unique index refuses one that does.
pub fn insert_users(conn: &mut DbConnection, rows: &[User]) -> Result<(), StoreError> {
    let mut insert = || -> Result<(), StoreError> {
        insert_batched!(conn, users::table, rows);
        Ok(())
    };
    match insert() {
        // Someone registered one of these emails since the caller looked.
        Err(StoreError::Query(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ))) => Err(StoreError::Duplicate("email".to_owned())),
        other => other,
    }
}

/// Insert roles known not to be held yet, in multi-row statements (a bulk import).
pub fn insert_memberships(conn: &mut DbConnection, rows: &[Membership]) -> Result<(), StoreError> {
    insert_batched!(conn, memberships::table, rows);
    Ok(())
}

/// The accounts with these (lower-case) emails, each with their roles at `centre_id`: two
/// statements per [`super::BATCH_ROWS`] emails, whatever the number.
pub fn accounts_with_roles_at(
    conn: &mut DbConnection,
    emails: &[String],
    centre_id: &str,
) -> Result<std::collections::HashMap<String, (User, Vec<String>)>, StoreError> {
    let mut found = std::collections::HashMap::new();
    for chunk in emails.chunks(super::BATCH_ROWS) {
        let accounts: Vec<User> = users::table
            .filter(users::email.eq_any(chunk))
            .select(User::as_select())
            .load(conn)?;
        let ids: Vec<&str> = accounts.iter().map(|u| u.id.as_str()).collect();
        let roles: Vec<(String, String)> = memberships::table
            .filter(memberships::centre_id.eq(centre_id))
            .filter(memberships::user_id.eq_any(&ids))
            .select((memberships::user_id, memberships::role))
            .load(conn)?;
        let mut by_user: std::collections::HashMap<String, Vec<String>> = Default::default();
        for (user, role) in roles {
            by_user.entry(user).or_default().push(role);
        }
        for user in accounts {
            let held = by_user.remove(&user.id).unwrap_or_default();
            found.insert(user.email.clone(), (user, held));
        }
    }
    Ok(found)
}

pub fn find_user(conn: &mut DbConnection, id: &str) -> Result<Option<User>, StoreError> {
    Ok(users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

/// Emails are stored lower-cased; look-ups lower-case too.
pub fn find_user_by_email(
    conn: &mut DbConnection,
    email: &str,
) -> Result<Option<User>, StoreError> {
    Ok(users::table
        .filter(users::email.eq(email.trim().to_lowercase()))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

pub fn set_password(
    conn: &mut DbConnection,
    user_id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(users::table.find(user_id))
        .set((
            users::password_hash.eq(hash),
            users::password_changed_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn add_membership(conn: &mut DbConnection, membership: &Membership) -> Result<(), StoreError> {
    let exists = memberships::table
        .filter(memberships::user_id.eq(&membership.user_id))
        .filter(memberships::centre_id.eq(&membership.centre_id))
        .filter(memberships::role.eq(&membership.role))
        .count()
        .get_result::<i64>(conn)?;
    if exists == 0 {
        diesel::insert_into(memberships::table)
            .values(membership)
            .execute(conn)?;
    }
    Ok(())
}

/// Remove a role; returns whether there was one to remove.
pub fn remove_membership(
    conn: &mut DbConnection,
    user_id: &str,
    centre_id: &str,
    role: &str,
) -> Result<bool, StoreError> {
    let removed = diesel::delete(
        memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::centre_id.eq(centre_id))
            .filter(memberships::role.eq(role)),
    )
    .execute(conn)?;
    Ok(removed > 0)
}

pub fn memberships_of(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<Vec<Membership>, StoreError> {
    Ok(memberships::table
        .filter(memberships::user_id.eq(user_id))
        .order((memberships::centre_id, memberships::role))
        .select(Membership::as_select())
        .load(conn)?)
}

/// Does the person with this email have an account, and do they hold any role at the centre?
/// (`None` when there is no account.)
pub fn account_and_membership(
    conn: &mut DbConnection,
    email: &str,
    centre_id: &str,
) -> Result<Option<(User, bool)>, StoreError> {
    let Some(user) = find_user_by_email(conn, email)? else {
        return Ok(None);
    };
    let here = memberships::table
        .filter(memberships::user_id.eq(&user.id))
        .filter(memberships::centre_id.eq(centre_id))
        .count()
        .get_result::<i64>(conn)?;
    Ok(Some((user, here > 0)))
}

/// Everyone with a role at the centre, with their roles there (two queries, whatever the size).
pub fn people_of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<(User, Vec<String>)>, StoreError> {
    let rows: Vec<(Membership, User)> = memberships::table
        .inner_join(users::table)
        .filter(memberships::centre_id.eq(centre_id))
        .order((users::name, users::id, memberships::role))
        .select((Membership::as_select(), User::as_select()))
        .load(conn)?;
    let mut people: Vec<(User, Vec<String>)> = Vec::new();
    for (membership, user) in rows {
        match people.last_mut() {
            Some((last, roles)) if last.id == user.id => roles.push(membership.role),
            _ => people.push((user, vec![membership.role])),
        }
    }
    Ok(people)
}

pub fn insert_eqa_grant(conn: &mut DbConnection, grant: &EqaGrant) -> Result<(), StoreError> {
    diesel::insert_into(eqa_grants::table)
        .values(grant)
        .execute(conn)?;
    Ok(())
}

/// Grants still in force at `now` (not revoked, not expired).
pub fn active_eqa_grants(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<Vec<EqaGrant>, StoreError> {
    Ok(eqa_grants::table
        .filter(eqa_grants::user_id.eq(user_id))
        .filter(eqa_grants::revoked_at.is_null())
        .filter(eqa_grants::expires_at.gt(now))
        .select(EqaGrant::as_select())
        .load(conn)?)
}

/// A centre's EQA grants with each holder's name and email (one query).
pub fn eqa_grants_of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<(EqaGrant, String, String)>, StoreError> {
    Ok(eqa_grants::table
        .inner_join(users::table.on(users::id.eq(eqa_grants::user_id)))
        .filter(eqa_grants::centre_id.eq(centre_id))
        .order(eqa_grants::created_at.desc())
        .select((EqaGrant::as_select(), users::name, users::email))
        .load(conn)?)
}

pub fn insert_credential(
    conn: &mut DbConnection,
    credential: &StaffCredential,
) -> Result<(), StoreError> {
    diesel::insert_into(staff_credentials::table)
        .values(credential)
        .execute(conn)?;
    Ok(())
}

pub fn credentials_of(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<Vec<StaffCredential>, StoreError> {
    Ok(staff_credentials::table
        .filter(staff_credentials::user_id.eq(user_id))
        .order((staff_credentials::dated_on, staff_credentials::created_at))
        .select(StaffCredential::as_select())
        .load(conn)?)
}

/// The person's credentials that count at a centre: recorded by that centre, or before
/// credentials were per centre.
pub fn credentials_at(
    conn: &mut DbConnection,
    user_id: &str,
    centre_id: &str,
) -> Result<Vec<StaffCredential>, StoreError> {
    Ok(staff_credentials::table
        .filter(staff_credentials::user_id.eq(user_id))
        .filter(
            staff_credentials::centre_id
                .eq(centre_id)
                .or(staff_credentials::centre_id.is_null()),
        )
        .order((staff_credentials::dated_on, staff_credentials::created_at))
        .select(StaffCredential::as_select())
        .load(conn)?)
}

pub fn insert_cpd(conn: &mut DbConnection, entry: &CpdEntry) -> Result<(), StoreError> {
    diesel::insert_into(cpd_entries::table)
        .values(entry)
        .execute(conn)?;
    Ok(())
}

pub fn cpd_of(conn: &mut DbConnection, user_id: &str) -> Result<Vec<CpdEntry>, StoreError> {
    Ok(cpd_entries::table
        .filter(cpd_entries::user_id.eq(user_id))
        .order(cpd_entries::done_on.desc())
        .select(CpdEntry::as_select())
        .load(conn)?)
}
