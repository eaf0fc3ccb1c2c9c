//! Signatures on records (observations, unit sign-offs; witness testimony and IQA records can
//! use the same table): who signed in which capacity, when, from which address, and the SHA-256
//! of the record's canonical content at that moment.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::signatures;
use super::{DbConnection, StoreError};

pub const OBSERVATION: &str = "observation";
pub const UNIT_SIGN_OFF: &str = "unit_sign_off";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = signatures)]
pub struct Signature {
    pub id: String,
    pub registration_id: String,
    pub record_type: String,
    pub record_id: String,
    pub signer_role: String,
    /// None for someone without an account (a witness signing through their link).
    pub signer_id: Option<String>,
    pub signer_name: String,
    pub signed_at: NaiveDateTime,
    pub client_address: String,
    pub content_sha256: String,
}

pub fn insert(conn: &mut DbConnection, signature: &Signature) -> Result<(), StoreError> {
    diesel::insert_into(signatures::table)
        .values(signature)
        .execute(conn)?;
    Ok(())
}

/// Every signature on a registration's records, oldest first (one query).
pub fn of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<Signature>, StoreError> {
    Ok(signatures::table
        .filter(signatures::registration_id.eq(registration_id))
        .order((signatures::signed_at, signatures::id))
        .select(Signature::as_select())
        .load(conn)?)
}

/// The latest signature on a record in a capacity, if any.
pub fn latest<'a>(
    all: &'a [Signature],
    record_type: &str,
    record_id: &str,
    role: &str,
) -> Option<&'a Signature> {
    all.iter()
        .filter(|s| {
            s.record_type == record_type && s.record_id == record_id && s.signer_role == role
        })
        .max_by_key(|s| s.signed_at)
}
