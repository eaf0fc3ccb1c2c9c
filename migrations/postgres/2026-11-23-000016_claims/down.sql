DROP TABLE claim_learners;
DROP TABLE claims;
