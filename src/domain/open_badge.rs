//! Open Badges 3.0 credentials for achieved units: the achievement a learner earned, as a W3C
//! Verifiable Credential (data model 2.0) of type `OpenBadgeCredential`, and the JWT claims that
//! carry it (OB 3.0 §8.2: `iss` is the issuer's id, `sub` the subject's, `jti` the credential's,
//! `nbf` when it became valid). The learner is identified by a salted SHA-256 of their email
//! address, so the credential names no one to a reader who does not already know them.
//!
//! Plain data in, plain data out: signing and verifying live in `crate::badges`.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// What a credential says, gathered from the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Achievement {
    /// The credential's own id (a URL on the platform naming the unit sign-off).
    pub credential_id: String,
    /// The issuer profile's URL (the centre).
    pub issuer_id: String,
    pub issuer_name: String,
    /// The achievement's URL (the unit's public page).
    pub achievement_id: String,
    /// "Unit 001: Understand the context of personalisation".
    pub unit_name: String,
    /// The qualification and awarding body, for the description.
    pub qualification: String,
    /// The unit's learning outcomes as written in the specification.
    pub outcomes: Vec<String>,
    /// The learner's email address, hashed with `salt` into the credential.
    pub learner_email: String,
    pub salt: String,
    pub achieved_on: NaiveDate,
    pub issued_at: NaiveDateTime,
}

/// `sha256$<hex>` of the lower-cased email followed by the salt (OB 3.0 IdentityObject).
pub fn identity_hash(email: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{}{salt}", email.trim().to_lowercase()).as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256${hex}")
}

/// The subject's id: the hashed identity as a URN, stable for one learner and salt.
fn subject_id(a: &Achievement) -> String {
    format!(
        "urn:eportfolio:learner:{}",
        identity_hash(&a.learner_email, &a.salt)
    )
}

/// The verifiable credential (the `vc` claim).
pub fn credential(a: &Achievement) -> Value {
    let valid_from = a.issued_at.and_utc().to_rfc3339();
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": a.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": a.unit_name,
        "issuer": {"id": a.issuer_id, "type": ["Profile"], "name": a.issuer_name},
        "validFrom": valid_from,
        "credentialSubject": {
            "id": subject_id(a),
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": identity_hash(&a.learner_email, &a.salt),
                "identityType": "emailAddress",
                "hashed": true,
                "salt": a.salt,
            }],
            "activityEndDate": format!("{}T00:00:00Z", a.achieved_on),
            "achievement": {
                "id": a.achievement_id,
                "type": ["Achievement"],
                "achievementType": "Competency",
                "name": a.unit_name,
                "description": format!("{} of {}, assessed, signed off and countersigned.", a.unit_name, a.qualification),
                "criteria": {"narrative": a.outcomes.join("\n")},
            },
        },
    })
}

/// The JWT claims of a credential (VC-JWT as Open Badges 3.0 describes it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CredentialClaims {
    pub iss: String,
    pub sub: String,
    pub jti: String,
    pub nbf: i64,
    pub vc: Value,
}

impl CredentialClaims {
    pub fn of(a: &Achievement) -> Self {
        Self {
            iss: a.issuer_id.clone(),
            sub: subject_id(a),
            jti: a.credential_id.clone(),
            nbf: a.issued_at.and_utc().timestamp(),
            vc: credential(a),
        }
    }
}

/// Why a credential that is correctly signed still does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Inconsistent {
    #[error("the credential's issuer does not match the key that signed it")]
    Issuer,
    #[error("the credential's subject or id does not match the signed claims")]
    Subject,
    #[error("this is not an Open Badges credential")]
    NotOpenBadge,
}

/// The claims must say the same as the credential inside them, and be an OpenBadgeCredential.
pub fn check_consistent(claims: &CredentialClaims, issuer_id: &str) -> Result<(), Inconsistent> {
    let vc = &claims.vc;
    let is_badge = vc["type"]
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t == "OpenBadgeCredential"));
    if !is_badge {
        return Err(Inconsistent::NotOpenBadge);
    }
    if claims.iss != issuer_id || vc["issuer"]["id"] != issuer_id {
        return Err(Inconsistent::Issuer);
    }
    if vc["id"] != claims.jti.as_str() || vc["credentialSubject"]["id"] != claims.sub.as_str() {
        return Err(Inconsistent::Subject);
    }
    Ok(())
}

/// Does this credential belong to the person with this email address?
pub fn names_learner(claims: &CredentialClaims, email: &str) -> bool {
    let identifier = &claims.vc["credentialSubject"]["identifier"][0];
    let salt = identifier["salt"].as_str().unwrap_or_default();
    identifier["identityHash"] == identity_hash(email, salt).as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn achievement() -> Achievement {
        let day = NaiveDate::from_ymd_opt(2027, 6, 1).unwrap_or_default();
        Achievement {
            credential_id: "https://ep.example/credentials/s1".to_owned(),
            issuer_id: "https://ep.example/issuers/c1".to_owned(),
            issuer_name: "Highland Care Training".to_owned(),
            achievement_id: "https://ep.example/units/cg-3085/u001".to_owned(),
            unit_name: "Unit 001: Understand the context of personalisation".to_owned(),
            qualification: "City & Guilds 3085-01".to_owned(),
            outcomes: vec!["Understand personalisation".to_owned()],
            learner_email: "Morag@Example.org".to_owned(),
            salt: "s4lt".to_owned(),
            achieved_on: day,
            issued_at: day.and_hms_opt(9, 0, 0).unwrap_or_default(),
        }
    }

    #[test]
    fn ob3_credential_carries_the_contexts_types_and_achievement() {
        let vc = credential(&achievement());
        assert_eq!(vc["@context"][0], VC_CONTEXT);
        assert_eq!(vc["@context"][1], OB_CONTEXT);
        assert_eq!(vc["type"][1], "OpenBadgeCredential");
        assert_eq!(vc["credentialSubject"]["type"][0], "AchievementSubject");
        assert_eq!(
            vc["credentialSubject"]["achievement"]["name"],
            "Unit 001: Understand the context of personalisation"
        );
        assert_eq!(vc["validFrom"], "2027-06-01T09:00:00+00:00");
    }

    #[test]
    fn ob3_learner_is_named_only_by_a_salted_hash_of_their_email() {
        let a = achievement();
        let claims = CredentialClaims::of(&a);
        let text = claims.vc.to_string();
        assert!(!text.to_lowercase().contains("morag@example.org"));
        assert!(names_learner(&claims, "morag@example.org"));
        assert!(!names_learner(&claims, "someone@example.org"));
    }

    #[test]
    fn ob3_claims_that_disagree_with_the_credential_do_not_hold() {
        let a = achievement();
        let claims = CredentialClaims::of(&a);
        assert_eq!(check_consistent(&claims, &a.issuer_id), Ok(()));
        assert_eq!(
            check_consistent(&claims, "https://ep.example/issuers/c2"),
            Err(Inconsistent::Issuer)
        );
        let mut other = claims.clone();
        other.sub = "urn:someone-else".to_owned();
        assert_eq!(
            check_consistent(&other, &a.issuer_id),
            Err(Inconsistent::Subject)
        );
        let mut plain = claims;
        plain.vc["type"] = json!(["VerifiableCredential"]);
        assert_eq!(
            check_consistent(&plain, &a.issuer_id),
            Err(Inconsistent::NotOpenBadge)
        );
    }
}
