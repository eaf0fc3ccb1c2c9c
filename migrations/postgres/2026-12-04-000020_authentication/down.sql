DROP TABLE evidence_authentications;
DROP TABLE authentication_requests;
ALTER TABLE registrations DROP COLUMN authenticator_email;
ALTER TABLE registrations DROP COLUMN authenticator_role;
