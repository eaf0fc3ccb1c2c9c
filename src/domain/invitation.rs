//! People belong to centres by consent: a centre that adds someone who already has an account
//! (made by another centre, or for another role elsewhere) invites them, and the roles are theirs
//! only once they accept. Until then the centre sees nothing of them.

use super::roles::Role;

crate::codes! {
    /// How a person answered a centre's invitation.
    pub enum InvitationAnswer { Accepted = "accepted", Declined = "declined" }
}

/// How a centre administrator's "add this person" is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joining {
    /// A new account, made now for this centre: its roles are added at once.
    NewAccount,
    /// Someone who already belongs to this centre: more roles are added at once.
    AlreadyHere,
    /// Someone with an account who does not belong to this centre: they are asked first.
    Invite,
}

/// The consent rule: only a person who does not belong to the centre yet, and has an account
/// already, must agree before the centre gets any role over them.
pub fn joining(account_exists: bool, member_here: bool) -> Joining {
    match (account_exists, member_here) {
        (false, _) => Joining::NewAccount,
        (true, true) => Joining::AlreadyHere,
        (true, false) => Joining::Invite,
    }
}

/// Roles as stored on an invitation: their codes, comma-separated.
pub fn roles_to_store(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

/// The roles of a stored invitation (codes that are no longer roles are left out).
pub fn roles_stored(stored: &str) -> Vec<Role> {
    stored.split(',').filter_map(Role::parse).collect()
}

/// The roles in words, for the person asked: "assessor and IQA".
pub fn roles_in_words(roles: &[Role]) -> String {
    let words: Vec<String> = roles.iter().map(|r| r.label().to_lowercase()).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_is_asked_of_an_existing_account_from_elsewhere() {
        assert_eq!(joining(true, false), Joining::Invite);
    }

    #[test]
    fn consent_is_not_asked_again_of_someone_already_at_the_centre() {
        assert_eq!(joining(true, true), Joining::AlreadyHere);
    }

    #[test]
    fn consent_is_not_asked_for_an_account_the_centre_makes_now() {
        assert_eq!(joining(false, false), Joining::NewAccount);
    }

    #[test]
    fn stored_roles_round_trip_and_unknown_codes_are_left_out() {
        let roles = [Role::Assessor, Role::Iqa];
        assert_eq!(roles_stored(&roles_to_store(&roles)), roles.to_vec());
        assert_eq!(roles_stored("assessor,wizard"), vec![Role::Assessor]);
    }

    #[test]
    fn roles_are_named_in_words() {
        assert_eq!(roles_in_words(&[Role::Assessor]), "assessor");
        let two = roles_in_words(&[Role::Tutor, Role::Assessor, Role::Iqa]);
        assert_eq!(two, "tutor, assessor and internal quality assurer");
    }
}
