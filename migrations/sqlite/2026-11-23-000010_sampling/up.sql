-- IQA sampling: a plan per centre and qualification (period, interim and summative dates, focus),
-- the sampling rate per assessor by risk, and the decisions (judgements) sampled.
CREATE TABLE sampling_plans (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    qualification_id TEXT NOT NULL,
    iqa_id TEXT NOT NULL REFERENCES users (id),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    experienced_rate INTEGER NOT NULL,
    interim_on DATE NOT NULL,
    summative_on DATE NOT NULL,
    focus TEXT NOT NULL,
    notes TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX sampling_plans_centre ON sampling_plans (centre_id, qualification_id);

CREATE TABLE sampling_rates (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES sampling_plans (id),
    assessor_id TEXT NOT NULL REFERENCES users (id),
    risk TEXT NOT NULL,
    rate INTEGER NOT NULL,
    signed_off_at TIMESTAMP,
    signed_off_by TEXT REFERENCES users (id)
);
CREATE INDEX sampling_rates_plan ON sampling_rates (plan_id);

CREATE TABLE samples (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    qualification_id TEXT NOT NULL,
    plan_id TEXT REFERENCES sampling_plans (id),
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    judgement_id TEXT NOT NULL REFERENCES judgements (id),
    unit_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    assessor_id TEXT NOT NULL REFERENCES users (id),
    iqa_id TEXT NOT NULL REFERENCES users (id),
    stage TEXT NOT NULL,
    seed BIGINT,
    picked_by TEXT NOT NULL,
    adjustment_reason TEXT,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX samples_centre ON samples (centre_id, qualification_id);
CREATE INDEX samples_registration ON samples (registration_id);
CREATE INDEX samples_judgement ON samples (judgement_id);
