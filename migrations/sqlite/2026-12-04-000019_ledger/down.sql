DROP TABLE audit_checkpoints;
DROP TABLE audit_signing_keys;
ALTER TABLE claim_learners DROP COLUMN audit_hash;
ALTER TABLE claims DROP COLUMN audit_hash;
ALTER TABLE sample_checks DROP COLUMN audit_hash;
ALTER TABLE signatures DROP COLUMN audit_hash;
ALTER TABLE unit_sign_offs DROP COLUMN audit_hash;
ALTER TABLE observations DROP COLUMN audit_hash;
ALTER TABLE judgements DROP COLUMN audit_hash;
