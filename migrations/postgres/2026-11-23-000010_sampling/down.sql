DROP TABLE samples;
DROP TABLE sampling_rates;
DROP TABLE sampling_plans;
