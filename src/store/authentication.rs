//! S4 open-learning authentication: the registration's authenticator (role and email beside the
//! name kept in `registrations.authenticator`), the requests emailed to them with a single-use
//! link, and what they signed for each evidence item.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::Json;
use super::schema::{authentication_requests, evidence_authentications, registrations};
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = authentication_requests)]
pub struct AuthenticationRequest {
    pub id: String,
    pub registration_id: String,
    pub requested_by: String,
    pub authenticator_name: String,
    pub authenticator_role: String,
    pub authenticator_email: String,
    /// A JSON array of `[evidence id, version]` pairs.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub items: Json<Vec<(String, i32)>>,
    /// The `jti` of the one link that may answer this request.
    pub link_id: String,
    pub link_expires_at: NaiveDateTime,
    pub link_used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = evidence_authentications)]
pub struct EvidenceAuthentication {
    pub id: String,
    pub request_id: String,
    pub registration_id: String,
    pub evidence_id: String,
    pub evidence_version: i32,
    pub signed_name: String,
    pub signed_role: String,
    pub signed_at: NaiveDateTime,
    /// The SHA-256 of the link signed through.
    pub token_hash: String,
}

/// The authenticator's role and email (their name is `registrations.authenticator`).
pub fn contact(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<(Option<String>, Option<String>), StoreError> {
    Ok(registrations::table
        .find(registration_id)
        .select((
            registrations::authenticator_role,
            registrations::authenticator_email,
        ))
        .first(conn)
        .optional()?
        .unwrap_or((None, None)))
}

/// Name the authenticator of a registration (open learning).
pub fn set_authenticator(
    conn: &mut DbConnection,
    registration_id: &str,
    name: &str,
    role: &str,
    email: &str,
) -> Result<(), StoreError> {
    diesel::update(registrations::table.find(registration_id))
        .set((
            registrations::authenticator.eq(Some(name)),
            registrations::authenticator_role.eq(Some(role)),
            registrations::authenticator_email.eq(Some(email)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn insert_request(
    conn: &mut DbConnection,
    request: &AuthenticationRequest,
) -> Result<(), StoreError> {
    diesel::insert_into(authentication_requests::table)
        .values(request.clone())
        .execute(conn)?;
    Ok(())
}

pub fn find_request(
    conn: &mut DbConnection,
    id: &str,
) -> Result<Option<AuthenticationRequest>, StoreError> {
    Ok(authentication_requests::table
        .find(id)
        .select(AuthenticationRequest::as_select())
        .first(conn)
        .optional()?)
}

/// A registration's requests, newest first.
pub fn requests_of(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<AuthenticationRequest>, StoreError> {
    Ok(authentication_requests::table
        .filter(authentication_requests::registration_id.eq(registration_id))
        .order((
            authentication_requests::created_at.desc(),
            authentication_requests::id,
        ))
        .select(AuthenticationRequest::as_select())
        .load(conn)?)
}

/// Everything authenticated on a registration, oldest first.
pub fn authentications_of(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<EvidenceAuthentication>, StoreError> {
    Ok(evidence_authentications::table
        .filter(evidence_authentications::registration_id.eq(registration_id))
        .order((
            evidence_authentications::signed_at,
            evidence_authentications::id,
        ))
        .select(EvidenceAuthentication::as_select())
        .load(conn)?)
}

/// Use up the link and keep what was signed through it. False when the link was used in
/// between (nothing is written).
pub fn record_signing(
    conn: &mut DbConnection,
    link_id: &str,
    rows: &[EvidenceAuthentication],
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let used = diesel::update(
        authentication_requests::table
            .filter(authentication_requests::link_id.eq(link_id))
            .filter(authentication_requests::link_used_at.is_null()),
    )
    .set(authentication_requests::link_used_at.eq(Some(now)))
    .execute(conn)?;
    if used != 1 {
        return Ok(false);
    }
    for row in rows {
        diesel::insert_into(evidence_authentications::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(true)
}
