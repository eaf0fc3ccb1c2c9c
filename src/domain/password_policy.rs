//! What makes an acceptable password (OWASP ASVS level 2): at least 12 characters, no
//! composition rules, not a commonly used or breached password, not the person's own email or
//! name, and not guessable by what attackers try first (repeats, sequences, keyboard rows,
//! common words and names), as the `zxcvbn` estimator judges it.

const MIN_CHARS: usize = 12;
const MAX_CHARS: usize = 128;
const COMMON: &str = include_str!("common_passwords.txt");

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRejected {
    #[error(
        "Use at least 12 characters. A few unrelated words make a strong password that is easy to remember."
    )]
    TooShort,
    #[error("Use at most 128 characters.")]
    TooLong,
    #[error("This password is on a list of common or breached passwords. Choose another.")]
    Common,
    #[error("Do not use your email address or name as your password.")]
    Personal,
    /// Why, in the estimator's words ("Repeats like \"aaa\" are easy to guess."), and what helps.
    #[error("This password would be easy to guess. {0}")]
    Guessable(String),
}

/// The least strength accepted: about 10^10 guesses ("safely unguessable" to an attacker with a
/// stolen, slowly hashed copy, which is what argon2 gives).
const LEAST: zxcvbn::Score = zxcvbn::Score::Three;

/// Check a new password for a person with this email and name.
pub fn check_new_password(password: &str, email: &str, name: &str) -> Result<(), PasswordRejected> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordRejected::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordRejected::TooLong);
    }
    let lowered = password.to_lowercase();
    if is_common(&lowered) {
        return Err(PasswordRejected::Common);
    }
    let squashed: String = lowered.chars().filter(|c| !c.is_whitespace()).collect();
    let name: String = name
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if squashed == email.trim().to_lowercase() || (!name.is_empty() && squashed == name) {
        return Err(PasswordRejected::Personal);
    }
    guessable(password, email, &name)
}

/// The estimator's verdict, knowing the person's email and name (which an attacker tries first).
fn guessable(password: &str, email: &str, name: &str) -> Result<(), PasswordRejected> {
    let estimate = zxcvbn::zxcvbn(password, &[email, name]);
    if estimate.score() >= LEAST {
        return Ok(());
    }
    let feedback = estimate.feedback();
    let warning = feedback
        .and_then(zxcvbn::feedback::Feedback::warning)
        .map(|w| format!("{w} "))
        .unwrap_or_default();
    let suggestion = feedback.and_then(|f| f.suggestions().first()).map_or_else(
        || "Add a few more unrelated words.".to_owned(),
        ToString::to_string,
    );
    Err(PasswordRejected::Guessable(format!(
        "{warning}{suggestion}"
    )))
}

fn is_common(lowered: &str) -> bool {
    COMMON
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == lowered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_long_passphrase_without_composition_rules() {
        assert_eq!(
            check_new_password("correct horse battery staple", "a@b.c", "Zoë"),
            Ok(())
        );
    }

    #[test]
    fn refuses_fewer_than_12_characters() {
        assert_eq!(
            check_new_password("Sh0rt!pass", "a@b.c", "Zoë"),
            Err(PasswordRejected::TooShort)
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(
            check_new_password("ééééééééééé", "a@b.c", "Zoë"),
            Err(PasswordRejected::TooShort)
        );
    }

    #[test]
    fn refuses_a_common_password_in_any_case() {
        assert_eq!(
            check_new_password("QwertyUiop123", "a@b.c", "Zoë"),
            Err(PasswordRejected::Common)
        );
        assert_eq!(
            check_new_password("1qaz2wsx3edc", "a@b.c", "Zoë"),
            Err(PasswordRejected::Common)
        );
    }

    #[test]
    fn refuses_what_attackers_try_first() {
        for weak in [
            "            ",
            "123456789012",
            "qwertyuiopas",
            "aaaaaaaaaaaa",
            "passwordpassword",
        ] {
            let refused = check_new_password(weak, "a@b.c", "Zoë");
            assert!(
                matches!(
                    refused,
                    Err(PasswordRejected::Common | PasswordRejected::Guessable(_))
                ),
                "{weak:?}: {refused:?}"
            );
        }
    }

    #[test]
    fn a_guessable_password_is_refused_with_the_reason_in_words() {
        let Err(refused) = check_new_password("aaaaaaaaaaaa", "a@b.c", "Zoë") else {
            panic!("a repeated letter was accepted");
        };
        let message = refused.to_string();
        assert!(
            message.starts_with("This password would be easy to guess. Repeats like"),
            "{message}"
        );
    }

    #[test]
    fn refuses_the_persons_own_email() {
        assert_eq!(
            check_new_password(
                "morag.oneill@example.org",
                "Morag.ONeill@example.org",
                "Mòrag O'Neill"
            ),
            Err(PasswordRejected::Personal)
        );
    }
}
