//! Dates that make sense (ASVS level 2, input validation): a date people could really mean, not
//! the year 0 or 10000. Each window is stated here once, and each refusal names its field.

use chrono::{Datelike, Months, NaiveDate};

/// The earliest date of birth a learner may have.
pub const EARLIEST_BIRTH: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// How far back an activity, observation or registration start may be: ten years.
pub const YEARS_BACK: u32 = 10;

/// How far ahead a registration's dates may be: ten years.
pub const YEARS_AHEAD: u32 = 10;

/// The longest an EQA's access lasts before it is renewed: one year.
pub const EQA_GRANT_MONTHS: u32 = 12;

/// A date of birth on or after 1 January 1900.
pub fn plausible_birth(date: NaiveDate) -> bool {
    date >= EARLIEST_BIRTH
}

/// An activity or observation on or after the day ten years before `today`.
pub fn recent(date: NaiveDate, today: NaiveDate) -> bool {
    today
        .checked_sub_months(Months::new(12 * YEARS_BACK))
        .is_none_or(|earliest| date >= earliest)
}

/// A registration date within ten years either side of `today`.
pub fn near(date: NaiveDate, today: NaiveDate) -> bool {
    recent(date, today)
        && today
            .checked_add_months(Months::new(12 * YEARS_AHEAD))
            .is_none_or(|latest| date <= latest)
}

/// The last day an EQA grant given `today` may run to.
pub fn latest_eqa_grant_end(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_months(Months::new(EQA_GRANT_MONTHS))
        .unwrap_or(today)
}

/// A date in a plan (target or review) with no "today" to hold it to: years 2000 to 2100.
pub fn plausible_plan_date(date: NaiveDate) -> bool {
    (2000..=2100).contains(&date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn a_date_of_birth_is_1900_or_later() {
        assert!(plausible_birth(day("1900-01-01")));
        assert!(!plausible_birth(day("1899-12-31")));
        assert!(!plausible_birth(day("0000-06-01")));
    }

    #[test]
    fn activities_are_at_most_ten_years_old() {
        let today = day("2027-01-15");
        assert!(recent(day("2017-01-15"), today));
        assert!(!recent(day("2017-01-14"), today));
        assert!(!recent(day("0001-01-01"), today));
    }

    #[test]
    fn registration_dates_are_within_ten_years_either_side() {
        let today = day("2027-01-15");
        assert!(near(day("2037-01-15"), today));
        assert!(!near(day("2037-01-16"), today));
        assert!(!near(day("2016-12-31"), today));
    }

    #[test]
    fn an_eqa_grant_lasts_at_most_a_year() {
        assert_eq!(latest_eqa_grant_end(day("2027-01-15")), day("2028-01-15"));
    }

    #[test]
    fn plan_dates_are_in_this_century() {
        assert!(plausible_plan_date(day("2027-03-31")));
        assert!(!plausible_plan_date(day("0000-03-31")));
    }
}
