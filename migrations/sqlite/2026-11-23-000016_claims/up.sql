-- Certification claims: a batch of learners claimed from one awarding body (draft → submitted →
-- certificated, or returned with a reason), and the learners in it with the units claimed and,
-- once certificated, their certificate numbers and dates. A learner stands in at most one live
-- claim per qualification (or per unit, for a unit certificate after withdrawal): `live` is
-- cleared when a claim is returned, and a partial unique index holds the rule.
CREATE TABLE claims (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    qualification_id TEXT NOT NULL,
    awarding_body TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    submitted_by TEXT REFERENCES users (id),
    certificated_at TIMESTAMP,
    returned_at TIMESTAMP,
    return_reason TEXT
);
CREATE INDEX claims_centre ON claims (centre_id, created_at);

CREATE TABLE claim_learners (
    id TEXT PRIMARY KEY NOT NULL,
    claim_id TEXT NOT NULL REFERENCES claims (id),
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    claim_kind TEXT NOT NULL,
    claim_key TEXT NOT NULL,
    units TEXT NOT NULL,
    live BOOLEAN NOT NULL,
    certificate_number TEXT,
    certificated_on DATE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX claim_learners_claim ON claim_learners (claim_id);
CREATE INDEX claim_learners_registration ON claim_learners (registration_id);
CREATE UNIQUE INDEX claim_learners_once ON claim_learners (registration_id, claim_key) WHERE live = 1;
