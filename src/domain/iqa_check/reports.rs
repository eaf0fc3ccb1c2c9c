//! What referrals mean elsewhere: the blockers of a certification claim, and referral rates per
//! assessor per month.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{CheckOutcome, SampleStatus, actions_phrase};

/// A sample of a registration as the claim check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleBlock {
    /// The sampled item, as people read it ("Unit 002, 1.2 Describe …").
    pub item: String,
    pub status: SampleStatus,
    pub open_actions: usize,
}

/// Why a claim cannot be made yet, in plain words: each referred sample until its actions are
/// closed and a second check agrees.
pub fn claim_blockers(samples: &[SampleBlock]) -> Vec<String> {
    samples
        .iter()
        .filter(|s| s.status == SampleStatus::Referred)
        .map(|s| {
            if s.open_actions > 0 {
                format!(
                    "The IQA referred the decision on {} back to the assessor: {} still open.",
                    s.item,
                    actions_phrase(s.open_actions)
                )
            } else {
                format!(
                    "The IQA referred the decision on {} back to the assessor: the actions are closed, and it waits for the IQA to check it again.",
                    s.item
                )
            }
        })
        .collect()
}

/// Checks and referrals of one assessor in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MonthCount {
    pub checks: u32,
    pub referrals: u32,
}

impl MonthCount {
    /// Referrals as a whole percentage of checks (0 when none).
    pub fn rate(self) -> u32 {
        (self.referrals * 100 + self.checks / 2)
            .checked_div(self.checks)
            .unwrap_or(0)
    }
}

/// Referral counts per assessor per month ("YYYY-MM") from checks `(assessor_id, day, outcome)`.
pub fn referrals_by_month(
    checks: &[(String, NaiveDate, CheckOutcome)],
) -> BTreeMap<String, BTreeMap<String, MonthCount>> {
    let mut out: BTreeMap<String, BTreeMap<String, MonthCount>> = BTreeMap::new();
    for (assessor, day, outcome) in checks {
        let month = day.format("%Y-%m").to_string();
        let count = out
            .entry(assessor.clone())
            .or_default()
            .entry(month)
            .or_default();
        count.checks += 1;
        if *outcome == CheckOutcome::Refer {
            count.referrals += 1;
        }
    }
    out
}
