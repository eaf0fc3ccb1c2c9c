//! Passkeys (WebAuthn) as the relying party, through `webauthn-rs`: the site's identity comes
//! from its public address (a passkey belongs to a name, so a site served at a bare IP address
//! has none), and everything the rest of the application keeps (ceremony states, passkey
//! records) crosses this boundary as JSON text, so no other layer depends on the crate's types.

use serde_json::Value;
use thiserror::Error;
use webauthn_rs::prelude::{
    AuthenticationResult, CredentialID, Passkey, PasskeyAuthentication, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

#[derive(Debug, Error)]
pub enum PasskeyError {
    /// What the browser sent is not a passkey's answer at all.
    #[error("the browser's answer could not be read")]
    Unreadable,
    /// The answer was read and refused (wrong challenge, wrong site, bad signature, a cloned
    /// key's counter).
    #[error("the passkey's answer was refused: {0}")]
    Refused(String),
    /// A stored record or state could not be read or written.
    #[error("a stored passkey record could not be read: {0}")]
    Stored(String),
}

/// A passkey just added: its credential id (base64url) and the record to keep.
#[derive(Debug, Clone)]
pub struct NewPasskey {
    pub id: String,
    pub record: String,
}

/// The relying party for the site at one public address.
pub struct RelyingParty {
    webauthn: Webauthn,
}

impl std::fmt::Debug for RelyingParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RelyingParty")
    }
}

/// The relying party id for a public address: its host name, or none for an IP address (no
/// browser accepts one) or an address without a host.
pub fn relying_party_id(public_url: &str) -> Option<String> {
    let url = Url::parse(public_url).ok()?;
    match url.host()? {
        url::Host::Domain(name) => Some(name.to_owned()),
        url::Host::Ipv4(_) | url::Host::Ipv6(_) => None,
    }
}

fn stored<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, PasskeyError> {
    serde_json::from_str(text).map_err(|e| PasskeyError::Stored(e.to_string()))
}

fn to_text<T: serde::Serialize>(value: &T) -> Result<String, PasskeyError> {
    serde_json::to_string(value).map_err(|e| PasskeyError::Stored(e.to_string()))
}

/// A credential id as the browser names it (base64url, no padding).
fn id_text(id: &CredentialID) -> Result<String, PasskeyError> {
    match serde_json::to_value(id).map_err(|e| PasskeyError::Stored(e.to_string()))? {
        Value::String(text) => Ok(text),
        other => Err(PasskeyError::Stored(format!("credential id as {other}"))),
    }
}

/// The WebAuthn user handle for an account: its id when that is a UUID, else one derived from it.
fn user_handle(user_id: &str) -> Uuid {
    Uuid::parse_str(user_id)
        .unwrap_or_else(|_| Uuid::new_v5(&Uuid::NAMESPACE_OID, user_id.as_bytes()))
}

impl RelyingParty {
    /// The relying party for `public_url`, or none where passkeys cannot work (an IP address).
    pub fn for_site(public_url: &str) -> Option<Self> {
        let id = relying_party_id(public_url)?;
        let origin = Url::parse(public_url).ok()?;
        let webauthn = WebauthnBuilder::new(&id, &origin)
            .ok()?
            .rp_name("eportfolio")
            .build()
            .ok()?;
        Some(Self { webauthn })
    }

    /// Start adding a passkey for an account: the options for the browser (JSON) and the state
    /// to keep. `existing`: the records of the person's passkeys, so one device is not added twice.
    pub fn start_adding(
        &self,
        user_id: &str,
        email: &str,
        name: &str,
        existing: &[String],
    ) -> Result<(Value, String), PasskeyError> {
        let exclude = existing
            .iter()
            .map(|record| stored::<Passkey>(record).map(|p| p.cred_id().clone()))
            .collect::<Result<Vec<_>, _>>()?;
        let (options, state) = self
            .webauthn
            .start_passkey_registration(user_handle(user_id), email, name, Some(exclude))
            .map_err(|e| PasskeyError::Refused(e.to_string()))?;
        let options =
            serde_json::to_value(&options).map_err(|e| PasskeyError::Stored(e.to_string()))?;
        Ok((options, to_text(&state)?))
    }

    /// Check the browser's answer (`answer`, JSON) against the kept state.
    pub fn finish_adding(&self, answer: &str, state: &str) -> Result<NewPasskey, PasskeyError> {
        let answer: RegisterPublicKeyCredential =
            serde_json::from_str(answer).map_err(|_| PasskeyError::Unreadable)?;
        let state: PasskeyRegistration = stored(state)?;
        let passkey = self
            .webauthn
            .finish_passkey_registration(&answer, &state)
            .map_err(|e| PasskeyError::Refused(e.to_string()))?;
        Ok(NewPasskey {
            id: id_text(passkey.cred_id())?,
            record: to_text(&passkey)?,
        })
    }

    /// Start a sign-in with any of the person's passkeys (their records).
    pub fn start_sign_in(&self, records: &[String]) -> Result<(Value, String), PasskeyError> {
        let passkeys = records
            .iter()
            .map(|r| stored::<Passkey>(r))
            .collect::<Result<Vec<_>, _>>()?;
        let (options, state) = self
            .webauthn
            .start_passkey_authentication(&passkeys)
            .map_err(|e| PasskeyError::Refused(e.to_string()))?;
        let options =
            serde_json::to_value(&options).map_err(|e| PasskeyError::Stored(e.to_string()))?;
        Ok((options, to_text(&state)?))
    }

    /// Check a sign-in's answer: which passkey it was (its id) and its record brought up to date
    /// (the signature counter). `records`: the person's passkeys as (id, record).
    pub fn finish_sign_in(
        &self,
        answer: &str,
        state: &str,
        records: &[(String, String)],
    ) -> Result<(String, String), PasskeyError> {
        let answer: PublicKeyCredential =
            serde_json::from_str(answer).map_err(|_| PasskeyError::Unreadable)?;
        let state: PasskeyAuthentication = stored(state)?;
        let result: AuthenticationResult = self
            .webauthn
            .finish_passkey_authentication(&answer, &state)
            .map_err(|e| PasskeyError::Refused(e.to_string()))?;
        let used = id_text(result.cred_id())?;
        let (id, record) = records
            .iter()
            .find(|(id, _)| *id == used)
            .ok_or_else(|| PasskeyError::Refused("not one of this account's passkeys".into()))?;
        let mut passkey: Passkey = stored(record)?;
        passkey.update_credential(&result);
        Ok((id.clone(), to_text(&passkey)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passkeys_belong_to_a_host_name_not_an_address() {
        assert_eq!(
            relying_party_id("https://portfolio.example.org").as_deref(),
            Some("portfolio.example.org")
        );
        assert_eq!(
            relying_party_id("http://localhost:8080").as_deref(),
            Some("localhost")
        );
        assert_eq!(relying_party_id("http://127.0.0.1:8080"), None);
        assert_eq!(relying_party_id("http://[::1]:8080"), None);
        assert_eq!(relying_party_id("not an address"), None);
        assert!(RelyingParty::for_site("http://127.0.0.1:8080").is_none());
        assert!(RelyingParty::for_site("https://portfolio.example.org").is_some());
    }

    fn party() -> Result<RelyingParty, Box<dyn std::error::Error>> {
        RelyingParty::for_site("https://portfolio.example.org").ok_or_else(|| "no party".into())
    }

    #[test]
    fn an_answer_that_is_not_a_passkeys_is_unreadable_not_a_crash()
    -> Result<(), Box<dyn std::error::Error>> {
        let party = party()?;
        let (_, state) = party.start_adding(
            "4b7c1a52-8d4e-4f0a-9a51-7f3c2b1d0e9f",
            "a@example.org",
            "A",
            &[],
        )?;
        assert!(matches!(
            party.finish_adding("{\"id\": 1}", &state),
            Err(PasskeyError::Unreadable)
        ));
        assert!(matches!(
            party.finish_adding("{}", "not a state"),
            Err(PasskeyError::Unreadable)
        ));
        Ok(())
    }

    #[test]
    fn the_options_name_the_site_and_ask_the_device_to_verify_the_person()
    -> Result<(), Box<dyn std::error::Error>> {
        let (options, _) = party()?.start_adding("user-1", "a@example.org", "Ann Example", &[])?;
        assert_eq!(options["publicKey"]["rp"]["id"], "portfolio.example.org");
        assert_eq!(options["publicKey"]["user"]["name"], "a@example.org");
        assert!(
            options["publicKey"]["challenge"]
                .as_str()
                .is_some_and(|c| c.len() >= 16)
        );
        assert_eq!(
            options["publicKey"]["authenticatorSelection"]["userVerification"],
            "required"
        );
        Ok(())
    }
}
