-- C4: the assignment an awarding body sets for a unit assessed by assignment (City & Guilds
-- Unit 001), recorded by the centre with its brief and marking guidance as files; its tasks and
-- the criteria each covers; each learner's one submission (an evidence item, versioned like all
-- evidence); the assessor's marks task by task; and the external verification of the unit.
CREATE TABLE assignments (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    unit_id TEXT NOT NULL,
    version_label TEXT NOT NULL,
    in_force BOOLEAN NOT NULL,
    brief_key TEXT NOT NULL,
    brief_filename TEXT NOT NULL,
    brief_media_type TEXT NOT NULL,
    brief_sha256 TEXT NOT NULL,
    guidance_key TEXT NOT NULL,
    guidance_filename TEXT NOT NULL,
    guidance_media_type TEXT NOT NULL,
    guidance_sha256 TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (centre_id, unit_id, version_label)
);

CREATE TABLE assignment_tasks (
    id TEXT PRIMARY KEY NOT NULL,
    assignment_id TEXT NOT NULL REFERENCES assignments (id),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    criterion_ids TEXT NOT NULL,
    UNIQUE (assignment_id, number)
);

CREATE TABLE assignment_submissions (
    id TEXT PRIMARY KEY NOT NULL,
    assignment_id TEXT NOT NULL REFERENCES assignments (id),
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    evidence_id TEXT NOT NULL REFERENCES evidence_items (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (assignment_id, registration_id),
    UNIQUE (evidence_id)
);

CREATE TABLE assignment_task_marks (
    id TEXT PRIMARY KEY NOT NULL,
    submission_id TEXT NOT NULL REFERENCES assignment_submissions (id),
    round INTEGER NOT NULL,
    evidence_version INTEGER NOT NULL,
    task_number INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    feedback TEXT NOT NULL,
    assessor_id TEXT NOT NULL REFERENCES users (id),
    marked_at TIMESTAMP NOT NULL
);

CREATE INDEX assignment_task_marks_submission ON assignment_task_marks (submission_id);

CREATE TABLE unit_verifications (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    unit_id TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (registration_id, unit_id)
);
