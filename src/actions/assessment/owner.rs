//! The registration a plan or an occasion belongs to, for the page to return to after a change:
//! answered as if the record did not exist (404) to anyone who may not read that registration.

use crate::actions::access::visible_registration;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{OccasionId, PlanId, RegistrationId};

/// The registration of a plan the caller may read.
pub async fn registration_of_plan(
    state: &AppState,
    actor: &Actor,
    plan_id: &PlanId,
) -> Result<RegistrationId, ActionError> {
    let key = plan_id.to_string();
    let plan = state
        .db
        .run(move |conn| crate::store::plans::find(conn, &key))
        .await?;
    let plan = plan.ok_or_else(|| ActionError::NotFound(format!("plan {plan_id}")))?;
    visible(
        state,
        actor,
        RegistrationId::from_stored(plan.registration_id),
    )
    .await
}

/// The registration of an occasion the caller may read.
pub async fn registration_of_occasion(
    state: &AppState,
    actor: &Actor,
    occasion_id: &OccasionId,
) -> Result<RegistrationId, ActionError> {
    let key = occasion_id.to_string();
    let occasion = state
        .db
        .run(move |conn| crate::store::occasions::find(conn, &key))
        .await?;
    let occasion =
        occasion.ok_or_else(|| ActionError::NotFound(format!("occasion {occasion_id}")))?;
    visible(
        state,
        actor,
        RegistrationId::from_stored(occasion.registration_id),
    )
    .await
}

async fn visible(
    state: &AppState,
    actor: &Actor,
    id: RegistrationId,
) -> Result<RegistrationId, ActionError> {
    visible_registration(state, actor, &id).await?;
    Ok(id)
}
