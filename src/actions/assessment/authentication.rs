//! S4 open-learning authentication: a centre administrator names the authenticator (name, role,
//! email); the allocated assessor emails them a single-use link listing the current versions of
//! the learner's declared items (see `authentication_link`); a unit of an open-learning
//! registration is not signed off until every evidence version relied on is authenticated.

use crate::actions::access::centre_of;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{
    require_allocated_assessor, require_centre_role, visible_registration,
};
use crate::actions::audit::of_registration as entry;
use crate::auth::tokens::Audience;
use crate::domain::authentication::{
    Authenticator, LINK_VALIDITY, RoundFact, check_authenticated, parse_authenticator, relied_on,
};
use crate::domain::ids::{RegistrationId, UnitId};
use crate::domain::judgement::JudgementOutcome;
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;
use crate::store::audit;
use crate::store::authentication::{self as store, AuthenticationRequest, EvidenceAuthentication};
use crate::store::json::Json;
use crate::store::mail_queue::{self, NewMail};
use crate::store::registrations::Registration;
use crate::store::{DbConnection, StoreError, evidence, judgements, notifications, people};

/// The `record_type` of authentication requests in the audit trail.
pub const REQUEST: &str = "authentication_request";

/// One declared evidence item, in its current version, and whether that version is authenticated.
#[derive(Debug, Clone)]
pub struct ItemState {
    pub evidence_id: String,
    pub title: String,
    pub version: i32,
    pub authenticated: Option<EvidenceAuthentication>,
}

/// Where a registration's authentication stands: who authenticates, what is done and outstanding.
pub struct AuthenticationStatus {
    pub registration: Registration,
    pub learner_name: String,
    pub authenticator: Option<Authenticator>,
    pub items: Vec<ItemState>,
    pub requests: Vec<AuthenticationRequest>,
}

impl AuthenticationStatus {
    pub fn outstanding(&self) -> impl Iterator<Item = &ItemState> {
        self.items.iter().filter(|i| i.authenticated.is_none())
    }
}

fn authenticator_of(
    conn: &mut DbConnection,
    registration: &Registration,
) -> Result<Option<Authenticator>, StoreError> {
    let (role, email) = store::contact(conn, &registration.id)?;
    Ok(match (&registration.authenticator, role, email) {
        (Some(name), Some(role), Some(email)) => Some(Authenticator {
            name: name.clone(),
            role,
            email,
        }),
        _ => None,
    })
}

/// The learner's declared items (declared on their current version), each with its
/// authentication of that version if any.
fn declared_items(
    conn: &mut DbConnection,
    registration_id: &RegistrationId,
) -> Result<Vec<ItemState>, StoreError> {
    let done = store::authentications_of(conn, registration_id)?;
    let mut items = Vec::new();
    for (item, version) in evidence::items_of(conn, registration_id)? {
        let declared = evidence::latest_declaration(conn, &item.id)?
            .is_some_and(|d| d.version == version.version);
        if !declared {
            continue;
        }
        let authenticated = done
            .iter()
            .rev()
            .find(|a| a.evidence_id == item.id && a.evidence_version == version.version)
            .cloned();
        items.push(ItemState {
            evidence_id: item.id,
            title: item.title,
            version: version.version,
            authenticated,
        });
    }
    Ok(items)
}

/// Where authentication stands (anyone who may see the registration).
pub async fn status(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<AuthenticationStatus, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let learner_name = people::find_user(conn, &registration.learner_id)?
                .map(|u| u.name)
                .unwrap_or_default();
            Ok(AuthenticationStatus {
                authenticator: authenticator_of(conn, &registration)?,
                items: declared_items(
                    conn,
                    &RegistrationId::from_stored(registration.id.as_str()),
                )?,
                requests: store::requests_of(conn, &registration.id)?,
                learner_name,
                registration,
            })
        })
        .await
}

fn refuse_unless_open_learning(registration: &Registration) -> Result<(), ActionError> {
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn.".to_owned(),
        ));
    }
    if !registration.open_learning {
        return Err(ActionError::Conflict(
            "This learner is not on open learning: their evidence needs no authenticator."
                .to_owned(),
        ));
    }
    Ok(())
}

/// A centre administrator names (or renames) the authenticator of an open-learning registration.
pub async fn set_authenticator(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    name: &str,
    role: &str,
    email: &str,
) -> Result<Authenticator, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_centre_role(actor, &centre_of(&registration), &[Role::CentreAdmin])?;
    refuse_unless_open_learning(&registration)?;
    let named = parse_authenticator(name, role, email).map_err(ActionError::Invalid)?;
    let (saved, now) = (named.clone(), state.clock.naive());
    let details = json!({"name": named.name, "role": named.role, "email": named.email});
    let audit_entry = entry(
        actor,
        &registration,
        "authenticator_named",
        ("registration", &registration.id),
        None,
        details,
    );
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            store::set_authenticator(
                conn,
                &registration.id,
                &saved.name,
                &saved.role,
                &saved.email,
            )?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(named)
}

fn invitation(
    to: &Authenticator,
    learner: &str,
    asker: &str,
    titles: &[String],
    link: &str,
) -> NewMail {
    let list: String = titles.iter().map(|t| format!("- {t}\n")).collect();
    NewMail {
        to_address: to.email.clone(),
        to_name: to.name.clone(),
        subject: format!("Please confirm {learner}'s evidence is their own work"),
        body_text: format!(
            "Hello {},\n\n{asker}, {learner}'s assessor, asks you as their authenticator ({}) to confirm that this evidence is {learner}'s own work:\n\n{list}\nOpen this link to read each item and sign for those you can confirm. It works once, for 14 days, and needs no account:\n{link}\n\nIf you were not expecting this, you can ignore this message.\n",
            to.name, to.role
        ),
    }
}

/// The authenticator the centre named, or the refusal that says who must name them.
fn named_authenticator(current: &AuthenticationStatus) -> Result<Authenticator, ActionError> {
    current.authenticator.clone().ok_or_else(|| {
        ActionError::Invalid(vec![crate::domain::people::FieldError::new(
            "authenticator_email",
            "The centre has not yet named the authenticator's role and email: ask a centre administrator to add them to the registration",
        )])
    })
}

/// The declared items still to authenticate, or a conflict when there are none.
fn outstanding_items(current: &AuthenticationStatus) -> Result<Vec<&ItemState>, ActionError> {
    let pending: Vec<&ItemState> = current.outstanding().collect();
    if pending.is_empty() {
        return Err(ActionError::Conflict(
            "There is nothing to authenticate: every item the learner has declared as their own work is authenticated in its current version.".to_owned(),
        ));
    }
    Ok(pending)
}

/// The request row for the pending items, with a fresh link id valid for [`LINK_VALIDITY`].
fn new_request(
    registration: &Registration,
    actor: &Actor,
    to: &Authenticator,
    pending: &[&ItemState],
    now: chrono::DateTime<chrono::Utc>,
) -> AuthenticationRequest {
    let versions: Vec<_> = pending
        .iter()
        .map(|i| (i.evidence_id.clone(), i.version))
        .collect();
    AuthenticationRequest {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: registration.id.clone(),
        requested_by: actor.user.id.clone(),
        authenticator_name: to.name.clone(),
        authenticator_role: to.role.clone(),
        authenticator_email: to.email.clone(),
        items: Json(versions),
        link_id: uuid::Uuid::new_v4().to_string(),
        link_expires_at: (now + LINK_VALIDITY).naive_utc(),
        link_used_at: None,
        created_at: now.naive_utc(),
    }
}

/// The allocated assessor emails the authenticator a single-use link listing the current
/// versions of the learner's declared items not yet authenticated; the learner is told in-app.
pub async fn request(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<AuthenticationRequest, ActionError> {
    let current = status(state, actor, registration_id).await?;
    require_allocated_assessor(actor, &current.registration)?;
    refuse_unless_open_learning(&current.registration)?;
    let to = named_authenticator(&current)?;
    let pending = outstanding_items(&current)?;
    let now = state.clock.now();
    let registration = &current.registration;
    let row = new_request(registration, actor, &to, &pending, now);
    let token = state
        .tokens
        .issue(
            Audience::Authentication,
            &row.id,
            &row.link_id,
            now,
            now + LINK_VALIDITY,
        )
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    let link = format!("{}/authenticate/{token}", state.public_url);
    let titles: Vec<String> = pending.iter().map(|i| i.title.clone()).collect();
    let sent = Sent {
        mail: invitation(&to, &current.learner_name, &actor.user.name, &titles, &link),
        audit_entry: entry(
            actor,
            registration,
            "authentication_requested",
            (REQUEST, &row.id),
            None,
            json!({"authenticator": to.name, "email": to.email, "items": titles, "link_expires_at": row.link_expires_at.and_utc().to_rfc3339()}),
        ),
        learner_notice: format!(
            "{} has been asked to confirm that this evidence is your own work: {}.",
            to.name,
            titles.join("; ")
        ),
    };
    save_request(
        state,
        row.clone(),
        registration.learner_id.clone(),
        sent,
        now,
    )
    .await?;
    Ok(row)
}

/// What a request sends: the authenticator's email, the learner's notice, the audit entry.
struct Sent {
    mail: NewMail,
    audit_entry: audit::NewAuditEntry,
    learner_notice: String,
}

async fn save_request(
    state: &AppState,
    row: AuthenticationRequest,
    learner: String,
    sent: Sent,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ActionError> {
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            store::insert_request(conn, &row)?;
            mail_queue::enqueue(conn, &sent.mail, now.naive_utc())?;
            let page = format!("/registrations/{}", row.registration_id);
            notifications::notify(
                conn,
                &learner,
                "Evidence sent for authentication",
                &sent.learner_notice,
                &page,
                now.naive_utc(),
            )?;
            audit::append(conn, sent.audit_entry, now.naive_utc())?;
            Ok(())
        })
        .await
}

/// S4, inside the sign-off's transaction: an open-learning registration's unit is refused while
/// an evidence version relied on by its met judgements is not authenticated.
pub fn require_authenticated(
    conn: &mut DbConnection,
    registration: &Registration,
    unit_id: &UnitId,
) -> Result<(), ActionError> {
    if !registration.open_learning {
        return Ok(());
    }
    let rounds = judgements::of_registration(conn, &registration.id)?;
    let facts: Vec<RoundFact<'_>> = rounds
        .iter()
        .map(|j| RoundFact {
            judgement_id: &j.id,
            item_id: &j.item_id,
            unit_id: &j.unit_id,
            round: j.round,
            met: j.outcome == JudgementOutcome::Met,
        })
        .collect();
    let evidence: Vec<(String, String, i32)> =
        judgements::evidence_of_registration(conn, &registration.id)?
            .into_iter()
            .map(|e| (e.judgement_id, e.evidence_id, e.evidence_version))
            .collect();
    let relied = relied_on(unit_id, &facts, &evidence);
    let authenticated: BTreeSet<(String, i32)> = store::authentications_of(conn, &registration.id)?
        .into_iter()
        .map(|a| (a.evidence_id, a.evidence_version))
        .collect();
    let titles: BTreeMap<String, String> = evidence::items_of(conn, &registration.id)?
        .into_iter()
        .map(|(item, _)| (item.id, item.title))
        .collect();
    check_authenticated(&relied, &authenticated, &titles).map_err(ActionError::Rule)
}
