//! A centre's people a page at a time, in name order: its staff (anyone holding a role there
//! other than learner), the holders of one role, or everyone; found by words in their name or
//! email; counted in SQL. A page costs the same statements however many people the centre has.

use diesel::dsl::exists;
use diesel::prelude::*;

use super::people::User;
use super::schema::{memberships, users};
use super::{DbConnection, StoreError, lower};
use crate::domain::roles::Role;

/// Whom a list of a centre's people holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holding {
    /// Anyone with a role there other than learner.
    Staff,
    /// The holders of this role.
    Role(Role),
    /// Everyone with a role there.
    Anyone,
}

#[derive(Debug, Clone)]
pub struct MemberFilter {
    pub centre_id: String,
    pub holding: Holding,
    /// A `LIKE` pattern over the lower-case name or email (see `caseload::like_pattern`).
    pub like: Option<String>,
}

/// The filtered, boxed query over users (no select yet).
macro_rules! members_query {
    ($filter:expr) => {{
        let f: &MemberFilter = $filter;
        let at_centre = memberships::table
            .filter(memberships::user_id.eq(users::id))
            .filter(memberships::centre_id.eq(f.centre_id.as_str()));
        let mut query = users::table.into_boxed();
        query = match &f.holding {
            Holding::Anyone => query.filter(exists(at_centre)),
            Holding::Staff => query.filter(exists(
                at_centre.filter(memberships::role.ne(Role::Learner.code())),
            )),
            Holding::Role(role) => {
                query.filter(exists(at_centre.filter(memberships::role.eq(role.code()))))
            }
        };
        if let Some(pattern) = &f.like {
            query = query.filter(
                lower(users::name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(users::email).like(pattern.clone()).escape('\\')),
            );
        }
        query
    }};
}

/// A page of people: each with their role codes at the centre, whether more follow, and how
/// many the list holds.
#[derive(Debug, Clone)]
pub struct MembersWindow {
    pub people: Vec<(User, Vec<String>)>,
    pub more: bool,
    pub total: i64,
}

/// Up to `per_page` people in name order after the person `after` (four statements whatever
/// the centre's size; `None` when `after` names no one).
pub fn window(
    conn: &mut DbConnection,
    filter: &MemberFilter,
    after: Option<&str>,
    per_page: i64,
) -> Result<Option<MembersWindow>, StoreError> {
    let mut query = members_query!(filter);
    if let Some(id) = after {
        let Some(name) = users::table
            .find(id)
            .select(users::name)
            .first::<String>(conn)
            .optional()?
        else {
            return Ok(None);
        };
        query = query.filter(
            users::name
                .gt(name.clone())
                .or(users::name.eq(name).and(users::id.gt(id.to_owned()))),
        );
    }
    let mut found: Vec<User> = query
        .order((users::name, users::id))
        .limit(per_page + 1)
        .select(User::as_select())
        .load(conn)?;
    let more = found.len() > usize::try_from(per_page).unwrap_or(0);
    found.truncate(usize::try_from(per_page).unwrap_or(0));
    let ids: Vec<&str> = found.iter().map(|u| u.id.as_str()).collect();
    let roles: Vec<(String, String)> = memberships::table
        .filter(memberships::centre_id.eq(filter.centre_id.as_str()))
        .filter(memberships::user_id.eq_any(&ids))
        .order(memberships::role)
        .select((memberships::user_id, memberships::role))
        .load(conn)?;
    let total = members_query!(filter).count().get_result(conn)?;
    let people = found
        .into_iter()
        .map(|user| {
            let held = roles
                .iter()
                .filter(|(id, _)| *id == user.id)
                .map(|(_, role)| role.clone())
                .collect();
            (user, held)
        })
        .collect();
    Ok(Some(MembersWindow {
        people,
        more,
        total,
    }))
}
