//! Agreement between markers. Per criterion: the share of marker pairs who gave the same
//! verdict (pairwise percentage agreement). Over the exercise, with the criteria as the
//! subjects: Cohen's kappa for two markers, Fleiss' kappa for three or more. Kappa corrects for
//! the agreement chance alone would give; when every verdict falls in one category that chance
//! is 1 and kappa is undefined (0/0), which is reported as such, never as NaN.

use std::collections::BTreeMap;

use super::Verdict;

/// Kappa, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub enum Kappa {
    Value(f64),
    Undefined(&'static str),
}

impl Kappa {
    pub fn value(&self) -> Option<f64> {
        match self {
            Self::Value(v) => Some(*v),
            Self::Undefined(_) => None,
        }
    }

    /// Landis and Koch's (1977) plain-words reading.
    pub fn reading(&self) -> &'static str {
        match self {
            Self::Undefined(reason) => reason,
            Self::Value(k) if *k < 0.0 => "poor agreement (less than chance)",
            Self::Value(k) if *k <= 0.20 => "slight agreement",
            Self::Value(k) if *k <= 0.40 => "fair agreement",
            Self::Value(k) if *k <= 0.60 => "moderate agreement",
            Self::Value(k) if *k <= 0.80 => "substantial agreement",
            Self::Value(_) => "almost perfect agreement",
        }
    }
}

pub const ONE_CATEGORY: &str =
    "undefined: every verdict was the same, so chance alone would agree as often";
pub const TOO_FEW: &str = "undefined: fewer than two markers judged every criterion";

/// How many markers gave each verdict on one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub met: u32,
    pub not_yet_met: u32,
}

impl Counts {
    pub fn of(verdicts: &[Verdict]) -> Self {
        let met = verdicts.iter().filter(|v| **v == Verdict::Met).count();
        let met = u32::try_from(met).unwrap_or(u32::MAX);
        let all = u32::try_from(verdicts.len()).unwrap_or(u32::MAX);
        Self {
            met,
            not_yet_met: all - met,
        }
    }

    pub fn markers(self) -> u32 {
        self.met + self.not_yet_met
    }

    /// The share of marker pairs that agree: Σ n_j(n_j − 1) / n(n − 1). `None` for fewer than
    /// two markers (no pair to compare).
    pub fn pairwise_agreement(self) -> Option<f64> {
        let n = f64::from(self.markers());
        if n < 2.0 {
            return None;
        }
        let (m, y) = (f64::from(self.met), f64::from(self.not_yet_met));
        Some((m * (m - 1.0) + y * (y - 1.0)) / (n * (n - 1.0)))
    }
}

/// Cohen's kappa for two markers' verdicts on the same criteria (same order):
/// κ = (p_o − p_e) / (1 − p_e), p_o the share of criteria they agree on, p_e = Σ_k p_Ak · p_Bk.
pub fn cohen(a: &[Verdict], b: &[Verdict]) -> Kappa {
    if a.len() != b.len() || a.is_empty() {
        return Kappa::Undefined(TOO_FEW);
    }
    let n = a.len() as f64;
    let observed = a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / n;
    let share = |v: &[Verdict], k: Verdict| v.iter().filter(|x| **x == k).count() as f64 / n;
    let expected: f64 = Verdict::ALL
        .iter()
        .map(|k| share(a, *k) * share(b, *k))
        .sum();
    ratio(observed, expected)
}

/// Fleiss' kappa over criteria each judged by the same number of markers:
/// P_i = (Σ_j n_ij² − n) / n(n − 1); P̄ the mean of P_i; p_j = Σ_i n_ij / Nn; P_e = Σ_j p_j²;
/// κ = (P̄ − P_e) / (1 − P_e).
pub fn fleiss(table: &[Counts]) -> Kappa {
    let Some(first) = table.first() else {
        return Kappa::Undefined(TOO_FEW);
    };
    let n = first.markers();
    if n < 2 || table.iter().any(|c| c.markers() != n) {
        return Kappa::Undefined(TOO_FEW);
    }
    let subjects = table.len() as f64;
    let p_bar = table
        .iter()
        .filter_map(|c| c.pairwise_agreement())
        .sum::<f64>()
        / subjects;
    let all = subjects * f64::from(n);
    let met = table.iter().map(|c| f64::from(c.met)).sum::<f64>() / all;
    let expected = met * met + (1.0 - met) * (1.0 - met);
    ratio(p_bar, expected)
}

fn ratio(observed: f64, expected: f64) -> Kappa {
    if (1.0 - expected).abs() < 1e-12 {
        Kappa::Undefined(ONE_CATEGORY)
    } else {
        Kappa::Value((observed - expected) / (1.0 - expected))
    }
}

/// One criterion's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionAgreement {
    pub criterion_id: String,
    pub counts: Counts,
    /// Pairwise agreement, 0..=1; `None` with fewer than two verdicts.
    pub agreement: Option<f64>,
}

/// The exercise's figures: per criterion, and kappa over the markers who judged every criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseAgreement {
    pub criteria: Vec<CriterionAgreement>,
    /// The mean of the per-criterion agreement (over criteria with at least two verdicts).
    pub overall: Option<f64>,
    pub kappa: Kappa,
    /// "cohen" (two markers) or "fleiss" (three or more).
    pub method: &'static str,
    /// How many markers judged every criterion (the ones kappa counts).
    pub complete_markers: usize,
}

/// Figures from `(marker, criterion, verdict)` triples, for `criteria` in their order.
pub fn exercise(criteria: &[String], verdicts: &[(String, String, Verdict)]) -> ExerciseAgreement {
    let per: Vec<CriterionAgreement> = criteria
        .iter()
        .map(|c| criterion_agreement(c, verdicts))
        .collect();
    let with: Vec<f64> = per.iter().filter_map(|c| c.agreement).collect();
    let overall = (!with.is_empty()).then(|| with.iter().sum::<f64>() / with.len() as f64);
    let complete = complete_markers(criteria, verdicts);
    let (kappa, method) = kappa_of(criteria.len(), &complete);
    ExerciseAgreement {
        criteria: per,
        overall,
        kappa,
        method,
        complete_markers: complete.len(),
    }
}

/// One criterion's counts and pairwise agreement.
fn criterion_agreement(
    criterion: &str,
    verdicts: &[(String, String, Verdict)],
) -> CriterionAgreement {
    let vs: Vec<Verdict> = verdicts
        .iter()
        .filter(|(_, id, _)| id == criterion)
        .map(|(_, _, v)| *v)
        .collect();
    let counts = Counts::of(&vs);
    CriterionAgreement {
        criterion_id: criterion.to_owned(),
        counts,
        agreement: counts.pairwise_agreement(),
    }
}

/// Each complete marker's verdicts (one who judged every criterion), in the criteria's order.
fn complete_markers(
    criteria: &[String],
    verdicts: &[(String, String, Verdict)],
) -> Vec<Vec<Verdict>> {
    let mut by_marker: BTreeMap<&str, BTreeMap<&str, Verdict>> = BTreeMap::new();
    for (marker, criterion, verdict) in verdicts {
        by_marker
            .entry(marker)
            .or_default()
            .insert(criterion, *verdict);
    }
    by_marker
        .values()
        .filter_map(|m| {
            criteria
                .iter()
                .map(|c| m.get(c.as_str()).copied())
                .collect()
        })
        .collect()
}

/// Cohen's kappa for two complete markers, Fleiss' for three or more, and the method's name.
fn kappa_of(criteria: usize, complete: &[Vec<Verdict>]) -> (Kappa, &'static str) {
    match complete {
        [a, b] => (cohen(a, b), "cohen"),
        rows if rows.len() >= 3 => {
            let table: Vec<Counts> = (0..criteria)
                .map(|i| {
                    Counts::of(
                        &rows
                            .iter()
                            .filter_map(|r| r.get(i).copied())
                            .collect::<Vec<_>>(),
                    )
                })
                .collect();
            (fleiss(&table), "fleiss")
        }
        _ => (Kappa::Undefined(TOO_FEW), "none"),
    }
}

#[cfg(test)]
#[path = "agreement_tests.rs"]
mod tests;
