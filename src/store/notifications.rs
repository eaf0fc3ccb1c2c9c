//! Each person's in-app notifications. [`notify`] writes one in the caller's transaction, so the
//! notice and the change it is about commit together; [`notify_with_mail`] also queues the same
//! words as an email to the person.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::mail_queue::{self, NewMail};
use super::schema::{mail_preferences, notifications, users};
use super::{DbConnection, StoreError};
use crate::domain::digest::MailCadence;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: String,
    pub user_id: String,
    pub subject: String,
    pub body: String,
    /// A path in the app (`/testimony/…`), where the person acts on it.
    pub link: String,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

/// Tell `user_id` something in the app. Returns the notification's id.
pub fn notify(
    conn: &mut DbConnection,
    user_id: &str,
    subject: &str,
    body: &str,
    link: &str,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    let row = Notification {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: user_id.to_owned(),
        subject: subject.to_owned(),
        body: body.to_owned(),
        link: link.to_owned(),
        created_at: now,
        read_at: None,
    };
    diesel::insert_into(notifications::table)
        .values(&row)
        .execute(conn)?;
    Ok(row.id)
}

/// [`notify`], and queue the same as an email to the person's address, with the link made
/// absolute with `public_url`. A person without an account row gets the in-app notice only; a
/// person who chose the daily digest gets it in the next digest
/// (`crate::actions::people::mail_preference::queue_digests`).
pub fn notify_with_mail(
    conn: &mut DbConnection,
    user_id: &str,
    subject: &str,
    body: &str,
    link: &str,
    public_url: &str,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    let id = notify(conn, user_id, subject, body, link, now)?;
    // One statement: the address, and whether the person chose the daily digest instead.
    let person: Option<(String, String, Option<String>)> = users::table
        .left_join(mail_preferences::table)
        .filter(users::id.eq(user_id))
        .select((
            users::email,
            users::name,
            mail_preferences::cadence.nullable(),
        ))
        .first(conn)
        .optional()?;
    let daily = MailCadence::Daily.as_str();
    if let Some((email, name, _)) =
        person.filter(|(_, _, cadence)| cadence.as_deref() != Some(daily))
    {
        let mail = NewMail {
            to_address: email,
            to_name: name.clone(),
            subject: subject.to_owned(),
            body_text: format!(
                "Hello {name},\n\n{body}\n\nOpen it in eportfolio:\n{public_url}{link}\n"
            ),
        };
        mail_queue::enqueue(conn, &mail, now)?;
    }
    Ok(id)
}

/// A person's notifications, newest first.
pub fn of_user(
    conn: &mut DbConnection,
    user_id: &str,
    limit: i64,
) -> Result<Vec<Notification>, StoreError> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order((notifications::created_at.desc(), notifications::id))
        .limit(limit)
        .select(Notification::as_select())
        .load(conn)?)
}

pub fn unread_count(conn: &mut DbConnection, user_id: &str) -> Result<i64, StoreError> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Mark the person's own unread notifications read: those in `ids`, or all when `ids` is `None`.
/// Another person's ids are left alone. Returns how many were marked.
pub fn mark_read(
    conn: &mut DbConnection,
    user_id: &str,
    ids: Option<&[String]>,
    now: NaiveDateTime,
) -> Result<usize, StoreError> {
    let mine = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null());
    let marked = match ids {
        Some(ids) => diesel::update(mine.filter(notifications::id.eq_any(ids)))
            .set(notifications::read_at.eq(now))
            .execute(conn)?,
        None => diesel::update(mine)
            .set(notifications::read_at.eq(now))
            .execute(conn)?,
    };
    Ok(marked)
}
