//! Learning programmes. A centre's tutors and centre administrators build a programme for a
//! qualification (sessions in order, each linked to outcomes and criteria of it, dated or
//! self-paced) and add learners registered on that qualification at the centre. Learners on it
//! see where they are and mark sessions done; anyone else answers 404 (other staff: 403).

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::curriculum::Curriculum;
use crate::domain::ids::{
    CentreId, ProgrammeId, ProgrammeSessionId, QualificationId, RegistrationId,
};
use crate::domain::people::FieldError;
use crate::domain::programme::{Linkable, ProgrammeInput, check_programme, untaught_items};
use crate::domain::roles::Role;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::programmes::{self as store, Member, Programme, Progress, Session};
use crate::store::{DbConnection, StoreError};

pub const READERS: &[Role] = &[Role::CentreAdmin, Role::Tutor, Role::Learner];
pub const BUILDERS: &[Role] = &[Role::CentreAdmin, Role::Tutor];

/// The outcomes and criteria of a qualification's units (`None`: not in the curriculum).
pub fn linkable(curriculum: &Curriculum, qualification_id: &QualificationId) -> Option<Linkable> {
    let (_, q) = curriculum.qualification(qualification_id)?;
    let mut out = Linkable::default();
    for unit in curriculum.units_of(q) {
        for o in &unit.outcomes {
            out.outcomes.insert(o.id.clone());
            out.criteria.extend(o.criteria.iter().map(|c| c.id.clone()));
            out.criteria
                .extend(o.knowledge_skills.iter().map(|k| k.id.clone()));
        }
        out.criteria
            .extend(unit.evidence_requirements.iter().map(|e| e.id.clone()));
    }
    Some(out)
}

/// An audit entry by the caller about a programme.
pub fn audit_entry(
    actor: &Actor,
    centre_id: &CentreId,
    action: &str,
    record: (&str, &str),
    details: Value,
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

pub(super) fn builds(actor: &Actor, centre_id: &str) -> bool {
    actor.supports(&CentreId::from_stored(centre_id))
        || BUILDERS
            .iter()
            .any(|role| actor.has_role(&CentreId::from_stored(centre_id), *role))
}

/// A programme as the caller sees it.
pub struct ProgrammeView {
    pub programme: Programme,
    pub sessions: Vec<Session>,
    /// Members with their names (staff only; a learner sees only themselves).
    pub members: Vec<(Member, String)>,
    pub progress: Vec<Progress>,
    /// True for the centre's tutors and administrators (and the platform administrator).
    pub staff: bool,
    /// The caller's membership, when they are a learner on it.
    pub me: Option<Member>,
    /// S3: the Knowledge and/or Skills items no session teaches yet (staff only; empty for
    /// qualifications without them).
    pub untaught: Vec<Untaught>,
}

/// A Knowledge and/or Skills item no session of the programme teaches yet, in the
/// specification's words.
#[derive(Debug, Clone)]
pub struct Untaught {
    pub id: String,
    pub outcome_number: u32,
    pub number: u32,
    pub text: String,
}

/// S3: the items of the programme's qualification that none of its sessions teaches.
fn untaught(
    curriculum: &Curriculum,
    qualification_id: &QualificationId,
    sessions: &[Session],
) -> Vec<Untaught> {
    let Some((_, q)) = curriculum.qualification(qualification_id) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    let mut words = std::collections::BTreeMap::new();
    for unit in curriculum.units_of(q) {
        for o in &unit.outcomes {
            for k in &o.knowledge_skills {
                items.push((o.id.as_str(), k.id.as_str()));
                words.insert(k.id.as_str(), (o.number, k));
            }
        }
    }
    let links: Vec<(Vec<String>, Vec<String>)> = sessions
        .iter()
        .map(|s| (s.outcome_ids.0.clone(), s.criterion_ids.0.clone()))
        .collect();
    untaught_items(&items, &links)
        .into_iter()
        .filter_map(|id| words.get(id))
        .map(|(outcome_number, k)| Untaught {
            id: k.id.clone(),
            outcome_number: *outcome_number,
            number: k.number,
            text: k.text.clone(),
        })
        .collect()
}

impl ProgrammeView {
    pub fn done(&self, session_id: &ProgrammeSessionId, registration_id: &RegistrationId) -> bool {
        self.progress
            .iter()
            .any(|p| p.session_id == *session_id && p.registration_id == *registration_id)
    }
}

/// The programme, if the caller may see it: the centre's tutors and administrators, and its
/// learners; other staff of the centre 403, everyone else (a learner not on it too) 404.
pub async fn visible(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
) -> Result<(Programme, bool, Option<Member>), ActionError> {
    let (key, me) = (programme_id.to_string(), actor.user.id.clone());
    let (programme, member) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let p = store::get(conn, &key)?;
            let m = match &p {
                Some(p) => store::member_of(conn, &p.id, &me)?,
                None => None,
            };
            Ok((p, m))
        })
        .await?;
    let not_found = || ActionError::NotFound(format!("programme {programme_id}"));
    let programme = programme.ok_or_else(not_found)?;
    require_centre_role(
        actor,
        &CentreId::from_stored(programme.centre_id.as_str()),
        READERS,
    )?;
    if builds(actor, &programme.centre_id) {
        return Ok((programme, true, member));
    }
    match member {
        Some(m) => Ok((programme, false, Some(m))),
        None => Err(not_found()),
    }
}

pub(super) async fn buildable(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
) -> Result<Programme, ActionError> {
    let (programme, staff, _) = visible(state, actor, programme_id).await?;
    if staff {
        Ok(programme)
    } else {
        Err(ActionError::Forbidden)
    }
}

/// A centre's programmes (its tutors and administrators: all; a learner: theirs).
pub async fn list(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Vec<Programme>, ActionError> {
    require_centre_role(actor, centre_id, READERS)?;
    let (centre, me, staff) = (
        centre_id.to_string(),
        actor.user.id.clone(),
        builds(actor, centre_id),
    );
    Ok(state
        .db
        .run(move |conn| {
            if staff {
                return store::of_centre(conn, &centre);
            }
            Ok(store::of_learner(conn, &me)?
                .into_iter()
                .map(|(p, _)| p)
                .filter(|p| p.centre_id == centre)
                .collect())
        })
        .await?)
}

/// Build a programme for a qualification at the centre.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: ProgrammeInput,
) -> Result<Programme, ActionError> {
    require_centre_role(actor, centre_id, BUILDERS)?;
    let mut errors = check_programme(&input).err().unwrap_or_default();
    if state
        .curriculum
        .qualification(&input.qualification_id)
        .is_none()
    {
        errors.push(FieldError::new(
            "qualification_id",
            "Choose a qualification from the curriculum",
        ));
    }
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    let now = state.clock.naive();
    let programme = Programme {
        id: uuid::Uuid::new_v4().to_string(),
        centre_id: centre_id.to_string(),
        qualification_id: input.qualification_id,
        title: input.title.trim().to_owned(),
        description: input.description.trim().to_owned(),
        pacing: input.pacing,
        created_by: actor.user.id.clone(),
        created_at: now,
        updated_at: now,
    };
    let saved = programme.clone();
    let entry = audit_entry(
        actor,
        centre_id,
        "programme_created",
        ("programme", &programme.id),
        json!({"qualification_id": programme.qualification_id, "title": programme.title}),
    );
    state
        .db
        .write(move |conn| {
            store::insert(conn, &saved)?;
            audit::append(conn, entry, now)
        })
        .await?;
    Ok(programme)
}

/// Everything about a programme the caller may see.
pub async fn detail(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
) -> Result<ProgrammeView, ActionError> {
    let (programme, staff, me) = visible(state, actor, programme_id).await?;
    let id = programme.id.clone();
    let (sessions, members, progress) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            Ok((
                store::sessions_of(conn, &id)?,
                store::members_of(conn, &id)?,
                store::progress_of(conn, &id)?,
            ))
        })
        .await?;
    let (members, progress) = match &me {
        Some(m) if !staff => (
            members.into_iter().filter(|(x, _)| x.id == m.id).collect(),
            progress
                .into_iter()
                .filter(|p| p.registration_id == m.registration_id)
                .collect(),
        ),
        _ => (members, progress),
    };
    let untaught = if staff {
        untaught(
            &state.curriculum,
            &QualificationId::from_stored(programme.qualification_id.as_str()),
            &sessions,
        )
    } else {
        Vec::new()
    };
    Ok(ProgrammeView {
        programme,
        sessions,
        members,
        progress,
        staff,
        me,
        untaught,
    })
}

/// The programmes a registration is on (for its tracker and hours pages).
pub fn of_registration(
    conn: &mut DbConnection,
    registration_id: &RegistrationId,
) -> Result<Vec<Programme>, StoreError> {
    store::of_registration(conn, registration_id)
}

/// Every outcome id of a qualification.
pub fn outcomes_of(
    curriculum: &Curriculum,
    qualification_id: &QualificationId,
) -> BTreeSet<String> {
    linkable(curriculum, qualification_id)
        .map(|l| l.outcomes)
        .unwrap_or_default()
}

mod members;
mod sessions;

pub use members::{add_member, candidates, mark_done, member_param};
pub use sessions::{add_session, edit_session, move_session};
