//! SQA FX35 35 assessment occasions (S2, S3): scheduling an occasion that samples one unused
//! question per Knowledge/Skills item for one candidate (the centre's question bank is in
//! `bank`, the candidate's notices in `notices`). The occasion, its sampled questions, the
//! audit entry and the candidate's notice commit together.

mod bank;
mod notices;

pub use bank::{BANK_KEEPERS, BANK_READERS, QuestionInput, add_question, bank};
use notices::tell_candidate;
pub use notices::tell_opened;

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use serde::Deserialize;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::staff_record_of;
use crate::actions::access::visible_registration;
use crate::actions::access::{centre_of, require_allocated_assessor, require_unit_assessor};
use crate::actions::assessment::record::latest_decisions_of;
use crate::actions::audit::of_registration as entry;
use crate::domain::eligibility::require_assessor;
use crate::domain::ids::{RegistrationId, UnitId};
use crate::domain::occasion::{
    BankQuestion as Drawable, EarlierOccasion, METHODS, Mark, SQA_UNIT, default_items,
    knowledge_skills, last_occasion_items, parse_adjustments, parse_item,
    refuse_sampled_last_occasion, sample_questions,
};
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::occasions::{self, Occasion, OccasionItem};
use crate::store::registrations::Registration;
use crate::store::{DbConnection, judgements};

/// An occasion as asked for: the items (none: every item not met or satisfied yet), when it
/// opens (RFC 3339, or `YYYY-MM-DDTHH:MM` in UTC from a page), the method, and a seed (none:
/// a random one, kept so the draw can be checked).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OccasionInput {
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub seed: Option<i64>,
    /// S5: extra time in whole minutes, as typed (empty: none).
    #[serde(default)]
    pub extra_time_minutes: String,
    /// S5: other adjustments the occasion is run with (format, reader, scribe), in words.
    #[serde(default)]
    pub adjustments: String,
}

fn parse_opens_at(raw: &str) -> Result<NaiveDateTime, FieldError> {
    let raw = raw.trim();
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|t| t.naive_utc())
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M"))
        .map_err(|_| {
            FieldError::new(
                "opens_at",
                "Give the date and time the occasion opens, for example 2027-03-01T09:00",
            )
        })
}

struct Checked {
    items: Vec<String>,
    opens_at: NaiveDateTime,
    method: String,
    seed: i64,
    extra_time_minutes: i32,
    adjustments: String,
}

fn check_input(state: &AppState, input: &OccasionInput) -> Result<Checked, ActionError> {
    let mut errors = Vec::new();
    let mut items = Vec::new();
    for raw in input.items.iter().filter(|i| !i.trim().is_empty()) {
        match parse_item(&state.curriculum, "items", raw) {
            Ok(id) if !items.contains(&id) => items.push(id),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    let opens_at = parse_opens_at(&input.opens_at).map_err(|e| errors.push(e));
    let method = if input.method.trim().is_empty() {
        "short_response".to_owned()
    } else {
        input.method.trim().to_owned()
    };
    if !METHODS.iter().any(|(code, _)| *code == method) {
        errors.push(FieldError::new(
            "method",
            "Choose short-response questions or a recorded professional discussion",
        ));
    }
    let adjusted = parse_adjustments(&input.extra_time_minutes, &input.adjustments)
        .map_err(|mut e| errors.append(&mut e));
    match (opens_at, adjusted) {
        (Ok(opens_at), Ok((extra_time_minutes, adjustments))) if errors.is_empty() => Ok(Checked {
            items,
            opens_at,
            method,
            extra_time_minutes,
            adjustments,
            seed: input.seed.unwrap_or_else(|| {
                i64::try_from(uuid::Uuid::new_v4().as_u64_pair().0 >> 1).unwrap_or(1)
            }),
        }),
        _ => Err(ActionError::Invalid(errors)),
    }
}

/// An occasion being scheduled, with what it needs inside the transaction.
struct Scheduling {
    curriculum: std::sync::Arc<crate::curriculum::Curriculum>,
    actor: Actor,
    base: String,
    registration: Registration,
    checked: Checked,
    now: NaiveDateTime,
}

impl Scheduling {
    /// Draw the questions, save the occasion with its items, tell the candidate and audit it.
    fn save(self, conn: &mut DbConnection) -> Result<Occasion, ActionError> {
        let unit = self.curriculum.unit(SQA_UNIT).map(|(_, u)| u.clone());
        let Some(unit) = unit else {
            return Err(ActionError::NotFound(format!("unit {SQA_UNIT}")));
        };
        let drawn = draw(conn, &unit, &self.registration, &self.checked)?;
        let (checked, now) = (&self.checked, self.now);
        let occasion = Occasion {
            id: uuid::Uuid::new_v4().to_string(),
            registration_id: self.registration.id.clone(),
            learner_id: self.registration.learner_id.clone(),
            unit_id: SQA_UNIT.to_owned(),
            method: checked.method.clone(),
            seed: checked.seed,
            opens_at: checked.opens_at,
            scheduled_by: self.actor.user.id.clone(),
            created_at: now,
            open_notified_at: (checked.opens_at <= now).then_some(now),
            extra_time_minutes: checked.extra_time_minutes,
            adjustments: checked.adjustments.clone(),
        };
        occasions::insert(conn, &occasion, &items_of(&occasion, &drawn))?;
        tell_candidate(conn, &occasion, &self.base, now)?;
        let details = json!({"items": drawn.iter().map(|(i, _)| i).collect::<Vec<_>>(),
            "questions": drawn.iter().map(|(_, q)| q).collect::<Vec<_>>(),
            "seed": checked.seed, "opens_at": checked.opens_at.and_utc().to_rfc3339(),
            "extra_time_minutes": checked.extra_time_minutes, "adjustments": checked.adjustments});
        let audit_entry = occasion_entry(
            &self.actor,
            &self.registration,
            "occasion_scheduled",
            &occasion.id,
            details,
        );
        audit::append(conn, audit_entry, now)?;
        Ok(occasion)
    }
}

/// The occasion's rows for the drawn (item, question) pairs, in order, unanswered.
fn items_of(occasion: &Occasion, drawn: &[(String, String)]) -> Vec<OccasionItem> {
    drawn
        .iter()
        .zip(0..)
        .map(|((item_id, question_id), position)| OccasionItem {
            id: uuid::Uuid::new_v4().to_string(),
            occasion_id: occasion.id.clone(),
            learner_id: occasion.learner_id.clone(),
            item_id: item_id.clone(),
            question_id: question_id.clone(),
            position,
            answer: None,
            answered_at: None,
            outcome: None,
            feedback: None,
            marked_by: None,
            marked_at: None,
        })
        .collect()
}

/// The allocated, eligible assessor (C6) schedules an occasion for an SQA FX35 35 candidate.
/// Refusals: 403 (not them), 422 `assessor_not_eligible`, 422 `invalid` (another qualification,
/// an item that is not FX35 35 Knowledge/Skills, nothing left to sample, or every item left was
/// sampled on the last occasion), 422 `item_sampled_last_occasion` (S3) and 422
/// `question_bank_exhausted` naming the item, 409 (withdrawn, or a draw made at the same moment).
pub async fn schedule(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    input: OccasionInput,
) -> Result<Occasion, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_allocated_assessor(actor, &registration)?;
    if registration.qualification_id != SQA_UNIT {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "items",
            "Assessment occasions sample Knowledge/Skills items of SQA Unit FX35 35; this learner is not registered on it",
        )]));
    }
    let (me, centre) = (actor.id(), centre_of(&registration));
    let staff = state
        .db
        .run(move |conn| staff_record_of(conn, &me, &centre))
        .await?;
    require_assessor(&state.curriculum, SQA_UNIT, &staff).map_err(ActionError::Rule)?;
    require_unit_assessor(state, actor, &registration, &UnitId::from_stored(SQA_UNIT)).await?;
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn.".to_owned(),
        ));
    }
    let scheduling = Scheduling {
        checked: check_input(state, &input)?,
        now: state.clock.naive(),
        curriculum: state.curriculum.clone(),
        actor: actor.clone(),
        base: state.public_url.clone(),
        registration,
    };
    match state.db.write(move |conn| scheduling.save(conn)).await {
        Ok(result) => Ok(result),
        Err(ActionError::Store(error)) if judgements::is_taken(&error) => Err(ActionError::Conflict(
            "Another occasion for this learner was scheduled at the same moment; schedule again to draw from the questions left.".to_owned(),
        )),
        Err(error) => Err(error),
    }
}

/// Inside the transaction: the items to sample and one unused question for each (S3).
fn draw(
    conn: &mut DbConnection,
    unit: &crate::curriculum::model::Unit,
    registration: &Registration,
    checked: &Checked,
) -> Result<Vec<(String, String)>, ActionError> {
    let named = items_to_sample(conn, unit, registration, checked)?;
    let bank: Vec<Drawable> = occasions::bank_of_centre(conn, &registration.centre_id)?
        .into_iter()
        .map(|q| Drawable {
            id: q.id,
            item_id: q.item_id,
        })
        .collect();
    let used: BTreeSet<String> = occasions::questions_had_by(conn, &registration.learner_id)?
        .into_iter()
        .collect();
    let seed = u64::from_ne_bytes(checked.seed.to_ne_bytes());
    sample_questions(&named, &bank, &used, seed).map_err(ActionError::Rule)
}

/// The items this occasion samples, each with its text: those the assessor chose, or by
/// default every item not met or satisfied yet; never one sampled on the candidate's last
/// occasion (S3: "different items should be sampled on each assessment occasion").
fn items_to_sample(
    conn: &mut DbConnection,
    unit: &crate::curriculum::model::Unit,
    registration: &Registration,
    checked: &Checked,
) -> Result<Vec<(String, String)>, ActionError> {
    let sampled = occasions::items_of_registration(conn, &registration.id)?;
    let earlier = earlier_occasions(
        conn,
        &RegistrationId::from_stored(registration.id.as_str()),
        &sampled,
    )?;
    let last = last_occasion_items(&earlier, checked.opens_at);
    let texts = knowledge_skills(unit);
    let named = |ids: Vec<String>| -> Vec<(String, String)> {
        ids.into_iter()
            .map(|id| {
                let text = texts.iter().find(|(k, _)| *k == id).map(|(_, t)| t.clone());
                (id, text.unwrap_or_default())
            })
            .collect()
    };
    if !checked.items.is_empty() {
        let chosen = named(checked.items.clone());
        refuse_sampled_last_occasion(&chosen, &last).map_err(ActionError::Rule)?;
        return Ok(chosen);
    }
    let rounds = judgements::of_registration(conn, &registration.id)?;
    let decisions = latest_decisions_of(&rounds);
    let satisfied: BTreeSet<String> = sampled
        .iter()
        .filter(|(i, _)| i.outcome == Some(Mark::Satisfied))
        .map(|(i, _)| i.item_id.clone())
        .collect();
    let ids = default_items(unit, &decisions, &satisfied, &last)
        .map_err(|error| ActionError::Invalid(vec![error]))?;
    Ok(named(ids))
}

/// The registration's occasions for the unit, each with the items it sampled.
fn earlier_occasions(
    conn: &mut DbConnection,
    registration_id: &RegistrationId,
    sampled: &[(OccasionItem, crate::store::occasions::BankQuestion)],
) -> Result<Vec<EarlierOccasion>, ActionError> {
    Ok(occasions::of_registration(conn, registration_id)?
        .into_iter()
        .filter(|o| o.unit_id == SQA_UNIT)
        .map(|o| EarlierOccasion {
            items: sampled
                .iter()
                .filter(|(i, _)| i.occasion_id == o.id)
                .map(|(i, _)| i.item_id.clone())
                .collect(),
            opens_at: o.opens_at,
            scheduled_at: o.created_at,
        })
        .collect())
}

/// The label of a method code.
pub fn method_label(code: &str) -> &'static str {
    METHODS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("Short-response questions", |(_, l)| l)
}

/// The audit entry for a change to an occasion.
pub fn occasion_entry(
    actor: &Actor,
    registration: &Registration,
    action: &str,
    occasion: &str,
    details: serde_json::Value,
) -> NewAuditEntry {
    entry(
        actor,
        registration,
        action,
        ("occasion", occasion),
        None,
        details,
    )
}
