-- Assessors and IQAs per unit (issue 14, item 8; C6 and C8 are per unit). A registration's
-- own assessor_id and iqa_id stay the allocation of every unit with no row here, so every
-- registration made before this table keeps the same person for every unit. A row allocates
-- one unit to someone else (say a Unit 001 assessor who holds only the QCF Level 3 AVRA).
CREATE TABLE unit_allocations (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    unit_id TEXT NOT NULL,
    assessor_id TEXT NOT NULL REFERENCES users (id),
    iqa_id TEXT NOT NULL REFERENCES users (id),
    allocated_by TEXT NOT NULL REFERENCES users (id),
    allocated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (registration_id, unit_id)
);
CREATE INDEX unit_allocations_assessor ON unit_allocations (assessor_id);
CREATE INDEX unit_allocations_iqa ON unit_allocations (iqa_id);
