//! maud views: plain functions from view data to markup. They never touch the database.

pub mod curriculum;
pub mod error;
pub mod layout;
