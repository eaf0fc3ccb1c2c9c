//! The roles a person holds at a centre, and what each may do in general. Which record a role
//! may touch (own portfolio, allocated learners, own centre) is decided per request in `web::auth`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    CentreAdmin,
    Tutor,
    Assessor,
    Iqa,
    Learner,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::CentreAdmin,
        Role::Tutor,
        Role::Assessor,
        Role::Iqa,
        Role::Learner,
    ];

    /// Whether this role is among role codes as the store keeps them (a person's roles at a
    /// centre).
    pub fn is_among(self, codes: &[String]) -> bool {
        codes.iter().any(|c| c == self.code())
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::CentreAdmin => "centre_admin",
            Self::Tutor => "tutor",
            Self::Assessor => "assessor",
            Self::Iqa => "iqa",
            Self::Learner => "learner",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::CentreAdmin => "Centre administrator",
            Self::Tutor => "Tutor",
            Self::Assessor => "Assessor",
            Self::Iqa => "Internal quality assurer",
            Self::Learner => "Learner",
        }
    }

    /// Staff roles whose holders have credentials and eligibility (C6–C8).
    pub fn is_staff(self) -> bool {
        matches!(self, Self::Tutor | Self::Assessor | Self::Iqa)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_is_among_the_codes_only_when_its_own_code_is_there() {
        let codes = vec!["tutor".to_owned(), "assessor".to_owned()];
        assert!(Role::Assessor.is_among(&codes));
        assert!(!Role::Iqa.is_among(&codes));
        assert!(!Role::Assessor.is_among(&[]));
    }

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::parse("platform_admin"), None);
    }
}
