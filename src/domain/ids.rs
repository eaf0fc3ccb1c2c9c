//! Ids that say what they name. Every record's id is an opaque string (a UUID for records the
//! platform makes, the curriculum's readable id for criteria and units); wrapping each in its own
//! type means a registration id can never be passed where an evidence id is wanted, and an id is
//! checked once, where it enters (a path, a form, a JSON body).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest id accepted from outside (UUIDs are 36; curriculum ids are shorter than 64).
pub const MAX_ID_LEN: usize = 128;

/// Why a string cannot be an id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not an id: empty, longer than {MAX_ID_LEN} characters, or with spaces or control characters"
)]
pub struct NotAnId;

/// An id as it may arrive from outside: 1 to [`MAX_ID_LEN`] visible characters, no whitespace.
pub fn check_id(raw: &str) -> Result<&str, NotAnId> {
    let ok = !raw.is_empty()
        && raw.len() <= MAX_ID_LEN
        && raw.chars().all(|c| !c.is_whitespace() && !c.is_control());
    if ok { Ok(raw) } else { Err(NotAnId) }
}

/// An id of any kind of record, for what names a record by its type and id whatever the type
/// (audit entries, signatures): every id type of this module is one, a bare string is not.
pub trait RecordId: AsRef<str> {}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(try_from = "String", into = "String")]
        #[schema(value_type = String)]
        pub struct $name(String);

        impl $name {
            /// A new random id (a v4 UUID), for a record being made.
            pub fn random() -> Self {
                Self(uuid::Uuid::new_v4().to_string())
            }

            /// Check an id from outside.
            pub fn parse(raw: &str) -> Result<Self, NotAnId> {
                check_id(raw).map(|id| Self(id.to_owned()))
            }

            /// An id read back from the database, trusted as stored.
            pub fn from_stored(stored: impl Into<String>) -> Self {
                Self(stored.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl RecordId for $name {}

        impl TryFrom<String> for $name {
            type Error = NotAnId;

            fn try_from(raw: String) -> Result<Self, NotAnId> {
                check_id(&raw)?;
                Ok(Self(raw))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    )*};
}

ids! {
    /// A person's account.
    UserId;
    /// A centre (a college, provider or employer's learning team).
    CentreId;
    /// A learner's registration on one qualification.
    RegistrationId;
    /// An evidence item of a portfolio.
    EvidenceId;
    /// A file attached to an evidence item.
    FileId;
    /// A qualification of the curriculum (`cg-3085-02`).
    QualificationId;
    /// A unit of the curriculum (`cg-3085/u002`).
    UnitId;
    /// What is judged: an assessment criterion, Evidence Requirement or Knowledge/Skills item of
    /// the curriculum (`cg-3085/u002/lo3/ac3.2`, `sqa-fx35-35/er3`).
    CriterionId;
    /// One round of judgement.
    JudgementId;
    /// An observation record.
    ObservationId;
    /// A unit sign-off.
    SignOffId;
    /// An assessment plan.
    PlanId;
    /// A progress review of a plan.
    ReviewId;
    /// A request for witness testimony.
    TestimonyRequestId;
    /// An SQA assessment occasion.
    OccasionId;
    /// A question of the centre's bank.
    QuestionId;
    /// An IQA sampling plan.
    SamplingPlanId;
    /// A sampled decision.
    SampleId;
    /// An IQA check of a sample.
    CheckId;
    /// An action from an IQA referral.
    IqaActionId;
    /// A standardisation activity or double-marking exercise.
    ExerciseId;
    /// A certification claim.
    ClaimId;
    /// A learning programme.
    ProgrammeId;
    /// A session of a programme.
    ProgrammeSessionId;
    /// A learning resource (a starter one by its curriculum-style id).
    ResourceId;
    /// A knowledge check.
    KnowledgeCheckId;
    /// A learner's attempt at a knowledge check.
    AttemptId;
    /// An entry of learning hours.
    LearningEntryId;
    /// A notification.
    NotificationId;
    /// An EQA grant.
    EqaGrantId;
    /// A signed-in session.
    SessionId;
    /// A recorded version of an assignment set by the awarding body (C4, Unit 001).
    AssignmentId;
    /// A learner's submission against an assignment version.
    SubmissionId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_outside_are_checked_once() {
        assert!(RegistrationId::parse("0b6a6f3e-1c1e-4b8e-9a55-6f8f9a1d2c3b").is_ok());
        assert!(CriterionId::parse("cg-3085/u002/lo3/ac3.2").is_ok());
        assert_eq!(RegistrationId::parse(""), Err(NotAnId));
        assert_eq!(RegistrationId::parse("a b"), Err(NotAnId));
        assert_eq!(RegistrationId::parse("a\u{0}"), Err(NotAnId));
        assert_eq!(
            RegistrationId::parse(&"x".repeat(MAX_ID_LEN + 1)),
            Err(NotAnId)
        );
    }

    #[test]
    fn ids_cross_the_wire_as_plain_strings() -> Result<(), serde_json::Error> {
        let id: EvidenceId = serde_json::from_str("\"e-1\"")?;
        assert_eq!(id, *"e-1");
        assert_eq!(serde_json::to_string(&id)?, "\"e-1\"");
        assert!(serde_json::from_str::<EvidenceId>("\"\"").is_err());
        Ok(())
    }

    #[test]
    fn random_ids_are_distinct() {
        assert_ne!(ClaimId::random(), ClaimId::random());
    }
}
