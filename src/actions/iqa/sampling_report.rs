//! The sampling report's CAMERA coverage and sampling rate per assessor, against the plan, as
//! figures for the JSON, the page and the CSV exports (cells a spreadsheet would run as a
//! formula are neutralised).

use std::collections::HashSet;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::iqa::sampling::{PlanWithRates, chosen};
use crate::actions::iqa::sampling_proposal::{Period, load_period};
use crate::domain::ids::{CentreId, SamplingPlanId, UserId};
use crate::domain::sampling::camera::{Dimension, value_label};
use crate::domain::sampling::plan::RateBasis;
use crate::domain::sampling::report::{AssessorRate, DimensionCoverage, assessor_rates, coverage};
use crate::store::samples;

pub struct SamplingReport {
    pub plan: Option<PlanWithRates>,
    pub coverage: Vec<DimensionCoverage>,
    pub rates: Vec<AssessorRate>,
    pub names: std::collections::BTreeMap<String, String>,
}

impl SamplingReport {
    pub fn name(&self, id: &UserId) -> String {
        self.names
            .get(id.as_str())
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// A dimension value in words (people by name).
    pub fn value_words(&self, dimension: Dimension, value: &str) -> String {
        match dimension {
            Dimension::Candidate | Dimension::Assessor => self.name(&UserId::from_stored(value)),
            other => value_label(other, value),
        }
    }

    /// One part as CSV (`camera` or `rates`); `None` for another name.
    pub fn csv(&self, part: &str) -> Option<String> {
        let mut out = String::new();
        match part {
            "camera" => {
                row(
                    &mut out,
                    &["dimension", "value", "decisions", "sampled", "in_plan"],
                );
                for c in &self.coverage {
                    for v in &c.values {
                        let words = self.value_words(c.dimension, &v.value);
                        let (n, s) = (v.decisions.to_string(), v.sampled.to_string());
                        row(
                            &mut out,
                            &[c.dimension.label(), &words, &n, &s, yes_no(v.in_plan)],
                        );
                    }
                }
            }
            "rates" => {
                row(
                    &mut out,
                    &[
                        "assessor",
                        "basis",
                        "decisions",
                        "sampled",
                        "percent",
                        "target",
                        "met",
                    ],
                );
                for r in &self.rates {
                    let cells = [
                        r.decisions.to_string(),
                        r.sampled.to_string(),
                        r.percent().to_string(),
                        r.target.to_string(),
                    ];
                    row(
                        &mut out,
                        &[
                            &self.name(&UserId::from_stored(r.assessor_id.as_str())),
                            basis_code(r.basis),
                            &cells[0],
                            &cells[1],
                            &cells[2],
                            &cells[3],
                            yes_no(r.met()),
                        ],
                    );
                }
            }
            _ => return None,
        }
        Some(out)
    }
}

fn yes_no(on: bool) -> &'static str {
    if on { "yes" } else { "no" }
}

pub fn basis_code(basis: RateBasis) -> &'static str {
    match basis {
        RateBasis::Planned(risk) => risk.code(),
        RateBasis::NotInPlan => "not_in_plan",
    }
}

/// A CSV cell: a leading `=`, `+`, `-` or `@` gets an apostrophe so a spreadsheet shows it as
/// text; quoted when it holds a comma, quote or line break.
fn cell(raw: &str) -> String {
    let text = if raw.starts_with(['=', '+', '-', '@']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn row(out: &mut String, cells: &[&str]) {
    let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The report for a plan (named, or the centre's current one). Readers: the centre's IQAs and
/// administrators; an EQA for their qualification. No plan yet: an empty report.
pub async fn report(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    plan_id: Option<&SamplingPlanId>,
) -> Result<SamplingReport, ActionError> {
    crate::actions::iqa::sampling::require_reader(actor, centre_id)?;
    let Some(plan) = chosen(state, actor, centre_id, plan_id).await? else {
        return Ok(SamplingReport {
            plan: None,
            coverage: Vec::new(),
            rates: Vec::new(),
            names: Default::default(),
        });
    };
    let period: Period = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let mut period = load_period(conn, plan, None)?;
            // Only the samples of this plan count towards it.
            let of_plan: HashSet<String> = samples::of_centre_qualification(
                conn,
                &period.plan.plan.centre_id,
                &period.plan.plan.qualification_id,
            )?
            .into_iter()
            .filter(|s| s.plan_id.as_deref() == Some(period.plan.plan.id.as_str()))
            .map(|s| s.judgement_id)
            .collect();
            period.sampled = of_plan;
            Ok(period)
        })
        .await?;
    let rates = period.plan.rates_for_proposal();
    Ok(SamplingReport {
        coverage: coverage(&rates, &period.decisions, &period.sampled),
        rates: assessor_rates(&rates, &period.decisions, &period.sampled),
        names: period.names,
        plan: Some(period.plan),
    })
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn csv_cells_that_look_like_formulas_are_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-5"), "'-5");
        assert_eq!(cell("@SUM"), "'@SUM");
        assert_eq!(cell("Inverness"), "Inverness");
    }
}
