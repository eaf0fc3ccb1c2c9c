//! Learning hours: a learner's logged activity (a day, minutes, what, which outcomes), checked
//! and totalled against the guided (City & Guilds) or notional (SQA) hours of the units.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Deserialize;

use super::people::FieldError;

pub const MINUTES_IN_A_DAY: i64 = 24 * 60;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EntryInput {
    /// `YYYY-MM-DD`.
    pub activity_on: String,
    pub minutes: i64,
    pub description: String,
    pub outcome_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedEntry {
    pub activity_on: NaiveDate,
    pub minutes: i32,
    pub description: String,
    pub outcome_ids: Vec<String>,
}

/// An entry: a date not after `today`, a positive number of minutes that with the minutes
/// already logged that day (`logged_that_day`) stays within 24 hours, a description, and
/// outcomes of the learner's qualification.
pub fn check_entry(
    input: &EntryInput,
    today: NaiveDate,
    logged_that_day: impl FnOnce(NaiveDate) -> i64,
    outcomes: &BTreeSet<String>,
) -> Result<CheckedEntry, Vec<FieldError>> {
    let mut errors = Vec::new();
    let date = check_date(&input.activity_on, today, &mut errors);
    check_minutes(input.minutes, date, logged_that_day, &mut errors);
    let description = input.description.trim();
    if description.is_empty() {
        errors.push(FieldError::new("description", "Say what you did"));
    } else if description.chars().count() > 2000 {
        errors.push(FieldError::new(
            "description",
            "Keep the description to 2,000 characters or fewer",
        ));
    }
    let outcome_ids = check_outcomes(&input.outcome_ids, outcomes, &mut errors);
    match (date, i32::try_from(input.minutes)) {
        (Some(activity_on), Ok(minutes)) if errors.is_empty() => Ok(CheckedEntry {
            activity_on,
            minutes,
            description: description.to_owned(),
            outcome_ids,
        }),
        _ => Err(errors),
    }
}

/// The day of the activity: a date, not in the future.
fn check_date(raw: &str, today: NaiveDate, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    match date {
        None => errors.push(FieldError::new(
            "activity_on",
            "Enter the date of the activity as YYYY-MM-DD",
        )),
        Some(d) if d > today => errors.push(FieldError::new(
            "activity_on",
            "The date is in the future: log learning once it has happened",
        )),
        Some(_) => {}
    }
    date
}

/// More than 0 minutes, and with what is already logged that day, no more than 24 hours.
fn check_minutes(
    minutes: i64,
    date: Option<NaiveDate>,
    logged_that_day: impl FnOnce(NaiveDate) -> i64,
    errors: &mut Vec<FieldError>,
) {
    if minutes <= 0 {
        errors.push(FieldError::new(
            "minutes",
            "Enter how long the activity took, in minutes, more than 0",
        ));
    } else if minutes > MINUTES_IN_A_DAY {
        errors.push(FieldError::new(
            "minutes",
            "An entry cannot be longer than 24 hours (1440 minutes)",
        ));
    } else if let Some(d) = date {
        let already = logged_that_day(d);
        if already + minutes > MINUTES_IN_A_DAY {
            errors.push(FieldError::new(
                "minutes",
                &format!(
                    "That makes more than 24 hours on {d}: {already} minutes are already logged that day"
                ),
            ));
        }
    }
}

/// The outcomes named, without blanks or repeats, each of the learner's qualification.
fn check_outcomes(
    ids: &[String],
    outcomes: &BTreeSet<String>,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let outcome_ids: Vec<String> = ids
        .iter()
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty() && seen.insert(o.clone()))
        .collect();
    let bad: Vec<&str> = outcome_ids
        .iter()
        .filter(|o| !outcomes.contains(*o))
        .map(String::as_str)
        .collect();
    if !bad.is_empty() {
        errors.push(FieldError::new(
            "outcome_ids",
            &format!("Not an outcome of your qualification: {}", bad.join(", ")),
        ));
    }
    outcome_ids
}

/// Hours logged against the hours a unit (or qualification) expects.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HoursTotal {
    pub logged_minutes: i64,
    /// Guided learning hours (City & Guilds) or notional hours (SQA); `None` if unknown.
    pub expected_hours: Option<u32>,
    /// `guided` or `notional`.
    pub basis: &'static str,
    /// Whole per cent of the expected hours logged (capped at 100), when they are known.
    pub percent: Option<u32>,
}

pub fn total(logged_minutes: i64, expected_hours: Option<u32>, basis: &'static str) -> HoursTotal {
    let percent = expected_hours.filter(|h| *h > 0).map(|h| {
        let pct = logged_minutes.max(0) * 100 / (i64::from(h) * 60);
        u32::try_from(pct.min(100)).unwrap_or(100)
    });
    HoursTotal {
        logged_minutes,
        expected_hours,
        basis,
        percent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_default()
    }

    fn input(date: &str, minutes: i64) -> EntryInput {
        EntryInput {
            activity_on: date.to_owned(),
            minutes,
            description: "Read the SDS options".to_owned(),
            outcome_ids: vec!["q/o1".to_owned()],
        }
    }

    fn outcomes() -> BTreeSet<String> {
        ["q/o1".to_owned()].into()
    }

    #[test]
    fn negative_and_over_a_day_are_refused() {
        let today = day("2027-01-10");
        for minutes in [-30, 0, 25 * 60] {
            let refused = check_entry(&input("2027-01-09", minutes), today, |_| 0, &outcomes());
            assert!(refused.is_err_and(|e| e[0].field == "minutes"), "{minutes}");
        }
    }

    #[test]
    fn a_day_holds_at_most_24_hours() {
        let today = day("2027-01-10");
        let refused = check_entry(&input("2027-01-09", 120), today, |_| 1400, &outcomes());
        assert!(refused.is_err());
        assert!(check_entry(&input("2027-01-09", 40), today, |_| 1400, &outcomes()).is_ok());
    }

    #[test]
    fn no_entry_in_the_future() {
        let today = day("2027-01-10");
        let refused = check_entry(&input("2027-01-11", 60), today, |_| 0, &outcomes());
        assert!(refused.is_err_and(|e| e[0].field == "activity_on"));
    }

    #[test]
    fn totals_against_expected_hours() {
        assert_eq!(total(13 * 60, Some(26), "guided").percent, Some(50));
        assert_eq!(total(100 * 60, Some(26), "guided").percent, Some(100));
        assert_eq!(total(60, None, "guided").percent, None);
    }
}
