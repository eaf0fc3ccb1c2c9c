pub mod files;
pub mod items;
pub mod wire;
