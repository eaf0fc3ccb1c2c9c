//! Closed sets of codes (statuses, outcomes, kinds) as enums. Each is stored as its code in a
//! TEXT column and read back through `TryFrom<String>`: on a row field write
//! `#[diesel(deserialize_as = String)] pub status: RegistrationStatus`, and an unknown stored code
//! fails the query with [`UnknownCode`] (a store error), never a silent default. Code compares
//! variants, never strings; the wire and the database keep the codes they always had.

/// Why a stored code is not one the platform knows (a status, an outcome), for rows read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stored value {0:?} is not one this version knows")]
pub struct UnknownCode(pub String);

/// Declare a closed set of codes:
/// `codes! { /// doc
///   pub enum JudgementOutcome { Met = "met", NotYetMet = "not_met" } }`
#[macro_export]
macro_rules! codes {
    ($(#[$doc:meta])* pub enum $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $code)] $variant,)*
        }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The code as stored and sent.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)*
                }
            }

            /// The code from outside (a form, a query), or `None` when it is not one of these.
            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)*
                    _ => None,
                }
            }
        }

        // By hand rather than derived: the derive does not see a `serde(rename)` given through
        // a macro literal and documented the variant names ("Open") instead of the codes sent
        // ("open"); the API contract run found it once the demo had samples and claims.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),*]))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::domain::codes::UnknownCode;

            fn try_from(code: String) -> Result<Self, Self::Error> {
                Self::parse(&code).ok_or($crate::domain::codes::UnknownCode(code))
            }
        }

        impl From<$name> for String {
            fn from(code: $name) -> String {
                code.as_str().to_owned()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::UnknownCode;

    crate::codes! {
        /// A test set.
        pub enum Colour { Red = "red", DarkBlue = "dark_blue" }
    }

    #[test]
    fn a_code_reads_back_as_its_variant() {
        assert_eq!(
            Colour::try_from("dark_blue".to_owned()),
            Ok(Colour::DarkBlue)
        );
        assert_eq!(Colour::DarkBlue.as_str(), "dark_blue");
        assert_eq!(Colour::ALL.len(), 2);
    }

    #[test]
    fn an_unknown_stored_code_is_an_error_not_a_default() {
        assert_eq!(
            Colour::try_from("green".to_owned()),
            Err(UnknownCode("green".to_owned()))
        );
    }

    #[test]
    fn codes_are_documented_as_the_strings_sent() -> Result<(), serde_json::Error> {
        let schema = serde_json::to_value(<Colour as utoipa::PartialSchema>::schema())?;
        assert_eq!(schema["enum"], serde_json::json!(["red", "dark_blue"]));
        assert_eq!(<Colour as utoipa::ToSchema>::name(), "Colour");
        Ok(())
    }

    #[test]
    fn codes_cross_the_wire_as_their_strings() -> Result<(), serde_json::Error> {
        assert_eq!(serde_json::to_string(&Colour::Red)?, "\"red\"");
        assert_eq!(
            serde_json::from_str::<Colour>("\"dark_blue\"")?,
            Colour::DarkBlue
        );
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
        Ok(())
    }
}
