ALTER TABLE occasions DROP COLUMN adjustments;
ALTER TABLE occasions DROP COLUMN extra_time_minutes;
