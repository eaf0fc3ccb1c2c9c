pub mod overview;
pub mod sample_pack;
pub mod sample_pack_zip;
pub mod view_log;
pub mod wire;
