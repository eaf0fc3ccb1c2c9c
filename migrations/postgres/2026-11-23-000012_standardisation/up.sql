-- Standardisation (issue 6, item 4): activities with their attendees, the assessors they
-- concern and their actions; blind double-marking exercises over an anonymised copy of one
-- evidence item, the markers' judgements, and the decision log of agreed outcomes.
CREATE TABLE standardisation_activities (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    qualification_id TEXT NOT NULL,
    held_on DATE NOT NULL,
    title TEXT NOT NULL,
    units TEXT NOT NULL,
    agreed TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX standardisation_activities_centre ON standardisation_activities (centre_id, qualification_id, held_on);

-- relation: 'attendee' (was there) or 'concerns' (an assessor the activity is about).
CREATE TABLE standardisation_people (
    activity_id TEXT NOT NULL REFERENCES standardisation_activities (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    relation TEXT NOT NULL,
    PRIMARY KEY (activity_id, user_id, relation)
);
CREATE INDEX standardisation_people_user ON standardisation_people (user_id);

CREATE TABLE standardisation_actions (
    id TEXT PRIMARY KEY NOT NULL,
    activity_id TEXT NOT NULL REFERENCES standardisation_activities (id),
    description TEXT NOT NULL,
    due_on DATE NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX standardisation_actions_activity ON standardisation_actions (activity_id);

-- status: 'open' (markers judge), 'closed' (figures shown, the IQA records agreed outcomes).
CREATE TABLE double_marking_exercises (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    qualification_id TEXT NOT NULL,
    evidence_id TEXT NOT NULL REFERENCES evidence_items (id),
    iqa_id TEXT NOT NULL REFERENCES users (id),
    anonymised_title TEXT NOT NULL,
    anonymised_text TEXT NOT NULL,
    anonymised_files TEXT NOT NULL,
    criteria TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP
);
CREATE INDEX double_marking_exercises_centre ON double_marking_exercises (centre_id, created_at);

CREATE TABLE double_marking_markers (
    exercise_id TEXT NOT NULL REFERENCES double_marking_exercises (id),
    marker_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (exercise_id, marker_id)
);
CREATE INDEX double_marking_markers_marker ON double_marking_markers (marker_id);

CREATE TABLE double_marking_judgements (
    id TEXT PRIMARY KEY NOT NULL,
    exercise_id TEXT NOT NULL REFERENCES double_marking_exercises (id),
    marker_id TEXT NOT NULL REFERENCES users (id),
    criterion_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    comment TEXT NOT NULL,
    judged_at TIMESTAMP NOT NULL,
    UNIQUE (exercise_id, marker_id, criterion_id)
);

CREATE TABLE standardisation_decisions (
    id TEXT PRIMARY KEY NOT NULL,
    exercise_id TEXT NOT NULL REFERENCES double_marking_exercises (id),
    centre_id TEXT NOT NULL REFERENCES centres (id),
    qualification_id TEXT NOT NULL,
    criterion_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    rationale TEXT NOT NULL,
    agreement_percent INTEGER,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (exercise_id, criterion_id)
);
CREATE INDEX standardisation_decisions_centre ON standardisation_decisions (centre_id, criterion_id);
