//! Codes (statuses, outcomes) in a nullable TEXT column: `NULL` reads back as `None`, a known
//! code as its variant, and an unknown one fails the query. For a row field write
//! `#[diesel(deserialize_as = NullableCode)] pub outcome: Option<Mark>`.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromStaticSqlRow, Queryable};
use diesel::sql_types::{Nullable, Text};

pub use crate::domain::codes::UnknownCode;

/// A nullable code column as stored, before it is read as its enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NullableCode(pub Option<String>);

impl<DB: Backend> Queryable<Nullable<Text>, DB> for NullableCode
where
    Option<String>: FromStaticSqlRow<Nullable<Text>, DB>,
{
    type Row = Option<String>;

    fn build(row: Option<String>) -> deserialize::Result<Self> {
        Ok(Self(row))
    }
}

impl<T: TryFrom<String, Error = UnknownCode>> TryFrom<NullableCode> for Option<T> {
    type Error = UnknownCode;

    fn try_from(stored: NullableCode) -> Result<Self, UnknownCode> {
        stored.0.map(T::try_from).transpose()
    }
}
