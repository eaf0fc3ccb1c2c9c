//! Support access (issue 17, item 7): the platform's administrators reach a centre's records
//! only while the centre's administrator lets them, for a stated reason and a few days at most;
//! the centre's administrator may end it early. A centre with no administrator yet is the
//! exception: the platform administrator sets it up (adds its first administrators).

use chrono::NaiveDateTime;

use super::people::FieldError;

/// The longest support access a centre can give at once (renewable).
pub const MAX_SUPPORT_DAYS: i64 = 7;
/// Longest reason kept.
pub const MAX_REASON_CHARS: usize = 500;

/// A support access as asked for: why, and for how many days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportRequest {
    pub reason: String,
    pub days: i64,
}

/// Check what the centre administrator typed; every refusal names its field.
pub fn check(reason: &str, days: &str) -> Result<SupportRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let reason = reason.trim();
    if reason.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "Say what the support is for, for example the problem the platform's team is looking into.",
        ));
    } else if reason.chars().count() > MAX_REASON_CHARS {
        errors.push(FieldError::new(
            "reason",
            &format!("Keep the reason to {MAX_REASON_CHARS} characters or fewer."),
        ));
    }
    let days = match days.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_SUPPORT_DAYS).contains(&n) => Some(n),
        _ => {
            errors.push(FieldError::new(
                "days",
                &format!("Choose how long support access lasts: 1 to {MAX_SUPPORT_DAYS} days."),
            ));
            None
        }
    };
    match days {
        Some(days) if errors.is_empty() => Ok(SupportRequest {
            reason: reason.to_owned(),
            days,
        }),
        _ => Err(errors),
    }
}

/// When support access given at `now` for `days` ends.
pub fn ends_at(now: NaiveDateTime, days: i64) -> NaiveDateTime {
    now + chrono::Duration::days(days.clamp(1, MAX_SUPPORT_DAYS))
}

/// Whether a support access stands at `now`: not ended early, and not past its end.
pub fn is_live(
    ends_at: NaiveDateTime,
    ended_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> bool {
    ended_at.is_none() && ends_at > now
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + hours * 3600, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }

    #[test]
    fn support_access_lasts_at_most_seven_days_and_needs_a_reason() {
        assert_eq!(
            check(" Looking into the missing sign-off ", "3"),
            Ok(SupportRequest {
                reason: "Looking into the missing sign-off".to_owned(),
                days: 3
            })
        );
        let refused = check("", "8").err().unwrap_or_default();
        let fields: Vec<&str> = refused.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["reason", "days"]);
        for days in ["0", "-1", "seven", ""] {
            assert!(check("why", days).is_err(), "{days}");
        }
        assert!(check(&"x".repeat(MAX_REASON_CHARS + 1), "1").is_err());
    }

    #[test]
    fn support_access_ends_by_itself_or_when_the_centre_ends_it() {
        let end = ends_at(at(0), 1);
        assert_eq!(end, at(24));
        assert!(is_live(end, None, at(23)));
        assert!(!is_live(end, None, at(24)));
        assert!(!is_live(end, Some(at(2)), at(3)));
    }
}
