-- Centres, people and their roles, staff credentials, sessions, single-use tokens, sign-in
-- throttling, the audit trail and the mail queue.
CREATE TABLE centres (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    cg_centre_number TEXT,
    sqa_centre_number TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    is_platform_admin BOOLEAN NOT NULL DEFAULT FALSE,
    password_changed_at TIMESTAMP,
    disabled_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    centre_id TEXT NOT NULL REFERENCES centres (id),
    role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, centre_id, role)
);
CREATE INDEX memberships_centre ON memberships (centre_id, role);

CREATE TABLE eqa_grants (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    qualification_id TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    granted_by TEXT NOT NULL REFERENCES users (id),
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX eqa_grants_user ON eqa_grants (user_id);

CREATE TABLE staff_credentials (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    statement TEXT NOT NULL,
    dated_on DATE NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_credentials_user ON staff_credentials (user_id);

CREATE TABLE cpd_entries (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    done_on DATE NOT NULL,
    minutes INTEGER NOT NULL,
    activity TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX cpd_entries_user ON cpd_entries (user_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    client_address TEXT NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE single_use_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sign_in_failures (
    id TEXT PRIMARY KEY NOT NULL,
    throttle_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (throttle_key, failed_at);

CREATE TABLE audit_entries (
    seq BIGINT PRIMARY KEY NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    centre_id TEXT,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    reason TEXT,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entries_centre ON audit_entries (centre_id, seq);
CREATE INDEX audit_entries_record ON audit_entries (record_type, record_id);

CREATE TABLE mail_queue (
    id TEXT PRIMARY KEY NOT NULL,
    to_address TEXT NOT NULL,
    to_name TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX mail_queue_due ON mail_queue (sent_at, next_attempt_at);
