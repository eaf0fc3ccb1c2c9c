DROP TABLE registration_purges;
DROP TABLE centre_retention;
