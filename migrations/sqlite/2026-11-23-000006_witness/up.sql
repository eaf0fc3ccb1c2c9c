-- Witness and expert-witness testimony: the request (with its single-use link), the witness's
-- signed answer (with an expert witness's observation of practice), and each person's in-app
-- notifications.
CREATE TABLE testimony_requests (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    requested_by TEXT NOT NULL REFERENCES users (id),
    witness_name TEXT NOT NULL,
    witness_email TEXT NOT NULL,
    witness_role TEXT NOT NULL,
    relationship TEXT NOT NULL,
    expert BOOLEAN NOT NULL,
    criteria TEXT NOT NULL,
    activity TEXT NOT NULL,
    link_id TEXT NOT NULL UNIQUE,
    link_expires_at TIMESTAMP NOT NULL,
    link_used_at TIMESTAMP,
    status TEXT NOT NULL,
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMP,
    decision_reason TEXT,
    evidence_id TEXT REFERENCES evidence_items (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX testimony_requests_registration ON testimony_requests (registration_id);

CREATE TABLE witness_testimonies (
    request_id TEXT PRIMARY KEY NOT NULL REFERENCES testimony_requests (id),
    declared_role TEXT NOT NULL,
    testimony TEXT NOT NULL,
    expert_statement TEXT NOT NULL,
    working_knowledge_of_units BOOLEAN NOT NULL,
    occupationally_competent BOOLEAN NOT NULL,
    assessment_qualifications TEXT NOT NULL,
    work_role_evaluates_practice BOOLEAN NOT NULL,
    observed_on DATE,
    observation_setting TEXT,
    observation_narrative TEXT,
    observation_criteria TEXT,
    signed_name TEXT NOT NULL,
    signed_at TIMESTAMP NOT NULL,
    client_address TEXT NOT NULL,
    content_sha256 TEXT NOT NULL
);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
