//! Two parts of the centre's sampling report: open and overdue IQA actions, and the referral rate
//! per assessor per month. Built here so the main report (its JSON, page and CSV) can include
//! them; the CSV cells that a spreadsheet would read as a formula are neutralised.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::domain::ids::CentreId;
use crate::domain::iqa_check::{self, MonthCount};
use crate::domain::roles::Role;
use crate::store::sample_checks::{self, Action};
use crate::store::samples::Sample;
use crate::store::{DbConnection, StoreError, people};

/// Who reads the sampling report.
pub const REPORT_READERS: &[Role] = &[Role::Iqa, Role::CentreAdmin];

pub struct OpenAction {
    pub action: Action,
    pub sample: Sample,
    pub assessor_name: String,
    pub overdue: bool,
}

pub struct AssessorReferrals {
    pub assessor_id: String,
    pub name: String,
    /// Every month of the report, in order, with this assessor's counts (zero when none).
    pub months: Vec<(String, MonthCount)>,
}

impl AssessorReferrals {
    pub fn total(&self) -> MonthCount {
        self.months
            .iter()
            .fold(MonthCount::default(), |t, (_, c)| MonthCount {
                checks: t.checks + c.checks,
                referrals: t.referrals + c.referrals,
            })
    }
}

pub struct ActionsReport {
    pub today: NaiveDate,
    /// Open actions, soonest due first.
    pub open: Vec<OpenAction>,
    /// The months with any check, oldest first ("YYYY-MM").
    pub months: Vec<String>,
    pub referrals: Vec<AssessorReferrals>,
}

impl ActionsReport {
    pub fn overdue(&self) -> impl Iterator<Item = &OpenAction> {
        self.open.iter().filter(|a| a.overdue)
    }

    /// `state`: `open` (every open action) or `overdue` (open after its due date).
    pub fn actions_csv(&self) -> String {
        let mut out = String::from(
            "action_id,sample_id,registration_id,item_id,assessor,description,due_on,overdue\r\n",
        );
        for o in &self.open {
            let due = o.action.due_on.to_string();
            row(
                &mut out,
                &[
                    &o.action.id,
                    &o.sample.id,
                    &o.action.registration_id,
                    &o.sample.item_id,
                    &o.assessor_name,
                    &o.action.description,
                    &due,
                    if o.overdue { "yes" } else { "no" },
                ],
            );
        }
        out
    }

    pub fn referrals_csv(&self) -> String {
        let mut out = String::from("assessor_id,assessor,month,checks,referrals,rate_percent\r\n");
        for r in &self.referrals {
            for (month, c) in &r.months {
                let (checks, referrals, rate) = (
                    c.checks.to_string(),
                    c.referrals.to_string(),
                    c.rate().to_string(),
                );
                row(
                    &mut out,
                    &[&r.assessor_id, &r.name, month, &checks, &referrals, &rate],
                );
            }
        }
        out
    }
}

/// One CSV cell: a leading `=`, `+`, `-` or `@` is neutralised with an apostrophe (so a
/// spreadsheet does not run it as a formula), and the cell is quoted when it needs to be.
pub fn csv_cell(raw: &str) -> String {
    let cell = if raw.starts_with(['=', '+', '-', '@']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

fn row(out: &mut String, cells: &[&str]) {
    let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The report for a centre as it stands on `today`.
pub fn build(
    conn: &mut DbConnection,
    centre_id: &CentreId,
    today: NaiveDate,
) -> Result<ActionsReport, StoreError> {
    let rows = sample_checks::open_actions_of_centre(conn, centre_id)?;
    let checks = sample_checks::checks_of_centre(conn, centre_id)?;
    let by_assessor = iqa_check::referrals_by_month(&checks);
    let months: BTreeSet<String> = by_assessor
        .values()
        .flat_map(|m| m.keys().cloned())
        .collect();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for id in rows
        .iter()
        .map(|(a, _)| &a.assessor_id)
        .chain(by_assessor.keys())
    {
        if !names.contains_key(id) {
            let name = people::find_user(conn, id)?.map_or_else(|| id.clone(), |u| u.name);
            names.insert(id.clone(), name);
        }
    }
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_default();
    let open = rows
        .into_iter()
        .map(|(action, sample)| OpenAction {
            overdue: iqa_check::is_overdue(action.due_on, false, today),
            assessor_name: name_of(&action.assessor_id),
            action,
            sample,
        })
        .collect();
    let mut referrals: Vec<AssessorReferrals> = by_assessor
        .iter()
        .map(|(id, counts)| AssessorReferrals {
            assessor_id: id.clone(),
            name: name_of(id),
            months: months
                .iter()
                .map(|m| (m.clone(), counts.get(m).copied().unwrap_or_default()))
                .collect(),
        })
        .collect();
    referrals.sort_by(|a, b| a.name.cmp(&b.name).then(a.assessor_id.cmp(&b.assessor_id)));
    Ok(ActionsReport {
        today,
        open,
        months: months.into_iter().collect(),
        referrals,
    })
}

/// The report for a centre's IQAs and administrators (others at the centre: 403; anyone else:
/// 404). `overdue_only` keeps the overdue actions only.
pub async fn report(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    overdue_only: bool,
) -> Result<ActionsReport, ActionError> {
    require_centre_role(actor, centre_id, REPORT_READERS)?;
    let (centre, today) = (centre_id.clone(), state.clock.naive().date());
    let mut report = state
        .db
        .run(move |conn| build(conn, &centre, today))
        .await?;
    if overdue_only {
        report.open.retain(|o| o.overdue);
    }
    Ok(report)
}

/// The open actions of the signed-in assessor, and the closed ones after them.
pub async fn mine(state: &AppState, actor: &Actor) -> Result<Vec<MyAction>, ActionError> {
    let me = actor.user.id.clone();
    let rows = state
        .db
        .run(move |conn| sample_checks::actions_of_assessor(conn, &me))
        .await?;
    Ok(rows
        .into_iter()
        .map(|(action, sample)| MyAction {
            decision: state
                .curriculum
                .item_words(&sample.unit_id, &sample.item_id),
            action,
            sample,
        })
        .collect())
}

/// An action of the assessor's, with the sampled decision it is about.
pub struct MyAction {
    pub action: Action,
    pub sample: Sample,
    /// The decision's criterion in words.
    pub decision: String,
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_that_look_like_formulas_are_neutralised() {
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@cmd"), "'@cmd");
        assert_eq!(
            csv_cell("Re-observe, then \"sign\""),
            "\"Re-observe, then \"\"sign\"\"\""
        );
        assert_eq!(csv_cell("2027-01-15"), "2027-01-15");
    }
}
