pub mod centre_people;
pub mod directory;
pub mod import;
pub mod notifications;
mod password_links;
pub mod registrations;
pub mod session_resume;
pub mod sign_in;
pub mod wire;
