//! Learning programmes: what building one takes, and a programme, its sessions and members as
//! they are answered.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use crate::actions::learning::programmes::ProgrammeView;
use crate::domain::ids::{ProgrammeSessionId, RegistrationId};
use crate::domain::programme::{ProgrammeInput, SessionInput, next_session};
use crate::store::programmes::{Member, Programme, Progress, Session};

/// A programme as sent: `POST /api/v1/centres/{centre_id}/programmes`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ProgrammeRequest {
    /// A qualification the centre offers.
    pub qualification_id: String,
    pub title: String,
    pub description: String,
    /// `scheduled` or `self_paced`.
    #[schema(example = "self_paced")]
    pub pacing: String,
}

impl From<ProgrammeRequest> for ProgrammeInput {
    fn from(r: ProgrammeRequest) -> Self {
        Self {
            qualification_id: r.qualification_id,
            title: r.title,
            description: r.description,
            pacing: r.pacing,
        }
    }
}

/// A session as sent (added or changed).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ProgrammeSessionRequest {
    pub title: String,
    pub summary: String,
    /// Outcomes of the programme's qualification.
    pub outcome_ids: Vec<String>,
    /// Criteria, Knowledge/Skills items or Evidence Requirements of the qualification.
    pub criterion_ids: Vec<String>,
    /// `YYYY-MM-DD`, or empty or null for a self-paced session.
    #[schema(example = "2025-09-01")]
    pub starts_on: Option<String>,
}

impl From<ProgrammeSessionRequest> for SessionInput {
    fn from(r: ProgrammeSessionRequest) -> Self {
        Self {
            title: r.title,
            summary: r.summary,
            outcome_ids: r.outcome_ids,
            criterion_ids: r.criterion_ids,
            starts_on: r.starts_on,
        }
    }
}

/// Which way a session moves.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ProgrammeSessionMove {
    /// `up` or `down`.
    #[schema(example = "up")]
    pub direction: String,
}

/// A learner to add to a programme.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ProgrammeMemberRequest {
    /// A registration on the programme's qualification at its centre.
    pub registration_id: String,
}

/// A learning programme.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeOut {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub title: String,
    pub description: String,
    /// `scheduled` or `self_paced`.
    #[schema(example = "self_paced")]
    pub pacing: String,
    pub created_by: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
}

impl From<&Programme> for ProgrammeOut {
    fn from(p: &Programme) -> Self {
        Self {
            id: p.id.clone(),
            centre_id: p.centre_id.clone(),
            qualification_id: p.qualification_id.clone(),
            title: p.title.clone(),
            description: p.description.clone(),
            pacing: p.pacing.clone(),
            created_by: p.created_by.clone(),
            created_at: rfc3339(p.created_at),
            updated_at: rfc3339(p.updated_at),
        }
    }
}

/// The programmes the caller may see.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeList {
    pub programmes: Vec<ProgrammeOut>,
}

impl ProgrammeList {
    pub fn new(programmes: &[Programme]) -> Self {
        Self {
            programmes: programmes.iter().map(ProgrammeOut::from).collect(),
        }
    }
}

/// A session of a programme, in its place.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeSession {
    pub id: String,
    /// The session's place in the programme's order.
    pub position: i32,
    pub title: String,
    pub summary: String,
    pub outcome_ids: Vec<String>,
    pub criterion_ids: Vec<String>,
    /// A scheduled session's date; null when self-paced.
    pub starts_on: Option<NaiveDate>,
    /// Whether the calling learner has done it (only in a programme read by a learner on it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
}

impl From<&Session> for ProgrammeSession {
    fn from(s: &Session) -> Self {
        Self {
            id: s.id.clone(),
            position: s.position,
            title: s.title.clone(),
            summary: s.summary.clone(),
            outcome_ids: s.outcome_ids.0.clone(),
            criterion_ids: s.criterion_ids.0.clone(),
            starts_on: s.starts_on,
            done: None,
        }
    }
}

/// A member of the programme and where they are (staff see every member).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeMemberProgress {
    pub registration_id: String,
    pub learner_id: String,
    pub name: String,
    /// RFC 3339.
    pub joined_at: String,
    pub sessions_done: usize,
    /// The first session not done; null when all are.
    pub next_session_id: Option<String>,
}

/// Where the calling learner is in the programme.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeMine {
    pub registration_id: String,
    pub sessions_done: usize,
    /// The first session not done; null when all are.
    pub next_session: Option<ProgrammeSession>,
}

/// S3: a Knowledge and/or Skills item that no session of the programme teaches yet.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UntaughtItem {
    pub item_id: String,
    /// The number of the outcome the item belongs to.
    pub outcome_number: u32,
    pub number: u32,
    /// The specification's words.
    pub text: String,
}

/// A programme with its sessions in order, its members, and (for a learner on it) their place.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeDetail {
    #[serde(flatten)]
    pub programme: ProgrammeOut,
    pub sessions: Vec<ProgrammeSession>,
    pub members: Vec<ProgrammeMemberProgress>,
    /// S3 (staff only): the Knowledge and/or Skills items no session teaches yet; every item must
    /// be taught, since any may be sampled on an assessment occasion. Empty for a qualification
    /// without them.
    pub untaught_items: Vec<UntaughtItem>,
    /// Only when the caller is a learner on the programme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub me: Option<ProgrammeMine>,
}

/// Whether a member of the programme has done one of its sessions.
fn has_done(v: &ProgrammeView, session: &Session, member: &Member) -> bool {
    v.done(
        &ProgrammeSessionId::from_stored(session.id.as_str()),
        &RegistrationId::from_stored(member.registration_id.as_str()),
    )
}

impl From<&ProgrammeView> for ProgrammeDetail {
    fn from(v: &ProgrammeView) -> Self {
        let done_by = |member: &Member| next_session(&v.sessions, |s| has_done(v, s, member));
        let members = v
            .members
            .iter()
            .map(|(m, name)| {
                let (done, next) = done_by(m);
                ProgrammeMemberProgress {
                    registration_id: m.registration_id.clone(),
                    learner_id: m.learner_id.clone(),
                    name: name.clone(),
                    joined_at: rfc3339(m.joined_at),
                    sessions_done: done,
                    next_session_id: next.map(|s| s.id.clone()),
                }
            })
            .collect();
        let sessions = v
            .sessions
            .iter()
            .map(|s| ProgrammeSession {
                done: v.me.as_ref().map(|me| has_done(v, s, me)),
                ..ProgrammeSession::from(s)
            })
            .collect();
        let me = v.me.as_ref().map(|me| {
            let (done, next) = done_by(me);
            ProgrammeMine {
                registration_id: me.registration_id.clone(),
                sessions_done: done,
                next_session: next.map(ProgrammeSession::from),
            }
        });
        Self {
            programme: ProgrammeOut::from(&v.programme),
            sessions,
            members,
            untaught_items: v
                .untaught
                .iter()
                .map(|u| UntaughtItem {
                    item_id: u.id.clone(),
                    outcome_number: u.outcome_number,
                    number: u.number,
                    text: u.text.clone(),
                })
                .collect(),
            me,
        }
    }
}

/// A learner added to a programme.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeMembership {
    pub registration_id: String,
    pub learner_id: String,
    /// RFC 3339.
    pub joined_at: String,
}

impl From<&Member> for ProgrammeMembership {
    fn from(m: &Member) -> Self {
        Self {
            registration_id: m.registration_id.clone(),
            learner_id: m.learner_id.clone(),
            joined_at: rfc3339(m.joined_at),
        }
    }
}

/// A session marked done by the learner.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeSessionDone {
    pub session_id: String,
    /// RFC 3339.
    pub completed_at: String,
}

impl From<&Progress> for ProgrammeSessionDone {
    fn from(p: &Progress) -> Self {
        Self {
            session_id: p.session_id.clone(),
            completed_at: rfc3339(p.completed_at),
        }
    }
}
