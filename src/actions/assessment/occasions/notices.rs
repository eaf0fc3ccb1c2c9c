//! What the candidate is told about an occasion, without its items: that it is scheduled, and,
//! once, that it has opened.

use chrono::NaiveDateTime;

use crate::domain::ids::RegistrationId;
use crate::domain::occasion::adjustments_sentence;
use crate::store::notifications::notify_with_mail;
use crate::store::occasions::{self, Occasion};
use crate::store::{DbConnection, StoreError};

/// Tell the candidate about an occasion without naming its items: that it is scheduled, or
/// (once `open_notified_at` is set) that it is open.
pub(super) fn tell_candidate(
    conn: &mut DbConnection,
    occasion: &Occasion,
    base: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let link = format!("/registrations/{}/occasions", occasion.registration_id);
    let when = occasion.opens_at.format("%-d %B %Y at %H:%M UTC");
    let (subject, mut body) = if occasion.open_notified_at.is_some() {
        (
            "An assessment occasion is open for you".to_owned(),
            "Your assessment occasion is open: read the questions and write your answers."
                .to_owned(),
        )
    } else {
        (
            "An assessment occasion is scheduled for you".to_owned(),
            format!(
                "Your assessor has scheduled an assessment occasion. It opens at {when}; the questions are shown to you then."
            ),
        )
    };
    if let Some(adjusted) = adjustments_sentence(occasion.extra_time_minutes, &occasion.adjustments)
    {
        body.push_str(&format!(" Your adjustments for it: {adjusted}"));
    }
    notify_with_mail(
        conn,
        &occasion.learner_id,
        &subject,
        &body,
        &link,
        base,
        now,
    )?;
    Ok(())
}

/// Tell the candidate, once, about each occasion of the registration that has opened since it
/// was scheduled. Runs when the occasions are read (there is no scheduler).
pub fn tell_opened(
    conn: &mut DbConnection,
    registration_id: &RegistrationId,
    base: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    for mut opened in occasions::opened_untold(conn, registration_id, now)? {
        if occasions::note_opened(conn, &opened.id, now)? {
            opened.open_notified_at = Some(now);
            tell_candidate(conn, &opened, base, now)?;
        }
    }
    Ok(())
}
