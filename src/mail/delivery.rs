//! Background delivery of the mail queue: take the due messages, hand each to the transport on the
//! blocking pool, mark it sent only once the transport accepted it, or record the failure and try
//! again later with exponential backoff. Delivery is at least once: a node that dies between the
//! server accepting a message and the database recording it will send that message again.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};

use super::{MailError, MailTransport, OutgoingMail};
use crate::store::mail_queue::{self, QueuedMail};
use crate::store::{Db, StoreError};

/// At most this many messages are tried in one round; the rest wait for the next.
pub const DELIVERY_BATCH: i64 = 50;

/// How long a node holds a message it is trying to send before another node may try it
/// (longer than any one SMTP attempt can take).
const CLAIM: TimeDelta = TimeDelta::minutes(5);

const FIRST_RETRY_SECONDS: i64 = 30;
const LONGEST_RETRY_SECONDS: i64 = 60 * 60;

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Accepted by the transport and marked sent.
    pub sent: usize,
    /// Tried and failed; queued again with a later attempt time.
    pub failed: usize,
    /// Due but not tried, because the server was found down in this round.
    pub deferred: usize,
}

/// The wait after a failure, given the attempts that had failed before it:
/// 30 s × 2^attempts, at most an hour.
pub fn retry_delay(failed_before: i32) -> TimeDelta {
    let doublings = failed_before.clamp(0, 16) as u32;
    let seconds = FIRST_RETRY_SECONDS.saturating_mul(1_i64 << doublings);
    TimeDelta::seconds(seconds.min(LONGEST_RETRY_SECONDS))
}

/// Deliver the messages due at `now` (one batch). Errors are the database's only: a failed send
/// is recorded on the message and counted in the report.
pub async fn deliver_due(
    db: &Db,
    transport: Arc<dyn MailTransport>,
    now: NaiveDateTime,
) -> Result<DeliveryReport, StoreError> {
    let due = db
        .run(move |conn| mail_queue::due(conn, now, DELIVERY_BATCH))
        .await?;
    let mut report = DeliveryReport::default();
    let mut queue = due.into_iter();
    while let Some(mail) = queue.next() {
        let (id, seen) = (mail.id.clone(), mail.next_attempt_at);
        let claimed = db
            .run(move |conn| mail_queue::claim(conn, &id, seen, now + CLAIM))
            .await?;
        if !claimed {
            // Another node is sending it.
            continue;
        }
        match send_blocking(&transport, &mail).await {
            Ok(()) => {
                let id = mail.id.clone();
                db.run(move |conn| mail_queue::mark_sent(conn, &id, now))
                    .await?;
                tracing::info!(mail.id = %mail.id, mail.attempts = mail.attempts + 1, "mail sent");
                report.sent += 1;
            }
            Err(error) => {
                record_failure(db, &mail, &error, now).await?;
                report.failed += 1;
                if error.is_unavailable() {
                    report.deferred = queue.len();
                    break;
                }
            }
        }
    }
    Ok(report)
}

/// The transport blocks (network, disk), so it runs on the blocking pool.
async fn send_blocking(
    transport: &Arc<dyn MailTransport>,
    mail: &QueuedMail,
) -> Result<(), MailError> {
    let transport = Arc::clone(transport);
    let outgoing = OutgoingMail::from(mail);
    tokio::task::spawn_blocking(move || transport.send(&outgoing))
        .await
        .unwrap_or(Err(MailError::Interrupted))
}

async fn record_failure(
    db: &Db,
    mail: &QueuedMail,
    error: &MailError,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let attempts = mail.attempts.saturating_add(1);
    let next_attempt_at = now + retry_delay(mail.attempts);
    tracing::warn!(
        mail.id = %mail.id,
        mail.attempts = attempts,
        retry_at = %next_attempt_at,
        error = %error,
        "mail not sent; it stays queued"
    );
    let (id, message) = (mail.id.clone(), error.to_string());
    db.run(move |conn| mail_queue::mark_failed(conn, &id, attempts, next_attempt_at, &message))
        .await
}

/// Run [`deliver_due`] every `every` (first round at once) with the real clock, until the handle
/// is aborted or the runtime stops. Call it from inside the server's runtime.
pub fn spawn_delivery_loop(
    db: Db,
    transport: Arc<dyn MailTransport>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every.max(Duration::from_millis(10)));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let now = chrono::Utc::now().naive_utc();
            match deliver_due(&db, Arc::clone(&transport), now).await {
                Ok(report) if report != DeliveryReport::default() => tracing::info!(
                    mail.sent = report.sent,
                    mail.failed = report.failed,
                    mail.deferred = report.deferred,
                    "mail delivery round"
                ),
                Ok(_) => {}
                Err(error) => tracing::warn!(error = %error, "mail delivery round failed"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{InMemoryTransport, OutboxTransport};
    use crate::store::mail_queue::{NewMail, enqueue, find};
    use crate::store::testing::TestDb;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_700_000_000 + seconds, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }

    fn queue(db: &TestDb, to: &str, subject: &str, queued_at: i64) -> Result<String, StoreError> {
        let mail = NewMail {
            to_address: to.into(),
            to_name: "Ada".into(),
            subject: subject.into(),
            body_text: "Please sign your testimony.".into(),
        };
        enqueue(&mut *db.db().get()?, &mail, at(queued_at))
    }

    #[test]
    fn retries_back_off_from_30_seconds_to_at_most_an_hour() {
        let seconds: Vec<i64> = [0, 1, 2, 6, 7, 50, -1]
            .into_iter()
            .map(|n| retry_delay(n).num_seconds())
            .collect();
        assert_eq!(seconds, vec![30, 60, 120, 1920, 3600, 3600, 30]);
    }

    #[actix_web::test]
    async fn due_mail_is_sent_and_marked_sent() -> TestResult {
        let db = TestDb::new()?;
        let id = queue(&db, "ada@example.org", "Witness link", 0)?;
        let transport = Arc::new(InMemoryTransport::new());
        let report = deliver_due(db.db(), transport.clone(), at(1)).await?;
        assert_eq!(
            report,
            DeliveryReport {
                sent: 1,
                failed: 0,
                deferred: 0
            }
        );
        assert_eq!(transport.sent().len(), 1);
        assert_eq!(transport.sent()[0].subject, "Witness link");
        assert_eq!(
            find(&mut *db.db().get()?, &id)?.and_then(|m| m.sent_at),
            Some(at(1))
        );
        // Sent once: the next round has nothing to do.
        let again = deliver_due(db.db(), transport.clone(), at(100)).await?;
        assert_eq!(again, DeliveryReport::default());
        assert_eq!(transport.sent().len(), 1);
        Ok(())
    }

    #[actix_web::test]
    async fn mail_sent_while_the_server_is_down_goes_once_it_is_back() -> TestResult {
        let db = TestDb::new()?;
        let first = queue(&db, "ada@example.org", "First", 0)?;
        let second = queue(&db, "bob@example.org", "Second", 1)?;
        let transport = Arc::new(InMemoryTransport::new());
        transport.set_unavailable(true);

        let report = deliver_due(db.db(), transport.clone(), at(1)).await?;
        // The round stops at the first failure rather than wait on a dead server per message.
        assert_eq!(
            report,
            DeliveryReport {
                sent: 0,
                failed: 1,
                deferred: 1
            }
        );
        let failed = find(&mut *db.db().get()?, &first)?.ok_or("first mail gone")?;
        assert_eq!((failed.attempts, failed.sent_at), (1, None));
        assert_eq!(failed.next_attempt_at, at(31));
        assert!(failed.last_error.is_some());
        let untried = find(&mut *db.db().get()?, &second)?.ok_or("second mail gone")?;
        assert_eq!(untried.attempts, 0);

        transport.set_unavailable(false);
        let report = deliver_due(db.db(), transport.clone(), at(2)).await?;
        assert_eq!(report.sent, 1, "only the untried mail is due yet");
        let report = deliver_due(db.db(), transport.clone(), at(31)).await?;
        assert_eq!(report.sent, 1);
        let subjects: Vec<_> = transport.sent().into_iter().map(|m| m.subject).collect();
        assert_eq!(subjects, vec!["Second", "First"]);
        Ok(())
    }

    #[actix_web::test]
    async fn a_refused_message_does_not_hold_up_the_others() -> TestResult {
        let db = TestDb::new()?;
        let bad = queue(&db, "not an address", "Bad", 0)?;
        let good = queue(&db, "ada@example.org", "Good", 1)?;
        let transport = Arc::new(OutboxTransport::new(&db.folder().join("outbox"), "")?);
        let report = deliver_due(db.db(), transport, at(1)).await?;
        assert_eq!(
            report,
            DeliveryReport {
                sent: 1,
                failed: 1,
                deferred: 0
            }
        );
        let mut conn = db.db().get()?;
        assert!(find(&mut conn, &good)?.and_then(|m| m.sent_at).is_some());
        let bad = find(&mut conn, &bad)?.ok_or("bad mail gone")?;
        assert_eq!((bad.attempts, bad.sent_at), (1, None));
        assert_eq!(
            crate::mail::list_outbox(&db.folder().join("outbox"), 10)?.len(),
            1
        );
        Ok(())
    }

    #[actix_web::test]
    async fn the_loop_delivers_in_the_background() -> TestResult {
        let db = TestDb::new()?;
        let mail = NewMail {
            to_address: "ada@example.org".into(),
            to_name: "Ada".into(),
            subject: "From the loop".into(),
            body_text: "Hello".into(),
        };
        enqueue(&mut *db.db().get()?, &mail, chrono::Utc::now().naive_utc())?;
        let transport = Arc::new(InMemoryTransport::new());
        let handle = spawn_delivery_loop(
            db.db().clone(),
            transport.clone(),
            Duration::from_millis(20),
        );
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while transport.sent().is_empty() && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        handle.abort();
        assert_eq!(transport.sent().len(), 1);
        Ok(())
    }
}
