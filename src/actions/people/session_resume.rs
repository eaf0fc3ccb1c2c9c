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
use crate::store::sessions::{self, ResumeRow, Session};
use crate::store::{DbConnection, StoreError};

/// A resumed session: who is acting, the session, and (when asked for) their unread
/// notifications.
pub struct Resumed {
    pub actor: Actor,
    pub session: Session,
    pub unread: i64,
}

/// The session the verified `claims` name, if it is still live; `None` answers "sign in again".
/// One statement reads the session, the person, whether they hold an EQA grant and their
/// unread notifications; a second their roles; the rest only for those they concern.
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
            let row = sessions::resume_row(conn, &claims.jti, &claims.sub, naive)?;
            match row.filter(|r| live(&r.session, audience, &policy, naive)) {
                Some(row) => signed_in(conn, row, count_unread, naive),
                None => Ok(None),
            }
        })
        .await?)
}

/// The token's session is for its purpose, not revoked, and neither expired nor idle too long.
fn live(
    session: &Session,
    audience: Audience,
    policy: &SessionPolicy,
    naive: NaiveDateTime,
) -> bool {
    session.purpose == audience.as_str()
        && session.revoked_at.is_none()
        && session.expires_at > naive
        && session.last_seen_at + policy.idle_timeout > naive
}

/// The session's person with their memberships and grants, unless they are disabled or changed
/// their password after the session began.
fn signed_in(
    conn: &mut DbConnection,
    row: ResumeRow,
    count_unread: bool,
    naive: NaiveDateTime,
) -> Result<Option<Resumed>, StoreError> {
    let ResumeRow {
        session,
        user,
        holds_eqa_grant,
        unread,
    } = row;
    let changed_since = user
        .password_changed_at
        .is_some_and(|changed| changed > session.created_at);
    if user.disabled_at.is_some() || changed_since {
        return Ok(None);
    }
    // Slide the idle timeout, at most once a minute (one write, not one per request).
    if naive - session.last_seen_at > chrono::Duration::minutes(1) {
        sessions::touch_session(conn, &session.id, naive)?;
    }
    let memberships = people::memberships_of(conn, &user.id)?;
    let eqa_grants = if holds_eqa_grant {
        people::active_eqa_grants(conn, &user.id, naive)?
    } else {
        Vec::new()
    };
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
    Ok(Some(Resumed {
        actor: Actor {
            user,
            memberships,
            eqa_grants,
            unit_allocations,
            support_centres,
        },
        session,
        unread: if count_unread { unread } else { 0 },
    }))
}
