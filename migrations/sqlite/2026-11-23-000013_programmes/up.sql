-- Learning programmes built by tutors for a qualification at a centre: sessions in order, each
-- linked to curriculum outcomes and criteria (JSON arrays of ids), the learners who are members
-- (one row per registration) and the sessions each has marked done.
CREATE TABLE programmes (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    qualification_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    pacing TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX programmes_centre ON programmes (centre_id);

CREATE TABLE programme_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    outcome_ids TEXT NOT NULL,
    criterion_ids TEXT NOT NULL,
    starts_on DATE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX programme_sessions_programme ON programme_sessions (programme_id, position);

CREATE TABLE programme_members (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    learner_id TEXT NOT NULL REFERENCES users (id),
    joined_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX programme_members_once ON programme_members (programme_id, registration_id);
CREATE INDEX programme_members_learner ON programme_members (learner_id);

CREATE TABLE programme_progress (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    session_id TEXT NOT NULL REFERENCES programme_sessions (id),
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    completed_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX programme_progress_once ON programme_progress (session_id, registration_id);
CREATE INDEX programme_progress_programme ON programme_progress (programme_id);

-- Resources attached to outcomes of a qualification at a centre: kind 'text' (Markdown body),
-- 'file' or 'recording' (a stored file, checked as evidence files are) or 'link' (url).
-- A row with starter_id overrides the shipped starter resource of that id for the centre
-- (edited, or hidden).
CREATE TABLE resources (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    qualification_id TEXT NOT NULL,
    starter_id TEXT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT,
    outcome_ids TEXT NOT NULL,
    store_key TEXT,
    filename TEXT,
    media_type TEXT,
    size_bytes BIGINT,
    sha256 TEXT,
    lived_experience BOOLEAN NOT NULL,
    credit TEXT,
    hidden BOOLEAN NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX resources_centre ON resources (centre_id, qualification_id);
CREATE UNIQUE INDEX resources_starter_once ON resources (centre_id, starter_id);

-- Learning activity logged by a learner against a registration (minutes on a day, what, which
-- outcomes as a JSON array of ids), totalled against guided or notional learning hours.
CREATE TABLE learning_entries (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    learner_id TEXT NOT NULL REFERENCES users (id),
    activity_on DATE NOT NULL,
    minutes INTEGER NOT NULL,
    description TEXT NOT NULL,
    outcome_ids TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX learning_entries_registration ON learning_entries (registration_id, activity_on);
