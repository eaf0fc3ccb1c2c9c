//! The caseload read a page at a time: the active registrations a member of staff works with (as
//! assessor, tutor or IQA, whole or by unit) and, for a centre administrator, every active one of
//! their centres; found by a search, narrowed to those with evidence waiting, in learner-name
//! order, counted in SQL. A page costs the same statements however large the centre.

use diesel::prelude::*;

use super::registrations::Registration;
use chrono::NaiveDateTime;

use super::schema::{evidence_items, evidence_mappings, registrations, users};
use super::{DbConnection, StoreError, lower};
use crate::domain::evidence::EvidenceStatus;
use crate::domain::registration::RegistrationStatus;

/// Which registrations a caseload (or a centre's list of registrations) holds.
#[derive(Debug, Clone, Default)]
pub struct CaseloadFilter {
    /// The registrations this member of staff works with; `None`: only the centres'.
    pub staff_id: Option<String>,
    /// Every registration of these centres (where the person is an administrator).
    pub admin_centres: Vec<String>,
    /// Only registrations of this status (`None`: every one).
    pub status: Option<RegistrationStatus>,
    /// A `LIKE` pattern over the learner's name, lower case (see [`like_pattern`]).
    pub name_like: Option<String>,
    /// Qualifications whose title or number matched the search.
    pub qualifications: Vec<String>,
    /// Only registrations with evidence submitted and waiting for assessment.
    pub waiting_only: bool,
}

/// `%words%` for a `LIKE … ESCAPE '\'`, lower case, with `%`, `_` and `\` taken literally.
pub fn like_pattern(words: &str) -> String {
    let mut pattern = String::from("%");
    for c in words.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The filtered, boxed query over registrations joined with their learner (no select yet).
macro_rules! caseload_query {
    ($filter:expr) => {{
        let f: &CaseloadFilter = $filter;
        let mut query = registrations::table
            .inner_join(users::table.on(users::id.eq(registrations::learner_id)))
            .into_boxed();
        query = match f.staff_id.as_deref() {
            Some(staff) => query
                .filter(works_with!(staff).or(registrations::centre_id.eq_any(&f.admin_centres))),
            None => query.filter(registrations::centre_id.eq_any(&f.admin_centres)),
        };
        if let Some(status) = f.status {
            query = query.filter(registrations::status.eq(status.as_str()));
        }
        if let Some(pattern) = &f.name_like {
            query = query.filter(
                lower(users::name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(registrations::qualification_id.eq_any(&f.qualifications)),
            );
        }
        if f.waiting_only {
            query = query.filter(diesel::dsl::exists(
                evidence_items::table
                    .filter(evidence_items::registration_id.eq(registrations::id))
                    .filter(evidence_items::status.eq(EvidenceStatus::Submitted.as_str())),
            ));
        }
        query
    }};
}

/// How many registrations the caseload holds (one statement).
pub fn count(conn: &mut DbConnection, filter: &CaseloadFilter) -> Result<i64, StoreError> {
    Ok(caseload_query!(filter).count().get_result(conn)?)
}

/// Up to `limit` registrations with their learner's name, in name order, after `after` (the
/// name and registration id of the last row of the page before).
pub fn page(
    conn: &mut DbConnection,
    filter: &CaseloadFilter,
    after: Option<&(String, String)>,
    limit: i64,
) -> Result<Vec<(Registration, String)>, StoreError> {
    let mut query = caseload_query!(filter);
    if let Some((name, id)) = after {
        query = query.filter(
            users::name.gt(name.clone()).or(users::name
                .eq(name.clone())
                .and(registrations::id.gt(id.clone()))),
        );
    }
    Ok(query
        .order((users::name, registrations::id))
        .limit(limit)
        .select((Registration::as_select(), users::name))
        .load(conn)?)
}

/// One page of the registrations `filter` holds: up to `per_page` in name order after the
/// registration `after`, whether more follow, and how many there are in all (three statements
/// whatever the number; `None` when `after` names no registration).
pub fn window(
    conn: &mut DbConnection,
    filter: &CaseloadFilter,
    after: Option<&str>,
    per_page: i64,
) -> Result<Option<Window>, StoreError> {
    let position = match after {
        Some(id) => match position_of(conn, id)? {
            Some(position) => Some(position),
            None => return Ok(None),
        },
        None => None,
    };
    let mut rows = page(conn, filter, position.as_ref(), per_page + 1)?;
    let shown = usize::try_from(per_page).unwrap_or(0);
    let more = rows.len() > shown;
    rows.truncate(shown);
    let total = count(conn, filter)?;
    Ok(Some(Window { rows, more, total }))
}

/// A page of registrations with their learners' names.
#[derive(Debug, Clone)]
pub struct Window {
    pub rows: Vec<(Registration, String)>,
    /// Whether more follow the page.
    pub more: bool,
    /// How many the whole list holds.
    pub total: i64,
}

/// What a page of the caseload shows of its learners' evidence, counted in SQL: per
/// registration and status, how many items and when one last changed; and each item of the
/// curriculum some evidence of theirs is mapped to, once. Two statements whatever the amount.
#[derive(Debug, Clone, Default)]
pub struct EvidenceFacts {
    /// (registration id, status code, items, last change).
    pub counts: Vec<(String, String, i64, Option<NaiveDateTime>)>,
    /// (registration id, curriculum item id), each pair once.
    pub mapped: Vec<(String, String)>,
}

pub fn evidence_facts(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<EvidenceFacts, StoreError> {
    if ids.is_empty() {
        return Ok(EvidenceFacts::default());
    }
    let counts = evidence_items::table
        .filter(evidence_items::registration_id.eq_any(ids))
        .group_by((evidence_items::registration_id, evidence_items::status))
        .select((
            evidence_items::registration_id,
            evidence_items::status,
            diesel::dsl::count_star(),
            diesel::dsl::max(evidence_items::updated_at),
        ))
        .load(conn)?;
    let mapped = evidence_mappings::table
        .inner_join(evidence_items::table)
        .filter(evidence_items::registration_id.eq_any(ids))
        .select((evidence_items::registration_id, evidence_mappings::item_id))
        .distinct()
        .load(conn)?;
    Ok(EvidenceFacts { counts, mapped })
}

/// Where a page starts: the learner's name and the id of the registration named (the last row
/// of the page before); `None` when there is no such registration.
pub fn position_of(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Option<(String, String)>, StoreError> {
    Ok(registrations::table
        .inner_join(users::table.on(users::id.eq(registrations::learner_id)))
        .filter(registrations::id.eq(registration_id))
        .select((users::name, registrations::id))
        .first(conn)
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_taken_literally_and_ignores_case() {
        assert_eq!(like_pattern(" Ann "), "%ann%");
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
