//! Knowledge checks on a programme: tutors (and centre administrators) write them per outcome of
//! the programme's qualification; the programme's members see and take them. Who the caller is
//! to a programme is decided here once (`programme_role`).

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::domain::ids::{CentreId, KnowledgeCheckId, ProgrammeId, QualificationId};
use crate::domain::knowledge_check::{
    Question, QuestionInput, parse_heading, parse_question, parse_questions,
};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::StoreError;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::knowledge_checks::{self as store, Attempt, KnowledgeCheck};
use crate::store::programmes::{self, Member, Programme};

/// Who the caller is to a programme.
#[derive(Debug, Clone)]
pub enum ProgrammeRole {
    /// A tutor or centre administrator of its centre (or the platform administrator).
    Staff,
    /// A learner on it.
    Member(Member),
}

/// Staff, then members; other people of the centre get 403, anyone else (a learner not on the
/// programme included) 404.
pub fn programme_role(
    actor: &Actor,
    programme: &Programme,
    membership: Option<Member>,
) -> Result<ProgrammeRole, ActionError> {
    let centre = programme.centre_id.as_str();
    if actor.has_role(&CentreId::from_stored(centre), Role::Tutor)
        || actor.has_role(&CentreId::from_stored(centre), Role::CentreAdmin)
        || actor.supports(&CentreId::from_stored(centre))
    {
        return Ok(ProgrammeRole::Staff);
    }
    if let Some(member) = membership {
        return Ok(ProgrammeRole::Member(member));
    }
    let staff_here = actor
        .roles_at(&CentreId::from_stored(centre))
        .iter()
        .any(|r| *r != Role::Learner);
    if staff_here {
        Err(ActionError::Forbidden)
    } else {
        Err(ActionError::NotFound(format!("programme {}", programme.id)))
    }
}

/// The programme and the caller's membership of it, read together.
pub async fn load_programme(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
) -> Result<(Programme, ProgrammeRole), ActionError> {
    let (key, me) = (programme_id.to_string(), actor.user.id.clone());
    let loaded = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(programme) = programmes::get(conn, &key)? else {
                return Ok(None);
            };
            let member = programmes::member_of(conn, &key, &me)?;
            Ok(Some((programme, member)))
        })
        .await?;
    let (programme, member) =
        loaded.ok_or_else(|| ActionError::NotFound(format!("programme {programme_id}")))?;
    let role = programme_role(actor, &programme, member)?;
    Ok((programme, role))
}

pub fn require_staff(role: &ProgrammeRole) -> Result<(), ActionError> {
    match role {
        ProgrammeRole::Staff => Ok(()),
        ProgrammeRole::Member(_) => Err(ActionError::Forbidden),
    }
}

pub fn questions_of(check: &KnowledgeCheck) -> Result<Vec<Question>, ActionError> {
    serde_json::from_str(&check.questions)
        .map_err(|e| ActionError::Internal(format!("check {} questions: {e}", check.id)))
}

pub(super) fn entry(
    actor: &Actor,
    centre_id: &str,
    action: &str,
    record: (&str, &str),
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(centre_id.to_string()),
        action: action.to_owned(),
        record_type: record.0.to_owned(),
        record_id: record.1.to_owned(),
        reason: None,
        details,
    }
}

/// A check as the tutor writes it.
#[derive(Debug, Clone, Default)]
pub struct CheckInput {
    pub title: String,
    pub outcome_id: String,
    /// Percent, as typed.
    pub pass_mark: String,
    pub questions: Vec<QuestionInput>,
}

/// The outcomes of the programme's qualification: (id, "Unit … outcome n: text").
pub fn outcomes_of(state: &AppState, qualification_id: &QualificationId) -> Vec<(String, String)> {
    let Some((_, q)) = state.curriculum.qualification(qualification_id) else {
        return Vec::new();
    };
    state
        .curriculum
        .units_of(q)
        .flat_map(|unit| {
            unit.outcomes.iter().map(move |o| {
                (
                    o.id.clone(),
                    format!("{} outcome {}: {}", unit.title, o.number, o.text),
                )
            })
        })
        .collect()
}

/// A programme's checks, for staff and its members.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
) -> Result<(Programme, ProgrammeRole, Vec<KnowledgeCheck>), ActionError> {
    let (programme, role) = load_programme(state, actor, programme_id).await?;
    let key = programme.id.clone();
    let checks = state
        .db
        .run(move |conn| store::checks_of(conn, &key))
        .await?;
    Ok((programme, role, checks))
}

/// A tutor writes a check on one outcome of the programme's qualification.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
    input: CheckInput,
) -> Result<KnowledgeCheck, ActionError> {
    let (programme, role) = load_programme(state, actor, programme_id).await?;
    require_staff(&role)?;
    let mut errors = Vec::new();
    let heading = parse_heading(&input.title, &input.pass_mark).map_err(|e| errors.extend(e));
    let outcome_id = input.outcome_id.trim().to_owned();
    if !outcomes_of(
        state,
        &QualificationId::from_stored(programme.qualification_id.as_str()),
    )
    .iter()
    .any(|(id, _)| *id == outcome_id)
    {
        errors.push(FieldError::new(
            "outcome_id",
            "Choose an outcome of the programme's qualification",
        ));
    }
    let questions = parse_questions(&input.questions).map_err(|e| errors.extend(e));
    let (Ok((title, pass_mark)), Ok(questions), true) = (heading, questions, errors.is_empty())
    else {
        return Err(ActionError::Invalid(errors));
    };
    let now = state.clock.naive();
    let check = KnowledgeCheck {
        id: uuid::Uuid::new_v4().to_string(),
        programme_id: programme.id.clone(),
        outcome_id,
        title,
        pass_mark,
        questions: serde_json::to_string(&questions)
            .map_err(|e| ActionError::Internal(e.to_string()))?,
        created_by: actor.user.id.clone(),
        created_at: now,
        updated_at: now,
    };
    let audit_entry = entry(
        actor,
        &programme.centre_id,
        "knowledge_check_written",
        ("knowledge_check", &check.id),
        json!({"programme_id": programme.id, "outcome_id": check.outcome_id, "questions": questions.len()}),
    );
    let row = check.clone();
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            store::insert_check(conn, &row)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(check)
}

/// One check with its programme and the caller's part in it; members also get their attempts.
pub struct CheckView {
    pub programme: Programme,
    pub role: ProgrammeRole,
    pub check: KnowledgeCheck,
    pub questions: Vec<Question>,
    pub attempts: Vec<Attempt>,
}

pub async fn view(
    state: &AppState,
    actor: &Actor,
    check_id: &KnowledgeCheckId,
) -> Result<CheckView, ActionError> {
    let key = check_id.to_string();
    let check = state
        .db
        .run(move |conn| store::get_check(conn, &key))
        .await?
        .ok_or_else(|| ActionError::NotFound(format!("knowledge check {check_id}")))?;
    let (programme, role) = load_programme(
        state,
        actor,
        &ProgrammeId::from_stored(check.programme_id.clone()),
    )
    .await
    .map_err(|e| match e {
        ActionError::NotFound(_) => ActionError::NotFound(format!("knowledge check {check_id}")),
        other => other,
    })?;
    let attempts = match &role {
        ProgrammeRole::Member(m) => {
            let (key, learner) = (check.id.clone(), m.learner_id.clone());
            state
                .db
                .run(move |conn| store::attempts_of(conn, &key, &learner))
                .await?
        }
        ProgrammeRole::Staff => Vec::new(),
    };
    Ok(CheckView {
        questions: questions_of(&check)?,
        programme,
        role,
        check,
        attempts,
    })
}

/// A tutor adds a question; refused once anyone has started the check (its attempts are marked
/// against the questions as they were).
pub async fn add_question(
    state: &AppState,
    actor: &Actor,
    check_id: &KnowledgeCheckId,
    input: QuestionInput,
) -> Result<KnowledgeCheck, ActionError> {
    let view = view(state, actor, check_id).await?;
    require_staff(&view.role)?;
    let question = parse_question("", &input).map_err(ActionError::Invalid)?;
    let mut questions = view.questions;
    if questions.len() >= crate::domain::knowledge_check::MAX_QUESTIONS {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "prompt",
            "This check already has as many questions as a check may have",
        )]));
    }
    questions.push(question);
    let json =
        serde_json::to_string(&questions).map_err(|e| ActionError::Internal(e.to_string()))?;
    let now = state.clock.naive();
    let audit_entry = entry(
        actor,
        &view.programme.centre_id,
        "knowledge_check_question_added",
        ("knowledge_check", &view.check.id),
        json!({"questions": questions.len()}),
    );
    let (id, saved) = (view.check.id.clone(), json.clone());
    let added = state
        .db
        .write(move |conn| {
            if !store::set_questions(conn, &id, &saved, now)? {
                return Ok(false);
            }
            audit::append(conn, audit_entry, now)?;
            Ok::<bool, StoreError>(true)
        })
        .await?;
    if !added {
        return Err(ActionError::Conflict(
            "Learners have already started this check, so its questions cannot change. Write a new check instead.".to_owned(),
        ));
    }
    let mut check = view.check;
    check.questions = json;
    check.updated_at = now;
    Ok(check)
}
