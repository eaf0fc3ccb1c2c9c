//! Claim documents, timed as pure functions (no database, no HTTP): the City & Guilds claim file
//! and a claim summary PDF for a claim of 1,000 learners, and a learner achievement record PDF
//! whose criteria table lists 300 evidence items. The documents have the shape and columns the
//! claim pages make (`web::actions::claim_documents`), with names that need the embedded fonts.

use std::fmt;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::domain::claim_csv::{self, ClaimLine, ClaimedUnit, Layout};
use crate::pdf::{Column, Document, render};

const LEARNERS: usize = 1_000;
const EVIDENCE: usize = 300;
const RUNS: usize = 3;
const NAMES: [&str; 5] = [
    "Mòrag Ó Súilleabháin",
    "Siân Jones",
    "Zoë Brown",
    "Łukasz Nowak",
    "李明",
];

/// One document's figures: the fastest of the runs and the size of what it made.
#[derive(Debug, Clone)]
pub struct Row {
    pub what: String,
    pub best: Duration,
    pub bytes: usize,
}

#[derive(Debug, Clone)]
pub struct Figures {
    pub rows: Vec<Row>,
}

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 4).unwrap_or_default() + chrono::Days::new(offset % 300)
}

/// A claim of `n` learners on 3085-02, both units achieved.
pub fn lines(n: usize) -> Vec<ClaimLine> {
    (0..n)
        .map(|i| ClaimLine {
            centre_number: "123456".to_owned(),
            candidate_number: format!("ABC{i:04}"),
            learner_name: format!("{} {i}", NAMES[i % NAMES.len()]),
            date_of_birth: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default(),
            qualification_number: "3085-02".to_owned(),
            units: vec![
                ClaimedUnit {
                    number: "001".to_owned(),
                    achieved_on: day(i as u64),
                },
                ClaimedUnit {
                    number: "002".to_owned(),
                    achieved_on: day(i as u64 + 30),
                },
            ],
        })
        .collect()
}

/// The claim summary: the claim's fields, then a row per learner.
pub fn summary(lines: &[ClaimLine]) -> Document {
    let mut doc = Document::new(
        "Certification claim summary",
        "Certification claim · City & Guilds · 3085-02",
    );
    doc.heading("Claim")
        .fields(vec![("Learners".to_owned(), lines.len().to_string())])
        .heading("Learners");
    let rows = lines
        .iter()
        .map(|l| {
            let units: Vec<String> = l
                .units
                .iter()
                .map(|u| format!("{} ({})", u.number, u.achieved_on))
                .collect();
            vec![
                l.learner_name.clone(),
                l.candidate_number.clone(),
                l.date_of_birth.to_string(),
                units.join("\n"),
                String::new(),
            ]
        })
        .collect();
    doc.table(
        vec![
            Column::new("Learner", 3.0),
            Column::new("Candidate number", 2.0),
            Column::new("Date of birth", 1.6),
            Column::new("Units (achieved)", 2.4),
            Column::new("Certificate", 2.2),
        ],
        rows,
    );
    doc
}

/// A learner's record: a row per criterion with the evidence relied on, `evidence` items in all.
pub fn record(evidence: usize) -> Document {
    let mut doc = Document::new(
        "Learner achievement record",
        "Achievement record · Mòrag Ó Súilleabháin · 3085-02",
    );
    doc.fields(vec![(
        "Learner".to_owned(),
        "Mòrag Ó Súilleabháin".to_owned(),
    )]);
    let rows = (0..evidence)
        .map(|i| {
            vec![
                format!("{}.{}", i / 10 + 1, i % 10 + 1),
                "Explain how person-centred approaches support the individual's choice and control over their own support".to_owned(),
                format!("E{:03} Reflective account ({})", i + 1, day(i as u64)),
                format!("Met, {} (Siân Jones)", day(i as u64 + 7)),
            ]
        })
        .collect();
    doc.table(
        vec![
            Column::new("Criterion", 1.0),
            Column::new("Wording", 4.0),
            Column::new("Evidence relied on", 2.6),
            Column::new("Judgement", 2.0),
        ],
        rows,
    );
    doc
}

fn best_of<F: FnMut() -> usize>(what: &str, mut make: F) -> Row {
    let mut best = Duration::MAX;
    let mut bytes = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        bytes = make();
        best = best.min(started.elapsed());
    }
    Row {
        what: what.to_owned(),
        best,
        bytes,
    }
}

/// Time each document; a failure to make one shows as 0 bytes.
pub fn measure() -> Figures {
    let claim = lines(LEARNERS);
    let rows = vec![
        best_of(&format!("Claim file (CSV), {LEARNERS} learners"), || {
            claim_csv::write(Layout::CityAndGuilds, &claim).map_or(0, |s| s.len())
        }),
        best_of(&format!("Claim summary PDF, {LEARNERS} learners"), || {
            render(&summary(&claim)).map_or(0, |b| b.len())
        }),
        best_of(
            &format!("Learner record PDF, {EVIDENCE} evidence items"),
            || render(&record(EVIDENCE)).map_or(0, |b| b.len()),
        ),
    ];
    Figures { rows }
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Claim documents (pure functions, best of {RUNS}):")?;
        writeln!(f)?;
        writeln!(f, "| document | time | size |")?;
        writeln!(f, "|---|---:|---:|")?;
        for row in &self.rows {
            writeln!(
                f,
                "| {} | {:.1} ms | {:.1} KiB |",
                row.what,
                row.best.as_secs_f64() * 1000.0,
                row.bytes as f64 / 1024.0
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
    #[ignore = "a timing: cargo test --lib bench::claim_documents -- --ignored --nocapture"]
    fn print_the_figures() {
        println!("{}", measure());
    }

    #[test]
    fn the_benchmark_claim_has_a_row_per_learner_and_unit() -> Result<(), csv::Error> {
        let csv = claim_csv::write(Layout::CityAndGuilds, &lines(10))?;
        assert_eq!(csv.lines().count(), 1 + 20);
        Ok(())
    }
}
