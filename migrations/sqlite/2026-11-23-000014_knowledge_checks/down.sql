DROP TABLE check_attempts;
DROP TABLE knowledge_checks;
