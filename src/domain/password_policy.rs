//! What makes an acceptable password (OWASP ASVS level 2): at least 12 characters, no
//! composition rules, not a commonly used or breached password, not the person's own email or name.

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
}

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
    Ok(())
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
