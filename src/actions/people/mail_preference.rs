//! A person's choice of how to be emailed about their work (each message, or a daily digest),
//! and the digests themselves: queued by the delivery loop once a day for everyone who chose one.

use chrono::NaiveDateTime;
use serde_json::json;

use crate::actions::{ActionError, Actor, AppState};
use crate::domain::digest::{MailCadence, digest_mail, last_digest_time};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::mail_preferences as store;
use crate::store::mail_queue::{self, NewMail};
use crate::store::{Db, DbConnection, StoreError};

/// At most this many digests are queued in one round; the rest go in the next.
const DIGEST_BATCH: i64 = 200;

/// The caller's choice.
pub async fn cadence(state: &AppState, actor: &Actor) -> Result<MailCadence, ActionError> {
    let me = actor.user.id.clone();
    state
        .db
        .run(move |conn| Ok(store::cadence_of(conn, &me)?))
        .await
}

/// Record the caller's choice (audited). Choosing the digest starts it now.
pub async fn choose(
    state: &AppState,
    actor: &Actor,
    cadence: MailCadence,
) -> Result<MailCadence, ActionError> {
    let (me, name, now) = (
        actor.user.id.clone(),
        actor.user.name.clone(),
        state.clock.naive(),
    );
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let before = store::set(conn, &me, cadence, now)?;
            let entry = NewAuditEntry {
                actor_id: Some(me.clone()),
                actor_name: name,
                action: "mail_cadence_chosen".to_owned(),
                record_type: "user".to_owned(),
                record_id: me,
                details: json!({"cadence": cadence.as_str(), "before": before.as_str()}),
                ..NewAuditEntry::default()
            };
            audit::append(conn, entry, now)?;
            Ok(cadence)
        })
        .await
}

/// Queue the daily digests due at `now`: for each person on the digest whose last one is older
/// than today's digest time, one email listing their notifications since, then their digest
/// moves on to `now` (nothing is queued for a day with nothing to tell). Returns how many emails
/// were queued. Safe on many nodes: a person's digest moves on only once.
pub async fn queue_digests(
    db: &Db,
    public_url: &str,
    now: NaiveDateTime,
) -> Result<usize, StoreError> {
    let due = last_digest_time(now);
    let readers = db
        .run(move |conn| store::digests_before(conn, due, DIGEST_BATCH))
        .await?;
    let mut queued = 0;
    for reader in readers {
        let url = public_url.to_owned();
        let sent = db
            .write(move |conn| queue_one(conn, &reader, &url, now))
            .await?;
        queued += usize::from(sent);
    }
    Ok(queued)
}

/// One person's digest, in one transaction with moving their digest on.
fn queue_one(
    conn: &mut DbConnection,
    reader: &store::DigestReader,
    public_url: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    if !store::advance(conn, &reader.user_id, reader.digest_through, now)? {
        return Ok(false);
    }
    let lines = store::lines_between(conn, &reader.user_id, reader.digest_through, now)?;
    let Some((subject, body_text)) = digest_mail(&reader.name, &lines, public_url) else {
        return Ok(false);
    };
    let mail = NewMail {
        to_address: reader.email.clone(),
        to_name: reader.name.clone(),
        subject,
        body_text,
    };
    mail_queue::enqueue(conn, &mail, now)?;
    Ok(true)
}

/// Run [`queue_digests`] every `every` with the real clock (the delivery loop then sends them),
/// until the handle is aborted. Call it from inside the server's runtime.
pub fn spawn_digest_loop(
    db: Db,
    public_url: String,
    every: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every.max(std::time::Duration::from_secs(1)));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let now = chrono::Utc::now().naive_utc();
            match queue_digests(&db, &public_url, now).await {
                Ok(0) => {}
                Ok(queued) => tracing::info!(mail.digests = queued, "daily digests queued"),
                Err(error) => tracing::warn!(error = %error, "queueing the daily digests failed"),
            }
        }
    })
}
