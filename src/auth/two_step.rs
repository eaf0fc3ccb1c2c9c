//! Two-step sign-in: time-based one-time codes (RFC 6238, the codes authenticator apps show,
//! computed with `totp-rs`) and single-use recovery codes. No HTTP and no store here; the time is
//! passed in, so every rule is tested without a clock.

use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

/// What the issuer is called in an authenticator app.
pub const ISSUER: &str = "eportfolio";
/// Seconds each code lasts.
const STEP: u64 = 30;
/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;
/// Letters and digits that cannot be mistaken for each other when copied from paper.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Why a code was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeRefusal {
    #[error("The code is not right. Type the six digits your authenticator app shows now.")]
    Wrong,
    #[error(
        "That code has already been used. Wait for your authenticator app to show the next one."
    )]
    AlreadyUsed,
}

/// A secret as stored: base32, as authenticator apps show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwoStepSecret(pub String);

impl TwoStepSecret {
    /// A new random 160-bit secret (RFC 4226's recommended length).
    pub fn generate() -> Self {
        let mut bytes = [0u8; 20];
        if getrandom::fill(&mut bytes).is_err() {
            let fallback = uuid::Uuid::new_v4();
            bytes[..16].copy_from_slice(fallback.as_bytes());
        }
        match Secret::Raw(bytes.to_vec()).to_encoded() {
            Secret::Encoded(text) => Self(text),
            Secret::Raw(_) => Self(String::new()),
        }
    }

    fn totp(&self, account: &str) -> Option<TOTP> {
        let bytes = Secret::Encoded(self.0.clone()).to_bytes().ok()?;
        TOTP::new(
            Algorithm::SHA1,
            6,
            1,
            STEP,
            bytes,
            Some(ISSUER.to_owned()),
            account.to_owned(),
        )
        .ok()
    }

    /// The `otpauth://` address an authenticator app reads from the QR code.
    pub fn address(&self, account: &str) -> String {
        self.totp(account).map(|t| t.get_url()).unwrap_or_default()
    }

    /// The secret in groups of four, for typing into an app by hand.
    pub fn grouped(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The code an app shows at `unix_seconds` (for tests and the demo).
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.totp("")
            .map(|t| t.generate(unix_seconds))
            .unwrap_or_default()
    }

    /// The time step `code` belongs to, at `unix_seconds`, allowing one step either side for a
    /// phone's clock; refused when that step is not after `last_used` (a code works once).
    pub fn check(&self, code: &str, unix_seconds: u64, last_used: i64) -> Result<i64, CodeRefusal> {
        let typed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
            return Err(CodeRefusal::Wrong);
        }
        let Some(totp) = self.totp("") else {
            return Err(CodeRefusal::Wrong);
        };
        let now_step = unix_seconds / STEP;
        let matched = [now_step.saturating_sub(1), now_step, now_step + 1]
            .into_iter()
            .find(|step| constant_time_eq(&totp.generate(step * STEP), &typed));
        let step = matched.ok_or(CodeRefusal::Wrong)?;
        let step = i64::try_from(step).map_err(|_| CodeRefusal::Wrong)?;
        if step <= last_used {
            return Err(CodeRefusal::AlreadyUsed);
        }
        Ok(step)
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// New recovery codes, as the person is shown them once (`abcd-efgh-jk`).
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES).map(|_| recovery_code()).collect()
}

/// Random bytes below this are used, the rest dropped, so each letter of the alphabet is
/// equally likely (248 = 8 × 31).
const UNBIASED_BELOW: usize = 256 / ALPHABET.len() * ALPHABET.len();

fn recovery_code() -> String {
    let mut letters = String::with_capacity(10);
    while letters.len() < 10 {
        let mut bytes = [0u8; 16];
        if getrandom::fill(&mut bytes).is_err() {
            bytes.copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        }
        let wanted = 10 - letters.len();
        letters.extend(
            bytes
                .iter()
                .map(|b| usize::from(*b))
                .filter(|b| *b < UNBIASED_BELOW)
                .take(wanted)
                .map(|b| char::from(ALPHABET[b % ALPHABET.len()])),
        );
    }
    format!("{}-{}-{}", &letters[..4], &letters[4..8], &letters[8..])
}

/// Whether what was typed looks like a recovery code rather than a six-digit code.
pub fn looks_like_recovery_code(typed: &str) -> bool {
    normalise_recovery_code(typed).len() == 10
}

/// A recovery code as typed (any case, with or without dashes and spaces), ready to hash.
pub fn normalise_recovery_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The stored form of a recovery code: SHA-256 of its normalised letters (50 random bits each,
/// tried under the sign-in throttle).
pub fn recovery_code_hash(typed: &str) -> String {
    Sha256::digest(normalise_recovery_code(typed).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_796_000_000;

    fn secret() -> TwoStepSecret {
        TwoStepSecret::generate()
    }

    #[test]
    fn the_code_the_app_shows_now_is_accepted_once() {
        let s = secret();
        let step = s.check(&s.code_at(NOW), NOW, 0);
        assert_eq!(step, Ok(i64::try_from(NOW / STEP).unwrap_or_default()));
        let again = s.check(&s.code_at(NOW), NOW, step.unwrap_or_default());
        assert_eq!(again, Err(CodeRefusal::AlreadyUsed));
    }

    #[test]
    fn a_phone_clock_one_step_out_either_way_is_allowed_but_not_two() {
        let s = secret();
        assert!(s.check(&s.code_at(NOW - STEP), NOW, 0).is_ok());
        assert!(s.check(&s.code_at(NOW + STEP), NOW, 0).is_ok());
        let stale = s.code_at(NOW - 3 * STEP);
        if stale != s.code_at(NOW)
            && stale != s.code_at(NOW - STEP)
            && stale != s.code_at(NOW + STEP)
        {
            assert_eq!(s.check(&stale, NOW, 0), Err(CodeRefusal::Wrong));
        }
    }

    #[test]
    fn a_code_typed_with_spaces_is_read_and_letters_are_wrong() {
        let s = secret();
        let code = s.code_at(NOW);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(s.check(&spaced, NOW, 0).is_ok());
        assert_eq!(s.check("12345a", NOW, 0), Err(CodeRefusal::Wrong));
        assert_eq!(s.check("", NOW, 0), Err(CodeRefusal::Wrong));
    }

    #[test]
    fn the_address_names_the_issuer_and_the_account() {
        let s = secret();
        let address = s.address("lee@example.org");
        assert!(
            address.starts_with("otpauth://totp/eportfolio:lee%40example.org?"),
            "{address}"
        );
        assert!(address.contains(&format!("secret={}", s.0)), "{address}");
        assert_eq!(s.grouped().replace(' ', ""), s.0);
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_read_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        let code = &codes[0];
        assert!(looks_like_recovery_code(code));
        assert_eq!(
            recovery_code_hash(code),
            recovery_code_hash(&code.to_uppercase().replace('-', " "))
        );
        assert!(!looks_like_recovery_code("123456"));
    }

    #[test]
    fn recovery_code_letters_are_drawn_without_bias() {
        assert_eq!(UNBIASED_BELOW % ALPHABET.len(), 0);
        assert!(UNBIASED_BELOW <= 256 && UNBIASED_BELOW + ALPHABET.len() > 256);
        for code in new_recovery_codes() {
            let letters = normalise_recovery_code(&code);
            assert_eq!(letters.len(), 10, "{code}");
            assert!(letters.bytes().all(|b| ALPHABET.contains(&b)), "{code}");
        }
    }
}
