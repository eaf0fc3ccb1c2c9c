DROP TABLE centre_signing_keys;
