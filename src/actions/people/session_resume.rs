//! Resuming a session from a verified token: the session row must be the token's own, for its
//! purpose, not revoked, neither expired nor idle too long; the person must not be disabled nor
//! have changed their password since it began. The web layer verifies the token's signature and
//! builds its caller from what this returns.

use chrono::NaiveDateTime;

use crate::actions::{ActionError, Actor, AppState};
use crate::auth::SessionPolicy;
use crate::auth::tokens::{Audience, Claims};
use crate::domain::roles::Role;
use crate::store::people;
use crate::store::sessions::{self, Session};
use crate::store::{DbConnection, StoreError};

/// A resumed session: who is acting, the session, and (when asked for) their unread
/// notifications.
pub struct Resumed {
    pub actor: Actor,
    pub session: Session,
    pub unread: i64,
}

/// The session the verified `claims` name, if it is still live; `None` answers "sign in again".
pub async fn resume(
    state: &AppState,
    claims: Claims,
    audience: Audience,
    count_unread: bool,
) -> Result<Option<Resumed>, ActionError> {
    let policy = state.sessions.clone();
    let naive = state.clock.now().naive_utc();
    Ok(state
        .db
        .run(move |conn| -> Result<_, StoreError> {
            let Some(session) = live_session(conn, &claims, audience, &policy, naive)? else {
                return Ok(None);
            };
            signed_in(conn, session, count_unread, naive)
        })
        .await?)
}

/// The token's session row, when it is the token's own, for its purpose, not revoked, and
/// neither expired nor idle too long.
fn live_session(
    conn: &mut DbConnection,
    claims: &Claims,
    audience: Audience,
    policy: &SessionPolicy,
    naive: NaiveDateTime,
) -> Result<Option<Session>, StoreError> {
    let session = sessions::find_session(conn, &claims.jti)?;
    Ok(session.filter(|s| {
        s.user_id == claims.sub
            && s.purpose == audience.as_str()
            && s.revoked_at.is_none()
            && s.expires_at > naive
            && s.last_seen_at + policy.idle_timeout > naive
    }))
}

/// The session's person with their memberships and grants, unless they are disabled or changed
/// their password after the session began.
fn signed_in(
    conn: &mut DbConnection,
    session: Session,
    count_unread: bool,
    naive: NaiveDateTime,
) -> Result<Option<Resumed>, StoreError> {
    let Some(user) = people::find_user(conn, &session.user_id)?.filter(|u| u.disabled_at.is_none())
    else {
        return Ok(None);
    };
    if user
        .password_changed_at
        .is_some_and(|changed| changed > session.created_at)
    {
        return Ok(None);
    }
    // Slide the idle timeout, at most once a minute (one write, not one per request).
    if naive - session.last_seen_at > chrono::Duration::minutes(1) {
        sessions::touch_session(conn, &session.id, naive)?;
    }
    let memberships = people::memberships_of(conn, &user.id)?;
    let eqa_grants = people::active_eqa_grants(conn, &user.id, naive)?;
    // Only staff who assess or quality-assure can hold a unit on its own: no statement for others.
    let staff = memberships
        .iter()
        .any(|m| m.role == Role::Assessor.code() || m.role == Role::Iqa.code());
    let unit_allocations = if staff {
        crate::store::allocations::held_by(conn, &user.id)?
    } else {
        Vec::new()
    };
    // Only platform administrators reach centres by support access: no statement for others.
    let support_centres = if user.is_platform_admin {
        crate::store::support_access::reachable_centres(conn, naive)?
    } else {
        Vec::new()
    };
    let unread = if count_unread {
        crate::store::notifications::unread_count(conn, &user.id)?
    } else {
        0
    };
    Ok(Some(Resumed {
        actor: Actor {
            user,
            memberships,
            eqa_grants,
            unit_allocations,
            support_centres,
        },
        session,
        unread,
    }))
}
