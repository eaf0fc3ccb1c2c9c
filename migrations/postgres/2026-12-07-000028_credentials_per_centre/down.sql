DROP INDEX staff_credentials_person_centre;
ALTER TABLE staff_credentials DROP COLUMN centre_id;
