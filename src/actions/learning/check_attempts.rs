//! A learner's attempts at a knowledge check: starting, submitting answers (objective questions
//! marked at once, with feedback), the tutor marking short answers, and offering a passed
//! attempt as evidence mapped to criteria of the check's outcome (through the evidence store, as
//! any other item).
//!
//! SQA FX35 35: its outcomes have Knowledge/Skills items and no criteria. Those items are
//! assessed by short-response questions on assessment occasions (S2, S3: sampled, not known in
//! advance), which `actions::occasions` already runs; a check on an SQA outcome stays formative
//! and offering it as evidence is refused with a pointer to the occasions.

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_registration_visible;
use crate::actions::learning::knowledge_checks::{
    ProgrammeRole, entry, questions_of, view as check_view,
};
use crate::domain::ids::{AttemptId, CentreId, KnowledgeCheckId};
use crate::domain::knowledge_check::{
    AnswerInput, AttemptState, MarkedAnswer, Question, mark, mark_short_answer, score,
    state as attempt_state,
};
use crate::store::StoreError;
use crate::store::audit;
use crate::store::knowledge_checks::{self as store, Attempt, KnowledgeCheck};
use crate::store::programmes::{self, Programme};
use crate::store::registrations::{self, Registration};

pub const ALREADY_SUBMITTED: &str = "This attempt has already been submitted, so its answers cannot change. Start a new attempt to try the check again.";

/// The learner on the programme starts an attempt (or gets the one they left open).
pub async fn start(
    state: &AppState,
    actor: &Actor,
    check_id: &KnowledgeCheckId,
) -> Result<Attempt, ActionError> {
    let view = check_view(state, actor, check_id).await?;
    let ProgrammeRole::Member(member) = &view.role else {
        return Err(ActionError::Forbidden);
    };
    if view.questions.is_empty() {
        return Err(ActionError::Conflict(
            "This check has no questions yet.".to_owned(),
        ));
    }
    if let Some(open) = view.attempts.iter().find(|a| a.state == AttemptState::Open) {
        return Ok(open.clone());
    }
    let now = state.clock.naive();
    let attempt = Attempt {
        id: uuid::Uuid::new_v4().to_string(),
        check_id: view.check.id.clone(),
        programme_id: view.programme.id.clone(),
        registration_id: member.registration_id.clone(),
        learner_id: actor.user.id.clone(),
        state: AttemptState::Open,
        answers: "[]".to_owned(),
        questions_right: None,
        started_at: now,
        submitted_at: None,
        marked_by: None,
        marked_at: None,
        evidence_id: None,
    };
    let row = attempt.clone();
    state
        .db
        .write(move |conn| store::insert_attempt(conn, &row))
        .await?;
    Ok(attempt)
}

/// An attempt with what it is an attempt at.
pub struct AttemptView {
    pub attempt: Attempt,
    pub check: KnowledgeCheck,
    pub questions: Vec<Question>,
    pub answers: Vec<MarkedAnswer>,
    pub programme: Programme,
    pub registration: Registration,
    pub learner_name: String,
    /// A tutor or centre administrator of the programme's centre.
    pub is_staff: bool,
}

impl AttemptView {
    pub fn state(&self) -> AttemptState {
        self.attempt.state
    }

    /// The criteria of the check's outcome: (id, text).
    pub fn criteria(&self, state: &AppState) -> Vec<(String, String)> {
        let Some((_, q)) = state
            .curriculum
            .qualification(&self.programme.qualification_id)
        else {
            return Vec::new();
        };
        state
            .curriculum
            .units_of(q)
            .flat_map(|u| u.outcomes.iter())
            .filter(|o| o.id == self.check.outcome_id)
            .flat_map(|o| {
                o.criteria
                    .iter()
                    .map(|c| (c.id.clone(), format!("{} {}", c.number, c.text)))
            })
            .collect()
    }
}

/// The learner, the programme's staff, and whoever may see the learner's registration (their
/// assessor and tutor among them).
pub async fn view(
    state: &AppState,
    actor: &Actor,
    attempt_id: &AttemptId,
) -> Result<AttemptView, ActionError> {
    let key = attempt_id.to_string();
    let loaded = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(attempt) = store::get_attempt(conn, &key)? else {
                return Ok(None);
            };
            let check = store::get_check(conn, &attempt.check_id)?;
            let programme = programmes::get(conn, &attempt.programme_id)?;
            let registration = registrations::find(conn, &attempt.registration_id)?;
            let name = crate::store::people::find_user(conn, &attempt.learner_id)?.map(|u| u.name);
            Ok(Some((attempt, check, programme, registration, name)))
        })
        .await?;
    let missing = || ActionError::NotFound(format!("attempt {attempt_id}"));
    let Some((attempt, Some(check), Some(programme), Some(registration), name)) = loaded else {
        return Err(missing());
    };
    let centre = programme.centre_id.as_str();
    let is_staff = actor.has_role(
        &CentreId::from_stored(centre),
        crate::domain::roles::Role::Tutor,
    ) || actor.has_role(
        &CentreId::from_stored(centre),
        crate::domain::roles::Role::CentreAdmin,
    ) || actor.supports(&CentreId::from_stored(centre));
    if !is_staff {
        require_registration_visible(actor, &registration).map_err(|_| missing())?;
    }
    let answers: Vec<MarkedAnswer> = serde_json::from_str(&attempt.answers)
        .map_err(|e| ActionError::Internal(format!("attempt {attempt_id} answers: {e}")))?;
    Ok(AttemptView {
        questions: questions_of(&check)?,
        answers,
        learner_name: name.unwrap_or_default(),
        attempt,
        check,
        programme,
        registration,
        is_staff,
    })
}

pub(super) fn require_own(actor: &Actor, view: &AttemptView) -> Result<(), ActionError> {
    if view.attempt.learner_id == actor.user.id {
        Ok(())
    } else {
        Err(ActionError::Forbidden)
    }
}

fn saved(answers: &[MarkedAnswer]) -> Result<(String, i32), ActionError> {
    let json = serde_json::to_string(answers).map_err(|e| ActionError::Internal(e.to_string()))?;
    Ok((json, i32::try_from(score(answers).0).unwrap_or(i32::MAX)))
}

/// The learner submits their answers, once: objective questions are marked at once.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    attempt_id: &AttemptId,
    answers: Vec<AnswerInput>,
) -> Result<AttemptView, ActionError> {
    let mut view = view(state, actor, attempt_id).await?;
    require_own(actor, &view)?;
    if view.attempt.state != AttemptState::Open {
        return Err(ActionError::Conflict(ALREADY_SUBMITTED.to_owned()));
    }
    let marked = mark(&view.questions, &answers).map_err(ActionError::Invalid)?;
    let outcome = attempt_state(&marked, view.check.pass_mark);
    let (json, right) = saved(&marked)?;
    let now = state.clock.naive();
    let audit_entry = entry(
        actor,
        &view.programme.centre_id,
        "knowledge_check_submitted",
        ("check_attempt", &view.attempt.id),
        json!({"check_id": view.check.id, "state": outcome.as_str(), "questions_right": right}),
    );
    let (id, code, answers_json) = (view.attempt.id.clone(), outcome, json.clone());
    let done = state
        .db
        .write(move |conn| {
            if !store::submit(conn, &id, code, &answers_json, right, now)? {
                return Ok(false);
            }
            audit::append(conn, audit_entry, now)?;
            Ok::<bool, StoreError>(true)
        })
        .await?;
    if !done {
        return Err(ActionError::Conflict(ALREADY_SUBMITTED.to_owned()));
    }
    view.attempt.state = code;
    view.attempt.answers = json;
    view.attempt.questions_right = Some(right);
    view.attempt.submitted_at = Some(now);
    view.answers = marked;
    Ok(view)
}

/// The tutor marks one short answer right or not, with feedback.
pub async fn mark_answer(
    state: &AppState,
    actor: &Actor,
    attempt_id: &AttemptId,
    question: usize,
    correct: bool,
    feedback: &str,
) -> Result<AttemptView, ActionError> {
    let mut view = view(state, actor, attempt_id).await?;
    if !view.is_staff {
        return Err(ActionError::Forbidden);
    }
    if view.state() != AttemptState::AwaitingTutor {
        return Err(ActionError::Conflict(
            "This attempt has no answers waiting to be marked.".to_owned(),
        ));
    }
    let mut answers = view.answers.clone();
    mark_short_answer(&view.questions, &mut answers, question, correct, feedback)
        .map_err(|e| ActionError::Invalid(vec![e]))?;
    let outcome = attempt_state(&answers, view.check.pass_mark);
    let (json, right) = saved(&answers)?;
    let now = state.clock.naive();
    let audit_entry = entry(
        actor,
        &view.programme.centre_id,
        "knowledge_check_marked",
        ("check_attempt", &view.attempt.id),
        json!({"question": question, "correct": correct, "state": outcome.as_str()}),
    );
    let (before, by, code, answers_json) = (
        view.attempt.clone(),
        actor.user.id.clone(),
        outcome,
        json.clone(),
    );
    let done = state
        .db
        .write(move |conn| {
            if !store::record_marks(conn, &before, code, &answers_json, right, &by, now)? {
                return Ok(false);
            }
            audit::append(conn, audit_entry, now)?;
            Ok::<bool, StoreError>(true)
        })
        .await?;
    if !done {
        return Err(ActionError::Conflict(
            "Someone else marked this attempt while you were working on it. Reload it and check."
                .to_owned(),
        ));
    }
    view.attempt.state = code;
    view.attempt.answers = json;
    view.attempt.questions_right = Some(right);
    view.answers = answers;
    Ok(view)
}

pub use super::check_evidence::offer_as_evidence;
