//! Samples for the Open Badges routes. `prepare` gives centre A a signing key, so its issuer
//! profile exists.

use eportfolio::badges::KeyPair;
use eportfolio::clock::Clock;
use eportfolio::store::signing_keys::{self, StoredKey};
use serde_json::json;

use super::{Sample, get, json as json_sample};
use crate::world::World;

pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let key = KeyPair::generate()?;
    let mut conn = w.app.db.db().get()?;
    signing_keys::find_or_insert(
        &mut conn,
        &w.app.state().secrets,
        &StoredKey {
            centre_id: w.centre_a.clone(),
            seed: key.stored(),
            public_x: key.public_x(),
            created_at: w.app.clock().now().naive_utc(),
        },
    )?;
    Ok(())
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let (a, r) = (&w.centre_a, &w.registration);
    vec![
        (
            ("GET", "/registrations/{registration_id}/credentials"),
            get(format!("/registrations/{r}/credentials")),
        ),
        (
            (
                "GET",
                "/registrations/{registration_id}/units/{unit_id:.+}/credential.jwt",
            ),
            get(format!(
                "/registrations/{r}/units/sqa-fx35-35/credential.jwt"
            )),
        ),
        (
            ("GET", "/credentials/verify"),
            get("/credentials/verify?credential=not-a-credential"),
        ),
        (
            ("GET", "/api/v1/registrations/{registration_id}/credentials"),
            get(format!("/api/v1/registrations/{r}/credentials")),
        ),
        (
            (
                "GET",
                "/api/v1/registrations/{registration_id}/units/{unit_id:.+}/credential",
            ),
            get(format!(
                "/api/v1/registrations/{r}/units/sqa-fx35-35/credential"
            )),
        ),
        (
            ("POST", "/api/v1/credentials/verify"),
            json_sample(
                "/api/v1/credentials/verify",
                json!({"credential": "not-a-credential"}),
            ),
        ),
        (
            ("GET", "/issuers/{centre_id}"),
            get(format!("/issuers/{a}")),
        ),
    ]
}
