-- Who must use two-step sign-in at each centre (issue 17, item 3): 'administrators' (the
-- default, also when a centre has no row), 'all_staff' or 'not_required'.
CREATE TABLE centre_two_step_policies (
    centre_id TEXT PRIMARY KEY NOT NULL REFERENCES centres (id),
    required_for TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- A session opened by someone who must use two-step sign-in and has not set it up yet: it
-- reaches only the setting-up pages until they have.
ALTER TABLE sessions ADD COLUMN two_step_setup BOOLEAN NOT NULL DEFAULT 0;
