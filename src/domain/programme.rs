//! Learning programmes: a tutor's sessions in order, each linked to outcomes and criteria of the
//! programme's qualification, scheduled (with dates) or self-paced; and where a learner is in it.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Deserialize;

use super::people::FieldError;

pub const PACINGS: [&str; 2] = ["scheduled", "self_paced"];
const TITLE_MAX: usize = 200;
const TEXT_MAX: usize = 20_000;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProgrammeInput {
    pub qualification_id: String,
    pub title: String,
    pub description: String,
    pub pacing: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SessionInput {
    pub title: String,
    pub summary: String,
    pub outcome_ids: Vec<String>,
    pub criterion_ids: Vec<String>,
    /// `YYYY-MM-DD`, or empty for a self-paced session.
    pub starts_on: Option<String>,
}

/// A session's content once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedSession {
    pub title: String,
    pub summary: String,
    pub outcome_ids: Vec<String>,
    pub criterion_ids: Vec<String>,
    pub starts_on: Option<NaiveDate>,
}

/// The ids a programme's sessions may link to: the outcomes and criteria (criteria, Knowledge
/// and/or Skills items, Evidence Requirements) of the qualification's units.
#[derive(Debug, Clone, Default)]
pub struct Linkable {
    pub outcomes: BTreeSet<String>,
    pub criteria: BTreeSet<String>,
}

fn required(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize, what: &str) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(field, &format!("Enter {what}")));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            &format!("Keep {what} to {max} characters or fewer"),
        ));
    }
}

/// A programme's title and pacing. The qualification is checked by the caller (it must be in
/// the curriculum).
pub fn check_programme(input: &ProgrammeInput) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    required(&mut errors, "title", &input.title, TITLE_MAX, "a title");
    if input.description.chars().count() > TEXT_MAX {
        errors.push(FieldError::new(
            "description",
            "Keep the description to 20,000 characters or fewer",
        ));
    }
    if !PACINGS.contains(&input.pacing.as_str()) {
        errors.push(FieldError::new(
            "pacing",
            "Choose scheduled (sessions have dates) or self-paced",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn unknown(ids: &[String], known: &BTreeSet<String>) -> Vec<String> {
    ids.iter()
        .filter(|id| !known.contains(*id))
        .cloned()
        .collect()
}

fn deduplicated(ids: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    ids.iter()
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty() && seen.insert(id.clone()))
        .collect()
}

/// A session: a title, at least one outcome, every outcome and criterion from the
/// programme's qualification, and a date when the programme is scheduled.
pub fn check_session(
    input: &SessionInput,
    linkable: &Linkable,
    scheduled: bool,
) -> Result<CheckedSession, Vec<FieldError>> {
    let mut errors = Vec::new();
    required(&mut errors, "title", &input.title, TITLE_MAX, "a title");
    if input.summary.chars().count() > TEXT_MAX {
        errors.push(FieldError::new(
            "summary",
            "Keep the summary to 20,000 characters or fewer",
        ));
    }
    let (outcome_ids, criterion_ids) = check_links(input, linkable, &mut errors);
    let starts_on = check_starts_on(input.starts_on.as_deref(), scheduled, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CheckedSession {
        title: input.title.trim().to_owned(),
        summary: input.summary.trim().to_owned(),
        outcome_ids,
        criterion_ids,
        starts_on,
    })
}

/// The outcomes (at least one) and criteria a session covers, all of the qualification.
fn check_links(
    input: &SessionInput,
    linkable: &Linkable,
    errors: &mut Vec<FieldError>,
) -> (Vec<String>, Vec<String>) {
    let outcome_ids = deduplicated(&input.outcome_ids);
    let criterion_ids = deduplicated(&input.criterion_ids);
    if outcome_ids.is_empty() {
        errors.push(FieldError::new(
            "outcome_ids",
            "Link the session to at least one outcome",
        ));
    }
    let bad = unknown(&outcome_ids, &linkable.outcomes);
    if !bad.is_empty() {
        errors.push(FieldError::new(
            "outcome_ids",
            &format!("Not an outcome of this qualification: {}", bad.join(", ")),
        ));
    }
    let bad = unknown(&criterion_ids, &linkable.criteria);
    if !bad.is_empty() {
        errors.push(FieldError::new(
            "criterion_ids",
            &format!("Not a criterion of this qualification: {}", bad.join(", ")),
        ));
    }
    (outcome_ids, criterion_ids)
}

/// A session's start date: needed when the programme is scheduled, optional when self-paced.
fn check_starts_on(
    raw: Option<&str>,
    scheduled: bool,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let raw = raw.map(str::trim).unwrap_or("");
    if raw.is_empty() {
        if scheduled {
            errors.push(FieldError::new(
                "starts_on",
                "Give the date the session starts (the programme is scheduled)",
            ));
        }
        return None;
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            errors.push(FieldError::new("starts_on", "Enter the date as YYYY-MM-DD"));
            None
        }
    }
}

/// The order after moving the session at `index` one place up or down (`None` when it cannot
/// move that way). Returns the two indexes to swap.
pub fn swap_for_move(index: usize, len: usize, up: bool) -> Option<(usize, usize)> {
    if up {
        (index > 0 && index < len).then(|| (index - 1, index))
    } else {
        (index + 1 < len).then_some((index, index + 1))
    }
}

/// Where a learner is: how many of the sessions (in order) are done, and the first not done.
pub fn next_session<T>(sessions: &[T], done: impl Fn(&T) -> bool) -> (usize, Option<&T>) {
    let completed = sessions.iter().filter(|s| done(s)).count();
    (completed, sessions.iter().find(|s| !done(s)))
}

/// S3: the Knowledge and/or Skills items (each with its outcome) that no session teaches yet.
/// A session teaches an item when it links the item itself or the outcome the item belongs to;
/// the specification requires every item to be taught, since any may be sampled. `items` are
/// `(outcome id, item id)` in the curriculum's order; the untaught ones keep that order.
pub fn untaught_items<'a>(
    items: &[(&'a str, &'a str)],
    sessions: &[(Vec<String>, Vec<String>)],
) -> Vec<&'a str> {
    let taught_outcomes: BTreeSet<&str> = sessions
        .iter()
        .flat_map(|(outcomes, _)| outcomes.iter().map(String::as_str))
        .collect();
    let taught_items: BTreeSet<&str> = sessions
        .iter()
        .flat_map(|(_, criteria)| criteria.iter().map(String::as_str))
        .collect();
    items
        .iter()
        .filter(|(outcome, item)| {
            !taught_outcomes.contains(outcome) && !taught_items.contains(item)
        })
        .map(|(_, item)| *item)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linkable() -> Linkable {
        Linkable {
            outcomes: ["q/o1".to_owned()].into(),
            criteria: ["q/o1/ac1".to_owned()].into(),
        }
    }

    fn session(outcomes: &[&str], date: Option<&str>) -> SessionInput {
        SessionInput {
            title: "Session one".to_owned(),
            summary: String::new(),
            outcome_ids: outcomes.iter().map(|s| (*s).to_owned()).collect(),
            criterion_ids: vec!["q/o1/ac1".to_owned()],
            starts_on: date.map(str::to_owned),
        }
    }

    #[test]
    fn sessions_link_only_to_outcomes_of_the_qualification() {
        assert!(check_session(&session(&["q/o1"], None), &linkable(), false).is_ok());
        let Err(errors) = check_session(&session(&["q/o9"], None), &linkable(), false) else {
            panic!("an unknown outcome was accepted");
        };
        assert_eq!(errors[0].field, "outcome_ids");
        assert!(errors[0].message.contains("q/o9"));
    }

    #[test]
    fn scheduled_programmes_need_dates() {
        assert!(check_session(&session(&["q/o1"], None), &linkable(), true).is_err());
        let ok = check_session(&session(&["q/o1"], Some("2027-01-04")), &linkable(), true);
        assert!(ok.is_ok_and(|s| s.starts_on.is_some()));
    }

    #[test]
    fn moving_stays_inside_the_list() {
        assert_eq!(swap_for_move(0, 3, true), None);
        assert_eq!(swap_for_move(1, 3, true), Some((0, 1)));
        assert_eq!(swap_for_move(2, 3, false), None);
        assert_eq!(swap_for_move(0, 3, false), Some((0, 1)));
    }

    #[test]
    fn the_next_session_is_the_first_not_done() {
        let sessions = [1, 2, 3];
        assert_eq!(next_session(&sessions, |s| *s == 1), (1, Some(&2)));
        assert_eq!(next_session(&sessions, |_| true), (3, None));
    }

    #[test]
    fn pacing_is_one_of_two() {
        let input = ProgrammeInput {
            qualification_id: "q".to_owned(),
            title: "T".to_owned(),
            description: String::new(),
            pacing: "weekly".to_owned(),
        };
        assert!(check_programme(&input).is_err());
    }

    #[test]
    fn s3_items_are_taught_by_their_outcome_or_by_name() {
        let items = [
            ("q/o1", "q/ks1"),
            ("q/o1", "q/ks2"),
            ("q/o2", "q/ks3"),
            ("q/o3", "q/ks4"),
        ];
        let none: Vec<(Vec<String>, Vec<String>)> = Vec::new();
        assert_eq!(untaught_items(&items, &none).len(), 4);
        let sessions = vec![
            (vec!["q/o1".to_owned()], vec![]),
            (vec!["q/o3".to_owned()], vec!["q/ks3".to_owned()]),
        ];
        assert_eq!(untaught_items(&items, &sessions), Vec::<&str>::new());
        let sessions = vec![(vec!["q/o2".to_owned()], vec!["q/ks1".to_owned()])];
        assert_eq!(untaught_items(&items, &sessions), ["q/ks2", "q/ks4"]);
    }
}
