//! A centre's people a page at a time, in name order, for its administrators: the staff by
//! default (anyone with a role other than learner), the holders of one role, or everyone; found
//! by words in a name or email; counted in SQL, so a page costs the same however large the
//! centre. Learners are listed, with their qualification, on the registrations page.

use crate::actions::assessment::caseload::{PER_PAGE, check_per_page, place_gone};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{CentreId, UserId};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::caseload::like_pattern;
use crate::store::members::{self, Holding, MemberFilter};

use super::directory::CentreMember;

/// What an administrator asks of the list of people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeopleQuery {
    pub search: Option<String>,
    pub holding: Holding,
    /// The last person of the page before.
    pub after: Option<UserId>,
    pub per_page: i64,
}

impl Default for PeopleQuery {
    fn default() -> Self {
        Self {
            search: None,
            holding: Holding::Staff,
            after: None,
            per_page: PER_PAGE,
        }
    }
}

impl PeopleQuery {
    /// Whom a query string's `role` names: empty or `staff` for the staff, `everyone`, or a
    /// role's code; anything else is said in words.
    pub fn holding_from(text: Option<&str>) -> Result<Holding, ActionError> {
        match text.map(str::trim) {
            None | Some("" | "staff") => Ok(Holding::Staff),
            Some("everyone") => Ok(Holding::Anyone),
            Some(code) => Role::parse(code).map(Holding::Role).ok_or_else(|| {
                ActionError::Invalid(vec![FieldError::new(
                    "role",
                    "Choose the staff, everyone, or one role.",
                )])
            }),
        }
    }

    /// The code a query string gives for `holding` (empty for the staff, the default).
    pub fn holding_code(holding: &Holding) -> &'static str {
        match holding {
            Holding::Staff => "",
            Holding::Anyone => "everyone",
            Holding::Role(role) => role.code(),
        }
    }
}

/// One page of a centre's people, in name order.
#[derive(Debug, Clone, Default)]
pub struct PeoplePage {
    pub people: Vec<CentreMember>,
    /// How many people the whole list (with the search) holds.
    pub total: i64,
    /// The person to continue after, when there are more.
    pub next: Option<String>,
}

/// Inside the caller's read: a page of the centre's people as `query` asks.
pub(crate) fn read_page(
    conn: &mut crate::store::DbConnection,
    centre_id: &str,
    query: &PeopleQuery,
) -> Result<Option<PeoplePage>, crate::store::StoreError> {
    let filter = MemberFilter {
        centre_id: centre_id.to_owned(),
        holding: query.holding.clone(),
        like: query
            .search
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(like_pattern),
    };
    let after = query.after.as_ref().map(|a| a.to_string());
    let Some(window) = members::window(conn, &filter, after.as_deref(), query.per_page)? else {
        return Ok(None);
    };
    let next = window
        .more
        .then(|| window.people.last().map(|(u, _)| u.id.clone()))
        .flatten();
    Ok(Some(PeoplePage {
        people: window.people,
        total: window.total,
        next,
    }))
}

/// A page of the centre's people. Centre administrator.
pub async fn people_page(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    query: &PeopleQuery,
) -> Result<PeoplePage, ActionError> {
    crate::actions::access::require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    check_per_page(query.per_page)?;
    let (id, query) = (centre_id.to_string(), query.clone());
    state
        .db
        .run(move |conn| read_page(conn, &id, &query))
        .await?
        .ok_or_else(place_gone)
}
