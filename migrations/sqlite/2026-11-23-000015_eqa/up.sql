-- The external quality assurer's own sample: decisions (judgements) of the qualification they are
-- granted, picked by them. It is theirs alone: it creates no IQA work and changes no IQA record.
-- What an EQA opens is logged in the audit trail (action 'eqa_viewed'), not here.
CREATE TABLE eqa_samples (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    qualification_id TEXT NOT NULL,
    eqa_id TEXT NOT NULL REFERENCES users (id),
    judgement_id TEXT NOT NULL REFERENCES judgements (id),
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    note TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX eqa_samples_pick ON eqa_samples (eqa_id, judgement_id);
CREATE INDEX eqa_samples_centre ON eqa_samples (centre_id, qualification_id);
-- The centre's log of what EQAs opened is read by action.
CREATE INDEX audit_entries_centre_action ON audit_entries (centre_id, action, seq);
