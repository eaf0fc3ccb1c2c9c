//! What is due next for the learner's home page: the nearest plan target or review date, and
//! the assessment occasions not yet marked (open ones first).

use chrono::{NaiveDate, NaiveDateTime};

use crate::actions::assessment::occasions::tell_opened;
use crate::actions::assessment::plans::load;
use crate::domain::ids::RegistrationId;
use crate::domain::plan::{Due, next_due};
use crate::store::occasions::{self, Occasion};
use crate::store::{DbConnection, StoreError};

/// What is due next on one of the learner's registrations: the nearest plan target or review
/// date, and the occasions not yet marked (open ones first).
pub struct DueNext {
    pub registration_id: String,
    pub due: Option<Due>,
    /// (occasion, open now)
    pub occasions: Vec<(Occasion, bool)>,
}

/// For the learner's home page. Occasions that opened since they were scheduled are announced
/// to the learner here too (once).
pub fn due_next(
    conn: &mut DbConnection,
    registration_ids: &[RegistrationId],
    base: &str,
    now: NaiveDateTime,
) -> Result<Vec<DueNext>, StoreError> {
    let mut out = Vec::new();
    for id in registration_ids {
        tell_opened(conn, id, base, now)?;
        let views = load(conn, id)?;
        let mut dates: Vec<(NaiveDate, String)> = Vec::new();
        for v in &views {
            dates.extend(
                v.content
                    .activities
                    .iter()
                    .map(|a| (a.target_date, a.activity.clone())),
            );
            if let Some(last) = v.reviews.last() {
                dates.push((last.next_review_on, "Progress review".to_owned()));
            }
        }
        let items = occasions::items_of_registration(conn, id)?;
        let mut occasions: Vec<(Occasion, bool)> = occasions::of_registration(conn, id)?
            .into_iter()
            .filter(|o| {
                items
                    .iter()
                    .any(|(i, _)| i.occasion_id == o.id && i.outcome.is_none())
            })
            .map(|o| {
                let open = now >= o.opens_at;
                (o, open)
            })
            .collect();
        occasions.sort_by_key(|(o, open)| (!*open, o.opens_at));
        out.push(DueNext {
            registration_id: id.as_str().to_owned(),
            due: next_due(&dates, now.date()),
            occasions,
        });
    }
    Ok(out)
}

/// What is due next on the caller's own active registrations (others in `own` are skipped), for
/// their home page.
pub async fn for_learner(
    state: &crate::actions::AppState,
    actor: &crate::actions::Actor,
    own: &[crate::store::registrations::Registration],
) -> Result<Vec<DueNext>, crate::actions::ActionError> {
    let active: Vec<RegistrationId> = own
        .iter()
        .filter(|r| r.learner_id == actor.user.id)
        .filter(|r| r.status == crate::domain::registration::RegistrationStatus::Active)
        .map(|r| RegistrationId::from_stored(r.id.as_str()))
        .collect();
    if active.is_empty() {
        return Ok(Vec::new());
    }
    let (base, now) = (state.public_url.clone(), state.clock.naive());
    Ok(state
        .db
        .write(move |conn| due_next(conn, &active, &base, now))
        .await?)
}
