//! Open Badges 3.0 credentials for achieved units: the learner downloads one per unit that is
//! signed off and countersigned, signed with the centre's key (made on first use); anyone can
//! verify a credential on the platform, which also tells them when the centre has withdrawn it
//! (the unit's sign-off no longer stands).

use crate::actions::access::centre_of;
use chrono::NaiveDate;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::visible_registration;
use crate::actions::audit::of_registration as entry;
use crate::actions::claims::claim_facts::units;
use crate::actions::claims::records_wire::{IssuerKey, IssuerProfile};
use crate::badges::{self, BadgeError, KeyPair};
use crate::domain::ids::{CentreId, RegistrationId, SignOffId, UnitId};
use crate::domain::open_badge::{Achievement, CredentialClaims};
use crate::domain::rules::RuleViolation;
use crate::store::audit;
use crate::store::registrations::{self, Registration};
use crate::store::sign_offs::{self, UnitSignOff};
use crate::store::signing_keys::{self, StoredKey};
use crate::store::{StoreError, people, write_transaction};

/// A unit the learner has achieved, and the sign-off that stands for it.
#[derive(Debug, Clone)]
pub struct Achieved {
    pub unit_id: String,
    /// "Unit 001: Understand the context of personalisation".
    pub name: String,
    pub sign_off: UnitSignOff,
}

impl Achieved {
    pub fn achieved_on(&self) -> NaiveDate {
        self.sign_off.signed_off_at.date()
    }
}

fn unit_name(state: &AppState, unit_id: &UnitId) -> String {
    state.curriculum.unit(unit_id).map_or_else(
        || unit_id.to_string(),
        |(_, u)| format!("Unit {}: {}", u.number, u.title),
    )
}

/// The units of a registration the caller may see that are signed off and countersigned.
pub async fn achieved(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<(Registration, Vec<Achieved>), ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    let (reg, curriculum) = (registration.clone(), state.curriculum.clone());
    let (facts, standing) = state
        .db
        .run(move |conn| {
            let facts = units(conn, &curriculum, &reg)?;
            let standing: Vec<UnitSignOff> = sign_offs::of_registration(conn, &reg.id)?
                .into_iter()
                .filter(UnitSignOff::stands)
                .collect();
            Ok::<_, StoreError>((facts, standing))
        })
        .await?;
    let list = facts
        .iter()
        .filter(|f| f.complete())
        .filter_map(|f| {
            let sign_off = standing.iter().find(|s| s.unit_id == f.unit_id)?.clone();
            Some(Achieved {
                unit_id: f.unit_id.clone(),
                name: unit_name(state, &UnitId::from_stored(f.unit_id.as_str())),
                sign_off,
            })
        })
        .collect();
    Ok((registration, list))
}

fn issuer_id(state: &AppState, centre_id: &CentreId) -> String {
    format!("{}/issuers/{centre_id}", state.public_url)
}

fn credential_prefix(state: &AppState) -> String {
    format!("{}/credentials/", state.public_url)
}

/// Inside one transaction: the centre's signing key (made on first use), the centre, and the
/// audit entry of the issue.
async fn key_for_issue(
    state: &AppState,
    actor: &Actor,
    registration: &Registration,
    unit: &Achieved,
    now: chrono::NaiveDateTime,
) -> Result<(StoredKey, Option<crate::store::people::Centre>), ActionError> {
    let fresh = KeyPair::generate().map_err(|e| ActionError::Internal(e.to_string()))?;
    let fresh = StoredKey {
        centre_id: registration.centre_id.clone(),
        seed: fresh.stored(),
        public_x: fresh.public_x(),
        created_at: now,
    };
    let (reg, acting, sign_off_id, sealer) = (
        registration.clone(),
        actor.clone(),
        unit.sign_off.id.clone(),
        state.secrets.clone(),
    );
    Ok(state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let key = signing_keys::find_or_insert(conn, &sealer, &fresh)?;
                let centre = people::find_centre(conn, &reg.centre_id)?;
                let details = serde_json::json!({"sign_off_id": sign_off_id});
                let record = ("unit_sign_off", sign_off_id.as_str());
                audit::append(
                    conn,
                    entry(&acting, &reg, "credential_issued", record, None, details),
                    now,
                )?;
                Ok::<_, StoreError>((key, centre))
            })
        })
        .await?)
}

/// What the credential states: the unit, its qualification and outcomes, issuer and learner.
fn achievement_of(
    state: &AppState,
    actor: &Actor,
    (registration, unit): (&Registration, &Achieved),
    issuer_name: String,
    now: chrono::NaiveDateTime,
) -> Achievement {
    let qualification = state
        .curriculum
        .qualification(&registration.qualification_id)
        .map_or_else(
            || registration.qualification_id.clone(),
            |(s, q)| format!("{} {} {}", s.specification.awarding_body, q.number, q.title),
        );
    let outcomes = state
        .curriculum
        .unit(&unit.unit_id)
        .map(|(_, u)| {
            u.outcomes
                .iter()
                .map(|o| format!("{}. {}", o.number, o.text))
                .collect()
        })
        .unwrap_or_default();
    Achievement {
        credential_id: format!("{}{}", credential_prefix(state), unit.sign_off.id),
        issuer_id: issuer_id(state, &centre_of(registration)),
        issuer_name,
        achievement_id: format!("{}/units/{}", state.public_url, unit.unit_id),
        unit_name: unit.name.clone(),
        qualification,
        outcomes,
        learner_email: actor.user.email.clone(),
        salt: unit.sign_off.id.clone(),
        achieved_on: unit.achieved_on(),
        issued_at: now,
    }
}

/// The learner's credential for one achieved unit: (file name, the signed JWT).
pub async fn issue(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    unit_id: &UnitId,
) -> Result<(String, String), ActionError> {
    let (registration, list) = achieved(state, actor, registration_id).await?;
    if registration.learner_id != actor.user.id {
        return Err(ActionError::Forbidden);
    }
    let Some(unit) = list.into_iter().find(|a| a.unit_id == *unit_id) else {
        return Err(ActionError::Conflict(format!(
            "{} is not achieved yet: a credential is issued once the assessor has signed the unit off and you have countersigned it.",
            unit_name(state, unit_id)
        )));
    };
    let now = state.clock.now().naive_utc();
    let (key, centre) = key_for_issue(state, actor, &registration, &unit, now).await?;
    let issuer_name = centre.map(|c| c.name).unwrap_or_default();
    let achievement = achievement_of(state, actor, (&registration, &unit), issuer_name, now);
    let signer =
        KeyPair::from_stored(&key.seed).map_err(|e| ActionError::Internal(e.to_string()))?;
    let token = badges::sign(
        &CredentialClaims::of(&achievement),
        &registration.centre_id,
        &signer,
    )
    .map_err(|e| ActionError::Internal(e.to_string()))?;
    let number = state
        .curriculum
        .unit(unit_id)
        .map_or("unit".to_owned(), |(_, u)| u.number.clone());
    Ok((format!("credential-unit-{number}.jwt"), token))
}

/// What a verified credential says, for whoever checks it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verified {
    pub valid: bool,
    pub issuer: String,
    pub issuer_name: String,
    pub achievement: String,
    pub achieved_on: String,
    pub valid_from: String,
    pub credential_id: String,
}

fn not_valid(reason: impl std::fmt::Display) -> ActionError {
    ActionError::Rule(RuleViolation::CredentialNotValid {
        reason: reason.to_string(),
    })
}

/// Verify a credential: its signature with its issuer's key, its claims, and that the unit's
/// sign-off it stands for still stands. Public: anyone may ask.
pub async fn verify(state: &AppState, token: &str) -> Result<Verified, ActionError> {
    let token = token.trim().to_owned();
    if token.is_empty() {
        return Err(not_valid(
            "Paste the credential (the text of the .jwt file) to check it.",
        ));
    }
    let key_id = badges::key_id(&token).map_err(not_valid)?;
    let centre_id = CentreId::parse(&key_id).map_err(|_| not_valid(BadgeError::UnknownIssuer))?;
    let (lookup, sealer) = (centre_id.clone(), state.secrets.clone());
    let key = state
        .db
        .run(move |conn| signing_keys::find(conn, &sealer, &lookup))
        .await?
        .ok_or_else(|| not_valid(BadgeError::UnknownIssuer))?;
    let issuer = issuer_id(state, &centre_id);
    let claims = badges::verify(&token, &key.public_x, &issuer).map_err(not_valid)?;
    let sign_off_id = claims
        .jti
        .strip_prefix(&credential_prefix(state))
        .unwrap_or_default()
        .to_owned();
    let stands = match SignOffId::parse(&sign_off_id) {
        Ok(sign_off_id) => still_stands(state, sign_off_id, centre_id).await?,
        Err(_) => false,
    };
    if !stands {
        return Err(not_valid(
            "The centre has withdrawn it: the unit it was issued for has been reopened for assessment, or no longer exists.",
        ));
    }
    Ok(verified(&claims))
}

/// Whether the sign-off a credential stands for still stands, at the centre that issued it.
async fn still_stands(
    state: &AppState,
    sign_off_id: SignOffId,
    centre_id: CentreId,
) -> Result<bool, ActionError> {
    let (found, owner) = state
        .db
        .run(move |conn| {
            let found = sign_offs::find(conn, &sign_off_id)?;
            let owner = match &found {
                Some(s) => registrations::find(conn, &s.registration_id)?,
                None => None,
            };
            Ok::<_, StoreError>((found, owner))
        })
        .await?;
    Ok(found.is_some_and(|s| s.stands()) && owner.is_some_and(|r| r.centre_id == centre_id))
}

/// What a checked credential says, read from its claims.
fn verified(claims: &CredentialClaims) -> Verified {
    let vc = &claims.vc;
    Verified {
        valid: true,
        issuer: claims.iss.clone(),
        issuer_name: vc["issuer"]["name"].as_str().unwrap_or_default().to_owned(),
        achievement: vc["credentialSubject"]["achievement"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        achieved_on: vc["credentialSubject"]["activityEndDate"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .take(10)
            .collect(),
        valid_from: vc["validFrom"].as_str().unwrap_or_default().to_owned(),
        credential_id: claims.jti.clone(),
    }
}

/// The issuer's profile with its public key, so a credential can be checked without us.
pub async fn issuer_profile(
    state: &AppState,
    centre_id: &CentreId,
) -> Result<IssuerProfile, ActionError> {
    let (id, sealer) = (centre_id.to_string(), state.secrets.clone());
    let (centre, key) = state
        .db
        .run(move |conn| {
            Ok::<_, StoreError>((
                people::find_centre(conn, &id)?,
                signing_keys::find(conn, &sealer, &id)?,
            ))
        })
        .await?;
    let (Some(centre), Some(key)) = (centre, key) else {
        return Err(ActionError::NotFound(format!("issuer {centre_id}")));
    };
    Ok(IssuerProfile {
        context: vec![
            crate::domain::open_badge::VC_CONTEXT.to_owned(),
            crate::domain::open_badge::OB_CONTEXT.to_owned(),
        ],
        id: issuer_id(state, centre_id),
        kind: vec!["Profile".to_owned()],
        name: centre.name,
        public_key: IssuerKey::ed25519(centre_id, &key.public_x),
    })
}
