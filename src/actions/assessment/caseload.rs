//! The caseload: the learners a member of staff works with (as assessor, tutor or IQA; a centre
//! administrator sees their whole centre), each with progress, last activity and what waits.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::curriculum::Curriculum;
use crate::domain::evidence::EvidenceStatus;
use crate::domain::ids::CentreId;
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;
use crate::domain::tracker::{EvidenceSummary, progress};
use crate::store::evidence::EvidenceBrief;
use crate::store::registrations::Registration;
use crate::store::{DbConnection, StoreError, evidence, registrations};

#[derive(Debug, Clone, Serialize)]
pub struct CaseloadRow {
    pub registration_id: String,
    pub learner_name: String,
    pub qualification_id: String,
    pub percent_evidenced: u8,
    pub last_activity: Option<String>,
    /// Submitted evidence waiting for the assessor's judgement.
    pub awaiting_assessment: usize,
    pub drafts: usize,
}

/// A registration with its learner's name, and every evidence item of the registrations read.
type CaseloadRows = (Vec<(Registration, String)>, evidence::RegistrationsEvidence);

/// The actor's active learners (as assessor, tutor or IQA) and, for a centre administrator,
/// every active registration of their centres, with the evidence of them all.
fn caseload_rows(
    conn: &mut DbConnection,
    me: &str,
    admin_centres: &[String],
) -> Result<CaseloadRows, StoreError> {
    let mut rows = registrations::caseload(conn, me)?;
    let mut seen: HashSet<String> = rows.iter().map(|(r, _)| r.id.clone()).collect();
    for centre in admin_centres {
        for row in registrations::of_centre(conn, centre)? {
            if row.0.status == RegistrationStatus::Active && seen.insert(row.0.id.clone()) {
                rows.push(row);
            }
        }
    }
    let ids: Vec<String> = rows.iter().map(|(r, _)| r.id.clone()).collect();
    Ok((rows, evidence::of_registrations(conn, &ids)?))
}

/// One learner's row: progress from their evidence's mappings (no decisions: the caseload
/// shows what is evidenced), the last change and what waits.
fn row_of(
    curriculum: &Curriculum,
    (registration, name): &(Registration, String),
    own: &[&(EvidenceBrief, NaiveDateTime)],
    mapped: &HashMap<&str, Vec<String>>,
) -> CaseloadRow {
    let summaries: Vec<EvidenceSummary> = own
        .iter()
        .map(|(i, _)| EvidenceSummary {
            id: i.id.clone(),
            title: i.title.clone(),
            kind: i.kind.clone(),
            status: i.status,
            word_count: None,
            items: mapped.get(i.id.as_str()).cloned().unwrap_or_default(),
        })
        .collect();
    let percent = progress(
        curriculum,
        &registration.qualification_id,
        &summaries,
        &BTreeMap::new(),
    )
    .map_or(0, |(evidenced, _)| evidenced);
    let submitted = |i: &EvidenceBrief| i.status == EvidenceStatus::Submitted;
    CaseloadRow {
        registration_id: registration.id.clone(),
        learner_name: name.clone(),
        qualification_id: registration.qualification_id.clone(),
        percent_evidenced: percent,
        last_activity: own
            .iter()
            .map(|(_, updated_at)| *updated_at)
            .max()
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
        awaiting_assessment: own.iter().filter(|(i, _)| submitted(i)).count(),
        drafts: own.iter().filter(|(i, _)| !submitted(i)).count(),
    }
}

pub async fn caseload(state: &AppState, actor: &Actor) -> Result<Vec<CaseloadRow>, ActionError> {
    let me = actor.user.id.clone();
    let admin_centres: Vec<String> = actor
        .centre_ids()
        .into_iter()
        .filter(|c| actor.has_role(&CentreId::from_stored(c.as_str()), Role::CentreAdmin))
        .collect();
    let (rows, evidence::RegistrationsEvidence { items, mappings }) = state
        .db
        .run(move |conn| caseload_rows(conn, &me, &admin_centres))
        .await?;
    // Grouped once, so the page costs the same per learner however large the centre.
    let mut items_of: HashMap<&str, Vec<_>> = HashMap::new();
    for entry in &items {
        items_of
            .entry(entry.0.registration_id.as_str())
            .or_default()
            .push(entry);
    }
    let mapped = crate::domain::tracker::by_evidence(&mappings);
    let mut out: Vec<CaseloadRow> = rows
        .iter()
        .map(|row| {
            let own = items_of.remove(row.0.id.as_str()).unwrap_or_default();
            row_of(&state.curriculum, row, &own, &mapped)
        })
        .collect();
    out.sort_by(|a, b| {
        b.awaiting_assessment
            .cmp(&a.awaiting_assessment)
            .then(a.learner_name.cmp(&b.learner_name))
    });
    Ok(out)
}
