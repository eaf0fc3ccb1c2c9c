//! An authenticator's single-use link (S4): opening it with no account shows each item listed in
//! the version sent, and signing through it confirms the items ticked as the candidate's own work.
//! The token names the request (`sub`) and the one link that may answer it (`jti`).

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::auth::tokens::{Audience, TokenError};
use crate::domain::authentication::{SignFields, Signed, parse_signing};
use crate::domain::witness::{LinkState, link_state};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::authentication::{self as store, AuthenticationRequest, EvidenceAuthentication};
use crate::store::evidence::{self, EvidenceFile, EvidenceItem, EvidenceVersion};
use crate::store::registrations::{self, Registration};
use crate::store::{DbConnection, StoreError, notifications, people};

/// One item as the authenticator reads it: in the version sent to them, with its files.
pub struct LinkItem {
    pub item: EvidenceItem,
    pub version: EvidenceVersion,
    pub files: Vec<EvidenceFile>,
    pub authenticated: Option<EvidenceAuthentication>,
}

/// Everything the authenticator's page shows.
pub struct LinkView {
    pub request: AuthenticationRequest,
    pub registration: Registration,
    pub learner_name: String,
    pub items: Vec<LinkItem>,
    pub link: LinkState,
    pub link_id: String,
}

fn link_items(
    conn: &mut DbConnection,
    request: &AuthenticationRequest,
) -> Result<Vec<LinkItem>, StoreError> {
    let done = store::authentications_of(conn, &request.registration_id)?;
    let mut out = Vec::new();
    for (id, wanted) in request.items.iter().cloned() {
        let Some(item) = evidence::find_item(conn, &id)? else {
            continue;
        };
        let Some(version) = evidence::versions(conn, &id)?
            .into_iter()
            .find(|v| v.version == wanted)
        else {
            continue;
        };
        let files = evidence::files_of(conn, &id)?
            .into_iter()
            .filter(|f| f.added_in_version <= wanted)
            .collect();
        let authenticated = done
            .iter()
            .find(|a| a.request_id == request.id && a.evidence_id == id)
            .cloned();
        out.push(LinkItem {
            item,
            version,
            files,
            authenticated,
        });
    }
    Ok(out)
}

/// Open a link: its request, its items, and whether it may still be used.
pub async fn open(state: &AppState, token: &str) -> Result<LinkView, ActionError> {
    let claims = match state.tokens.signed_claims(token, Audience::Authentication) {
        Ok(claims) => claims,
        Err(TokenError::Invalid | TokenError::Expired | TokenError::Signing) => {
            return Err(ActionError::LinkInvalid);
        }
    };
    let (request_id, link_id) = (claims.sub.clone(), claims.jti.clone());
    let loaded = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(request) = store::find_request(conn, &request_id)? else {
                return Ok(None);
            };
            if request.link_id != link_id {
                return Ok(None);
            }
            let Some(registration) = registrations::find(conn, &request.registration_id)? else {
                return Ok(None);
            };
            let learner = people::find_user(conn, &registration.learner_id)?;
            let items = link_items(conn, &request)?;
            Ok(Some((request, registration, learner, items)))
        })
        .await?;
    let Some((request, registration, learner, items)) = loaded else {
        return Err(ActionError::LinkInvalid);
    };
    let now = state.clock.naive();
    let token_expiry = chrono::DateTime::from_timestamp(claims.exp, 0)
        .map(|t| t.naive_utc())
        .unwrap_or(now);
    let expires_at = request.link_expires_at.min(token_expiry);
    Ok(LinkView {
        link: link_state(request.link_used_at, expires_at, now),
        learner_name: learner.map(|u| u.name).unwrap_or_default(),
        link_id: claims.jti,
        request,
        registration,
        items,
    })
}

/// Open a link that must still be open (to sign through it).
async fn open_for_signing(state: &AppState, token: &str) -> Result<LinkView, ActionError> {
    let view = open(state, token).await?;
    match view.link {
        LinkState::Open => Ok(view),
        LinkState::Used(_) => Err(ActionError::LinkUsed),
        LinkState::Expired => Err(ActionError::LinkExpired {
            expired_on: view.request.link_expires_at.format("%-d %B %Y").to_string(),
            ask: "the learner's assessor".to_owned(),
        }),
    }
}

fn signed_entry(view: &LinkView, confirmed: &[String], token_hash: &str) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: None,
        actor_name: format!("{} (authenticator)", view.request.authenticator_name),
        centre_id: Some(view.registration.centre_id.clone()),
        action: "evidence_authenticated".to_owned(),
        record_type: super::authentication::REQUEST.to_owned(),
        record_id: view.request.id.clone(),
        reason: None,
        details: json!({"evidence": confirmed, "token_sha256": token_hash}),
    }
}

/// One authentication row for each item the authenticator ticked, in the version sent.
fn authentication_rows(
    view: &LinkView,
    signed: &Signed,
    now: chrono::NaiveDateTime,
    token_hash: &str,
) -> Vec<EvidenceAuthentication> {
    view.items
        .iter()
        .filter(|i| signed.confirmed.contains(&i.item.id))
        .map(|i| EvidenceAuthentication {
            id: uuid::Uuid::new_v4().to_string(),
            request_id: view.request.id.clone(),
            registration_id: view.registration.id.clone(),
            evidence_id: i.item.id.clone(),
            evidence_version: i.version.version,
            signed_name: signed.name.clone(),
            signed_role: signed.role.clone(),
            signed_at: now,
            token_hash: token_hash.to_owned(),
        })
        .collect()
}

/// The authenticator signs: their name and role, and each item ticked is authenticated in the
/// version sent; the link is used up and the assessor told, in one transaction.
pub async fn sign(
    state: &AppState,
    token: &str,
    fields: &SignFields,
) -> Result<Vec<EvidenceAuthentication>, ActionError> {
    let view = open_for_signing(state, token).await?;
    let offered: Vec<String> = view.items.iter().map(|i| i.item.id.clone()).collect();
    let signed = parse_signing(fields, &offered).map_err(ActionError::Invalid)?;
    let now = state.clock.naive();
    let token_hash = crate::records::backup::hex(&Sha256::digest(token.as_bytes()));
    let rows = authentication_rows(&view, &signed, now, &token_hash);
    let audit_entry = signed_entry(&view, &signed.confirmed, &token_hash);
    let subject = format!("Evidence authenticated for {}", view.learner_name);
    let body = format!(
        "{} ({}) has confirmed {} of {} item(s) as {}'s own work.",
        signed.name,
        signed.role,
        rows.len(),
        offered.len(),
        view.learner_name
    );
    let (saved, link_id, assessor) = (
        rows.clone(),
        view.link_id.clone(),
        view.registration.assessor_id.clone(),
    );
    let (page, base) = (
        format!("/registrations/{}", view.registration.id),
        state.public_url.clone(),
    );
    let recorded = state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            if !store::record_signing(conn, &link_id, &saved, now)? {
                return Ok(false);
            }
            notifications::notify_with_mail(conn, &assessor, &subject, &body, &page, &base, now)?;
            audit::append(conn, audit_entry, now)?;
            Ok(true)
        })
        .await?;
    if recorded {
        Ok(rows)
    } else {
        Err(ActionError::LinkUsed)
    }
}
