DROP TABLE curriculum_loads;
