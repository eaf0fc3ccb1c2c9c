-- A learner's evidence: items, every version of their content (never overwritten), attached
-- files, mappings to curriculum items, and authenticity declarations.
CREATE TABLE evidence_items (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    activity_date DATE NOT NULL,
    status TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX evidence_items_registration ON evidence_items (registration_id);

CREATE TABLE evidence_versions (
    id TEXT PRIMARY KEY NOT NULL,
    evidence_id TEXT NOT NULL REFERENCES evidence_items (id),
    version INTEGER NOT NULL,
    description TEXT NOT NULL,
    body_text TEXT NOT NULL,
    word_count INTEGER,
    content_sha256 TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (evidence_id, version)
);

CREATE TABLE evidence_files (
    id TEXT PRIMARY KEY NOT NULL,
    evidence_id TEXT NOT NULL REFERENCES evidence_items (id),
    store_key TEXT NOT NULL,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    word_count INTEGER,
    added_in_version INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX evidence_files_evidence ON evidence_files (evidence_id);

CREATE TABLE evidence_mappings (
    id TEXT PRIMARY KEY NOT NULL,
    evidence_id TEXT NOT NULL REFERENCES evidence_items (id),
    item_id TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (evidence_id, item_id)
);
CREATE INDEX evidence_mappings_item ON evidence_mappings (item_id);

CREATE TABLE evidence_declarations (
    id TEXT PRIMARY KEY NOT NULL,
    evidence_id TEXT NOT NULL REFERENCES evidence_items (id),
    version INTEGER NOT NULL,
    typed_name TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    signed_by TEXT NOT NULL REFERENCES users (id),
    signed_at TIMESTAMP NOT NULL
);
CREATE INDEX evidence_declarations_evidence ON evidence_declarations (evidence_id);
