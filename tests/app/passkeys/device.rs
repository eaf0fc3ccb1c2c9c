//! A software authenticator for the passkey tests: one P-256 key, answering the relying party's
//! options as a phone or laptop does ("none" attestation, the person verified), so the whole
//! ceremony runs through the real routes and the real `webauthn-rs` checks.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

type Error = Box<dyn std::error::Error>;

/// The origin and relying party id the test app is reached at (`support::ORIGIN`).
const ORIGIN: &str = "http://localhost";
const RP_ID: &str = "localhost";

pub struct Device {
    key: SigningKey,
    pub credential_id: Vec<u8>,
    counter: u32,
    /// Whether the device verifies the person (fingerprint, screen lock).
    pub verifies: bool,
}

/// CBOR's head for `major` and `length` (lengths under 65,536 are all these tests need).
fn head(major: u8, length: usize) -> Vec<u8> {
    let m = major << 5;
    match u16::try_from(length) {
        Ok(n) if n < 24 => vec![m | n as u8],
        Ok(n) if n < 256 => vec![m | 24, n as u8],
        Ok(n) => [vec![m | 25], n.to_be_bytes().to_vec()].concat(),
        Err(_) => vec![m | 26],
    }
}

fn text(s: &str) -> Vec<u8> {
    [head(3, s.len()), s.as_bytes().to_vec()].concat()
}

fn bytes(b: &[u8]) -> Vec<u8> {
    [head(2, b.len()), b.to_vec()].concat()
}

/// A small integer (-24..24) as CBOR.
fn small(n: i8) -> u8 {
    if n >= 0 {
        n as u8
    } else {
        0x20 | (-1 - n) as u8
    }
}

impl Device {
    pub fn new(seed: u8) -> Result<Self, Error> {
        let key = SigningKey::from_bytes(&[seed; 32].into())?;
        Ok(Self {
            key,
            credential_id: Sha256::digest([seed, 0xcd]).to_vec(),
            counter: 0,
            verifies: true,
        })
    }

    fn flags(&self, attested: bool) -> u8 {
        let mut flags = 0x01; // the person is present
        if self.verifies {
            flags |= 0x04;
        }
        if attested {
            flags |= 0x40;
        }
        flags
    }

    /// The public key as COSE: EC2, ES256, P-256, x and y.
    fn cose_key(&self) -> Vec<u8> {
        let point = self.key.verifying_key().to_encoded_point(false);
        let (x, y) = (point.x().map(|x| x.to_vec()), point.y().map(|y| y.to_vec()));
        [
            vec![0xa5, small(1), small(2), small(3)],
            vec![0x38, 0x06], // -7: ES256
            vec![small(-1), small(1), small(-2)],
            bytes(&x.unwrap_or_default()),
            vec![small(-3)],
            bytes(&y.unwrap_or_default()),
        ]
        .concat()
    }

    fn client_data(kind: &str, options: &Value) -> Result<Vec<u8>, Error> {
        let challenge = options["publicKey"]["challenge"]
            .as_str()
            .ok_or("no challenge in the options")?;
        Ok(serde_json::to_vec(&json!({
            "type": kind, "challenge": challenge, "origin": ORIGIN, "crossOrigin": false,
        }))?)
    }

    /// The answer to `navigator.credentials.create`, as `toJSON()` gives it.
    pub fn create(&self, options: &Value) -> Result<String, Error> {
        let client_data = Self::client_data("webauthn.create", options)?;
        let id_length = u16::try_from(self.credential_id.len())?.to_be_bytes();
        let auth_data = [
            Sha256::digest(RP_ID.as_bytes()).to_vec(),
            vec![self.flags(true)],
            self.counter.to_be_bytes().to_vec(),
            vec![0; 16],
            id_length.to_vec(),
            self.credential_id.clone(),
            self.cose_key(),
        ]
        .concat();
        let attestation = [
            vec![0xa3],
            text("fmt"),
            text("none"),
            text("attStmt"),
            vec![0xa0],
            text("authData"),
            bytes(&auth_data),
        ]
        .concat();
        let id = B64.encode(&self.credential_id);
        Ok(json!({
            "id": id, "rawId": id, "type": "public-key",
            "response": {
                "attestationObject": B64.encode(attestation),
                "clientDataJSON": B64.encode(client_data),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        })
        .to_string())
    }

    /// The answer to `navigator.credentials.get`, signed; the counter moves on.
    pub fn get(&mut self, options: &Value) -> Result<String, Error> {
        self.counter += 1;
        let client_data = Self::client_data("webauthn.get", options)?;
        let auth_data = [
            Sha256::digest(RP_ID.as_bytes()).to_vec(),
            vec![self.flags(false)],
            self.counter.to_be_bytes().to_vec(),
        ]
        .concat();
        let signed = [auth_data.clone(), Sha256::digest(&client_data).to_vec()].concat();
        let signature: Signature = self.key.sign(&signed);
        let id = B64.encode(&self.credential_id);
        Ok(json!({
            "id": id, "rawId": id, "type": "public-key",
            "response": {
                "authenticatorData": B64.encode(auth_data),
                "clientDataJSON": B64.encode(client_data),
                "signature": B64.encode(signature.to_der().as_bytes()),
            },
            "clientExtensionResults": {},
        })
        .to_string())
    }
}
