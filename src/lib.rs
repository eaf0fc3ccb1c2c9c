//! eportfolio: training, e-portfolio evidence, assessment, internal quality assurance and
//! certification claims for the SQA FX35 35 and City & Guilds 3085 personalisation awards.

pub mod actions;
pub mod auth;
pub mod badges;
/// `eportfolio bench` (built with `--features bench`; the tests build it too).
#[cfg(feature = "bench")]
pub mod bench;
pub mod clock;
pub mod commands;
pub mod curriculum;
pub mod demo;
pub mod domain;
pub mod files;
pub mod files_text;
#[cfg(test)]
mod house_rules;
pub mod ledger;
pub mod mail;
pub mod pdf;
pub mod records;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod web;
