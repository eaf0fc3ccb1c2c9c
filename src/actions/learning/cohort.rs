//! The cohort view for a programme's tutors and centre administrators: each member's progress
//! through the sessions and the checks, who is behind, which questions most learners miss; and
//! the tutor's marking queue (attempts with short answers waiting).

use std::collections::BTreeSet;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::learning::knowledge_checks::{load_programme, questions_of, require_staff};
use crate::domain::cohort::{AttemptFact, CheckFact, Cohort, MemberFact, SessionFact, cohort};
use crate::domain::ids::ProgrammeId;
use crate::domain::knowledge_check::{AttemptState, MarkedAnswer};
use crate::store::knowledge_checks::{self as store, Attempt, KnowledgeCheck};
use crate::store::programmes::{self, Programme};

pub struct CohortView {
    pub programme: Programme,
    pub checks: Vec<KnowledgeCheck>,
    pub cohort: Cohort,
    /// Submitted attempts waiting for the tutor, with the learner's name.
    pub awaiting: Vec<(Attempt, String)>,
}

/// The submitted attempts as facts for the cohort, and those waiting for the tutor.
fn attempt_facts(attempts: Vec<(Attempt, String)>) -> Result<AttemptFacts, ActionError> {
    let mut facts = Vec::new();
    let mut awaiting = Vec::new();
    for (attempt, name) in attempts {
        let state = attempt.state;
        if state == AttemptState::Open {
            continue;
        }
        let answers: Vec<MarkedAnswer> = serde_json::from_str(&attempt.answers)
            .map_err(|e| ActionError::Internal(format!("attempt {} answers: {e}", attempt.id)))?;
        facts.push(AttemptFact {
            check_id: attempt.check_id.clone(),
            registration_id: attempt.registration_id.clone(),
            state,
            answers,
        });
        if state == AttemptState::AwaitingTutor {
            awaiting.push((attempt, name));
        }
    }
    Ok((facts, awaiting))
}

type AttemptFacts = (Vec<AttemptFact>, Vec<(Attempt, String)>);

pub async fn view(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
) -> Result<CohortView, ActionError> {
    let (programme, role) = load_programme(state, actor, programme_id).await?;
    require_staff(&role)?;
    let key = programme.id.clone();
    let (sessions, members, progress, checks, attempts) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            Ok((
                programmes::sessions_of(conn, &key)?,
                programmes::members_of(conn, &key)?,
                programmes::progress_of(conn, &key)?,
                store::checks_of(conn, &key)?,
                store::submitted_on(conn, &key)?,
            ))
        })
        .await?;
    let sessions: Vec<SessionFact> = sessions
        .into_iter()
        .map(|s| SessionFact {
            id: s.id,
            title: s.title,
            starts_on: s.starts_on,
        })
        .collect();
    let members: Vec<MemberFact> = members
        .into_iter()
        .map(|(m, name)| MemberFact {
            registration_id: m.registration_id,
            learner_name: name,
        })
        .collect();
    let done: BTreeSet<(String, String)> = progress
        .into_iter()
        .map(|p| (p.session_id, p.registration_id))
        .collect();
    let mut check_facts = Vec::new();
    for c in &checks {
        check_facts.push(CheckFact {
            id: c.id.clone(),
            title: c.title.clone(),
            prompts: questions_of(c)?.into_iter().map(|q| q.prompt).collect(),
        });
    }
    let (facts, awaiting) = attempt_facts(attempts)?;
    let today = state.clock.now().date_naive();
    Ok(CohortView {
        cohort: cohort(&sessions, &members, &done, &check_facts, &facts, today),
        programme,
        checks,
        awaiting,
    })
}
