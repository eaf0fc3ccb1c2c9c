//! Who may read a sample, and the actions an IQA referral sets: only the assessor an action
//! belongs to closes it. The checks themselves are recorded in [`super::sample_outcomes`].

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{CentreRelation, centre_relation, require_registration_visible};
use crate::actions::audit::of_registration as entry;
use crate::domain::ids::{CentreId, IqaActionId, SampleId};
use crate::domain::iqa_check::{self, CloseRefused};
use crate::domain::roles::Role;
use crate::store::StoreError;
use crate::store::audit;
use crate::store::notifications::notify_with_mail;
use crate::store::registrations;
use crate::store::sample_checks::{self, Action};
use crate::store::samples::{self, Sample};

pub use crate::actions::iqa::sample_detail::{SampleDetail, detail};
pub use crate::actions::iqa::sample_outcomes::{
    Recorded, SampleOutcome, record_outcome, record_outcomes,
};

/// The record type of samples in the audit trail.
pub const SAMPLE: &str = "sample";
/// The record type of IQA actions in the audit trail.
pub const IQA_ACTION: &str = "iqa_action";

/// The sample, if the caller may read it: the centre's IQAs and administrators, the platform
/// administrator, an EQA granted its qualification (another qualification: 404). Other members
/// of the centre get 403, anyone else 404.
pub async fn visible_sample(
    state: &AppState,
    actor: &Actor,
    sample_id: &SampleId,
) -> Result<Sample, ActionError> {
    let key = sample_id.to_string();
    let not_found = || ActionError::NotFound(format!("sample {sample_id}"));
    let sample = state
        .db
        .run(move |conn| samples::get(conn, &key))
        .await?
        .ok_or_else(not_found)?;
    match centre_relation(actor, &CentreId::from_stored(sample.centre_id.as_str())) {
        None => Err(not_found()),
        Some(CentreRelation::Eqa(grants)) if !grants.contains(&sample.qualification_id) => {
            Err(not_found())
        }
        Some(CentreRelation::Eqa(_) | CentreRelation::PlatformAdmin) => Ok(sample),
        Some(CentreRelation::Member(roles))
            if roles.contains(&Role::Iqa) || roles.contains(&Role::CentreAdmin) =>
        {
            Ok(sample)
        }
        Some(CentreRelation::Member(_)) => Err(ActionError::Forbidden),
    }
}

/// The assessor an action belongs to closes it with a note. Refusals: 404 (not visible), 403
/// (another person's action), 422 (no note), 409 (closed already).
pub async fn close_action(
    state: &AppState,
    actor: &Actor,
    action_id: &IqaActionId,
    note: &str,
) -> Result<Action, ActionError> {
    let key = action_id.to_string();
    let not_found = || ActionError::NotFound(format!("action {action_id}"));
    let (action, registration) = state
        .db
        .run(move |conn| {
            let Some(action) = sample_checks::find_action(conn, &key)? else {
                return Ok(None);
            };
            let registration = registrations::find(conn, &action.registration_id)?;
            Ok::<_, StoreError>(registration.map(|r| (action, r)))
        })
        .await?
        .ok_or_else(not_found)?;
    require_registration_visible(actor, &registration).map_err(|_| not_found())?;
    iqa_check::may_close_action(&action.assessor_id, &actor.user.id, action.is_closed()).map_err(
        |refused| match refused {
            CloseRefused::NotTheirs => ActionError::Forbidden,
            CloseRefused::AlreadyClosed => {
                ActionError::Conflict("This action is already closed.".to_owned())
            }
        },
    )?;
    let note = iqa_check::check_closing_note(note).map_err(|e| ActionError::Invalid(vec![e]))?;
    let now = state.clock.naive();
    let (actor, base) = (actor.clone(), state.public_url.clone());
    let curriculum = state.curriculum.clone();
    state
        .db
        .write(move |conn| -> Result<Action, ActionError> {
            if !sample_checks::close_action(conn, &action.id, &actor.user.id, &note, now)? {
                return Err(ActionError::Conflict("This action is already closed.".to_owned()));
            }
            let details = json!({"sample_id": action.sample_id, "description": action.description, "due_on": action.due_on.to_string()});
            audit::append(conn, entry(&actor, &registration, "iqa_action_closed", (IQA_ACTION, &action.id), Some(note.clone()), details), now)?;
            let left = sample_checks::actions_of_sample(conn, &action.sample_id)?
                .iter()
                .filter(|a| !a.is_closed())
                .count();
            if let Some(sample) = samples::get(conn, &action.sample_id)? {
                let item = curriculum.item_words(&sample.unit_id, &sample.item_id);
                let body = if left == 0 {
                    format!("{} closed every action on the referred decision on {}: it is ready for you to check again.\n\nLast note: {}", actor.user.name, item, note)
                } else {
                    format!("{} closed an action on the referred decision on {} ({left} still open).\n\nNote: {}", actor.user.name, item, note)
                };
                notify_with_mail(conn, &sample.iqa_id, "An assessor closed an IQA action", &body, &format!("/samples/{}", sample.id), &base, now)?;
            }
            Ok(Action { closed_at: Some(now), closed_by: Some(actor.user.id.clone()), closing_note: Some(note.clone()), ..action })
        })
        .await
}
