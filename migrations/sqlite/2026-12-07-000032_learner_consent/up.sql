-- Registering someone who already has an account but does not belong to the centre asks them
-- first (issue 17, item 2): the checked registration waits on their invitation, as JSON, and is
-- made when they accept. NULL for an invitation to staff roles.
ALTER TABLE centre_invitations ADD COLUMN registration TEXT;
