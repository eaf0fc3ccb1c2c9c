DROP TABLE signatures;
DROP TABLE unit_sign_offs;
DROP TABLE observations;
DROP TABLE judgement_evidence;
DROP TABLE judgements;
