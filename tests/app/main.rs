//! End-to-end tests: the real application on a fresh database each (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set), driven over HTTP as a person or a client would.

mod support;
mod support_needs;
mod unit_allocation;
mod unit_marking;
mod unit_signing;
mod world;

mod access_matrix;
mod access_samples;
mod assessment;
mod assignment_pages;
mod assignments;
mod attacks;
mod authentication;
mod batch_judgement;
mod bench;
mod caching;
mod case_export;
mod claims;
mod consent;
mod credentials;
mod curriculum_api;
mod curriculum_pages;
mod demo;
mod digest;
mod eqa;

mod file_ranges;
mod health;
mod home;
mod implausible_dates;
mod journey_unit_002;
mod judgement_integrity;
mod knowledge_checks;
mod ledger;
mod locks;
mod mail;
mod notifications;
mod occasions;
mod one_step;
mod plans;
mod portfolio;
mod prior_learning;
mod programmes;
mod project_length;
mod records;
mod registration_details;
mod role_removal;
mod sampling;
mod standardisation;
mod standardisation_forms;
mod startup;
mod witness;
mod witness_links;
mod witness_pages;
