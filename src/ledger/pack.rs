//! What the EQA sample pack carries of the ledger (Q4): the checkpoint, the public key that
//! signed it, and how to check both without the server.

use super::CheckpointFile;

/// The pack's `ledger/` files: (name in the ZIP, text).
pub fn files(checkpoint: &CheckpointFile) -> Vec<(String, String)> {
    let key = serde_json::to_string_pretty(&serde_json::json!({
        "kty": checkpoint.public_key.kty,
        "crv": checkpoint.public_key.crv,
        "x": checkpoint.public_key.x,
        "kid": checkpoint.key_id,
        "use": "sig",
        "owner": checkpoint.signed_by,
    }))
    .unwrap_or_default();
    vec![
        ("ledger/checkpoint.json".to_owned(), checkpoint.to_json()),
        ("ledger/public-key.jwk.json".to_owned(), key),
        ("ledger/README.txt".to_owned(), readme(checkpoint)),
    ]
}

fn readme(c: &CheckpointFile) -> String {
    format!(
        "Checking the centre's audit trail (Q4)
======================================

checkpoint.json is a signed statement that, at {at} (UTC), the centre's audit trail held
{count} entries and the last of them had the hash
  {head}
It is signed with {owner}, key {kid}; the public key is in public-key.jwk.json (and inside
checkpoint.json). Keep this file: a later audit trail must still contain these {count}
entries, unchanged.

1. The signature, offline. The signed message is five lines joined by a newline (no newline
   at the end): format, entry_count, head_hash, recorded_at and key_id, exactly as written
   in checkpoint.json. The signature is Ed25519 over those bytes, base64url without padding.
   Any Ed25519 tool will check it; `eportfolio audit verify --checkpoint` does so first.

2. The audit trail, at your next visit or on a copy. Ask the centre to run, in front of you,
     eportfolio audit verify --checkpoint checkpoint.json
   or restore the centre's backup (`eportfolio restore --from BACKUP.zip` with your own data
   folder) and run the same command on your own machine, without the server.
   It walks the hash-chained trail, checks every judgement, observation, sign-off,
   countersignature, IQA outcome and claim step against the audit entry that recorded it,
   and reports by table, row and entry anything edited, removed or cut short since this
   checkpoint. It ends 'audit trail intact' when everything holds.
",
        at = c.recorded_at,
        count = c.entry_count,
        head = c.head_hash,
        owner = c.signed_by,
        kid = c.key_id,
    )
}
