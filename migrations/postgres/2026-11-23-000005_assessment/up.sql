-- Assessment: judgements of each assessable item in rounds (never overwritten), the evidence each
-- round relied on, observations of practice, unit sign-offs (a unit is locked while its sign-off
-- stands) and the signatures on them, each with the SHA-256 of exactly what was signed.
CREATE TABLE judgements (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    item_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    feedback TEXT NOT NULL,
    assessor_id TEXT NOT NULL REFERENCES users (id),
    judged_at TIMESTAMP NOT NULL,
    UNIQUE (registration_id, item_id, round)
);

CREATE TABLE judgement_evidence (
    id TEXT PRIMARY KEY NOT NULL,
    judgement_id TEXT NOT NULL REFERENCES judgements (id),
    evidence_id TEXT NOT NULL REFERENCES evidence_items (id),
    evidence_version INTEGER NOT NULL,
    UNIQUE (judgement_id, evidence_id)
);
CREATE INDEX judgement_evidence_evidence ON judgement_evidence (evidence_id);

CREATE TABLE observations (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    observer_kind TEXT NOT NULL,
    observer_id TEXT REFERENCES users (id),
    observer_name TEXT NOT NULL,
    planned BOOLEAN NOT NULL,
    observed_on DATE NOT NULL,
    setting TEXT NOT NULL,
    people_present TEXT NOT NULL,
    narrative TEXT NOT NULL,
    criteria TEXT NOT NULL,
    range_items TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX observations_registration ON observations (registration_id);

CREATE TABLE unit_sign_offs (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    unit_id TEXT NOT NULL,
    signed_off_by TEXT NOT NULL REFERENCES users (id),
    signed_off_at TIMESTAMP NOT NULL,
    unlocked_at TIMESTAMP,
    unlocked_by TEXT REFERENCES users (id),
    unlock_kind TEXT,
    unlock_reason TEXT
);
-- At most one standing (locked) sign-off per unit of a registration.
CREATE UNIQUE INDEX unit_sign_offs_standing ON unit_sign_offs (registration_id, unit_id)
    WHERE unlocked_at IS NULL;

CREATE TABLE signatures (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    signer_role TEXT NOT NULL,
    signer_id TEXT REFERENCES users (id),
    signer_name TEXT NOT NULL,
    signed_at TIMESTAMP NOT NULL,
    client_address TEXT NOT NULL,
    content_sha256 TEXT NOT NULL
);
CREATE INDEX signatures_record ON signatures (record_type, record_id);
CREATE INDEX signatures_registration ON signatures (registration_id);
