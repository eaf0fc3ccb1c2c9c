//! Reading a centre and its people: each read checks who may make it before it opens the store,
//! so the pages and the API read centres only through here.

use crate::actions::access::{
    CentreRelation, require_centre_role, require_centre_visible, require_platform_admin,
};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::CentreId;
use crate::domain::mail_view::without_single_use_links;
use crate::domain::retention::RetentionYears;
use crate::domain::roles::Role;
use crate::store::mail_queue::{self, QueuedMail};
use crate::store::people::{self, Centre, EqaGrant, User};
use crate::store::registrations::{self, Registration};

/// A person of a centre with their role codes there.
pub type CentreMember = (User, Vec<String>);
/// An EQA grant with the assessor's name and email.
pub type NamedGrant = (EqaGrant, String, String);

/// What a centre administrator's centre page shows.
pub struct CentreOverview {
    pub centre: Centre,
    /// A page of the centre's people (its staff unless asked otherwise).
    pub people: super::staff_list::PeoplePage,
    pub grants: Vec<NamedGrant>,
    pub retention: RetentionYears,
    pub two_step_policy: crate::domain::two_step_policy::TwoStepPolicy,
    /// The support access the centre gave the platform's administrators, while it stands.
    pub support: Option<crate::store::support_access::SupportGrant>,
}

fn found(centre: Option<Centre>, centre_id: &CentreId) -> Result<Centre, ActionError> {
    centre.ok_or_else(|| ActionError::NotFound(format!("centre {centre_id}")))
}

/// A centre the caller can see at all (any role there, an EQA grant, or platform administrator).
pub async fn visible_centre(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Centre, ActionError> {
    require_centre_visible(actor, centre_id)?;
    let id = centre_id.to_string();
    let centre = state
        .db
        .run(move |conn| people::find_centre(conn, &id))
        .await?;
    found(centre, centre_id)
}

/// The centre and, for its administrators and IQAs (and the platform administrator), its people;
/// `None` for anyone else who can see the centre.
pub async fn centre_with_people(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<(Centre, Option<Vec<CentreMember>>), ActionError> {
    let sees_people = match require_centre_visible(actor, centre_id)? {
        CentreRelation::PlatformAdmin => true,
        CentreRelation::Member(roles) => {
            roles.contains(&Role::CentreAdmin) || roles.contains(&Role::Iqa)
        }
        CentreRelation::Eqa(_) => false,
    };
    let id = centre_id.to_string();
    let (centre, everyone) = state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            let everyone = if sees_people {
                Some(people::people_of_centre(conn, &id)?)
            } else {
                None
            };
            Ok((people::find_centre(conn, &id)?, everyone))
        })
        .await?;
    Ok((found(centre, centre_id)?, everyone))
}

/// The centre page: its people, EQA grants and how long its records are kept. Centre
/// administrator.
pub async fn centre_overview(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    query: &super::staff_list::PeopleQuery,
) -> Result<CentreOverview, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    crate::actions::assessment::caseload::check_per_page(query.per_page)?;
    let (id, query) = (centre_id.to_string(), query.clone());
    let now = state.clock.naive();
    let (centre, people, grants, (retention, two_step_policy, support)) = state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            Ok((
                people::find_centre(conn, &id)?,
                super::staff_list::read_page(conn, &id, &query)?,
                people::eqa_grants_of_centre(conn, &id)?,
                (
                    crate::store::retention::years_for(conn, &id)?,
                    crate::store::two_step_policy::of_centre(conn, &id)?,
                    crate::store::support_access::live_of_centre(conn, &id, now)?,
                ),
            ))
        })
        .await?;
    Ok(CentreOverview {
        centre: found(centre, centre_id)?,
        people: people.ok_or_else(crate::actions::assessment::caseload::place_gone)?,
        grants,
        retention,
        two_step_policy,
        support,
    })
}

/// The centre's EQA grants with each assessor's name and email. Centre administrator.
pub async fn eqa_grants(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Vec<NamedGrant>, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let id = centre_id.to_string();
    Ok(state
        .db
        .run(move |conn| people::eqa_grants_of_centre(conn, &id))
        .await?)
}

/// The people of the centre a registration belongs to, for names on its pages. Only for a
/// registration the caller has already been allowed to read (it comes from an action).
pub async fn people_of_registration_centre(
    state: &AppState,
    registration: &Registration,
) -> Result<Vec<CentreMember>, ActionError> {
    let centre = registration.centre_id.clone();
    Ok(state
        .db
        .run(move |conn| people::people_of_centre(conn, &centre))
        .await?)
}

/// The learner's name on a registration the caller has already been allowed to read.
pub async fn learner_name(
    state: &AppState,
    registration: &Registration,
) -> Result<String, ActionError> {
    let learner = registration.learner_id.clone();
    let user = state
        .db
        .run(move |conn| people::find_user(conn, &learner))
        .await?;
    Ok(user.map_or_else(|| "the learner".to_owned(), |u| u.name))
}

/// Every centre, by name. Platform administrator.
pub async fn all_centres(state: &AppState, actor: &Actor) -> Result<Vec<Centre>, ActionError> {
    require_platform_admin(actor)?;
    Ok(state.db.run(people::list_centres).await?)
}

/// The latest messages queued for delivery, single-use links withheld (the view says one was
/// sent, and to whom). Platform administrator.
pub async fn recent_mail(state: &AppState, actor: &Actor) -> Result<Vec<QueuedMail>, ActionError> {
    require_platform_admin(actor)?;
    let mut mail = state.db.run(|conn| mail_queue::recent(conn, 100)).await?;
    for message in &mut mail {
        message.body_text = without_single_use_links(&message.body_text);
    }
    Ok(mail)
}

/// The caller's own registrations, and the registrations allocated to them (with each learner's
/// name).
pub async fn my_registrations(
    state: &AppState,
    actor: &Actor,
) -> Result<(Vec<Registration>, Vec<(Registration, String)>), ActionError> {
    let me = actor.user.id.clone();
    Ok(state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            Ok((
                registrations::of_learner(conn, &me)?,
                registrations::caseload(conn, &me)?,
            ))
        })
        .await?)
}

/// The centres where the caller holds a role.
pub async fn my_centres(state: &AppState, actor: &Actor) -> Result<Vec<Centre>, ActionError> {
    let ids = actor.centre_ids();
    Ok(state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            let mut centres = Vec::new();
            for id in ids {
                centres.extend(people::find_centre(conn, &id)?);
            }
            Ok(centres)
        })
        .await?)
}
