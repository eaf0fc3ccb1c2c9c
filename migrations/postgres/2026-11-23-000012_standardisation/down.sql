DROP TABLE standardisation_decisions;
DROP TABLE double_marking_judgements;
DROP TABLE double_marking_markers;
DROP TABLE double_marking_exercises;
DROP TABLE standardisation_actions;
DROP TABLE standardisation_people;
DROP TABLE standardisation_activities;
