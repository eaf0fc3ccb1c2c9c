//! What the centre page says after each of its forms (`?done=`).

/// The notice for `done`, if it names one.
pub fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("person") => Some(
            "The person has been added. A new account gets an email with a link to choose a password.",
        ),
        Some("invited") => Some(
            "This person already has an account, so they have been asked to join the centre. They join once they accept; until then the centre sees nothing of them.",
        ),
        Some("eqa") => {
            Some("Read-only access has been given. It ends by itself at the end of the last day.")
        }
        Some("credential") => {
            Some("The credential is recorded and the eligibility below takes it into account.")
        }
        Some("cpd") => Some("The CPD is logged."),
        Some("two-step-reset") => Some(
            "Their two-step sign-in is reset: they are signed out and sign in with their password alone until they set it up again.",
        ),
        Some("role") => Some("The role is removed and the person's sessions have ended."),
        Some("retention") => Some("The retention period is saved."),
        Some("support") => Some(
            "Support access is given: the platform's administrators act as this centre's administrator until it ends.",
        ),
        Some("support-ended") => Some("Support access has ended."),
        Some("two-step-policy") => Some("Saved. It applies from each person's next sign-in."),
        _ => None,
    }
}
