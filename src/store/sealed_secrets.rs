//! Every secret the database keeps, sealed again under the current key-encryption key: those
//! stored before sealing began and those sealed under a key being rotated out. Each row is
//! updated only if it still holds what was read, so nodes starting together do not fight.

use diesel::prelude::*;

use super::schema::{audit_signing_keys, centre_signing_keys, two_step_factors};
use super::{DbConnection, StoreError, checkpoints, signing_keys, two_step};
use crate::auth::sealing::{Sealer, context};

/// How many secrets were sealed again, and how many already were under the current key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resealed {
    pub resealed: usize,
    pub current: usize,
}

impl Resealed {
    fn count(&mut self, changed: bool) {
        if changed {
            self.resealed += 1;
        } else {
            self.current += 1;
        }
    }
}

/// One table's sealed column: read every row, reseal those not under the current key, and
/// write each back only where it still holds what was read.
macro_rules! reseal_table {
    ($conn:ident, $sealer:ident, $done:ident, $table:ident, $key:ident, $secret:ident, $name:expr) => {{
        let rows: Vec<(String, String)> = $table::table
            .select(($table::$key, $table::$secret))
            .load($conn)?;
        for (key, stored) in rows {
            let changed = match $sealer.reseal(&stored, &context($name, &key))? {
                None => false,
                Some(sealed) => {
                    diesel::update(
                        $table::table
                            .filter($table::$key.eq(&key))
                            .filter($table::$secret.eq(&stored)),
                    )
                    .set($table::$secret.eq(sealed))
                    .execute($conn)?
                        > 0
                }
            };
            $done.count(changed);
        }
    }};
}

/// Seal every stored secret under the current key. Call inside a write transaction.
pub fn reseal_all(conn: &mut DbConnection, sealer: &Sealer) -> Result<Resealed, StoreError> {
    let mut done = Resealed::default();
    reseal_table!(
        conn,
        sealer,
        done,
        centre_signing_keys,
        centre_id,
        seed,
        signing_keys::SEALED
    );
    reseal_table!(
        conn,
        sealer,
        done,
        audit_signing_keys,
        key_id,
        seed,
        checkpoints::SEALED
    );
    reseal_table!(
        conn,
        sealer,
        done,
        two_step_factors,
        user_id,
        secret,
        two_step::SEALED
    );
    Ok(done)
}
