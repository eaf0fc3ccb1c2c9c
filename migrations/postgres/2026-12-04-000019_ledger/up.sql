-- Q4, the ledger: each decision row keeps the hash of the audit entry that recorded it (that
-- entry's details hold the SHA-256 of the row's decision fields), so a row edited in its own
-- table no longer matches. Rows written before this migration stay NULL ("not sealed").
ALTER TABLE judgements ADD COLUMN audit_hash TEXT;
ALTER TABLE observations ADD COLUMN audit_hash TEXT;
ALTER TABLE unit_sign_offs ADD COLUMN audit_hash TEXT;
ALTER TABLE signatures ADD COLUMN audit_hash TEXT;
ALTER TABLE sample_checks ADD COLUMN audit_hash TEXT;
ALTER TABLE claims ADD COLUMN audit_hash TEXT;
ALTER TABLE claim_learners ADD COLUMN audit_hash TEXT;

-- The platform's Ed25519 key for signing checkpoints (made on first use). The seed is the
-- private key; the public key goes out with every exported checkpoint.
CREATE TABLE audit_signing_keys (
    key_id TEXT PRIMARY KEY NOT NULL,
    seed TEXT NOT NULL,
    public_x TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Signed checkpoints of the chain head: how many entries there were and the last one's hash.
CREATE TABLE audit_checkpoints (
    id TEXT PRIMARY KEY NOT NULL,
    entry_count BIGINT NOT NULL,
    head_hash TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    key_id TEXT NOT NULL REFERENCES audit_signing_keys (key_id),
    signature TEXT NOT NULL
);
CREATE INDEX audit_checkpoints_recorded_at ON audit_checkpoints (recorded_at);
