//! Signing and verifying Open Badges credentials: one Ed25519 key per centre, credentials as
//! JWTs signed with EdDSA (the algorithm pinned on verification, so a token claiming `HS256` or
//! `none` is refused), the key named in the header's `kid`. Credentials do not expire; whether
//! the achievement still stands is for the caller to check against the records.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};

use crate::domain::open_badge::{CredentialClaims, Inconsistent, check_consistent};

/// PKCS#8 v1 wrapping of a raw Ed25519 seed (RFC 8410): what `EncodingKey::from_ed_der` reads.
const PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BadgeError {
    #[error("This is not a credential this platform can read: {0}")]
    Malformed(String),
    #[error("The credential names an issuer this platform does not know.")]
    UnknownIssuer,
    #[error(
        "The signature does not match: the credential was altered or not signed by its issuer."
    )]
    BadSignature,
    #[error("The credential does not hold: {0}.")]
    Inconsistent(#[from] Inconsistent),
    #[error("No key could be made or read: {0}")]
    Key(String),
}

/// A centre's signing key: the 32-byte seed and the public key derived from it.
#[derive(Clone)]
pub struct KeyPair {
    seed: [u8; 32],
}

impl KeyPair {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<Self, BadgeError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| BadgeError::Key(e.to_string()))?;
        Ok(Self { seed })
    }

    /// From the stored seed (base64url).
    pub fn from_stored(seed: &str) -> Result<Self, BadgeError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(seed)
            .map_err(|e| BadgeError::Key(e.to_string()))?;
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| BadgeError::Key("a seed is 32 bytes".to_owned()))?;
        Ok(Self { seed })
    }

    /// The seed as stored (base64url).
    pub fn stored(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.seed)
    }

    /// The public key as a JWK `x` (base64url of the 32 bytes).
    pub fn public_x(&self) -> String {
        URL_SAFE_NO_PAD.encode(
            SigningKey::from_bytes(&self.seed)
                .verifying_key()
                .to_bytes(),
        )
    }

    fn encoding_key(&self) -> EncodingKey {
        let mut der = PKCS8_PREFIX.to_vec();
        der.extend_from_slice(&self.seed);
        EncodingKey::from_ed_der(&der)
    }
}

/// Sign a credential with the centre's key, naming the key in `kid`.
pub fn sign(claims: &CredentialClaims, kid: &str, key: &KeyPair) -> Result<String, BadgeError> {
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &key.encoding_key())
        .map_err(|e| BadgeError::Key(e.to_string()))
}

/// The key id a credential names (before anything is trusted).
pub fn key_id(token: &str) -> Result<String, BadgeError> {
    let header = jsonwebtoken::decode_header(token.trim())
        .map_err(|e| BadgeError::Malformed(e.to_string()))?;
    header.kid.ok_or(BadgeError::UnknownIssuer)
}

/// Verify a credential against the issuer's public key (`x`, base64url) and id.
pub fn verify(
    token: &str,
    public_x: &str,
    issuer_id: &str,
) -> Result<CredentialClaims, BadgeError> {
    let raw = URL_SAFE_NO_PAD
        .decode(public_x)
        .map_err(|e| BadgeError::Key(e.to_string()))?;
    if raw.len() != 32 {
        return Err(BadgeError::Key("a public key is 32 bytes".to_owned()));
    }
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["iss", "sub", "jti", "nbf"]);
    validation.set_issuer(&[issuer_id]);
    let data = jsonwebtoken::decode::<CredentialClaims>(
        token.trim(),
        &DecodingKey::from_ed_der(&raw),
        &validation,
    )
    .map_err(|e| match e.kind() {
        jsonwebtoken::errors::ErrorKind::InvalidSignature => BadgeError::BadSignature,
        jsonwebtoken::errors::ErrorKind::InvalidIssuer => {
            BadgeError::Inconsistent(Inconsistent::Issuer)
        }
        jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => BadgeError::BadSignature,
        _ => BadgeError::Malformed(e.to_string()),
    })?;
    check_consistent(&data.claims, issuer_id)?;
    Ok(data.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::open_badge::Achievement;
    use chrono::NaiveDate;

    const ISSUER: &str = "https://ep.example/issuers/c1";

    fn claims() -> CredentialClaims {
        let day = NaiveDate::from_ymd_opt(2027, 6, 1).unwrap_or_default();
        CredentialClaims::of(&Achievement {
            credential_id: "https://ep.example/credentials/s1".to_owned(),
            issuer_id: ISSUER.to_owned(),
            issuer_name: "Centre".to_owned(),
            achievement_id: "https://ep.example/units/cg-3085/u001".to_owned(),
            unit_name: "Unit 001".to_owned(),
            qualification: "3085-01".to_owned(),
            outcomes: vec![],
            learner_email: "a@example.org".to_owned(),
            salt: "x".to_owned(),
            achieved_on: day,
            issued_at: day.and_hms_opt(9, 0, 0).unwrap_or_default(),
        })
    }

    #[test]
    fn a_signed_credential_verifies_with_the_issuers_public_key() -> Result<(), BadgeError> {
        let key = KeyPair::generate()?;
        let token = sign(&claims(), "c1", &key)?;
        assert_eq!(key_id(&token)?, "c1");
        let again = KeyPair::from_stored(&key.stored())?;
        assert_eq!(verify(&token, &again.public_x(), ISSUER)?, claims());
        Ok(())
    }

    #[test]
    fn an_altered_credential_fails_verification() -> Result<(), BadgeError> {
        let key = KeyPair::generate()?;
        let token = sign(&claims(), "c1", &key)?;
        let parts: Vec<&str> = token.split('.').collect();
        let mut forged = claims();
        forged.vc["name"] = serde_json::json!("Unit 002");
        let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap_or_default());
        let altered = format!("{}.{body}.{}", parts[0], parts[2]);
        assert_eq!(
            verify(&altered, &key.public_x(), ISSUER),
            Err(BadgeError::BadSignature)
        );
        Ok(())
    }

    #[test]
    fn a_credential_signed_by_another_key_fails_verification() -> Result<(), BadgeError> {
        let (ours, theirs) = (KeyPair::generate()?, KeyPair::generate()?);
        let token = sign(&claims(), "c1", &theirs)?;
        assert_eq!(
            verify(&token, &ours.public_x(), ISSUER),
            Err(BadgeError::BadSignature)
        );
        Ok(())
    }

    #[test]
    fn a_credential_signed_with_hs256_over_the_public_key_is_refused() -> Result<(), BadgeError> {
        let key = KeyPair::generate()?;
        let forged = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims(),
            &EncodingKey::from_secret(key.public_x().as_bytes()),
        )
        .map_err(|e| BadgeError::Key(e.to_string()))?;
        assert!(verify(&forged, &key.public_x(), ISSUER).is_err());
        Ok(())
    }

    #[test]
    fn rubbish_is_reported_as_not_a_credential() {
        assert!(matches!(
            key_id("not a token"),
            Err(BadgeError::Malformed(_))
        ));
    }
}
