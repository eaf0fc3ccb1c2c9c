-- A learner on a qualification at a centre, with the staff allocated to them, and every change
-- to the registration (allocation, transfer, withdrawal) kept as history.
CREATE TABLE registrations (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    learner_id TEXT NOT NULL REFERENCES users (id),
    qualification_id TEXT NOT NULL,
    awarding_body_ref TEXT,
    date_of_birth DATE NOT NULL,
    start_date DATE NOT NULL,
    planned_end_date DATE NOT NULL,
    employer TEXT NOT NULL,
    workplace TEXT NOT NULL,
    assessor_id TEXT NOT NULL REFERENCES users (id),
    iqa_id TEXT NOT NULL REFERENCES users (id),
    tutor_id TEXT REFERENCES users (id),
    support_needs TEXT NOT NULL,
    reasonable_adjustments TEXT NOT NULL,
    open_learning BOOLEAN NOT NULL,
    authenticator TEXT,
    status TEXT NOT NULL,
    registered_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX registrations_centre ON registrations (centre_id, status);
CREATE INDEX registrations_learner ON registrations (learner_id);
CREATE INDEX registrations_assessor ON registrations (assessor_id);

CREATE TABLE registration_changes (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    changed_at TIMESTAMP NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users (id),
    change TEXT NOT NULL,
    reason TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX registration_changes_registration ON registration_changes (registration_id, changed_at);
