//! Sign-in throttling: after a few failures within a window, each further attempt must wait,
//! doubling each time up to a cap. Failures older than the window no longer count, so the
//! throttle slows an attacker but can never lock a real person out for good.

use chrono::{Duration, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures that may happen freely within the window.
    pub free_failures: usize,
    pub window: Duration,
    pub first_wait: Duration,
    pub max_wait: Duration,
}

/// Per account: 5 free failures in 15 minutes, then 30 s, 60 s, 120 s … up to 15 minutes.
pub const PER_ACCOUNT: ThrottlePolicy = ThrottlePolicy {
    free_failures: 5,
    window: Duration::minutes(15),
    first_wait: Duration::seconds(30),
    max_wait: Duration::minutes(15),
};

/// Per client address: more generous (offices share an address), same shape.
pub const PER_ADDRESS: ThrottlePolicy = ThrottlePolicy {
    free_failures: 20,
    window: Duration::minutes(15),
    first_wait: Duration::seconds(30),
    max_wait: Duration::minutes(15),
};

impl ThrottlePolicy {
    /// The earliest failure that still counts at `now`.
    pub fn window_start(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - self.window
    }

    /// Seconds to wait before another attempt, given the failures within the window (oldest first).
    pub fn wait(&self, failures: &[NaiveDateTime], now: NaiveDateTime) -> Option<i64> {
        let recent: Vec<_> = failures
            .iter()
            .filter(|t| **t >= self.window_start(now))
            .collect();
        if recent.len() < self.free_failures {
            return None;
        }
        let extra = (recent.len() - self.free_failures).min(16) as u32;
        let wait = (self.first_wait * 2_i32.pow(extra)).min(self.max_wait);
        let last = recent.last().map(|t| **t)?;
        let remaining = (last + wait - now).num_seconds();
        (remaining > 0).then_some(remaining)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + seconds, 0)
            .map(|d| d.naive_utc())
            .unwrap_or_default()
    }

    #[test]
    fn a_few_failures_cost_nothing() {
        let failures: Vec<_> = (0..4).map(t).collect();
        assert_eq!(PER_ACCOUNT.wait(&failures, t(5)), None);
    }

    #[test]
    fn the_wait_doubles_after_the_free_failures() {
        let five: Vec<_> = (0..5).map(t).collect();
        assert_eq!(PER_ACCOUNT.wait(&five, t(4)), Some(30));
        let six: Vec<_> = (0..6).map(t).collect();
        assert_eq!(PER_ACCOUNT.wait(&six, t(5)), Some(60));
    }

    #[test]
    fn the_wait_is_capped_and_ends() {
        let many: Vec<_> = (0..40).map(t).collect();
        assert_eq!(PER_ACCOUNT.wait(&many, t(39)), Some(15 * 60));
        assert_eq!(PER_ACCOUNT.wait(&many, t(39 + 15 * 60)), None);
    }

    #[test]
    fn failures_outside_the_window_do_not_count() {
        let old: Vec<_> = (0..10).map(t).collect();
        assert_eq!(PER_ACCOUNT.wait(&old, t(16 * 60)), None);
    }
}
