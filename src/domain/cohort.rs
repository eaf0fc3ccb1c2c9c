//! A cohort's progress through a programme: each member's sessions done and checks passed, who
//! is behind, and which questions most learners miss (so the teaching can change).
//!
//! Behind: a session whose start date has passed is not done, or fewer sessions done than the
//! cohort's median. Questions missed: each learner's first submitted attempt at a check counts
//! once (later attempts show what was taught after); a question counts when it was marked.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::knowledge_check::{AttemptState, MarkedAnswer};

pub struct SessionFact {
    pub id: String,
    pub title: String,
    pub starts_on: Option<NaiveDate>,
}

pub struct MemberFact {
    pub registration_id: String,
    pub learner_name: String,
}

pub struct CheckFact {
    pub id: String,
    pub title: String,
    /// The prompts, in order.
    pub prompts: Vec<String>,
}

/// A submitted attempt, oldest first within a registration and check.
pub struct AttemptFact {
    pub check_id: String,
    pub registration_id: String,
    pub state: AttemptState,
    pub answers: Vec<MarkedAnswer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStanding {
    Passed,
    AwaitingMarking,
    NotYet,
}

impl CheckStanding {
    pub fn label(self) -> &'static str {
        match self {
            Self::Passed => "Passed",
            Self::AwaitingMarking => "Awaiting marking",
            Self::NotYet => "Not yet",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberProgress {
    pub registration_id: String,
    pub learner_name: String,
    pub sessions_done: usize,
    /// Titles of sessions whose start date has passed that are not done.
    pub overdue: Vec<String>,
    /// Each check of the programme, by check id.
    pub checks: BTreeMap<String, CheckStanding>,
    pub behind: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionMisses {
    pub check_id: String,
    pub check_title: String,
    /// Position in the check, from 0.
    pub question: usize,
    pub prompt: String,
    pub wrong: usize,
    pub answered: usize,
    /// Whole percent of learners who answered it wrong.
    pub share_wrong: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cohort {
    pub sessions: usize,
    pub median_sessions_done: f64,
    pub members: Vec<MemberProgress>,
    /// Most missed first.
    pub questions: Vec<QuestionMisses>,
}

fn median(values: &[usize]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2] as f64,
        n => (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0,
    }
}

/// The standing of a registration on a check: passed if any attempt passed, else awaiting
/// marking if any attempt waits, else not yet.
fn standing(attempts: &[&AttemptFact]) -> CheckStanding {
    if attempts.iter().any(|a| a.state == AttemptState::Passed) {
        CheckStanding::Passed
    } else if attempts
        .iter()
        .any(|a| a.state == AttemptState::AwaitingTutor)
    {
        CheckStanding::AwaitingMarking
    } else {
        CheckStanding::NotYet
    }
}

/// The cohort view. `done` holds (session id, registration id) pairs.
pub fn cohort(
    sessions: &[SessionFact],
    members: &[MemberFact],
    done: &BTreeSet<(String, String)>,
    checks: &[CheckFact],
    attempts: &[AttemptFact],
    today: NaiveDate,
) -> Cohort {
    let done_by = |r: &str| {
        sessions
            .iter()
            .filter(|s| done.contains(&(s.id.clone(), r.to_owned())))
            .count()
    };
    let counts: Vec<usize> = members
        .iter()
        .map(|m| done_by(&m.registration_id))
        .collect();
    let mid = median(&counts);
    let members = members
        .iter()
        .zip(&counts)
        .map(|(m, count)| {
            let overdue: Vec<String> = sessions
                .iter()
                .filter(|s| s.starts_on.is_some_and(|d| d < today))
                .filter(|s| !done.contains(&(s.id.clone(), m.registration_id.clone())))
                .map(|s| s.title.clone())
                .collect();
            let checks = checks
                .iter()
                .map(|c| {
                    let mine: Vec<&AttemptFact> = attempts
                        .iter()
                        .filter(|a| a.check_id == c.id && a.registration_id == m.registration_id)
                        .collect();
                    (c.id.clone(), standing(&mine))
                })
                .collect();
            MemberProgress {
                registration_id: m.registration_id.clone(),
                learner_name: m.learner_name.clone(),
                sessions_done: *count,
                behind: !overdue.is_empty() || (*count as f64) < mid,
                overdue,
                checks,
            }
        })
        .collect();
    Cohort {
        sessions: sessions.len(),
        median_sessions_done: mid,
        members,
        questions: misses(checks, attempts),
    }
}

/// Share wrong per question over each learner's first attempt, most missed first.
fn misses(checks: &[CheckFact], attempts: &[AttemptFact]) -> Vec<QuestionMisses> {
    let mut seen = BTreeSet::new();
    let mut tally: BTreeMap<(String, usize), (usize, usize)> = BTreeMap::new();
    for attempt in attempts {
        if !seen.insert((attempt.check_id.clone(), attempt.registration_id.clone())) {
            continue;
        }
        for (i, answer) in attempt.answers.iter().enumerate() {
            let Some(correct) = answer.correct else {
                continue;
            };
            let entry = tally.entry((attempt.check_id.clone(), i)).or_default();
            entry.1 += 1;
            if !correct {
                entry.0 += 1;
            }
        }
    }
    let mut out: Vec<QuestionMisses> = checks
        .iter()
        .flat_map(|c| {
            let tally = &tally;
            c.prompts.iter().enumerate().filter_map(move |(i, prompt)| {
                let (wrong, answered) = tally.get(&(c.id.clone(), i)).copied()?;
                Some(QuestionMisses {
                    check_id: c.id.clone(),
                    check_title: c.title.clone(),
                    question: i,
                    prompt: prompt.clone(),
                    wrong,
                    answered,
                    share_wrong: u32::try_from(wrong * 100 / answered.max(1)).unwrap_or(100),
                })
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (b.wrong * a.answered.max(1))
            .cmp(&(a.wrong * b.answered.max(1)))
            .then(b.wrong.cmp(&a.wrong))
            .then(a.check_title.cmp(&b.check_title))
            .then(a.question.cmp(&b.question))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
    }

    fn answer(correct: Option<bool>) -> MarkedAnswer {
        MarkedAnswer {
            choices: Vec::new(),
            text: String::new(),
            correct,
            feedback: Vec::new(),
        }
    }

    fn attempt(r: &str, state: AttemptState, answers: &[Option<bool>]) -> AttemptFact {
        AttemptFact {
            check_id: "c".to_owned(),
            registration_id: r.to_owned(),
            state,
            answers: answers.iter().map(|c| answer(*c)).collect(),
        }
    }

    fn facts() -> Cohort {
        let sessions: Vec<SessionFact> =
            [("s1", Some(day(1))), ("s2", Some(day(10))), ("s3", None)]
                .into_iter()
                .map(|(id, starts_on)| SessionFact {
                    id: id.to_owned(),
                    title: id.to_uppercase(),
                    starts_on,
                })
                .collect();
        let members: Vec<MemberFact> = ["a", "b", "c"]
            .into_iter()
            .map(|r| MemberFact {
                registration_id: r.to_owned(),
                learner_name: r.to_uppercase(),
            })
            .collect();
        let done: BTreeSet<(String, String)> = [
            ("s1", "a"),
            ("s2", "a"),
            ("s3", "a"),
            ("s1", "b"),
            ("s2", "b"),
        ]
        .into_iter()
        .map(|(s, r)| (s.to_owned(), r.to_owned()))
        .collect();
        let checks = vec![CheckFact {
            id: "c".to_owned(),
            title: "Values".to_owned(),
            prompts: vec!["Q1".to_owned(), "Q2".to_owned()],
        }];
        let attempts = vec![
            attempt("a", AttemptState::NotPassed, &[Some(true), Some(false)]),
            attempt("a", AttemptState::Passed, &[Some(true), Some(true)]),
            attempt("b", AttemptState::AwaitingTutor, &[Some(false), None]),
        ];
        cohort(&sessions, &members, &done, &checks, &attempts, day(5))
    }

    #[test]
    fn behind_means_a_started_session_not_done_or_below_the_median() {
        let c = facts();
        assert_eq!(c.median_sessions_done, 2.0);
        let behind: Vec<(&str, bool, usize)> = c
            .members
            .iter()
            .map(|m| (m.registration_id.as_str(), m.behind, m.overdue.len()))
            .collect();
        assert_eq!(
            behind,
            vec![("a", false, 0), ("b", false, 0), ("c", true, 1)]
        );
    }

    #[test]
    fn each_check_is_passed_awaiting_marking_or_not_yet() {
        let c = facts();
        let standings: Vec<CheckStanding> = c.members.iter().map(|m| m.checks["c"]).collect();
        assert_eq!(
            standings,
            vec![
                CheckStanding::Passed,
                CheckStanding::AwaitingMarking,
                CheckStanding::NotYet
            ]
        );
    }

    #[test]
    fn the_most_missed_question_comes_first_counting_first_attempts_only() {
        let c = facts();
        let shares: Vec<(usize, usize, usize, u32)> = c
            .questions
            .iter()
            .map(|q| (q.question, q.wrong, q.answered, q.share_wrong))
            .collect();
        // Q2: a missed it on the first attempt (b's is not marked yet); Q1: b missed it.
        assert_eq!(shares, vec![(1, 1, 1, 100), (0, 1, 2, 50)]);
    }
}
