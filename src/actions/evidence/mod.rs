pub mod files;
pub mod items;
