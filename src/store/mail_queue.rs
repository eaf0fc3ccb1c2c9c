//! The outgoing mail queue. A message is written here in the same transaction as the change that
//! caused it, and delivered later in the background (`crate::mail::deliver_due`), so a request
//! never waits on a mail server and a server that is down loses nothing.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::mail_queue;
use super::{DbConnection, StoreError};

/// The longest failure text kept with a message (the admin page shows it; the log has the rest).
const MAX_ERROR_CHARS: usize = 500;

/// A message to queue: who it is for and what it says (plain text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body_text: String,
}

#[derive(Clone, Insertable)]
#[diesel(table_name = mail_queue, treat_none_as_default_value = false)]
struct MailInsert<'a> {
    id: &'a str,
    to_address: &'a str,
    to_name: &'a str,
    subject: &'a str,
    body_text: &'a str,
    created_at: NaiveDateTime,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
}

/// A queued message as stored, sent or not.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = mail_queue)]
pub struct QueuedMail {
    pub id: String,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: NaiveDateTime,
    /// Delivery attempts made so far, the successful one included.
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

/// Where a message stands, for the administrator's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailStatus {
    /// Not tried yet.
    Queued,
    /// Tried and failed at least once; tried again at `next_attempt_at`.
    Retrying,
    /// Accepted by the mail server or written to the outbox.
    Sent,
}

impl MailStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Retrying => "retrying",
            Self::Sent => "sent",
        }
    }
}

impl QueuedMail {
    pub fn status(&self) -> MailStatus {
        if self.sent_at.is_some() {
            MailStatus::Sent
        } else if self.attempts > 0 {
            MailStatus::Retrying
        } else {
            MailStatus::Queued
        }
    }
}

/// Queue `mail` for delivery as soon as the delivery loop next runs. Call it inside the
/// transaction that makes the change the mail is about, so both commit or neither does.
pub fn enqueue(
    conn: &mut DbConnection,
    mail: &NewMail,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    let ids = enqueue_all(conn, std::slice::from_ref(mail), now)?;
    ids.into_iter()
        .next()
        .ok_or(StoreError::Query(diesel::result::Error::NotFound))
}

/// Queue many messages in multi-row statements (a bulk import's welcome mails); their ids in
/// order.
pub fn enqueue_all(
    conn: &mut DbConnection,
    mails: &[NewMail],
    now: NaiveDateTime,
) -> Result<Vec<String>, StoreError> {
    let ids: Vec<String> = mails
        .iter()
        .map(|_| uuid::Uuid::new_v4().to_string())
        .collect();
    let rows: Vec<MailInsert<'_>> = mails
        .iter()
        .zip(&ids)
        .map(|(mail, id)| MailInsert {
            id,
            to_address: &mail.to_address,
            to_name: &mail.to_name,
            subject: &mail.subject,
            body_text: &mail.body_text,
            created_at: now,
            attempts: 0,
            next_attempt_at: now,
        })
        .collect();
    insert_batched!(conn, mail_queue::table, rows);
    Ok(ids)
}

/// Unsent messages whose next attempt is due at `now`, the longest-waiting first.
pub fn due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<QueuedMail>, StoreError> {
    Ok(mail_queue::table
        .filter(mail_queue::sent_at.is_null())
        .filter(mail_queue::next_attempt_at.le(now))
        .order((mail_queue::next_attempt_at.asc(), mail_queue::id.asc()))
        .limit(limit)
        .select(QueuedMail::as_select())
        .load(conn)?)
}

/// Take a due message for one delivery attempt by moving its next attempt to `until`, provided
/// nobody else has moved it since it was read (`seen_next_attempt_at`). Returns false when another
/// node got there first. If this node dies mid-attempt, the message is due again at `until`.
pub fn claim(
    conn: &mut DbConnection,
    id: &str,
    seen_next_attempt_at: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        mail_queue::table
            .filter(mail_queue::id.eq(id))
            .filter(mail_queue::sent_at.is_null())
            .filter(mail_queue::next_attempt_at.eq(seen_next_attempt_at)),
    )
    .set(mail_queue::next_attempt_at.eq(until))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Record that the transport accepted the message. A message already marked keeps its first time.
pub fn mark_sent(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(
        mail_queue::table
            .filter(mail_queue::id.eq(id))
            .filter(mail_queue::sent_at.is_null()),
    )
    .set((
        mail_queue::sent_at.eq(Some(now)),
        mail_queue::attempts.eq(mail_queue::attempts + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// Record a failed attempt: the message stays queued until `next_attempt_at`.
pub fn mark_failed(
    conn: &mut DbConnection,
    id: &str,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    error: &str,
) -> Result<(), StoreError> {
    let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
    diesel::update(
        mail_queue::table
            .filter(mail_queue::id.eq(id))
            .filter(mail_queue::sent_at.is_null()),
    )
    .set((
        mail_queue::attempts.eq(attempts),
        mail_queue::next_attempt_at.eq(next_attempt_at),
        mail_queue::last_error.eq(Some(error)),
    ))
    .execute(conn)?;
    Ok(())
}

/// The newest messages first, sent or not (the administrator's view of the queue).
pub fn recent(conn: &mut DbConnection, limit: i64) -> Result<Vec<QueuedMail>, StoreError> {
    Ok(mail_queue::table
        .order((mail_queue::created_at.desc(), mail_queue::id.desc()))
        .limit(limit)
        .select(QueuedMail::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<QueuedMail>, StoreError> {
    Ok(mail_queue::table
        .find(id)
        .select(QueuedMail::as_select())
        .first(conn)
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::TestDb;
    use crate::store::write_transaction;

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_700_000_000 + seconds, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }

    fn mail(subject: &str) -> NewMail {
        NewMail {
            to_address: "learner@example.org".to_owned(),
            to_name: "Ada Learner".to_owned(),
            subject: subject.to_owned(),
            body_text: "Your assessor has left feedback.".to_owned(),
        }
    }

    #[test]
    fn a_queued_mail_is_due_until_it_is_marked_sent() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        let id = enqueue(&mut conn, &mail("Feedback"), at(0))?;
        let due_now = due(&mut conn, at(0), 10)?;
        assert_eq!(due_now.len(), 1);
        assert_eq!(due_now[0].id, id);
        assert_eq!(due_now[0].subject, "Feedback");
        assert_eq!(due_now[0].status(), MailStatus::Queued);
        mark_sent(&mut conn, &id, at(5))?;
        assert!(due(&mut conn, at(100), 10)?.is_empty());
        let sent = find(&mut conn, &id)?;
        assert_eq!(sent.as_ref().and_then(|m| m.sent_at), Some(at(5)));
        assert_eq!(sent.as_ref().map(|m| m.attempts), Some(1));
        assert_eq!(sent.map(|m| m.status()), Some(MailStatus::Sent));
        // Marking again keeps the first time.
        mark_sent(&mut conn, &id, at(50))?;
        assert_eq!(find(&mut conn, &id)?.and_then(|m| m.sent_at), Some(at(5)));
        Ok(())
    }

    #[test]
    fn due_skips_future_attempts_and_takes_the_longest_waiting_first() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        let later = enqueue(&mut conn, &mail("later"), at(20))?;
        let first = enqueue(&mut conn, &mail("first"), at(0))?;
        let second = enqueue(&mut conn, &mail("second"), at(10))?;
        let ids = |mails: Vec<QueuedMail>| mails.into_iter().map(|m| m.id).collect::<Vec<_>>();
        assert_eq!(
            ids(due(&mut conn, at(10), 10)?),
            vec![first.clone(), second]
        );
        assert_eq!(ids(due(&mut conn, at(30), 1)?), vec![first]);
        assert_eq!(ids(due(&mut conn, at(30), 10)?).len(), 3);
        assert!(ids(due(&mut conn, at(30), 10)?).contains(&later));
        Ok(())
    }

    #[test]
    fn a_failed_attempt_keeps_the_mail_queued_with_its_error() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        let id = enqueue(&mut conn, &mail("Witness link"), at(0))?;
        let long_error = "connection refused ".repeat(100);
        mark_failed(&mut conn, &id, 1, at(30), &long_error)?;
        assert!(due(&mut conn, at(29), 10)?.is_empty());
        let retry = due(&mut conn, at(30), 10)?;
        assert_eq!(retry.len(), 1);
        assert_eq!(retry[0].attempts, 1);
        assert_eq!(retry[0].status(), MailStatus::Retrying);
        assert_eq!(retry[0].sent_at, None);
        let kept = retry[0].last_error.as_deref().unwrap_or_default();
        assert!(kept.starts_with("connection refused"));
        assert_eq!(kept.chars().count(), MAX_ERROR_CHARS);
        Ok(())
    }

    #[test]
    fn only_one_claim_on_an_attempt_wins() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        let id = enqueue(&mut conn, &mail("Claimed"), at(0))?;
        let seen = due(&mut conn, at(0), 10)?;
        assert_eq!(seen.len(), 1);
        assert!(claim(&mut conn, &id, seen[0].next_attempt_at, at(300))?);
        assert!(!claim(&mut conn, &id, seen[0].next_attempt_at, at(300))?);
        // Claimed: not due again until the claim runs out.
        assert!(due(&mut conn, at(299), 10)?.is_empty());
        assert_eq!(due(&mut conn, at(300), 10)?.len(), 1);
        Ok(())
    }

    #[test]
    fn recent_lists_the_newest_first_with_status() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        let old = enqueue(&mut conn, &mail("old"), at(0))?;
        let new = enqueue(&mut conn, &mail("new"), at(10))?;
        mark_sent(&mut conn, &old, at(1))?;
        let listed = recent(&mut conn, 10)?;
        let summary: Vec<_> = listed.iter().map(|m| (m.id.clone(), m.status())).collect();
        assert_eq!(
            summary,
            vec![(new, MailStatus::Queued), (old, MailStatus::Sent)]
        );
        assert_eq!(recent(&mut conn, 1)?.len(), 1);
        Ok(())
    }

    /// The mail commits with the change that caused it: a rolled-back change sends nothing.
    #[test]
    fn a_rolled_back_transaction_queues_nothing() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        let outcome: Result<String, StoreError> = write_transaction(&mut conn, |conn| {
            enqueue(conn, &mail("Never sent"), at(0))?;
            Err(StoreError::Cancelled)
        });
        assert!(outcome.is_err());
        assert!(recent(&mut conn, 10)?.is_empty());
        let id = write_transaction(&mut conn, |conn| enqueue(conn, &mail("Sent"), at(0)))?;
        assert_eq!(
            find(&mut conn, &id)?.map(|m| m.subject),
            Some("Sent".into())
        );
        Ok(())
    }
}
