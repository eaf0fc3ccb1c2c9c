DROP TABLE registration_changes;
DROP TABLE registrations;
