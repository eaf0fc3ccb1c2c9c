//! Registrations from an import: each row checked as a registration would be, then all stored
//! in one transaction.

use super::bulk::{Importing, store_rows};
use super::{ReadyRegistration, Registered, ready, staff_facts};
use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::domain::ids::CentreId;
use crate::domain::people::FieldError;
use crate::domain::registration::{RegistrationInput, StaffFacts, check_registration};
use crate::domain::roles::Role;
use crate::store::people;

/// Store many checked registrations in one transaction (bulk import): all or none, in
/// multi-row statements. Someone with an account who does not belong to the centre is asked
/// first, as a single registration would. The import's audit entry is written with them.
pub async fn store_all(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    rows: Vec<ReadyRegistration>,
) -> Result<Vec<Registered>, ActionError> {
    let (centre, actor, base, now) = (
        centre_id.to_string(),
        actor.clone(),
        state.public_url.clone(),
        state.clock.naive(),
    );
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let at = Importing {
                actor: &actor,
                centre: &centre,
                base: &base,
                now,
            };
            store_rows(conn, &at, &rows)
        })
        .await
}

/// Check one row of a bulk import, with staff given by email; `Ok` holds what to store.
pub fn check_import_row(
    state: &AppState,
    input: &RegistrationInput,
    staff: &ImportStaff,
    today: chrono::NaiveDate,
) -> Result<ReadyRegistration, ActionError> {
    let assessor = staff.by_email(&input.assessor_id, Role::Assessor);
    let iqa = staff.by_email(&input.iqa_id, Role::Iqa);
    let checked = check_registration(&state.curriculum, input, today, assessor, iqa)?;
    let tutor = if input.tutor_id.trim().is_empty() {
        String::new()
    } else {
        match staff.by_email(&input.tutor_id, Role::Tutor) {
            Some(t) if t.holds_role => t.user_id.clone(),
            _ => {
                return Err(ActionError::Invalid(vec![FieldError::new(
                    "tutor_email",
                    "No tutor of this centre has that email address",
                )]));
            }
        }
    };
    let (a, i) = (
        assessor.map(|f| f.user_id.clone()).unwrap_or_default(),
        iqa.map(|f| f.user_id.clone()).unwrap_or_default(),
    );
    ready(state, checked, &a, &i, &tutor)
}

/// The centre's staff, looked up by email for an import (loaded once, not per row).
pub struct ImportStaff {
    pub(super) by_role: Vec<(String, Role, StaffFacts)>,
}

impl ImportStaff {
    pub async fn load(state: &AppState, centre_id: &CentreId) -> Result<Self, ActionError> {
        let centre = centre_id.to_string();
        let by_role = state
            .db
            .run(move |conn| -> Result<_, ActionError> {
                let mut out = Vec::new();
                for (user, roles) in people::people_of_centre(conn, &centre)? {
                    for role in roles
                        .iter()
                        .filter_map(|r| Role::parse(r))
                        .filter(|r| r.is_staff())
                    {
                        if let Some(facts) = staff_facts(conn, &centre, &user.id, role)? {
                            out.push((user.email.clone(), role, facts));
                        }
                    }
                }
                Ok(out)
            })
            .await?;
        Ok(Self { by_role })
    }

    fn by_email(&self, email: &str, role: Role) -> Option<&StaffFacts> {
        let email = email.trim().to_lowercase();
        self.by_role
            .iter()
            .find(|(e, r, _)| *e == email && *r == role)
            .map(|(_, _, f)| f)
    }
}
