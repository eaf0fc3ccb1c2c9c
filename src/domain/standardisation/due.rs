//! "Standardisation due": each qualification a centre delivers needs at least one
//! standardisation activity every 12 months. A warning shows from 30 days before the next one
//! is due, and stays while it is overdue; a qualification with none on record is due now.

use chrono::{Months, NaiveDate};

/// Days before the due date from which the warning shows.
pub const WARN_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DueState {
    /// Nothing recorded yet: one is needed now.
    NeverHeld,
    /// Due on this date, more than 30 days away.
    UpToDate { due_on: NaiveDate },
    /// Due on this date, within 30 days (`days_left` 0..=30).
    DueSoon { due_on: NaiveDate, days_left: i64 },
    /// Due on this date, which has passed.
    Overdue { due_on: NaiveDate, days_over: i64 },
}

impl DueState {
    pub fn warns(&self) -> bool {
        !matches!(self, Self::UpToDate { .. })
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::NeverHeld => "never_held",
            Self::UpToDate { .. } => "up_to_date",
            Self::DueSoon { .. } => "due_soon",
            Self::Overdue { .. } => "overdue",
        }
    }

    pub fn due_on(&self) -> Option<NaiveDate> {
        match self {
            Self::NeverHeld => None,
            Self::UpToDate { due_on }
            | Self::DueSoon { due_on, .. }
            | Self::Overdue { due_on, .. } => Some(*due_on),
        }
    }

    /// The warning in plain words, or none.
    pub fn message(&self, qualification: &str) -> Option<String> {
        match self {
            Self::NeverHeld => Some(format!(
                "No standardisation activity is recorded for {qualification}: one is needed at least every 12 months."
            )),
            Self::UpToDate { .. } => None,
            Self::DueSoon { due_on, days_left } => Some(format!(
                "Standardisation for {qualification} is due by {due_on} ({days_left} days left)."
            )),
            Self::Overdue { due_on, days_over } => Some(format!(
                "Standardisation for {qualification} is overdue: it was due by {due_on} ({days_over} days ago)."
            )),
        }
    }
}

/// Where a qualification stands on `today`, given the date of its latest activity.
pub fn standardisation_due(latest: Option<NaiveDate>, today: NaiveDate) -> DueState {
    let Some(latest) = latest else {
        return DueState::NeverHeld;
    };
    let due_on = latest
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX);
    let days_left = (due_on - today).num_days();
    if days_left < 0 {
        DueState::Overdue {
            due_on,
            days_over: -days_left,
        }
    } else if days_left <= WARN_DAYS {
        DueState::DueSoon { due_on, days_left }
    } else {
        DueState::UpToDate { due_on }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn standardisation_due_twelve_months_after_the_latest_activity() {
        // Held 2026-03-10: due 2027-03-10. On 2027-01-15 that is 54 days away: no warning.
        let state = standardisation_due(Some(day(2026, 3, 10)), day(2027, 1, 15));
        assert_eq!(
            state,
            DueState::UpToDate {
                due_on: day(2027, 3, 10)
            }
        );
        assert!(!state.warns());
        assert_eq!(state.message("cg-3085-02"), None);
    }

    #[test]
    fn standardisation_due_warns_within_30_days() {
        // Held 2026-02-14: due 2027-02-14; on 2027-01-15 that is 30 days away (16 + 14).
        let state = standardisation_due(Some(day(2026, 2, 14)), day(2027, 1, 15));
        assert_eq!(
            state,
            DueState::DueSoon {
                due_on: day(2027, 2, 14),
                days_left: 30
            }
        );
        assert!(state.warns());
        // 31 days away: not yet.
        let calm = standardisation_due(Some(day(2026, 2, 15)), day(2027, 1, 15));
        assert!(!calm.warns());
        // Due today: 0 days left, still "due soon".
        let today = standardisation_due(Some(day(2026, 1, 15)), day(2027, 1, 15));
        assert_eq!(
            today,
            DueState::DueSoon {
                due_on: day(2027, 1, 15),
                days_left: 0
            }
        );
    }

    #[test]
    fn standardisation_overdue_after_twelve_months() {
        let state = standardisation_due(Some(day(2025, 12, 1)), day(2027, 1, 15));
        assert_eq!(
            state,
            DueState::Overdue {
                due_on: day(2026, 12, 1),
                days_over: 45
            }
        );
        assert_eq!(
            state.message("sqa-fx35-35").as_deref(),
            Some(
                "Standardisation for sqa-fx35-35 is overdue: it was due by 2026-12-01 (45 days ago)."
            )
        );
    }

    #[test]
    fn standardisation_never_held_is_due_now() {
        let state = standardisation_due(None, day(2027, 1, 15));
        assert!(state.warns());
        assert_eq!(state.code(), "never_held");
        assert_eq!(state.due_on(), None);
    }

    #[test]
    fn standardisation_due_on_a_leap_day_falls_back_to_the_month_end() {
        let state = standardisation_due(Some(day(2028, 2, 29)), day(2028, 3, 1));
        assert_eq!(state.due_on(), Some(day(2029, 2, 28)));
    }
}
