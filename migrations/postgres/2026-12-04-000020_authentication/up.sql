-- S4 open-learning authentication: who the authenticator is (name in `authenticator`, with their
-- role and email), the requests emailed to them with a single-use link, and what they signed for
-- each evidence item (the version authenticated, their name, role, the time, the link's hash).
ALTER TABLE registrations ADD COLUMN authenticator_role TEXT;
ALTER TABLE registrations ADD COLUMN authenticator_email TEXT;

CREATE TABLE authentication_requests (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    requested_by TEXT NOT NULL REFERENCES users (id),
    authenticator_name TEXT NOT NULL,
    authenticator_role TEXT NOT NULL,
    authenticator_email TEXT NOT NULL,
    items TEXT NOT NULL,
    link_id TEXT NOT NULL UNIQUE,
    link_expires_at TIMESTAMP NOT NULL,
    link_used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX authentication_requests_registration ON authentication_requests (registration_id);

CREATE TABLE evidence_authentications (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES authentication_requests (id),
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    evidence_id TEXT NOT NULL REFERENCES evidence_items (id),
    evidence_version INTEGER NOT NULL,
    signed_name TEXT NOT NULL,
    signed_role TEXT NOT NULL,
    signed_at TIMESTAMP NOT NULL,
    token_hash TEXT NOT NULL
);
CREATE INDEX evidence_authentications_registration ON evidence_authentications (registration_id);
