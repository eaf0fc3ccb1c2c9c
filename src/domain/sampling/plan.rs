//! The sampling plan (Q1, Q2): its period, interim and summative dates, the rate per assessor by
//! risk (new, unqualified or recently referred assessors at 100% until signed off; experienced
//! assessors at the centre's chosen rate) and its focus (which learners, units, methods, evidence
//! types and locations must be sampled). Input is parsed once here into a [`CheckedPlan`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::camera::Dimension;
use crate::domain::people::FieldError;

/// How much risk an assessor's decisions carry, which sets their sampling rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Risk {
    New,
    Unqualified,
    Referred,
    Experienced,
}

impl Risk {
    pub const ALL: [Risk; 4] = [
        Self::New,
        Self::Unqualified,
        Self::Referred,
        Self::Experienced,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Unqualified => "unqualified",
            Self::Referred => "referred",
            Self::Experienced => "experienced",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New assessor",
            Self::Unqualified => "Not yet qualified",
            Self::Referred => "Recently referred",
            Self::Experienced => "Experienced",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == raw.trim())
    }

    /// Q1: new, unqualified and recently referred assessors are sampled at 100% until signed off.
    pub fn held_at_full_rate(self) -> bool {
        self != Self::Experienced
    }
}

/// What the plan says must be sampled; an empty list means "every one present".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Focus {
    pub learners: Vec<String>,
    pub units: Vec<String>,
    pub methods: Vec<String>,
    pub evidence_types: Vec<String>,
    pub locations: Vec<String>,
}

impl Focus {
    /// The chosen values of a dimension (empty: all of them).
    pub fn of(&self, dimension: Dimension) -> &[String] {
        match dimension {
            Dimension::Candidate => &self.learners,
            Dimension::Method => &self.methods,
            Dimension::Evidence => &self.evidence_types,
            Dimension::Location => &self.locations,
            Dimension::Assessor | Dimension::Records => &[],
        }
    }

    fn tidy(mut self) -> Self {
        for list in [
            &mut self.learners,
            &mut self.units,
            &mut self.methods,
            &mut self.evidence_types,
            &mut self.locations,
        ] {
            let set: BTreeSet<String> = list
                .iter()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .collect();
            *list = set.into_iter().collect();
        }
        self
    }
}

/// One assessor's rate as typed (the rate may be blank: the default for the risk).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct RateInput {
    pub assessor_id: String,
    pub risk: String,
    pub rate: String,
    pub signed_off: bool,
}

/// A plan as typed into the form or sent to the API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanInput {
    pub qualification_id: String,
    pub period_start: String,
    pub period_end: String,
    pub interim_on: String,
    pub summative_on: String,
    pub experienced_rate: String,
    pub rates: Vec<RateInput>,
    pub focus: Focus,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRate {
    pub assessor_id: String,
    pub risk: Risk,
    pub rate: i32,
    pub signed_off: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPlan {
    pub qualification_id: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub interim_on: NaiveDate,
    pub summative_on: NaiveDate,
    pub experienced_rate: i32,
    pub rates: Vec<CheckedRate>,
    pub focus: Focus,
    pub notes: String,
}

/// What the plan is checked against: the centre's qualifications and assessors.
pub struct PlanContext<'a> {
    pub qualifications: &'a BTreeSet<String>,
    pub assessors: &'a BTreeSet<String>,
}

fn date(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let parsed = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.push(FieldError::new(field, "Enter a date like 2026-09-01"));
    }
    parsed
}

/// A percentage from 0 to 100; `None` (and no error) when left blank.
pub fn parse_rate(field: &str, raw: &str) -> Result<Option<i32>, FieldError> {
    let raw = raw.trim().trim_end_matches('%').trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i64>() {
        Ok(n) if n < 0 => Err(FieldError::new(field, "A sampling rate cannot be negative")),
        Ok(n) if n > 100 => Err(FieldError::new(
            field,
            "A sampling rate cannot be over 100%",
        )),
        Ok(n) => Ok(i32::try_from(n).ok()),
        Err(_) => Err(FieldError::new(
            field,
            "Enter the rate as a whole number from 0 to 100",
        )),
    }
}

fn check_dates(input: &PlanInput, errors: &mut Vec<FieldError>) -> Option<[NaiveDate; 4]> {
    let start = date("period_start", &input.period_start, errors);
    let end = date("period_end", &input.period_end, errors);
    let interim = date("interim_on", &input.interim_on, errors);
    let summative = date("summative_on", &input.summative_on, errors);
    let (start, end, interim, summative) = (start?, end?, interim?, summative?);
    let before = errors.len();
    if end < start {
        errors.push(FieldError::new(
            "period_end",
            "The period must end on or after the day it starts",
        ));
    }
    for (field, day, what) in [
        ("interim_on", interim, "interim"),
        ("summative_on", summative, "summative"),
    ] {
        if day < start || day > end {
            errors.push(FieldError::new(
                field,
                &format!("The {what} sampling date must fall within the plan's period"),
            ));
        }
    }
    (errors.len() == before).then_some([start, end, interim, summative])
}

fn check_rate(
    i: usize,
    input: &RateInput,
    ctx: &PlanContext<'_>,
    experienced_rate: i32,
    errors: &mut Vec<FieldError>,
) -> Option<CheckedRate> {
    let field = |name: &str| format!("rates[{i}].{name}");
    let before = errors.len();
    let assessor_id = input.assessor_id.trim().to_owned();
    if !ctx.assessors.contains(&assessor_id) {
        errors.push(FieldError::new(
            &field("assessor_id"),
            "Choose an assessor of this centre",
        ));
    }
    let risk = Risk::parse(&input.risk);
    if risk.is_none() {
        errors.push(FieldError::new(
            &field("risk"),
            "Choose new, unqualified, recently referred or experienced",
        ));
    }
    let rate = parse_rate(&field("rate"), &input.rate).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let risk = risk?;
    let held = risk.held_at_full_rate() && !input.signed_off;
    let rate = rate.unwrap_or(if held { 100 } else { experienced_rate });
    if held && rate < 100 {
        errors.push(FieldError::new(
            &field("rate"),
            &format!("{}: sampled at 100% until signed off (Q1)", risk.label()),
        ));
    }
    (errors.len() == before).then_some(CheckedRate {
        assessor_id,
        risk,
        rate,
        signed_off: input.signed_off,
    })
}

/// Check a plan; every problem is reported against its field.
pub fn check_plan(
    input: &PlanInput,
    ctx: &PlanContext<'_>,
) -> Result<CheckedPlan, Vec<FieldError>> {
    let mut errors = Vec::new();
    let qualification_id = input.qualification_id.trim().to_owned();
    if !ctx.qualifications.contains(&qualification_id) {
        errors.push(FieldError::new(
            "qualification_id",
            "Choose a qualification this centre delivers",
        ));
    }
    let dates = check_dates(input, &mut errors);
    let experienced_rate = check_experienced_rate(&input.experienced_rate, &mut errors);
    let rates = check_rates(input, ctx, experienced_rate, &mut errors);
    let notes = input.notes.trim().to_owned();
    if notes.chars().count() > 4000 {
        errors.push(FieldError::new(
            "notes",
            "Keep the notes under 4,000 characters",
        ));
    }
    match dates {
        Some([period_start, period_end, interim_on, summative_on]) if errors.is_empty() => {
            Ok(CheckedPlan {
                qualification_id,
                period_start,
                period_end,
                interim_on,
                summative_on,
                experienced_rate,
                rates,
                focus: input.focus.clone().tidy(),
                notes,
            })
        }
        _ => Err(errors),
    }
}

/// The rate for experienced assessors: required, from 0 to 100 (0 stands in when it is not).
fn check_experienced_rate(raw: &str, errors: &mut Vec<FieldError>) -> i32 {
    match parse_rate("experienced_rate", raw) {
        Ok(Some(rate)) => rate,
        Ok(None) => {
            errors.push(FieldError::new(
                "experienced_rate",
                "Enter the rate for experienced assessors, from 0 to 100",
            ));
            0
        }
        Err(e) => {
            errors.push(e);
            0
        }
    }
}

/// Each assessor's rate, at most one per assessor.
fn check_rates(
    input: &PlanInput,
    ctx: &PlanContext<'_>,
    experienced_rate: i32,
    errors: &mut Vec<FieldError>,
) -> Vec<CheckedRate> {
    let mut rates = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, rate) in input.rates.iter().enumerate() {
        if !seen.insert(rate.assessor_id.trim().to_owned()) {
            errors.push(FieldError::new(
                &format!("rates[{i}].assessor_id"),
                "This assessor already has a rate in the plan",
            ));
            continue;
        }
        rates.extend(check_rate(i, rate, ctx, experienced_rate, errors));
    }
    rates
}

/// The rates a proposal honours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanRates {
    pub experienced_rate: i32,
    /// Assessor id → (risk, rate in percent).
    pub rates: BTreeMap<String, (Risk, i32)>,
    pub focus: Focus,
}

/// Why an assessor is sampled at the rate they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateBasis {
    Planned(Risk),
    /// Not in the plan: treated as a new assessor (100%) until the IQA adds them.
    NotInPlan,
}

impl PlanRates {
    pub fn rate_for(&self, assessor_id: &str) -> (i32, RateBasis) {
        match self.rates.get(assessor_id) {
            Some((risk, rate)) => ((*rate).clamp(0, 100), RateBasis::Planned(*risk)),
            None => (100, RateBasis::NotInPlan),
        }
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
