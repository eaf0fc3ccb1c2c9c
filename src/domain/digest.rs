//! How a person chooses to be emailed about their work: each message as it happens, or one email a
//! day listing them (a daily digest). The in-app notification is written either way; only the
//! email waits.
//!
//! The rule: a daily digest goes once a day, at [`DIGEST_HOUR`] UTC or the first delivery round
//! after it, and lists every notification since the last digest (or since the person chose the
//! digest); a day with nothing to tell sends nothing.

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};

crate::codes! {
    /// How often the person is emailed about their work.
    pub enum MailCadence {
        /// One email per message, as it happens.
        Each = "each",
        /// One email a day listing the day's messages.
        Daily = "daily",
    }
}

impl MailCadence {
    pub fn label(self) -> &'static str {
        match self {
            Self::Each => "An email for each message, as it happens",
            Self::Daily => "One email a day listing the day's messages (sent at 07:00 UTC)",
        }
    }
}

/// The hour (UTC) the daily digest goes.
pub const DIGEST_HOUR: u32 = 7;

/// The last time a digest was due at or before `now`: today at the digest hour, or yesterday's
/// when today's has not come yet.
pub fn last_digest_time(now: NaiveDateTime) -> NaiveDateTime {
    let today = now.date().and_time(NaiveTime::MIN) + TimeDelta::hours(i64::from(DIGEST_HOUR));
    if now >= today {
        today
    } else {
        today - TimeDelta::days(1)
    }
}

/// Whether a digest is due at `now` for a person whose digest last covered up to `through`.
pub fn digest_due(through: NaiveDateTime, now: NaiveDateTime) -> bool {
    through < last_digest_time(now)
}

/// One notification, as the digest lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestLine {
    pub subject: String,
    /// A path in the app.
    pub link: String,
    pub at: NaiveDateTime,
}

/// The digest email's subject and text for `name`, listing `lines` oldest first with links made
/// absolute with `public_url`; `None` when there is nothing to tell.
pub fn digest_mail(name: &str, lines: &[DigestLine], public_url: &str) -> Option<(String, String)> {
    if lines.is_empty() {
        return None;
    }
    let count = lines.len();
    let subject = if count == 1 {
        "Your eportfolio day: 1 message".to_owned()
    } else {
        format!("Your eportfolio day: {count} messages")
    };
    let mut body = format!(
        "Hello {name},\n\nHere is what happened about your work since your last daily email.\n\n"
    );
    for line in lines {
        body.push_str(&format!(
            "- {} ({})\n  {public_url}{}\n",
            line.subject,
            line.at.format("%-d %B %Y, %H:%M"),
            line.link
        ));
    }
    body.push_str(&format!(
        "\nEach is also in your notifications: {public_url}/notifications\nTo have an email for each message instead, change it in your account: {public_url}/account/mail\n"
    ));
    Some((subject, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .unwrap_or_default()
    }

    #[test]
    fn a_daily_digest_is_due_once_a_day_after_seven() {
        // Chosen at 15:00 on the 3rd: nothing is due that evening, then one at 07:00 on the 4th.
        let chosen = at(3, 15, 0);
        assert!(!digest_due(chosen, at(3, 23, 59)));
        assert!(!digest_due(chosen, at(4, 6, 59)));
        assert!(digest_due(chosen, at(4, 7, 0)));
        assert!(digest_due(chosen, at(4, 18, 30)));
        // Sent at 07:00:10 on the 4th: not again until the 5th.
        let sent = at(4, 7, 0) + TimeDelta::seconds(10);
        assert!(!digest_due(sent, at(4, 23, 0)));
        assert!(digest_due(sent, at(5, 7, 1)));
    }

    #[test]
    fn a_digest_lists_every_message_with_its_link_and_nothing_goes_on_an_empty_day() {
        assert_eq!(digest_mail("Ada", &[], "https://e.example"), None);
        let lines = [
            DigestLine {
                subject: "Feedback on Planning with Mr B".into(),
                link: "/evidence/1".into(),
                at: at(3, 16, 5),
            },
            DigestLine {
                subject: "Countersign Unit 001".into(),
                link: "/registrations/2/assessment".into(),
                at: at(3, 17, 0),
            },
        ];
        let (subject, body) = digest_mail("Ada", &lines, "https://e.example").unwrap_or_default();
        assert_eq!(subject, "Your eportfolio day: 2 messages");
        assert!(body.starts_with("Hello Ada,"));
        assert!(body.contains("- Feedback on Planning with Mr B (3 December 2026, 16:05)\n  https://e.example/evidence/1"));
        assert!(body.contains("- Countersign Unit 001 (3 December 2026, 17:00)"));
        assert!(body.contains("https://e.example/account/mail"));
    }
}
