-- How each person chooses to be emailed about their work (issue 15): 'each' message as it
-- happens, or a 'daily' digest. No row means 'each'. `digest_through` is the moment the last
-- digest (or the choice of the digest) covered up to: the next lists what came after it.
CREATE TABLE mail_preferences (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    cadence TEXT NOT NULL,
    digest_through TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX mail_preferences_cadence ON mail_preferences (cadence, digest_through);
