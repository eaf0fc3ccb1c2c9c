-- Knowledge checks written by tutors on one outcome of a programme's qualification (the questions,
-- options, correct flags and feedback as a JSON array), and learners' attempts at them: the
-- marked answers as JSON, the state (open, awaiting_tutor, passed, not_passed), and the
-- evidence item a passed attempt was offered as.
CREATE TABLE knowledge_checks (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    outcome_id TEXT NOT NULL,
    title TEXT NOT NULL,
    pass_mark INTEGER NOT NULL,
    questions TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX knowledge_checks_programme ON knowledge_checks (programme_id, outcome_id);

CREATE TABLE check_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    check_id TEXT NOT NULL REFERENCES knowledge_checks (id),
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    learner_id TEXT NOT NULL REFERENCES users (id),
    state TEXT NOT NULL,
    answers TEXT NOT NULL,
    questions_right INTEGER,
    started_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    marked_by TEXT REFERENCES users (id),
    marked_at TIMESTAMP,
    evidence_id TEXT REFERENCES evidence_items (id)
);
CREATE INDEX check_attempts_check ON check_attempts (check_id, registration_id);
CREATE INDEX check_attempts_programme ON check_attempts (programme_id, state);
