//! Signed tokens (JWT, HS256). A separate audience per purpose (and witness links their own
//! issuer), the algorithm pinned on decode, and `exp`, `iat`, `iss`, `aud`, `sub` and `jti` all
//! required. Expiry is checked against the injected clock, not the system's, so tests can move time.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "eportfolio";
/// Witness links go to people outside the platform: they get an issuer of their own, so no
/// other token can ever pass for one.
pub const WITNESS_ISSUER: &str = "eportfolio:witness-links";

/// What a token is for; a token for one purpose is refused for every other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// A signed-in page session (cookie).
    Session,
    /// An API session (`Authorization: Bearer`).
    Api,
    /// A single-use link to set or reset a password.
    PasswordReset,
    /// A single-use link for a witness to give testimony.
    Witness,
    /// A single-use link for an open-learning authenticator (S4).
    Authentication,
    /// Between a right password and the second step of a two-step sign-in (five minutes).
    SecondStep,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "eportfolio:session",
            Self::Api => "eportfolio:api",
            Self::PasswordReset => "eportfolio:password-reset",
            Self::Witness => "eportfolio:witness",
            Self::Authentication => "eportfolio:authentication",
            Self::SecondStep => "eportfolio:second-step",
        }
    }

    pub fn issuer(self) -> &'static str {
        match self {
            Self::Witness | Self::Authentication => WITNESS_ISSUER,
            _ => ISSUER,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("the token is not valid")]
    Invalid,
    #[error("the token has expired")]
    Expired,
    #[error("the token could not be made")]
    Signing,
}

/// Signs and checks tokens with the platform's key.
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Tokens {
    pub fn new(secret: &[u8]) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    pub fn issue(
        &self,
        audience: Audience,
        subject: &str,
        id: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<String, TokenError> {
        let claims = Claims {
            iss: audience.issuer().to_owned(),
            aud: audience.as_str().to_owned(),
            sub: subject.to_owned(),
            jti: id.to_owned(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|_| TokenError::Signing)
    }

    /// The claims of a token signed with our key, for `audience`, not expired at `now`.
    pub fn verify(
        &self,
        token: &str,
        audience: Audience,
        now: DateTime<Utc>,
    ) -> Result<Claims, TokenError> {
        let claims = self.signed_claims(token, audience)?;
        if claims.exp <= now.timestamp() {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }

    /// The claims of a token signed with our key for `audience`, expired or not: to tell the
    /// holder of an expired link whom to ask for a new one. Never grants anything by itself.
    pub fn signed_claims(&self, token: &str, audience: Audience) -> Result<Claims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_audience(&[audience.as_str()]);
        validation.set_issuer(&[audience.issuer()]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        // Expiry is ours to check, against the injected clock.
        validation.validate_exp = false;
        validation.leeway = 0;
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| TokenError::Invalid)?;
        let claims = data.claims;
        if claims.jti.is_empty() || claims.sub.is_empty() {
            return Err(TokenError::Invalid);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    fn tokens() -> Tokens {
        Tokens::new(b"0123456789abcdef0123456789abcdef")
    }

    fn b64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            }
        }
        out
    }

    fn forged(header: &str, payload: &str) -> String {
        format!("{}.{}.", b64(header.as_bytes()), b64(payload.as_bytes()))
    }

    fn payload(exp: &str, aud: &str) -> String {
        format!(
            r#"{{"iss":"eportfolio","aud":"{aud}","sub":"u1","jti":"s1","iat":1800000000,"exp":{exp}}}"#
        )
    }

    #[test]
    fn a_token_verifies_for_its_own_audience_only() -> Result<(), TokenError> {
        let t = tokens();
        let token = t.issue(
            Audience::Session,
            "u1",
            "s1",
            now(),
            now() + chrono::Duration::hours(1),
        )?;
        assert_eq!(t.verify(&token, Audience::Session, now())?.sub, "u1");
        assert_eq!(
            t.verify(&token, Audience::Api, now()),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            t.verify(&token, Audience::PasswordReset, now()),
            Err(TokenError::Invalid)
        );
        Ok(())
    }

    #[test]
    fn a_witness_link_has_its_own_issuer() -> Result<(), Box<dyn std::error::Error>> {
        let t = tokens();
        let later = now() + chrono::Duration::days(14);
        let link = t.issue(Audience::Witness, "r1", "l1", now(), later)?;
        assert_eq!(
            t.verify(&link, Audience::Witness, now())?.iss,
            WITNESS_ISSUER
        );
        // The platform's issuer with the witness audience is not a witness link.
        let claims = serde_json::json!({"iss":"eportfolio","aud":"eportfolio:witness","sub":"r1","jti":"l1","iat":1800000000,"exp":1900000000});
        let key = EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef");
        let forged = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key)?;
        assert_eq!(
            t.verify(&forged, Audience::Witness, now()),
            Err(TokenError::Invalid)
        );
        Ok(())
    }

    #[test]
    fn an_expired_link_still_names_its_request_but_does_not_verify() -> Result<(), TokenError> {
        let t = tokens();
        let link = t.issue(
            Audience::Witness,
            "r1",
            "l1",
            now(),
            now() + chrono::Duration::days(14),
        )?;
        let later = now() + chrono::Duration::days(15);
        assert_eq!(
            t.verify(&link, Audience::Witness, later),
            Err(TokenError::Expired)
        );
        assert_eq!(t.signed_claims(&link, Audience::Witness)?.sub, "r1");
        Ok(())
    }

    #[test]
    fn an_expired_token_is_refused() -> Result<(), TokenError> {
        let t = tokens();
        let token = t.issue(
            Audience::Session,
            "u1",
            "s1",
            now(),
            now() + chrono::Duration::hours(1),
        )?;
        assert_eq!(
            t.verify(
                &token,
                Audience::Session,
                now() + chrono::Duration::hours(2)
            ),
            Err(TokenError::Expired)
        );
        Ok(())
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() -> Result<(), TokenError> {
        let other = Tokens::new(b"another key entirely, 32 bytes!!");
        let token = other.issue(
            Audience::Session,
            "u1",
            "s1",
            now(),
            now() + chrono::Duration::hours(1),
        )?;
        assert_eq!(
            tokens().verify(&token, Audience::Session, now()),
            Err(TokenError::Invalid)
        );
        Ok(())
    }

    #[test]
    fn alg_none_in_any_capitalisation_is_refused() {
        for alg in ["none", "None", "NONE", "nOnE"] {
            let token = forged(
                &format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#),
                &payload("1900000000", "eportfolio:session"),
            );
            assert_eq!(
                tokens().verify(&token, Audience::Session, now()),
                Err(TokenError::Invalid),
                "{alg}"
            );
        }
    }

    #[test]
    fn hs_rs_confusion_is_refused() {
        // An RS256 header with an HMAC over the payload: the algorithm is pinned, so it fails.
        let token = forged(
            r#"{"alg":"RS256","typ":"JWT"}"#,
            &payload("1900000000", "eportfolio:session"),
        );
        assert_eq!(
            tokens().verify(&format!("{token}c2lnbmF0dXJl"), Audience::Session, now()),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn exp_as_a_string_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        let claims = serde_json::json!({"iss":"eportfolio","aud":"eportfolio:session","sub":"u1","jti":"s1","iat":1800000000,"exp":"1900000000"});
        let token = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef"),
        )?;
        assert_eq!(
            tokens().verify(&token, Audience::Session, now()),
            Err(TokenError::Invalid)
        );
        Ok(())
    }

    #[test]
    fn wrong_issuer_or_missing_jti_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        let key = EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef");
        let wrong_iss = serde_json::json!({"iss":"someone-else","aud":"eportfolio:session","sub":"u1","jti":"s1","iat":1800000000,"exp":1900000000});
        let no_jti = serde_json::json!({"iss":"eportfolio","aud":"eportfolio:session","sub":"u1","iat":1800000000,"exp":1900000000});
        for claims in [wrong_iss, no_jti] {
            let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key)?;
            assert_eq!(
                tokens().verify(&token, Audience::Session, now()),
                Err(TokenError::Invalid)
            );
        }
        Ok(())
    }
}
