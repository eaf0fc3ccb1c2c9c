DROP TABLE occasion_items;
DROP TABLE occasions;
DROP TABLE bank_questions;
