//! An IQA's check of a sampled decision: agree (the sample is closed) or refer (feedback and
//! actions with due dates for the assessor). A referred sample is resolved only when every action
//! is closed, by the assessor it belongs to, and a later check agrees. C8 holds here too: an IQA
//! never checks a decision they made. Plain data in, decisions out.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::people::FieldError;
use super::rules::RuleViolation;

/// At most this many actions on one referral.
pub const MAX_ACTIONS: usize = 20;
const MAX_TEXT: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckOutcome {
    Agree,
    Refer,
}

impl CheckOutcome {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "agree" => Some(Self::Agree),
            "refer" => Some(Self::Refer),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Agree => "agree",
            Self::Refer => "refer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Agree => "Agreed",
            Self::Refer => "Referred back to the assessor",
        }
    }
}

/// Where a sample stands (`samples.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleStatus {
    /// Sampled, not checked yet.
    Open,
    /// The first check agreed.
    Agreed,
    /// Referred back: actions to close and a check to agree.
    Referred,
    /// Referred, then every action closed and a later check agreed.
    Resolved,
}

impl SampleStatus {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "open" => Some(Self::Open),
            "agreed" => Some(Self::Agreed),
            "referred" => Some(Self::Referred),
            "resolved" => Some(Self::Resolved),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Agreed => "agreed",
            Self::Referred => "referred",
            Self::Resolved => "resolved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Waiting for the IQA's check",
            Self::Agreed => "Agreed",
            Self::Referred => "Referred back to the assessor",
            Self::Resolved => "Resolved: actions closed and the re-check agreed",
        }
    }
}

/// One action row as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionInput {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub due_on: String,
}

/// An outcome as the IQA sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OutcomeInput {
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub actions: Vec<ActionInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedAction {
    pub description: String,
    pub due_on: NaiveDate,
}

/// An outcome, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedOutcome {
    pub outcome: CheckOutcome,
    pub feedback: String,
    pub actions: Vec<PlannedAction>,
}

fn check_action(
    n: usize,
    a: &ActionInput,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<PlannedAction> {
    let field = |name: &str| format!("actions[{n}].{name}");
    let description = a.description.trim();
    if description.is_empty() || description.chars().count() > 2000 {
        errors.push(FieldError::new(
            &field("description"),
            &format!(
                "Say what action {} asks the assessor to do (at most 2,000 characters)",
                n + 1
            ),
        ));
    }
    let due_on = NaiveDate::parse_from_str(a.due_on.trim(), "%Y-%m-%d").ok();
    match due_on {
        None => errors.push(FieldError::new(
            &field("due_on"),
            &format!(
                "Give a due date for action {} (for example 2027-03-31)",
                n + 1
            ),
        )),
        Some(day) if day < today => errors.push(FieldError::new(
            &field("due_on"),
            &format!(
                "The due date of action {} is in the past: give today ({today}) or a later date",
                n + 1
            ),
        )),
        Some(_) => {}
    }
    (!description.is_empty()).then_some(())?;
    Some(PlannedAction {
        description: description.to_owned(),
        due_on: due_on?,
    })
}

/// Check an outcome on `today`: agree or refer; a referral needs feedback and at least one action,
/// each with a description and a due date not in the past. An agreement carries no actions.
/// Rows left wholly blank (a form's spare rows) are ignored.
pub fn check_outcome(
    input: &OutcomeInput,
    today: NaiveDate,
) -> Result<CheckedOutcome, Vec<FieldError>> {
    let mut errors = Vec::new();
    let outcome = CheckOutcome::parse(&input.outcome);
    if outcome.is_none() {
        errors.push(FieldError::new(
            "outcome",
            "Choose agree or refer back to the assessor",
        ));
    }
    let feedback = input.feedback.trim();
    if feedback.chars().count() > MAX_TEXT {
        errors.push(FieldError::new(
            "feedback",
            "Keep the feedback to at most 5,000 characters",
        ));
    }
    let rows: Vec<&ActionInput> = input
        .actions
        .iter()
        .filter(|a| !(a.description.trim().is_empty() && a.due_on.trim().is_empty()))
        .collect();
    if rows.len() > MAX_ACTIONS {
        errors.push(FieldError::new("actions", "Set at most 20 actions"));
    }
    let actions: Vec<PlannedAction> = rows
        .iter()
        .enumerate()
        .filter_map(|(n, a)| check_action(n, a, today, &mut errors))
        .collect();
    match outcome {
        Some(CheckOutcome::Refer) => {
            if feedback.is_empty() {
                errors.push(FieldError::new(
                    "feedback",
                    "Give the assessor feedback: say why the decision is referred back",
                ));
            }
            if rows.is_empty() {
                errors.push(FieldError::new(
                    "actions",
                    "A referral needs at least one action for the assessor, with a due date",
                ));
            }
        }
        Some(CheckOutcome::Agree) if !rows.is_empty() => errors.push(FieldError::new(
            "actions",
            "An agreed decision has no actions: remove them, or refer the decision back",
        )),
        _ => {}
    }
    match outcome {
        Some(outcome) if errors.is_empty() => Ok(CheckedOutcome {
            outcome,
            feedback: feedback.to_owned(),
            actions,
        }),
        _ => Err(errors),
    }
}

/// C8: an IQA may never check a decision they made as its assessor.
pub fn require_not_own_decision(iqa_id: &str, assessor_id: &str) -> Result<(), RuleViolation> {
    if iqa_id == assessor_id {
        Err(RuleViolation::IqaOwnDecision)
    } else {
        Ok(())
    }
}

/// Why a check cannot be recorded now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckRefused {
    /// C8.
    OwnDecision,
    /// Agreed or resolved: nothing is left to check.
    Settled,
    /// Referred, and `open` actions are not closed yet.
    ActionsOpen { open: usize },
}

impl CheckRefused {
    pub fn message(&self) -> String {
        match self {
            Self::OwnDecision => RuleViolation::IqaOwnDecision.to_string(),
            Self::Settled => {
                "This sample is already settled: the IQA agreed the decision.".to_owned()
            }
            Self::ActionsOpen { open } => format!(
                "The decision cannot be checked again yet: {} still open. The assessor closes them first.",
                actions_phrase(*open)
            ),
        }
    }
}

fn actions_phrase(open: usize) -> String {
    if open == 1 {
        "1 action is".to_owned()
    } else {
        format!("{open} actions are")
    }
}

/// The sample as a check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleState {
    pub status: SampleStatus,
    /// The assessor whose decision was sampled.
    pub assessor_id: String,
    /// Checks recorded so far.
    pub checks: i32,
    /// Actions not closed yet.
    pub open_actions: usize,
}

/// What recording a check does: its number and the sample's status after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextCheck {
    pub check_no: i32,
    pub status: SampleStatus,
}

/// Whether `iqa_id` may record `outcome` on the sample now, and with what effect. The first check
/// agrees (closed) or refers; after a referral, once every action is closed, a later check agrees
/// (resolved) or refers again (new actions).
pub fn next_check(
    sample: &SampleState,
    iqa_id: &str,
    outcome: CheckOutcome,
) -> Result<NextCheck, CheckRefused> {
    if require_not_own_decision(iqa_id, &sample.assessor_id).is_err() {
        return Err(CheckRefused::OwnDecision);
    }
    let referred_before = match sample.status {
        SampleStatus::Agreed | SampleStatus::Resolved => return Err(CheckRefused::Settled),
        SampleStatus::Referred if sample.open_actions > 0 => {
            return Err(CheckRefused::ActionsOpen {
                open: sample.open_actions,
            });
        }
        SampleStatus::Referred => true,
        SampleStatus::Open => false,
    };
    let status = match (outcome, referred_before) {
        (CheckOutcome::Agree, false) => SampleStatus::Agreed,
        (CheckOutcome::Agree, true) => SampleStatus::Resolved,
        (CheckOutcome::Refer, _) => SampleStatus::Referred,
    };
    Ok(NextCheck {
        check_no: sample.checks + 1,
        status,
    })
}

/// Why an action cannot be closed by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseRefused {
    /// Only the assessor the action belongs to closes it (403).
    NotTheirs,
    /// Closed already (409).
    AlreadyClosed,
}

/// Only the assessor an action belongs to may close it, once, saying what they did.
pub fn may_close_action(
    action_assessor_id: &str,
    caller_id: &str,
    closed: bool,
) -> Result<(), CloseRefused> {
    if action_assessor_id != caller_id {
        Err(CloseRefused::NotTheirs)
    } else if closed {
        Err(CloseRefused::AlreadyClosed)
    } else {
        Ok(())
    }
}

/// The assessor's closing note: what they did about the action.
pub fn check_closing_note(note: &str) -> Result<String, FieldError> {
    let note = note.trim();
    if note.is_empty() || note.chars().count() > 2000 {
        return Err(FieldError::new(
            "note",
            "Say what you did about the action (at most 2,000 characters)",
        ));
    }
    Ok(note.to_owned())
}

/// An action is overdue when it is open after its due date.
pub fn is_overdue(due_on: NaiveDate, closed: bool, today: NaiveDate) -> bool {
    !closed && due_on < today
}

/// A sample of a registration as the claim check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleBlock {
    pub item_id: String,
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
                    s.item_id,
                    actions_phrase(s.open_actions)
                )
            } else {
                format!(
                    "The IQA referred the decision on {} back to the assessor: the actions are closed, and it waits for the IQA to check it again.",
                    s.item_id
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

#[cfg(test)]
#[path = "iqa_check_tests.rs"]
mod tests;
