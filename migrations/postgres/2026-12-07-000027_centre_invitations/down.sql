DROP TABLE centre_invitations;
