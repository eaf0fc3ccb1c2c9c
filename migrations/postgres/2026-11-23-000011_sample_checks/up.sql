-- IQA checks of sampled decisions (agree or refer, numbered per sample) and the actions a
-- referral sets the assessor, each with a due date, closed by that assessor with a note.
CREATE TABLE sample_checks (
    id TEXT PRIMARY KEY NOT NULL,
    sample_id TEXT NOT NULL REFERENCES samples (id),
    check_no INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    feedback TEXT NOT NULL,
    iqa_id TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX sample_checks_sample_no ON sample_checks (sample_id, check_no);

CREATE TABLE iqa_actions (
    id TEXT PRIMARY KEY NOT NULL,
    sample_id TEXT NOT NULL REFERENCES samples (id),
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    assessor_id TEXT NOT NULL REFERENCES users (id),
    description TEXT NOT NULL,
    due_on DATE NOT NULL,
    closed_at TIMESTAMP,
    closed_by TEXT REFERENCES users (id),
    closing_note TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX iqa_actions_sample ON iqa_actions (sample_id);
CREATE INDEX iqa_actions_assessor ON iqa_actions (assessor_id, closed_at);
CREATE INDEX iqa_actions_registration ON iqa_actions (registration_id);
