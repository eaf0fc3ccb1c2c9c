-- C2: prior learning a centre recognised at registration, where the qualification allows it
-- (SQA FX35 35), with the units it exempts the learner from (a JSON array of unit ids).
CREATE TABLE registration_prior_learning (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations (id),
    description TEXT NOT NULL,
    exemptions TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
