//! The actions of a referral: who closes them, with what note, and when they are overdue.

use chrono::NaiveDate;

use crate::domain::people::FieldError;

/// Why an action cannot be closed by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseRefused {
    /// Only the assessor the action belongs to closes it (403).
    NotTheirs,
    /// Closed already (409).
    AlreadyClosed,
}

/// Only the assessor an action belongs to may close it, once, saying what they did.
pub fn may_close_action(
    action_assessor_id: &str,
    caller_id: &str,
    closed: bool,
) -> Result<(), CloseRefused> {
    if action_assessor_id != caller_id {
        Err(CloseRefused::NotTheirs)
    } else if closed {
        Err(CloseRefused::AlreadyClosed)
    } else {
        Ok(())
    }
}

/// The assessor's closing note: what they did about the action.
pub fn check_closing_note(note: &str) -> Result<String, FieldError> {
    let note = note.trim();
    if note.is_empty() || note.chars().count() > 2000 {
        return Err(FieldError::new(
            "note",
            "Say what you did about the action (at most 2,000 characters)",
        ));
    }
    Ok(note.to_owned())
}

/// An action is overdue when it is open after its due date.
pub fn is_overdue(due_on: NaiveDate, closed: bool, today: NaiveDate) -> bool {
    !closed && due_on < today
}
