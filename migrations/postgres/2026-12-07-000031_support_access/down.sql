DROP TABLE support_access;
