-- Two-step sign-in (issue 17, item 3): a time-based one-time code from an authenticator app,
-- and single-use recovery codes. `confirmed_at` is NULL while the person is setting it up (the
-- code they type from the app confirms it); `last_step` is the time step of the last code used,
-- so no code works twice.
CREATE TABLE two_step_factors (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    secret TEXT NOT NULL,
    confirmed_at TIMESTAMP,
    last_step BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE recovery_codes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX recovery_codes_person ON recovery_codes (user_id, code_hash);
