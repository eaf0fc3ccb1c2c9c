-- Passkeys (issue 17, item 3): a second option for two-step sign-in. One row a passkey a person
-- added, named by them ("Work laptop"); `credential` is the relying party's record of it as JSON
-- (the public key, the signature counter): nothing in it signs anything.
CREATE TABLE passkeys (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    credential TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
CREATE INDEX passkeys_by_user ON passkeys (user_id);
-- A ceremony under way (adding a passkey, or signing in with one): the challenge the browser
-- was given, kept on the server until the answer comes back, used once, for five minutes.
CREATE TABLE passkey_ceremonies (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    state TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
