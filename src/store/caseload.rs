//! The caseload read a page at a time: the active registrations a member of staff works with (as
//! assessor, tutor or IQA, whole or by unit) and, for a centre administrator, every active one of
//! their centres; found by a search, narrowed to those with evidence waiting, in learner-name
//! order, counted in SQL. A page costs the same statements however large the centre.

use diesel::prelude::*;

use super::registrations::Registration;
use super::schema::{evidence_items, registrations, users};
use super::{DbConnection, StoreError};
use crate::domain::evidence::EvidenceStatus;
use crate::domain::registration::RegistrationStatus;

diesel::define_sql_function! {
    /// Lower case, so a search ignores case on both databases.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Which registrations a caseload holds.
#[derive(Debug, Clone, Default)]
pub struct CaseloadFilter {
    pub staff_id: String,
    /// The centres where the person is an administrator (every active registration there).
    pub admin_centres: Vec<String>,
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
        let staff = f.staff_id.as_str();
        let mut query = registrations::table
            .inner_join(users::table.on(users::id.eq(registrations::learner_id)))
            .filter(registrations::status.eq(RegistrationStatus::Active.as_str()))
            .filter(works_with!(staff).or(registrations::centre_id.eq_any(&f.admin_centres)))
            .into_boxed();
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
