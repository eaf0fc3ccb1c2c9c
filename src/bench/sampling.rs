//! The sampling proposal, timed as a pure function (no database, no HTTP): a centre of 50
//! assessors and 2,000 learners with 6,000 and then 60,000 decisions. It must grow no worse than
//! n log n, so the report shows the 60k/6k ratio beside what n log n predicts (≈ 12.6).

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::time::{Duration, Instant};

use crate::domain::sampling::Stage;
use crate::domain::sampling::camera::Decision;
use crate::domain::sampling::plan::{PlanRates, Risk};
use crate::domain::sampling::proposal::{ProposalRequest, propose};

const ASSESSORS: usize = 50;
const LEARNERS: usize = 2_000;
const SIZES: [usize; 2] = [6_000, 60_000];
const RUNS: usize = 3;
const METHODS: [&str; 6] = [
    "observation",
    "witness_testimony",
    "examination_of_work_products",
    "professional_discussion",
    "questioning",
    "assignment",
];
const TYPES: [&str; 4] = [
    "written_in_platform",
    "document",
    "image",
    "video_recording",
];
const RECORDS: [&str; 4] = [
    "written_feedback",
    "assessment_plan",
    "observation_record",
    "unit_sign_off",
];

/// One size's figures: decisions, the fastest of the runs, decisions proposed.
#[derive(Debug, Clone)]
pub struct Row {
    pub decisions: usize,
    pub best: Duration,
    pub picked: usize,
}

#[derive(Debug, Clone)]
pub struct Figures {
    pub rows: Vec<Row>,
}

/// `n` decisions: each learner has one assessor and one workplace (40 of them); units, items,
/// methods, evidence types and records vary with the decision.
pub fn decisions(n: usize) -> Vec<Decision> {
    (0..n)
        .map(|i| {
            let learner = i % LEARNERS;
            Decision {
                judgement_id: format!("j{i:06}"),
                registration_id: format!("r{learner:04}"),
                learner_id: format!("l{learner:04}"),
                assessor_id: format!("a{:02}", learner % ASSESSORS),
                unit_id: format!("u{}", (i / LEARNERS) % 2),
                item_id: format!("i{}", (i / LEARNERS) % 20),
                workplace: format!("Workplace {}", learner % 40),
                stage: if i % 3 == 0 {
                    Stage::Summative
                } else {
                    Stage::Interim
                },
                methods: BTreeSet::from([METHODS[i % METHODS.len()].to_owned()]),
                evidence_types: BTreeSet::from([TYPES[(i / 7) % TYPES.len()].to_owned()]),
                records: BTreeSet::from([RECORDS[(i / 11) % RECORDS.len()].to_owned()]),
            }
        })
        .collect()
}

/// Ten new assessors at 100%, the other forty experienced at 10%.
pub fn rates() -> PlanRates {
    PlanRates {
        experienced_rate: 10,
        rates: (0..ASSESSORS)
            .map(|a| {
                let held = a < 10;
                let (risk, rate) = if held {
                    (Risk::New, 100)
                } else {
                    (Risk::Experienced, 10)
                };
                (format!("a{a:02}"), (risk, rate))
            })
            .collect(),
        focus: Default::default(),
    }
}

/// Time the proposal at each size; the IQA (`a07`) is also one of the assessors (C8).
pub fn measure() -> Figures {
    let plan = rates();
    let sampled = HashSet::new();
    let rows = SIZES
        .into_iter()
        .map(|n| {
            let all = decisions(n);
            let mut best = Duration::MAX;
            let mut picked = 0;
            for run in 0..RUNS {
                let started = Instant::now();
                let proposal = propose(&ProposalRequest {
                    rates: &plan,
                    decisions: &all,
                    already_sampled: &sampled,
                    iqa_id: "a07",
                    seed: 42 + run as u64,
                });
                best = best.min(started.elapsed());
                picked = proposal.picks.len();
            }
            Row {
                decisions: n,
                best,
                picked,
            }
        })
        .collect();
    Figures { rows }
}

fn n_log_n(n: usize) -> f64 {
    let n = n as f64;
    n * n.log2()
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Sampling proposal ({ASSESSORS} assessors, {LEARNERS} learners; pure function, best of {RUNS}):"
        )?;
        writeln!(f)?;
        writeln!(f, "| decisions | time | proposed |")?;
        writeln!(f, "|---:|---:|---:|")?;
        for row in &self.rows {
            writeln!(
                f,
                "| {} | {:.1} ms | {} |",
                row.decisions,
                row.best.as_secs_f64() * 1000.0,
                row.picked
            )?;
        }
        if let [small, large] = self.rows.as_slice() {
            let ratio = large.best.as_secs_f64() / small.best.as_secs_f64().max(1e-9);
            let expected = n_log_n(large.decisions) / n_log_n(small.decisions);
            let linear = large.decisions as f64 / small.decisions as f64;
            writeln!(f)?;
            writeln!(
                f,
                "Sampling proposal growth {}/{}: ×{ratio:.1} (n log n predicts ×{expected:.1}, linear ×{linear:.0})",
                large.decisions, small.decisions
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures without the rest of the benchmark (timings: never asserted).
    #[test]
    #[ignore = "a timing: cargo test --lib bench::sampling -- --ignored --nocapture"]
    fn print_the_figures() {
        println!("{}", measure());
    }

    #[test]
    fn synthetic_centre_has_the_benchmark_shape() {
        let all = decisions(6_000);
        let assessors: BTreeSet<&str> = all.iter().map(|d| d.assessor_id.as_str()).collect();
        let learners: BTreeSet<&str> = all.iter().map(|d| d.learner_id.as_str()).collect();
        assert_eq!((assessors.len(), learners.len()), (ASSESSORS, LEARNERS));
    }
}
