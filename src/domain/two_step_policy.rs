//! Who must use two-step sign-in (issue 17, item 3). Each centre chooses: not required,
//! required of its administrators (the default, so a new centre is protected from the start),
//! or required of all its staff. Learners are never required to. Platform administrators are
//! required to unless the operator turns it off (the demo does, as its passwords are public).
//! Decided at sign-in from the roles the person holds then: someone who must and has not set it
//! up signs in only to set it up.

use super::people::FieldError;
use super::roles::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TwoStepPolicy {
    NotRequired,
    #[default]
    Administrators,
    AllStaff,
}

impl TwoStepPolicy {
    pub const ALL: [Self; 3] = [Self::Administrators, Self::AllStaff, Self::NotRequired];

    pub fn code(self) -> &'static str {
        match self {
            Self::NotRequired => "not_required",
            Self::Administrators => "administrators",
            Self::AllStaff => "all_staff",
        }
    }

    /// In words, for the centre's page.
    pub fn label(self) -> &'static str {
        match self {
            Self::NotRequired => "Not required: each person chooses",
            Self::Administrators => "Required for centre administrators",
            Self::AllStaff => "Required for all staff: administrators, assessors, IQAs and tutors",
        }
    }

    /// What the form or API sent; the refusal names the field.
    pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|p| p.code() == text.trim())
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    "Choose who must use two-step sign-in: centre administrators, all staff, or nobody.",
                )
            })
    }

    /// As stored; anything unknown reads as the default, never as "not required".
    pub fn stored(code: &str) -> Self {
        Self::parse("policy", code).unwrap_or_default()
    }

    /// Whether someone holding `role` at a centre with this policy must use two-step sign-in.
    pub fn requires(self, role: Role) -> bool {
        match self {
            Self::NotRequired => false,
            Self::Administrators => role == Role::CentreAdmin,
            Self::AllStaff => role != Role::Learner,
        }
    }
}

/// Whether a person must use two-step sign-in: a role they hold at some centre (with that
/// centre's policy) requires it, or they are a platform administrator and the platform requires
/// it of them.
pub fn two_step_required(
    held: impl IntoIterator<Item = (Role, TwoStepPolicy)>,
    platform_admin: bool,
    platform_requires: bool,
) -> bool {
    (platform_admin && platform_requires)
        || held.into_iter().any(|(role, policy)| policy.requires(role))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_default_a_centre_requires_it_of_its_administrators_only() {
        let policy = TwoStepPolicy::default();
        assert!(policy.requires(Role::CentreAdmin));
        for role in [Role::Assessor, Role::Iqa, Role::Tutor, Role::Learner] {
            assert!(!policy.requires(role), "{role:?}");
        }
    }

    #[test]
    fn all_staff_means_everyone_but_learners() {
        let policy = TwoStepPolicy::AllStaff;
        for role in [Role::CentreAdmin, Role::Assessor, Role::Iqa, Role::Tutor] {
            assert!(policy.requires(role), "{role:?}");
        }
        assert!(!policy.requires(Role::Learner));
    }

    #[test]
    fn not_required_requires_it_of_nobody() {
        assert!(
            Role::ALL
                .iter()
                .all(|r| !TwoStepPolicy::NotRequired.requires(*r))
        );
    }

    #[test]
    fn one_centre_that_requires_it_is_enough() {
        let held = [
            (Role::Assessor, TwoStepPolicy::Administrators),
            (Role::Assessor, TwoStepPolicy::AllStaff),
        ];
        assert!(two_step_required(held, false, true));
        let learner_everywhere = [(Role::Learner, TwoStepPolicy::AllStaff)];
        assert!(!two_step_required(learner_everywhere, false, true));
    }

    #[test]
    fn platform_administrators_are_required_unless_the_platform_says_not() {
        assert!(two_step_required([], true, true));
        assert!(!two_step_required([], true, false));
        assert!(!two_step_required([], false, true));
    }

    #[test]
    fn an_unknown_stored_policy_reads_as_the_default_and_a_bad_choice_names_its_field() {
        assert_eq!(
            TwoStepPolicy::stored("garbled"),
            TwoStepPolicy::Administrators
        );
        assert_eq!(TwoStepPolicy::stored("all_staff"), TwoStepPolicy::AllStaff);
        let refused = TwoStepPolicy::parse("required_for", "everyone");
        assert_eq!(
            refused.err().map(|e| e.field),
            Some("required_for".to_owned())
        );
    }
}
