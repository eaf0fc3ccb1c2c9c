DROP TABLE plan_reviews;
DROP TABLE assessment_plans;
