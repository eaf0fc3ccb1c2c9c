//! Each centre's two-step sign-in policy (no row: the default, administrators), and the roles a
//! person holds with the policy of each centre they hold them at.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{centre_two_step_policies, memberships};
use super::{DbConnection, StoreError};
use crate::domain::roles::Role;
use crate::domain::two_step_policy::TwoStepPolicy;

/// The centre's policy.
pub fn of_centre(conn: &mut DbConnection, centre_id: &str) -> Result<TwoStepPolicy, StoreError> {
    let code: Option<String> = centre_two_step_policies::table
        .find(centre_id)
        .select(centre_two_step_policies::required_for)
        .first(conn)
        .optional()?;
    Ok(code.map(|c| TwoStepPolicy::stored(&c)).unwrap_or_default())
}

/// Set the centre's policy; the one it replaces.
pub fn set(
    conn: &mut DbConnection,
    centre_id: &str,
    policy: TwoStepPolicy,
    by: &str,
    now: NaiveDateTime,
) -> Result<TwoStepPolicy, StoreError> {
    let before = of_centre(conn, centre_id)?;
    let values = (
        centre_two_step_policies::required_for.eq(policy.code()),
        centre_two_step_policies::updated_by.eq(by),
        centre_two_step_policies::updated_at.eq(now),
    );
    let updated = diesel::update(centre_two_step_policies::table.find(centre_id))
        .set(values)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(centre_two_step_policies::table)
            .values((centre_two_step_policies::centre_id.eq(centre_id), values))
            .execute(conn)?;
    }
    Ok(before)
}

/// Each role the person holds, with the policy of the centre they hold it at (one statement).
pub fn roles_with_policies(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<Vec<(Role, TwoStepPolicy)>, StoreError> {
    let rows: Vec<(String, Option<String>)> = memberships::table
        .left_join(
            centre_two_step_policies::table
                .on(centre_two_step_policies::centre_id.eq(memberships::centre_id)),
        )
        .filter(memberships::user_id.eq(user_id))
        .select((
            memberships::role,
            centre_two_step_policies::required_for.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(role, policy)| {
            let policy = policy
                .map(|p| TwoStepPolicy::stored(&p))
                .unwrap_or_default();
            Role::parse(&role).map(|r| (r, policy))
        })
        .collect())
}
