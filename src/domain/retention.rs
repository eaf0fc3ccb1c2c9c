//! Q3: assessment records and evidence are kept for a retention period the centre sets (default
//! three years after certification), then purged on purpose. This module decides, from plain
//! facts and a date, whether one registration's records may go; it never removes anything.

use chrono::{Months, NaiveDate};

use super::people::FieldError;

/// The retention period when a centre has not set one (Q3).
pub const DEFAULT_RETENTION_YEARS: u32 = 3;
/// The longest period a centre may set.
pub const MAX_RETENTION_YEARS: u32 = 50;

/// A retention period in whole years, 1 to 50.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionYears(u32);

impl Default for RetentionYears {
    fn default() -> Self {
        Self(DEFAULT_RETENTION_YEARS)
    }
}

impl RetentionYears {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let message = format!(
            "Enter the retention period as a whole number of years from 1 to {MAX_RETENTION_YEARS}."
        );
        match raw.trim().parse::<i64>() {
            Ok(n) => Self::from_number(field, n),
            Err(_) => Err(FieldError::new(field, &message)),
        }
    }

    pub fn from_number(field: &str, years: i64) -> Result<Self, FieldError> {
        match u32::try_from(years) {
            Ok(y) if (1..=MAX_RETENTION_YEARS).contains(&y) => Ok(Self(y)),
            _ => Err(FieldError::new(
                field,
                &format!(
                    "The retention period must be from 1 to {MAX_RETENTION_YEARS} years (it was {years})."
                ),
            )),
        }
    }

    /// A value read back from the database; out-of-range values fall back to the default.
    pub fn stored(years: i32) -> Self {
        Self::from_number("years", i64::from(years)).unwrap_or_default()
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// What the records of one registration stand on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFacts {
    /// Certification dates of the registration's live, certificated claims.
    pub certificated_on: Vec<NaiveDate>,
    /// A live claim not yet certificated (draft or submitted): the records are still needed.
    pub claim_in_progress: bool,
    /// The records were purged already.
    pub purged: bool,
}

/// Why records stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keep {
    NotCertificated,
    ClaimInProgress,
    AlreadyPurged,
    /// Kept until (and including) this date.
    InRetention {
        until: NaiveDate,
    },
}

impl Keep {
    pub fn explain(&self) -> String {
        match self {
            Self::NotCertificated => "not certificated".to_owned(),
            Self::ClaimInProgress => "a claim is still in progress".to_owned(),
            Self::AlreadyPurged => "already purged".to_owned(),
            Self::InRetention { until } => format!("in retention until {until}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetentionDecision {
    /// The retention period after the latest certification ended before `today`.
    Purge {
        certificated_on: NaiveDate,
        kept_until: NaiveDate,
    },
    Keep(Keep),
}

/// The last day records certificated on `certificated_on` are kept (29 February falls back to
/// 28 February in a year without it).
pub fn kept_until(certificated_on: NaiveDate, years: RetentionYears) -> NaiveDate {
    certificated_on
        .checked_add_months(Months::new(years.get() * 12))
        .unwrap_or(NaiveDate::MAX)
}

/// Q3: records go only when every live claim is certificated and the retention period after the
/// latest certification ended before `today`.
pub fn decide(facts: &RecordFacts, years: RetentionYears, today: NaiveDate) -> RetentionDecision {
    if facts.purged {
        return RetentionDecision::Keep(Keep::AlreadyPurged);
    }
    if facts.claim_in_progress {
        return RetentionDecision::Keep(Keep::ClaimInProgress);
    }
    let Some(latest) = facts.certificated_on.iter().max().copied() else {
        return RetentionDecision::Keep(Keep::NotCertificated);
    };
    let until = kept_until(latest, years);
    if today > until {
        RetentionDecision::Purge {
            certificated_on: latest,
            kept_until: until,
        }
    } else {
        RetentionDecision::Keep(Keep::InRetention { until })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn certificated(on: NaiveDate) -> RecordFacts {
        RecordFacts {
            certificated_on: vec![on],
            ..RecordFacts::default()
        }
    }

    #[test]
    fn q3_records_in_retention_are_never_purged() {
        let facts = certificated(day(2024, 3, 1));
        let three = RetentionYears::default();
        for today in [day(2024, 3, 1), day(2026, 1, 1), day(2027, 3, 1)] {
            assert_eq!(
                decide(&facts, three, today),
                RetentionDecision::Keep(Keep::InRetention {
                    until: day(2027, 3, 1)
                })
            );
        }
        let ten = RetentionYears::parse("years", "10").unwrap_or_default();
        assert!(matches!(
            decide(&facts, ten, day(2030, 1, 1)),
            RetentionDecision::Keep(Keep::InRetention { .. })
        ));
    }

    #[test]
    fn q3_records_go_the_day_after_the_retention_period() {
        let facts = certificated(day(2024, 3, 1));
        assert_eq!(
            decide(&facts, RetentionYears::default(), day(2027, 3, 2)),
            RetentionDecision::Purge {
                certificated_on: day(2024, 3, 1),
                kept_until: day(2027, 3, 1)
            }
        );
    }

    #[test]
    fn q3_the_latest_certification_counts() {
        let facts = RecordFacts {
            certificated_on: vec![day(2020, 1, 1), day(2024, 6, 1)],
            ..RecordFacts::default()
        };
        assert!(matches!(
            decide(&facts, RetentionYears::default(), day(2025, 1, 1)),
            RetentionDecision::Keep(Keep::InRetention { .. })
        ));
    }

    #[test]
    fn q3_uncertificated_in_progress_or_purged_records_stay() {
        let today = day(2099, 1, 1);
        let years = RetentionYears::default();
        assert_eq!(
            decide(&RecordFacts::default(), years, today),
            RetentionDecision::Keep(Keep::NotCertificated)
        );
        let mut facts = certificated(day(2000, 1, 1));
        facts.claim_in_progress = true;
        assert_eq!(
            decide(&facts, years, today),
            RetentionDecision::Keep(Keep::ClaimInProgress)
        );
        facts.claim_in_progress = false;
        facts.purged = true;
        assert_eq!(
            decide(&facts, years, today),
            RetentionDecision::Keep(Keep::AlreadyPurged)
        );
    }

    #[test]
    fn q3_leap_day_certification_is_kept_to_the_28th() {
        assert_eq!(
            kept_until(day(2024, 2, 29), RetentionYears::default()),
            day(2027, 2, 28)
        );
    }

    #[test]
    fn q3_retention_period_is_one_to_fifty_years() {
        assert_eq!(
            RetentionYears::parse("years", " 7 ").map(|y| y.get()),
            Ok(7)
        );
        for bad in ["0", "51", "-3", "three", "", "2.5"] {
            let err = RetentionYears::parse("years", bad).err();
            assert_eq!(err.map(|e| e.field), Some("years".to_owned()), "{bad}");
        }
        assert_eq!(RetentionYears::stored(0).get(), DEFAULT_RETENTION_YEARS);
    }
}
