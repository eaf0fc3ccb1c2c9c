//! The sampling report's figures (Q1): how much of each CAMERA dimension the samples cover,
//! against what the plan asks, and each assessor's sampling rate against their target.

use std::collections::{BTreeMap, HashSet};

use super::camera::{Decision, Dimension};
use super::plan::{PlanRates, RateBasis};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueCoverage {
    pub value: String,
    pub decisions: usize,
    pub sampled: usize,
    /// The plan asks for this value to be sampled (its focus names it, or names none).
    pub in_plan: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionCoverage {
    pub dimension: Dimension,
    pub values: Vec<ValueCoverage>,
}

impl DimensionCoverage {
    pub fn total(&self) -> usize {
        self.values.len()
    }
    pub fn covered(&self) -> usize {
        self.values.iter().filter(|v| v.sampled > 0).count()
    }
    pub fn planned(&self) -> usize {
        self.values.iter().filter(|v| v.in_plan).count()
    }
    pub fn planned_covered(&self) -> usize {
        self.values
            .iter()
            .filter(|v| v.in_plan && v.sampled > 0)
            .count()
    }
}

/// Coverage of every dimension by the sampled judgement ids.
pub fn coverage(
    rates: &PlanRates,
    decisions: &[Decision],
    sampled: &HashSet<String>,
) -> Vec<DimensionCoverage> {
    Dimension::ALL
        .into_iter()
        .map(|dimension| {
            let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
            for d in decisions {
                let hit = usize::from(sampled.contains(&d.judgement_id));
                for value in d.values(dimension) {
                    let entry = counts.entry(value).or_default();
                    entry.0 += 1;
                    entry.1 += hit;
                }
            }
            let focus = rates.focus.of(dimension);
            let values = counts
                .into_iter()
                .map(|(value, (decisions, sampled))| ValueCoverage {
                    in_plan: focus.is_empty() || focus.iter().any(|f| f == value),
                    value: value.to_owned(),
                    decisions,
                    sampled,
                })
                .collect();
            DimensionCoverage { dimension, values }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessorRate {
    pub assessor_id: String,
    pub decisions: usize,
    pub sampled: usize,
    pub target: i32,
    pub basis: RateBasis,
}

impl AssessorRate {
    /// The share sampled, in whole percent (rounded down).
    pub fn percent(&self) -> usize {
        (self.sampled * 100)
            .checked_div(self.decisions)
            .unwrap_or(0)
    }

    /// At or above target, and at least one decision sampled when there are any.
    pub fn met(&self) -> bool {
        let target = usize::try_from(self.target).unwrap_or(0);
        self.sampled * 100 >= target * self.decisions && (self.decisions == 0 || self.sampled > 0)
    }
}

/// Each assessor's rate (every assessor with decisions, and every assessor in the plan).
pub fn assessor_rates(
    rates: &PlanRates,
    decisions: &[Decision],
    sampled: &HashSet<String>,
) -> Vec<AssessorRate> {
    let mut counts: BTreeMap<&str, (usize, usize)> =
        rates.rates.keys().map(|a| (a.as_str(), (0, 0))).collect();
    for d in decisions {
        let entry = counts.entry(d.assessor_id.as_str()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(sampled.contains(&d.judgement_id));
    }
    counts
        .into_iter()
        .map(|(assessor, (decisions, sampled))| {
            let (target, basis) = rates.rate_for(assessor);
            AssessorRate {
                assessor_id: assessor.to_owned(),
                decisions,
                sampled,
                target,
                basis,
            }
        })
        .collect()
}
