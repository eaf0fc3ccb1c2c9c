DROP TABLE learning_entries;
DROP TABLE resources;
DROP TABLE programme_progress;
DROP TABLE programme_members;
DROP TABLE programme_sessions;
DROP TABLE programmes;
