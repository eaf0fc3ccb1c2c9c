//! People and centres as typed values, parsed once at the edge: an email that is an email, a
//! name that is not blank, centre numbers in the awarding bodies' shapes.

use serde::Serialize;

/// A field and what is wrong with it, in words the person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: &str) -> Self {
        Self {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// A lower-cased email address of a plausible shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= 254
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c == '<' || c == '>')
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if valid {
            Ok(Self(email))
        } else {
            Err(FieldError::new(
                field,
                "Enter an email address like name@example.org",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's or centre's name: trimmed, not blank, at most 200 characters. Any script is fine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(FieldError::new(field, "Enter a name"));
        }
        if name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(FieldError::new(
                field,
                "Enter a name of at most 200 characters, on one line",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional centre number: blank means none; otherwise 1–20 letters, digits or hyphens.
pub fn parse_centre_number(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if raw.len() <= 20 && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(Some(raw.to_uppercase()))
    } else {
        Err(FieldError::new(
            field,
            "Enter the centre number as the awarding body gives it (letters, digits and hyphens)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            Email::parse("email", " Zoe@Example.ORG ").map(|e| e.as_str().to_owned()),
            Ok("zoe@example.org".into())
        );
        assert!(Email::parse("email", "not-an-email").is_err());
        assert!(Email::parse("email", "a@b").is_err());
        assert!(Email::parse("email", "<script>@x.org").is_err());
    }

    #[test]
    fn names_keep_apostrophes_and_accents() {
        for name in ["O'Neill", "Mòrag", "Zoë"] {
            assert_eq!(
                Name::parse("name", name).map(|n| n.as_str().to_owned()),
                Ok(name.to_owned())
            );
        }
        assert_eq!(
            Name::parse("name", "   ").err().map(|e| e.message),
            Some("Enter a name".into())
        );
    }

    #[test]
    fn centre_numbers_are_optional() {
        assert_eq!(parse_centre_number("cg", Some("  ")), Ok(None));
        assert_eq!(
            parse_centre_number("cg", Some("123456a")),
            Ok(Some("123456A".into()))
        );
        assert!(parse_centre_number("cg", Some("12 34")).is_err());
    }
}
