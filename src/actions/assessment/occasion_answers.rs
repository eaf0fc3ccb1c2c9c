//! An occasion once scheduled: what each person may see of it (the candidate sees the sampled
//! items and questions only once it opens, S3), the candidate's answers, and the assessor's
//! mark and feedback on each item (the learner is told, in the same transaction).

use serde::Deserialize;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::staff_record_of;
use crate::actions::access::visible_registration;
use crate::actions::access::{
    centre_of, require_allocated_assessor, require_learner, require_unit_assessor,
};
use crate::actions::assessment::occasions::{occasion_entry, tell_opened};
use crate::actions::locks::locked_conflict;
use crate::domain::eligibility::require_assessor;
use crate::domain::ids::{CriterionId, OccasionId, RegistrationId, UnitId};
use crate::domain::occasion::{
    Mark, OccasionRefused, Viewer, check_answer, check_mark, parse_mark, parse_text,
    questions_visible,
};
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::store::audit;
use crate::store::notifications::notify_with_mail;
use crate::store::occasions::{self, BankQuestion, Occasion, OccasionItem};
use crate::store::registrations::Registration;
use crate::store::{DbConnection, StoreError};

/// One occasion as the caller may see it: `items` is None while it is hidden from them.
pub struct OccasionView {
    pub occasion: Occasion,
    pub open: bool,
    pub items: Option<Vec<(OccasionItem, BankQuestion)>>,
}

/// A registration's occasions as the caller may see them.
pub struct OccasionsView {
    pub registration: Registration,
    pub occasions: Vec<OccasionView>,
}

/// Anyone who may see the registration; the candidate sees the questions once each occasion
/// opens. An occasion that has opened since it was scheduled is announced to the candidate here.
pub async fn view(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<OccasionsView, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    let (now, base, id) = (
        state.clock.naive(),
        state.public_url.clone(),
        RegistrationId::from_stored(registration.id.clone()),
    );
    let (all, items) = state
        .db
        .write(move |conn| {
            tell_opened(conn, &id, &base, now)?;
            Ok::<_, StoreError>((
                occasions::of_registration(conn, &id)?,
                occasions::items_of_registration(conn, &id)?,
            ))
        })
        .await?;
    let viewer = if registration.learner_id == actor.user.id {
        Viewer::Candidate
    } else {
        Viewer::Staff
    };
    let occasions = all
        .into_iter()
        .map(|occasion| {
            let visible = questions_visible(viewer, occasion.opens_at, now);
            let own = items
                .iter()
                .filter(|(i, _)| i.occasion_id == occasion.id)
                .cloned()
                .collect();
            OccasionView {
                open: now >= occasion.opens_at,
                items: visible.then_some(own),
                occasion,
            }
        })
        .collect();
    Ok(OccasionsView {
        registration,
        occasions,
    })
}

/// The occasion and its registration, if the caller may see it (404 otherwise).
async fn visible_occasion(
    state: &AppState,
    actor: &Actor,
    occasion_id: &OccasionId,
) -> Result<(Occasion, Registration), ActionError> {
    let key = occasion_id.clone();
    let occasion = state
        .db
        .run(move |conn| occasions::find(conn, &key))
        .await?
        .ok_or_else(|| ActionError::NotFound(format!("occasion {occasion_id}")))?;
    let registration = visible_registration(
        state,
        actor,
        &RegistrationId::from_stored(occasion.registration_id.as_str()),
    )
    .await?;
    Ok((occasion, registration))
}

fn refused(refusal: OccasionRefused) -> ActionError {
    ActionError::Conflict(refusal.to_string())
}

fn sampled(
    conn: &mut DbConnection,
    occasion: &str,
    item: &str,
) -> Result<OccasionItem, ActionError> {
    occasions::item(conn, occasion, item)?.ok_or_else(|| {
        ActionError::Invalid(vec![FieldError::new(
            "item_id",
            &format!("{item} is not sampled on this occasion"),
        )])
    })
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AnswerInput {
    #[serde(default)]
    pub item_id: String,
    #[serde(default)]
    pub answer: String,
}

/// The candidate answers one sampled item, once the occasion is open and until it is marked.
/// Refusals: 403 (not the candidate), 409 (not open yet, marked), 422 (empty, not sampled).
pub async fn answer(
    state: &AppState,
    actor: &Actor,
    occasion_id: &OccasionId,
    input: AnswerInput,
) -> Result<OccasionItem, ActionError> {
    let (occasion, registration) = visible_occasion(state, actor, occasion_id).await?;
    require_learner(actor, &registration)?;
    let text = parse_text("answer", &input.answer, "your answer")
        .map_err(|e| ActionError::Invalid(vec![e]))?;
    let now = state.clock.naive();
    check_answer(occasion.opens_at, now, &input.item_id, false).map_err(refused)?;
    let actor = actor.clone();
    state
        .db
        .write(move |conn| -> Result<OccasionItem, ActionError> {
            let mut item = match sampled(conn, &occasion.id, input.item_id.trim()) {
                Ok(item) => item,
                Err(e) => return Err(e),
            };
            let marked = item.outcome.is_some();
            if let Err(e) = check_answer(occasion.opens_at, now, &item.item_id, marked) {
                return Err(refused(e));
            }
            if !occasions::answer(conn, &item.id, &text, now)? {
                return Err(refused(OccasionRefused::AlreadyMarked(item.item_id)));
            }
            let details = json!({"item_id": item.item_id});
            let entry = occasion_entry(
                &actor,
                &registration,
                "occasion_answered",
                &occasion.id,
                details,
            );
            audit::append(conn, entry, now)?;
            item.answer = Some(text);
            item.answered_at = Some(now);
            Ok(item)
        })
        .await
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MarkInput {
    #[serde(default)]
    pub item_id: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub feedback: String,
}

/// A mark being recorded, with what it needs inside the transaction.
struct Marking {
    actor: Actor,
    registration: Registration,
    occasion: Occasion,
    curriculum: std::sync::Arc<crate::curriculum::Curriculum>,
    base: String,
    item_id: String,
    outcome: Mark,
    feedback: String,
    now: chrono::NaiveDateTime,
}

impl Marking {
    /// Mark an answered item of an unlocked unit, tell the learner and audit it.
    fn save(self, conn: &mut DbConnection) -> Result<OccasionItem, ActionError> {
        let mut item = sampled(conn, &self.occasion.id, &self.item_id)?;
        check_mark(&item.item_id, item.answer.is_some()).map_err(refused)?;
        let items = vec![item.item_id.clone()];
        let registration_id = &self.registration.id;
        if let Some(locked) = locked_conflict(
            conn,
            &self.curriculum,
            &RegistrationId::from_stored(registration_id.as_str()),
            &items,
        )? {
            return Err(locked);
        }
        let by = &self.actor.user.id;
        occasions::mark(conn, &item.id, self.outcome, &self.feedback, by, self.now)?;
        self.tell_learner(conn, &CriterionId::from_stored(item.item_id.as_str()))?;
        let details = json!({"item_id": item.item_id, "outcome": self.outcome});
        let entry = occasion_entry(
            &self.actor,
            &self.registration,
            "occasion_item_marked",
            &self.occasion.id,
            details,
        );
        audit::append(conn, entry, self.now)?;
        item.outcome = Some(self.outcome);
        item.feedback = Some(self.feedback);
        item.marked_by = Some(self.actor.user.id.clone());
        item.marked_at = Some(self.now);
        Ok(item)
    }

    fn tell_learner(
        &self,
        conn: &mut DbConnection,
        item_id: &CriterionId,
    ) -> Result<(), StoreError> {
        let subject = format!("Your answer has been marked: {item_id}");
        let words = self.outcome.label();
        let body = format!(
            "{} marked your answer on {item_id}: {words}.\n\nFeedback:\n{}",
            self.actor.user.name, self.feedback
        );
        let link = format!("/registrations/{}/occasions", self.registration.id);
        notify_with_mail(
            conn,
            &self.registration.learner_id,
            &subject,
            &body,
            &link,
            &self.base,
            self.now,
        )?;
        Ok(())
    }
}

/// The allocated, eligible assessor marks an answered item satisfied or not, with feedback;
/// the learner is told. Refusals: 403, 422 C6, 422 invalid, 409 (unanswered; unit locked).
pub async fn mark(
    state: &AppState,
    actor: &Actor,
    occasion_id: &OccasionId,
    input: MarkInput,
) -> Result<OccasionItem, ActionError> {
    let (occasion, registration) = visible_occasion(state, actor, occasion_id).await?;
    require_allocated_assessor(actor, &registration)?;
    let (me, centre) = (actor.id(), centre_of(&registration));
    let staff = state
        .db
        .run(move |conn| staff_record_of(conn, &me, &centre))
        .await?;
    require_assessor(&state.curriculum, &occasion.unit_id, &staff).map_err(ActionError::Rule)?;
    let unit = UnitId::from_stored(occasion.unit_id.as_str());
    require_unit_assessor(state, actor, &registration, &unit).await?;
    let outcome = parse_mark(&input.outcome);
    let feedback = parse_text("feedback", &input.feedback, "feedback for the learner");
    let (outcome, feedback) = match (outcome, feedback) {
        (Ok(o), Ok(f)) => (o, f),
        (o, f) => {
            return Err(ActionError::Invalid(
                [o.err(), f.err()].into_iter().flatten().collect(),
            ));
        }
    };
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn.".to_owned(),
        ));
    }
    let marking = Marking {
        actor: actor.clone(),
        registration,
        occasion,
        curriculum: state.curriculum.clone(),
        base: state.public_url.clone(),
        item_id: input.item_id.trim().to_owned(),
        outcome,
        feedback,
        now: state.clock.naive(),
    };
    state.db.write(move |conn| marking.save(conn)).await
}
