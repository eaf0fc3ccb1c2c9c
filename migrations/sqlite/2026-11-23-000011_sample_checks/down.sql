DROP TABLE iqa_actions;
DROP TABLE sample_checks;
