//! The caseload: the learners a member of staff works with (as assessor, tutor or IQA; a centre
//! administrator sees their whole centre), each with progress, last activity and what waits. Read
//! a page at a time in learner-name order, found by a search, narrowed to those with evidence
//! waiting; the counts come from SQL, so a page costs the same however large the centre.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::curriculum::Curriculum;
use crate::domain::evidence::EvidenceStatus;
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::domain::tracker::{EvidenceSummary, progress};
use crate::store::caseload::{self, CaseloadFilter, like_pattern};
use crate::store::evidence::EvidenceBrief;
use crate::store::registrations::Registration;
use crate::store::{DbConnection, StoreError, evidence};

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

/// What a person asks of their caseload: words to find (a learner's name, a qualification's
/// title or number), only those with evidence waiting, and which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadQuery {
    pub search: Option<String>,
    pub waiting_only: bool,
    /// The last learner of the page before (their registration).
    pub after: Option<RegistrationId>,
    pub per_page: i64,
}

/// Learners a page unless the person chooses otherwise, and the most they may choose.
pub const PER_PAGE: i64 = 50;
pub const MOST_PER_PAGE: i64 = 200;

impl Default for CaseloadQuery {
    fn default() -> Self {
        Self {
            search: None,
            waiting_only: false,
            after: None,
            per_page: PER_PAGE,
        }
    }
}

/// One page of the caseload, in learner-name order.
#[derive(Debug, Clone)]
pub struct CaseloadPage {
    pub rows: Vec<CaseloadRow>,
    /// How many learners the whole caseload (with the search) holds.
    pub total: i64,
    /// The registration to continue after, when there are more.
    pub next: Option<String>,
}

/// A page of registrations with their learners' names, the caseload's size, and the evidence of
/// the page's registrations: a fixed number of statements whatever the centre's size.
struct PageRows {
    rows: Vec<(Registration, String)>,
    more: bool,
    total: i64,
    evidence: evidence::RegistrationsEvidence,
}

fn page_rows(
    conn: &mut DbConnection,
    filter: &CaseloadFilter,
    after: Option<&str>,
    per_page: i64,
) -> Result<Option<PageRows>, StoreError> {
    let position = match after {
        Some(id) => match caseload::position_of(conn, id)? {
            Some(position) => Some(position),
            None => return Ok(None),
        },
        None => None,
    };
    let mut rows = caseload::page(conn, filter, position.as_ref(), per_page + 1)?;
    let shown = usize::try_from(per_page).unwrap_or(0);
    let more = rows.len() > shown;
    rows.truncate(shown);
    let total = caseload::count(conn, filter)?;
    let ids: Vec<String> = rows.iter().map(|(r, _)| r.id.clone()).collect();
    let evidence = evidence::of_registrations(conn, &ids)?;
    Ok(Some(PageRows {
        rows,
        more,
        total,
        evidence,
    }))
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

/// Who the caseload is for and what it holds: the staff member's allocations, their centres as
/// administrator, and the search (qualifications matched by title or number from the curriculum).
fn filter_for(curriculum: &Curriculum, actor: &Actor, query: &CaseloadQuery) -> CaseloadFilter {
    let admin_centres = actor
        .centre_ids()
        .into_iter()
        .filter(|c| actor.has_role(&CentreId::from_stored(c.as_str()), Role::CentreAdmin))
        .collect();
    let words = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty());
    let qualifications = words.map_or_else(Vec::new, |w| {
        let w = w.to_lowercase();
        curriculum
            .qualifications()
            .filter(|(_, q)| {
                q.title.to_lowercase().contains(&w) || q.number.to_lowercase().contains(&w)
            })
            .map(|(_, q)| q.id.clone())
            .collect()
    });
    CaseloadFilter {
        staff_id: actor.user.id.clone(),
        admin_centres,
        name_like: words.map(like_pattern),
        qualifications,
        waiting_only: query.waiting_only,
    }
}

/// One page of the caller's caseload.
pub async fn caseload(
    state: &AppState,
    actor: &Actor,
    query: &CaseloadQuery,
) -> Result<CaseloadPage, ActionError> {
    if !(1..=MOST_PER_PAGE).contains(&query.per_page) {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "per_page",
            "Show from 1 to 200 learners a page.",
        )]));
    }
    let filter = filter_for(&state.curriculum, actor, query);
    let (after, per_page) = (query.after.as_ref().map(|a| a.to_string()), query.per_page);
    let page = state
        .db
        .run(move |conn| page_rows(conn, &filter, after.as_deref(), per_page))
        .await?
        .ok_or_else(|| {
            ActionError::Invalid(vec![FieldError::new(
                "after",
                "That place in the list cannot be found; start from the first page.",
            )])
        })?;
    let evidence::RegistrationsEvidence { items, mappings } = &page.evidence;
    // Grouped once, so the page costs the same per learner however large the centre.
    let mut items_of: HashMap<&str, Vec<_>> = HashMap::new();
    for entry in items {
        items_of
            .entry(entry.0.registration_id.as_str())
            .or_default()
            .push(entry);
    }
    let mapped = crate::domain::tracker::by_evidence(mappings);
    let rows: Vec<CaseloadRow> = page
        .rows
        .iter()
        .map(|row| {
            let own = items_of.remove(row.0.id.as_str()).unwrap_or_default();
            row_of(&state.curriculum, row, &own, &mapped)
        })
        .collect();
    let next = page
        .more
        .then(|| rows.last().map(|r| r.registration_id.clone()))
        .flatten();
    Ok(CaseloadPage {
        rows,
        total: page.total,
        next,
    })
}
