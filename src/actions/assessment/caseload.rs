//! The caseload: the learners a member of staff works with (as assessor, tutor or IQA; a centre
//! administrator sees their whole centre), each with progress, last activity and what waits. Read
//! a page at a time in learner-name order, found by a search, narrowed to those with evidence
//! waiting; the counts come from SQL, so a page costs the same however large the centre.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::curriculum::Curriculum;
use crate::domain::evidence::EvidenceStatus;
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;
use crate::domain::tracker::percent_mapped;
use crate::store::caseload::{self, CaseloadFilter, like_pattern};
use crate::store::registrations::Registration;
use crate::store::{DbConnection, StoreError};

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
    window: caseload::Window,
    evidence: caseload::EvidenceFacts,
}

fn page_rows(
    conn: &mut DbConnection,
    filter: &CaseloadFilter,
    after: Option<&str>,
    per_page: i64,
) -> Result<Option<PageRows>, StoreError> {
    let Some(window) = caseload::window(conn, filter, after, per_page)? else {
        return Ok(None);
    };
    let ids: Vec<String> = window.rows.iter().map(|(r, _)| r.id.clone()).collect();
    let evidence = caseload::evidence_facts(conn, &ids)?;
    Ok(Some(PageRows { window, evidence }))
}

/// What the caseload shows of one learner's evidence: the curriculum items it is mapped to,
/// how many items wait for assessment and how many are drafts, and the last change.
#[derive(Default)]
struct Facts<'a> {
    mapped: HashSet<&'a str>,
    submitted: i64,
    drafts: i64,
    last_change: Option<NaiveDateTime>,
}

/// The facts of each registration of the page, by registration id (grouped once, so the page
/// costs the same per learner however large the centre).
fn facts_of(evidence: &caseload::EvidenceFacts) -> HashMap<&str, Facts<'_>> {
    let mut facts: HashMap<&str, Facts<'_>> = HashMap::new();
    for (registration, status, items, last) in &evidence.counts {
        let f = facts.entry(registration.as_str()).or_default();
        if status == EvidenceStatus::Submitted.as_str() {
            f.submitted += items;
        } else {
            f.drafts += items;
        }
        f.last_change = f.last_change.max(*last);
    }
    for (registration, item) in &evidence.mapped {
        facts
            .entry(registration.as_str())
            .or_default()
            .mapped
            .insert(item.as_str());
    }
    facts
}

/// One learner's row: progress from their evidence's mappings (no decisions: the caseload
/// shows what is evidenced), the last change and what waits.
fn row_of(
    curriculum: &Curriculum,
    (registration, name): &(Registration, String),
    facts: &Facts<'_>,
) -> CaseloadRow {
    let count = |n: i64| usize::try_from(n).unwrap_or(0);
    CaseloadRow {
        registration_id: registration.id.clone(),
        learner_name: name.clone(),
        qualification_id: registration.qualification_id.clone(),
        percent_evidenced: percent_mapped(
            curriculum,
            &registration.qualification_id,
            &facts.mapped,
        )
        .unwrap_or(0),
        last_activity: facts
            .last_change
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
        awaiting_assessment: count(facts.submitted),
        drafts: count(facts.drafts),
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
    CaseloadFilter {
        staff_id: Some(actor.user.id.clone()),
        admin_centres,
        status: Some(RegistrationStatus::Active),
        waiting_only: query.waiting_only,
        ..searching(curriculum, query.search.as_deref())
    }
}

/// A filter that finds `search` (words in the learner's name, or a qualification's title or
/// number, from the curriculum) and nothing else yet.
pub(crate) fn searching(curriculum: &Curriculum, search: Option<&str>) -> CaseloadFilter {
    let words = search.map(str::trim).filter(|w| !w.is_empty());
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
        name_like: words.map(like_pattern),
        qualifications,
        ..CaseloadFilter::default()
    }
}

/// A page holds from 1 to [`MOST_PER_PAGE`] learners.
pub(crate) fn check_per_page(per_page: i64) -> Result<(), ActionError> {
    if (1..=MOST_PER_PAGE).contains(&per_page) {
        return Ok(());
    }
    Err(ActionError::Invalid(vec![FieldError::new(
        "per_page",
        "Show from 1 to 200 learners a page.",
    )]))
}

/// The place a page starts was not found (the learner withdrawn or moved meanwhile).
pub(crate) fn place_gone() -> ActionError {
    ActionError::Invalid(vec![FieldError::new(
        "after",
        "That place in the list cannot be found; start from the first page.",
    )])
}

/// One page of the caller's caseload.
pub async fn caseload(
    state: &AppState,
    actor: &Actor,
    query: &CaseloadQuery,
) -> Result<CaseloadPage, ActionError> {
    check_per_page(query.per_page)?;
    let filter = filter_for(&state.curriculum, actor, query);
    let (after, per_page) = (query.after.as_ref().map(|a| a.to_string()), query.per_page);
    let page = state
        .db
        .run(move |conn| page_rows(conn, &filter, after.as_deref(), per_page))
        .await?
        .ok_or_else(place_gone)?;
    let window = &page.window;
    let facts = facts_of(&page.evidence);
    let none = Facts::default();
    let rows: Vec<CaseloadRow> = window
        .rows
        .iter()
        .map(|row| {
            let own = facts.get(row.0.id.as_str()).unwrap_or(&none);
            row_of(&state.curriculum, row, own)
        })
        .collect();
    let next = window
        .more
        .then(|| rows.last().map(|r| r.registration_id.clone()))
        .flatten();
    Ok(CaseloadPage {
        rows,
        total: window.total,
        next,
    })
}
