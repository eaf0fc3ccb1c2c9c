-- Records retention (Q3): each centre's retention period in whole years after certification
-- (a centre without a row keeps the default, three years), and a tombstone for each
-- registration whose records were purged on purpose (the registration and claim rows and the
-- audit trail stay; evidence, judgements and the rest are gone).
CREATE TABLE centre_retention (
    centre_id TEXT PRIMARY KEY NOT NULL REFERENCES centres (id),
    years INTEGER NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE registration_purges (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations (id),
    certificated_on DATE NOT NULL,
    retention_years INTEGER NOT NULL,
    rows_removed BIGINT NOT NULL,
    files_removed BIGINT NOT NULL,
    purged_at TIMESTAMP NOT NULL
);
