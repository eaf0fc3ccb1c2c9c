//! JSON kept in a TEXT column, decoded when the row is read: a row whose JSON is corrupt fails
//! the query with its reason (a store error), never turns silently into an empty default.
//! Use on a row field as `#[diesel(deserialize_as = String)] pub criteria: Json<Vec<String>>`.

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
        // Serialising plain data (strings, numbers, lists, maps with string keys) cannot fail;
        // should it ever, "null" is stored and reading it back fails loudly.
        serde_json::to_string(&self.0).unwrap_or_else(|_| "null".to_owned())
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
}
