//! The people a centre's sampling plans name: everyone by name, and the assessors a plan may
//! rate.

use std::collections::BTreeMap;

use super::sampling::require_reader;
use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::domain::ids::CentreId;
use crate::domain::roles::Role;
use crate::store::people;

/// The centre's people by id, and its assessors as (id, name): the names a plans page shows and
/// the assessors a plan may rate.
pub struct CentrePeople {
    pub names: BTreeMap<String, String>,
    pub assessors: Vec<(String, String)>,
}

/// The people of a centre whose plans the caller may read.
pub async fn centre_people(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<CentrePeople, ActionError> {
    require_reader(actor, centre_id)?;
    let centre = centre_id.to_string();
    let all = state
        .db
        .run(move |conn| people::people_of_centre(conn, &centre))
        .await?;
    let assessors = all
        .iter()
        .filter(|(_, roles)| Role::Assessor.is_among(roles))
        .map(|(u, _)| (u.id.clone(), u.name.clone()))
        .collect();
    let names = all.into_iter().map(|(u, _)| (u.id, u.name)).collect();
    Ok(CentrePeople { names, assessors })
}
