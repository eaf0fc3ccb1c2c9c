//! A centre's registrations a page at a time, in learner-name order: found by a learner's name
//! or a qualification's title or number, narrowed to those in progress or withdrawn, counted in
//! SQL, so a page costs the same statements however large the centre. Centre administrator (the
//! page, with the form to register a learner) or IQA (the API).

use crate::actions::assessment::caseload::{check_per_page, place_gone, searching};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;
use crate::store::caseload::{self, CaseloadFilter};
use crate::store::people::{self, Centre};
use crate::store::registrations::Registration;

use super::directory::CentreMember;

/// What a person asks of the list: words to find, which status, and which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationListQuery {
    pub search: Option<String>,
    /// `None`: in progress and withdrawn alike.
    pub status: Option<RegistrationStatus>,
    /// The last registration of the page before.
    pub after: Option<RegistrationId>,
    pub per_page: i64,
}

impl Default for RegistrationListQuery {
    fn default() -> Self {
        Self {
            search: None,
            status: None,
            after: None,
            per_page: crate::actions::assessment::caseload::PER_PAGE,
        }
    }
}

impl RegistrationListQuery {
    /// The status a query string names (`active`, `withdrawn`, or empty for both), in words
    /// when it names none of these.
    pub fn status_from(text: Option<&str>) -> Result<Option<RegistrationStatus>, ActionError> {
        match text.map(str::trim) {
            None | Some("" | "all") => Ok(None),
            Some(code) => RegistrationStatus::parse(code).map(Some).ok_or_else(|| {
                ActionError::Invalid(vec![FieldError::new(
                    "status",
                    "Choose learners in progress, withdrawn, or both.",
                )])
            }),
        }
    }
}

/// One page of the list, in learner-name order.
#[derive(Debug, Clone)]
pub struct RegistrationListPage {
    pub rows: Vec<(Registration, String)>,
    /// How many registrations the whole list (with the search) holds.
    pub total: i64,
    /// The registration to continue after, when there are more.
    pub next: Option<String>,
}

/// The registrations page: the centre, a page of its registrations and the people who may be
/// allocated to a new one.
pub struct RegistrationsOverview {
    pub centre: Centre,
    pub list: RegistrationListPage,
    pub people: Vec<CentreMember>,
}

/// A page of the centre's registrations. Centre administrator or IQA.
pub async fn registrations_page(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    query: &RegistrationListQuery,
) -> Result<RegistrationListPage, ActionError> {
    require_reader(actor, centre_id, &[Role::CentreAdmin, Role::Iqa], query)?;
    let filter = filter_for(state, centre_id, query);
    let (after, per_page) = (query.after.as_ref().map(|a| a.to_string()), query.per_page);
    let window = state
        .db
        .run(move |conn| caseload::window(conn, &filter, after.as_deref(), per_page))
        .await?;
    list_page(window)
}

/// The registrations page: the centre, a page of its registrations and the people who may be
/// allocated. Centre administrator.
pub async fn registrations_overview(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    query: &RegistrationListQuery,
) -> Result<RegistrationsOverview, ActionError> {
    require_reader(actor, centre_id, &[Role::CentreAdmin], query)?;
    let filter = filter_for(state, centre_id, query);
    let (after, per_page) = (query.after.as_ref().map(|a| a.to_string()), query.per_page);
    let id = centre_id.to_string();
    let (centre, window, people) = state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            Ok((
                people::find_centre(conn, &id)?,
                caseload::window(conn, &filter, after.as_deref(), per_page)?,
                people::people_of_centre(conn, &id)?,
            ))
        })
        .await?;
    let centre = centre.ok_or_else(|| ActionError::NotFound(format!("centre {centre_id}")))?;
    Ok(RegistrationsOverview {
        centre,
        list: list_page(window)?,
        people,
    })
}

fn require_reader(
    actor: &Actor,
    centre_id: &CentreId,
    roles: &[Role],
    query: &RegistrationListQuery,
) -> Result<(), ActionError> {
    crate::actions::access::require_centre_role(actor, centre_id, roles)?;
    check_per_page(query.per_page)
}

fn filter_for(
    state: &AppState,
    centre_id: &CentreId,
    query: &RegistrationListQuery,
) -> CaseloadFilter {
    CaseloadFilter {
        admin_centres: vec![centre_id.to_string()],
        status: query.status,
        ..searching(&state.curriculum, query.search.as_deref())
    }
}

fn list_page(window: Option<caseload::Window>) -> Result<RegistrationListPage, ActionError> {
    let window = window.ok_or_else(place_gone)?;
    let next = window
        .more
        .then(|| window.rows.last().map(|(r, _)| r.id.clone()))
        .flatten();
    Ok(RegistrationListPage {
        rows: window.rows,
        total: window.total,
        next,
    })
}
