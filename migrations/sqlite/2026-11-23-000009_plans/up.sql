-- Assessment plans agreed by the assessor and the learner (activities with methods and target
-- dates, criteria in view; signed by both in `signatures` with record_type 'assessment_plan'),
-- and the progress reviews recorded against them.
CREATE TABLE assessment_plans (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    activities TEXT NOT NULL,
    criteria TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX assessment_plans_registration ON assessment_plans (registration_id);

CREATE TABLE plan_reviews (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES assessment_plans (id),
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    reviewed_on DATE NOT NULL,
    progress TEXT NOT NULL,
    next_steps TEXT NOT NULL,
    next_review_on DATE NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_reviews_registration ON plan_reviews (registration_id);
