//! The one schema both backends share. Types are chosen to mean the same on SQLite and PostgreSQL:
//! ids are text, times are UTC `Timestamp`s.

diesel::table! {
    curriculum_loads (id) {
        id -> Text,
        version -> Text,
        files -> Integer,
        loaded_at -> Timestamp,
    }
}
