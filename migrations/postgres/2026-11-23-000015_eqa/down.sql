DROP INDEX audit_entries_centre_action;
DROP TABLE eqa_samples;
