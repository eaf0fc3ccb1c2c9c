ALTER TABLE centre_invitations DROP COLUMN registration;
