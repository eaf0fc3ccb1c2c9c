-- S5: an occasion carries the reasonable adjustments it is run with: extra time in minutes and
-- any other arrangement (format, reader, scribe, breaks) in words.
ALTER TABLE occasions ADD COLUMN extra_time_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE occasions ADD COLUMN adjustments TEXT NOT NULL DEFAULT '';
