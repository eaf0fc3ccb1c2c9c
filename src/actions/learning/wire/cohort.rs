//! The cohort view of a programme as its tutors read it: each member's progress, who is behind,
//! the questions most learners miss, and the marking queue.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::checks::CheckAttemptSummary;
use crate::actions::learning::cohort::CohortView;
use crate::domain::cohort::{CheckStanding, MemberProgress, QuestionMisses};

/// Where a member stands on one check.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CohortCheckStanding {
    Passed,
    AwaitingMarking,
    NotYet,
}

impl From<CheckStanding> for CohortCheckStanding {
    fn from(s: CheckStanding) -> Self {
        match s {
            CheckStanding::Passed => Self::Passed,
            CheckStanding::AwaitingMarking => Self::AwaitingMarking,
            CheckStanding::NotYet => Self::NotYet,
        }
    }
}

/// A check of the programme, in brief.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CohortCheck {
    pub id: String,
    pub title: String,
    pub outcome_id: String,
}

/// One member's progress.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CohortMember {
    pub registration_id: String,
    pub learner_name: String,
    pub sessions_done: usize,
    /// Titles of sessions whose start date has passed that are not done.
    pub overdue: Vec<String>,
    /// Each check of the programme, by check id.
    pub checks: BTreeMap<String, CohortCheckStanding>,
    pub behind: bool,
}

impl From<&MemberProgress> for CohortMember {
    fn from(m: &MemberProgress) -> Self {
        Self {
            registration_id: m.registration_id.clone(),
            learner_name: m.learner_name.clone(),
            sessions_done: m.sessions_done,
            overdue: m.overdue.clone(),
            checks: m
                .checks
                .iter()
                .map(|(id, s)| (id.clone(), CohortCheckStanding::from(*s)))
                .collect(),
            behind: m.behind,
        }
    }
}

/// How many learners missed a question (each learner's first submitted attempt).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CohortQuestion {
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

impl From<&QuestionMisses> for CohortQuestion {
    fn from(q: &QuestionMisses) -> Self {
        Self {
            check_id: q.check_id.clone(),
            check_title: q.check_title.clone(),
            question: q.question,
            prompt: q.prompt.clone(),
            wrong: q.wrong,
            answered: q.answered,
            share_wrong: q.share_wrong,
        }
    }
}

/// An attempt waiting for the tutor's marks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CohortAwaitingAttempt {
    #[serde(flatten)]
    pub attempt: CheckAttemptSummary,
    pub learner_name: String,
}

/// A programme's cohort.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeCohort {
    pub programme_id: String,
    /// How many sessions the programme has.
    pub sessions: usize,
    pub median_sessions_done: f64,
    pub checks: Vec<CohortCheck>,
    pub members: Vec<CohortMember>,
    /// The registrations of the members who are behind.
    pub behind: Vec<String>,
    /// Most missed first.
    pub questions: Vec<CohortQuestion>,
    pub awaiting_marking: Vec<CohortAwaitingAttempt>,
}

impl From<&CohortView> for ProgrammeCohort {
    fn from(view: &CohortView) -> Self {
        let c = &view.cohort;
        Self {
            programme_id: view.programme.id.clone(),
            sessions: c.sessions,
            median_sessions_done: c.median_sessions_done,
            checks: view
                .checks
                .iter()
                .map(|k| CohortCheck {
                    id: k.id.clone(),
                    title: k.title.clone(),
                    outcome_id: k.outcome_id.clone(),
                })
                .collect(),
            members: c.members.iter().map(CohortMember::from).collect(),
            behind: c
                .members
                .iter()
                .filter(|m| m.behind)
                .map(|m| m.registration_id.clone())
                .collect(),
            questions: c.questions.iter().map(CohortQuestion::from).collect(),
            awaiting_marking: view
                .awaiting
                .iter()
                .map(|(a, name)| CohortAwaitingAttempt {
                    attempt: CheckAttemptSummary::from(a),
                    learner_name: name.clone(),
                })
                .collect(),
        }
    }
}
