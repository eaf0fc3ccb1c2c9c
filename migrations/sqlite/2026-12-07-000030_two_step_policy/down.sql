ALTER TABLE sessions DROP COLUMN two_step_setup;
DROP TABLE centre_two_step_policies;
