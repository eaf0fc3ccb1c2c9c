//! Centres' invitations to people who already have an account (see `domain::invitation`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::OptionalJson;
use super::schema::{centre_invitations, centres};
use super::{DbConnection, StoreError};
use crate::domain::invitation::InvitationAnswer;
use crate::domain::registration::PendingRegistration;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = centre_invitations)]
pub struct Invitation {
    pub id: String,
    pub centre_id: String,
    pub user_id: String,
    /// Role codes, comma-separated.
    pub roles: String,
    pub invited_by: String,
    pub invited_at: NaiveDateTime,
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    /// For a learner: the registration made when they accept.
    #[diesel(deserialize_as = Option<String>, serialize_as = Option<String>)]
    pub registration: OptionalJson<PendingRegistration>,
}

pub fn insert(conn: &mut DbConnection, row: &Invitation) -> Result<(), StoreError> {
    diesel::insert_into(centre_invitations::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// The person's invitation from the centre that still waits for their answer.
pub fn waiting(
    conn: &mut DbConnection,
    user_id: &str,
    centre_id: &str,
) -> Result<Option<Invitation>, StoreError> {
    Ok(centre_invitations::table
        .filter(centre_invitations::user_id.eq(user_id))
        .filter(centre_invitations::centre_id.eq(centre_id))
        .filter(centre_invitations::answer.is_null())
        .select(Invitation::as_select())
        .first(conn)
        .optional()?)
}

/// Every invitation waiting for the person's answer, with the centre's name, oldest first.
pub fn waiting_for(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<Vec<(Invitation, String)>, StoreError> {
    Ok(centre_invitations::table
        .inner_join(centres::table)
        .filter(centre_invitations::user_id.eq(user_id))
        .filter(centre_invitations::answer.is_null())
        .order((centre_invitations::invited_at, centre_invitations::id))
        .select((Invitation::as_select(), centres::name))
        .load(conn)?)
}

/// Record the answer, once: false when the invitation was answered already.
pub fn answer(
    conn: &mut DbConnection,
    id: &str,
    answer: InvitationAnswer,
    at: NaiveDateTime,
) -> Result<bool, StoreError> {
    let changed = diesel::update(
        centre_invitations::table
            .find(id)
            .filter(centre_invitations::answer.is_null()),
    )
    .set((
        centre_invitations::answer.eq(answer.as_str()),
        centre_invitations::answered_at.eq(at),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}
