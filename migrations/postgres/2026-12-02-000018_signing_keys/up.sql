-- Each centre's Ed25519 key for signing Open Badges credentials, made when the centre first
-- issues one. The seed is the private key: it is backed up and restored with the database.
CREATE TABLE centre_signing_keys (
    centre_id TEXT PRIMARY KEY NOT NULL REFERENCES centres (id),
    seed TEXT NOT NULL,
    public_x TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
