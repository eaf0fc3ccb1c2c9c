-- SQA FX35 35 assessment occasions (S2, S3): each centre's question bank per Knowledge/Skills
-- item, occasions that sample one question per item for one candidate, and the candidate's
-- answers with the assessor's marks. A question is never put to the same candidate twice: the
-- unique index on (learner, question) holds that even against two occasions made at once.
CREATE TABLE bank_questions (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    item_id TEXT NOT NULL,
    text TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX bank_questions_item ON bank_questions (centre_id, item_id);

CREATE TABLE occasions (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    learner_id TEXT NOT NULL REFERENCES users (id),
    unit_id TEXT NOT NULL,
    method TEXT NOT NULL,
    seed BIGINT NOT NULL,
    opens_at TIMESTAMP NOT NULL,
    scheduled_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    open_notified_at TIMESTAMP
);
CREATE INDEX occasions_registration ON occasions (registration_id);

CREATE TABLE occasion_items (
    id TEXT PRIMARY KEY NOT NULL,
    occasion_id TEXT NOT NULL REFERENCES occasions (id),
    learner_id TEXT NOT NULL REFERENCES users (id),
    item_id TEXT NOT NULL,
    question_id TEXT NOT NULL REFERENCES bank_questions (id),
    position INTEGER NOT NULL,
    answer TEXT,
    answered_at TIMESTAMP,
    outcome TEXT,
    feedback TEXT,
    marked_by TEXT REFERENCES users (id),
    marked_at TIMESTAMP,
    UNIQUE (learner_id, question_id),
    UNIQUE (occasion_id, item_id)
);
