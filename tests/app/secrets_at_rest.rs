//! Issue 17 (item 7): the secrets the database keeps (a centre's Open Badges signing key, the
//! platform's audit checkpoint key, a person's two-step secret) are sealed under the
//! key-encryption key, in the database and in its backups; rotating the key seals them again
//! under the new one, and the old key alone no longer opens them.

use std::io::Read;

use diesel::prelude::*;
use eportfolio::auth::sealing::{SealError, Sealer};
use eportfolio::badges::KeyPair;
use eportfolio::clock::Clock;
use eportfolio::records::backup;
use eportfolio::records::objects::FolderObjects;
use eportfolio::store::schema::{audit_signing_keys, centre_signing_keys, two_step_factors};
use eportfolio::store::signing_keys::{self, StoredKey};
use eportfolio::store::{checkpoints, write_transaction};

use crate::support::TestResult;
use crate::two_step::{sign_in, turn_on};
use crate::world::{World, show};

const NEW_KEY: &str = "the new key-encryption key, from the operator's vault";

/// The assessor turns two-step sign-in on, centre A gets its signing key, and the audit chain
/// a checkpoint: the two-step secret and the centre key's seed, as they were made.
async fn secrets(w: &World) -> Result<(String, String), Box<dyn std::error::Error>> {
    let (secret, _) = turn_on(w, &w.assessor).await?;
    let key = KeyPair::generate()?;
    let now = w.app.clock().now().naive_utc();
    let sealer = w.app.state().secrets.clone();
    let mut conn = w.app.db.db().get()?;
    let fresh = StoredKey {
        centre_id: w.centre_a.clone(),
        seed: key.stored(),
        public_x: key.public_x(),
        created_at: now,
    };
    write_transaction(&mut conn, |c| {
        signing_keys::find_or_insert(c, &sealer, &fresh)?;
        checkpoints::record(c, &sealer, now).map(|_| ())
    })?;
    Ok((secret.0, key.stored()))
}

/// The three sealed columns as the database holds them.
fn stored(w: &World) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut conn = w.app.db.db().get()?;
    let mut rows: Vec<String> = centre_signing_keys::table
        .select(centre_signing_keys::seed)
        .load(&mut *conn)?;
    rows.extend(
        audit_signing_keys::table
            .select(audit_signing_keys::seed)
            .load::<String>(&mut *conn)?,
    );
    rows.extend(
        two_step_factors::table
            .select(two_step_factors::secret)
            .load::<String>(&mut *conn)?,
    );
    Ok(rows)
}

#[actix_web::test]
async fn signing_keys_and_two_step_secrets_are_sealed_in_the_database_and_its_backups() -> TestResult
{
    let w = World::new().await?;
    let (totp_secret, centre_seed) = secrets(&w).await?;
    let rows = stored(&w)?;
    assert_eq!(rows.len(), 3, "{rows:?}");
    for row in &rows {
        assert!(row.starts_with("sealed:v1:"), "stored in the clear: {row}");
        assert!(!row.contains(&totp_secret) && !row.contains(&centre_seed));
    }
    // The backup holds the rows as stored: sealed, and no copy of the key-encryption key.
    let archive = w.app.db.folder().join("backup.zip");
    let objects = w.app.db.folder().join("files").join("objects");
    backup::write(
        &mut *w.app.db.db().get()?,
        &FolderObjects(&objects),
        &archive,
        "2027-01-15T08:00:00Z",
    )?;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive)?)?;
    let mut everything = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i)?;
        assert!(!entry.name().contains("key-encryption"), "{}", entry.name());
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        everything.push_str(&String::from_utf8_lossy(&bytes));
    }
    assert!(everything.contains("sealed:v1:"));
    assert!(
        !everything.contains(&totp_secret),
        "the two-step secret in the clear"
    );
    assert!(
        !everything.contains(&centre_seed),
        "the signing key in the clear"
    );
    Ok(())
}

#[actix_web::test]
async fn rotating_the_key_encryption_key_reseals_every_secret_and_sign_in_goes_on() -> TestResult {
    let mut w = World::new().await?;
    let (totp_secret, _) = secrets(&w).await?;
    // The key made on first start, in the data folder.
    let old = std::fs::read_to_string(w.app.db.folder().join("key-encryption.key"))?;
    let old = old.trim().to_owned();
    let old_id = Sealer::new(old.as_bytes(), &[]).key_id().to_owned();

    // A new key without the old one: the service does not start, and says which key it needs.
    let refused = w.app.restart_with_keys(NEW_KEY, &[]);
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains(&old_id) && message.contains("--previous-key-encryption-key"),
        "{message}"
    );
    // With the old one as previous: every secret is sealed again under the new key at start.
    w.app.restart_with_keys(NEW_KEY, &[&old])?;
    let new = Sealer::new(NEW_KEY.as_bytes(), &[]);
    for row in stored(&w)? {
        assert!(new.is_current(&row), "not resealed: {row}");
    }
    // Then the old key is dropped: two-step sign-in goes on with the new key alone...
    w.app.restart_with_keys(NEW_KEY, &[])?;
    w.app.advance(chrono::Duration::seconds(90));
    let now = u64::try_from(w.app.clock().now().timestamp())?;
    let code = eportfolio::auth::two_step::TwoStepSecret(totp_secret).code_at(now);
    let signed_in = sign_in(&w, &w.assessor, Some(&code)).await;
    assert_eq!(signed_in.status, 201, "{}", show(&signed_in));
    // ... and the old key alone opens nothing any more.
    let old_only = Sealer::new(old.as_bytes(), &[]);
    let row = stored(&w)?.pop().unwrap_or_default();
    assert_eq!(
        old_only.open(&row, "two_step_factors/anyone"),
        Err(SealError::UnknownKey(new.key_id().to_owned()))
    );
    Ok(())
}
