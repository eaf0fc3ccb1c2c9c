//! Dates and times as people write them ("3 December 2026", "3 December 2026 at 14:05"), for
//! every page; the stored ISO forms belong only inside a `details` element.

use chrono::{NaiveDate, NaiveDateTime};

/// A day: "3 December 2026".
pub fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A moment: "3 December 2026 at 14:05" (UTC, as stored).
pub fn moment(t: NaiveDateTime) -> String {
    t.format("%-d %B %Y at %H:%M").to_string()
}

/// A stored date or timestamp held as text ("2026-12-03", "2026-12-03T14:05:00Z",
/// "2026-12-03 14:05:00"), written as people write it; text that is neither is shown unchanged.
pub fn stored(text: &str) -> String {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return day(d);
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return moment(t.naive_utc());
    }
    for format in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return moment(t);
        }
    }
    text.to_owned()
}

/// A count as people write it: "2,000".
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_people_write_them() {
        assert_eq!(stored("2026-12-03"), "3 December 2026");
        assert_eq!(stored("2026-12-03T14:05:00Z"), "3 December 2026 at 14:05");
        assert_eq!(
            stored("2026-12-03 14:05:00.123"),
            "3 December 2026 at 14:05"
        );
        assert_eq!(stored("2026-12-03T14:05:00"), "3 December 2026 at 14:05");
        assert_eq!(stored("2026-12-03 14:05"), "3 December 2026 at 14:05");
        assert_eq!(stored("none yet"), "none yet");
    }

    #[test]
    fn counts_are_written_with_thousands_separated() {
        assert_eq!(count(7), "7");
        assert_eq!(count(2000), "2,000");
        assert_eq!(count(1234567), "1,234,567");
    }
}
