//! JSON kept in a TEXT column, decoded when the row is read: a row whose JSON is corrupt fails
//! the query with its reason (a store error), never turns silently into an empty default.
//! Use on a row field as
//! `#[diesel(deserialize_as = String, serialize_as = String)] pub criteria: Json<Vec<String>>`,
//! and for a nullable column
//! `#[diesel(deserialize_as = Option<String>, serialize_as = Option<String>)]
//! pub criteria: OptionalJson<Vec<String>>`.

use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned> TryFrom<String> for Json<T> {
    type Error = serde_json::Error;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        serde_json::from_str(&text).map(Json)
    }
}

impl<T: Serialize> Json<T> {
    /// The column's text, for inserts and updates.
    pub fn to_text(&self) -> String {
        text_of(&self.0)
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Serialize> From<Json<T>> for String {
    fn from(json: Json<T>) -> String {
        json.to_text()
    }
}

/// JSON in a nullable TEXT column: `NULL` reads as `None`, text as its decoded value, and
/// corrupt text fails the query like [`Json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T> Default for OptionalJson<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T: DeserializeOwned> TryFrom<Option<String>> for OptionalJson<T> {
    type Error = serde_json::Error;

    fn try_from(text: Option<String>) -> Result<Self, Self::Error> {
        text.map(|t| serde_json::from_str(&t))
            .transpose()
            .map(OptionalJson)
    }
}

impl<T: Serialize> OptionalJson<T> {
    /// The column's value (text or `NULL`), for inserts and updates.
    pub fn to_text(&self) -> Option<String> {
        self.0.as_ref().map(text_of)
    }
}

impl<T> std::ops::Deref for OptionalJson<T> {
    type Target = Option<T>;

    fn deref(&self) -> &Option<T> {
        &self.0
    }
}

impl<T: Serialize> From<OptionalJson<T>> for Option<String> {
    fn from(json: OptionalJson<T>) -> Option<String> {
        json.to_text()
    }
}

fn text_of<T: Serialize>(value: &T) -> String {
    // Serialising plain data (strings, numbers, lists, maps with string keys) cannot fail;
    // should it ever, "null" is stored and reading it back fails loudly.
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

pub use crate::domain::codes::UnknownCode;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_json_is_an_error_not_an_empty_list() {
        let good: Result<Json<Vec<String>>, _> = Json::try_from("[\"a\"]".to_owned());
        assert_eq!(good.ok().map(|j| j.0), Some(vec!["a".to_owned()]));
        let bad: Result<Json<Vec<String>>, _> = Json::try_from("[\"a\"".to_owned());
        assert!(bad.is_err());
    }

    #[test]
    fn optional_json_reads_null_as_none_and_corrupt_text_as_an_error() {
        let none: Result<OptionalJson<Vec<String>>, _> = OptionalJson::try_from(None);
        assert_eq!(none.ok(), Some(OptionalJson(None)));
        let some: Result<OptionalJson<Vec<String>>, _> =
            OptionalJson::try_from(Some("[\"a\"]".to_owned()));
        assert_eq!(some.ok().and_then(|j| j.0), Some(vec!["a".to_owned()]));
        let bad: Result<OptionalJson<Vec<String>>, _> = OptionalJson::try_from(Some(String::new()));
        assert!(bad.is_err());
        let text: Option<String> = OptionalJson(Some(vec!["a".to_owned()])).into();
        assert_eq!(text.as_deref(), Some("[\"a\"]"));
        assert_eq!(
            Option::<String>::from(OptionalJson::<Vec<String>>(None)),
            None
        );
    }
}
