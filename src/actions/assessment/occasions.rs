//! SQA FX35 35 assessment occasions (S2, S3): the centre's question bank, and scheduling an
//! occasion that samples one unused question per Knowledge/Skills item for one candidate. The
//! occasion, its sampled questions, the audit entry and the candidate's notice commit together.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use serde::Deserialize;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::staff_record_of;
use crate::actions::access::visible_registration;
use crate::actions::access::{require_allocated_assessor, require_centre_role};
use crate::actions::audit::of_registration as entry;
use crate::domain::eligibility::require_assessor;
use crate::domain::judgement::latest_decisions;
use crate::domain::occasion::{
    BankQuestion as Drawable, METHODS, Mark, SQA_UNIT, default_items, knowledge_skills, parse_item,
    parse_question, sample_questions,
};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::notifications::notify_with_mail;
use crate::store::occasions::{self, BankQuestion, Occasion, OccasionItem};
use crate::store::registrations::{ACTIVE, Registration};
use crate::store::{DbConnection, StoreError, judgements};

/// Who keeps a centre's question bank.
pub const BANK_KEEPERS: &[Role] = &[Role::Tutor, Role::Assessor];
/// Who may read it (never a learner: S3).
pub const BANK_READERS: &[Role] = &[Role::Tutor, Role::Assessor, Role::CentreAdmin, Role::Iqa];

#[derive(Debug, Clone, Default, Deserialize)]
pub struct QuestionInput {
    #[serde(default)]
    pub item_id: String,
    #[serde(default)]
    pub text: String,
}

/// A centre's question bank.
pub async fn bank(
    state: &AppState,
    actor: &Actor,
    centre_id: &str,
) -> Result<Vec<BankQuestion>, ActionError> {
    require_centre_role(actor, centre_id, BANK_READERS)?;
    let centre = centre_id.to_owned();
    Ok(state
        .db
        .run(move |conn| occasions::bank_of_centre(conn, &centre))
        .await?)
}

/// A tutor or assessor adds a question for one Knowledge/Skills item of FX35 35.
pub async fn add_question(
    state: &AppState,
    actor: &Actor,
    centre_id: &str,
    input: QuestionInput,
) -> Result<BankQuestion, ActionError> {
    require_centre_role(actor, centre_id, BANK_KEEPERS)?;
    let item = parse_item(&state.curriculum, "item_id", &input.item_id);
    let text = parse_question(&input.text);
    let (item_id, text) = match (item, text) {
        (Ok(item), Ok(text)) => (item, text),
        (item, text) => {
            return Err(ActionError::Invalid(
                [item.err(), text.err()].into_iter().flatten().collect(),
            ));
        }
    };
    let now = state.clock.naive();
    let question = BankQuestion {
        id: uuid::Uuid::new_v4().to_string(),
        centre_id: centre_id.to_owned(),
        item_id,
        text,
        author_id: actor.user.id.clone(),
        created_at: now,
    };
    let audit_entry = NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(centre_id.to_owned()),
        action: "bank_question_added".to_owned(),
        record_type: "bank_question".to_owned(),
        record_id: question.id.clone(),
        reason: None,
        details: json!({"item_id": question.item_id}),
    };
    let saved = question.clone();
    state
        .db
        .write(move |conn| {
            occasions::insert_question(conn, &saved)?;
            audit::append(conn, audit_entry, now)?;
            Ok::<(), StoreError>(())
        })
        .await?;
    Ok(question)
}

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
    match opens_at {
        Ok(opens_at) if errors.is_empty() => Ok(Checked {
            items,
            opens_at,
            method,
            seed: input.seed.unwrap_or_else(|| {
                i64::try_from(uuid::Uuid::new_v4().as_u64_pair().0 >> 1).unwrap_or(1)
            }),
        }),
        _ => Err(ActionError::Invalid(errors)),
    }
}

/// The allocated, eligible assessor (C6) schedules an occasion for an SQA FX35 35 candidate.
/// Refusals: 403 (not them), 422 `assessor_not_eligible`, 422 `invalid` (another qualification,
/// an item that is not FX35 35 Knowledge/Skills, nothing left to sample), 422
/// `question_bank_exhausted` naming the item, 409 (withdrawn, or a draw made at the same moment).
pub async fn schedule(
    state: &AppState,
    actor: &Actor,
    registration_id: &str,
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
    let me = actor.user.id.clone();
    let staff = state.db.run(move |conn| staff_record_of(conn, &me)).await?;
    require_assessor(&state.curriculum, SQA_UNIT, &staff).map_err(ActionError::Rule)?;
    if registration.status != ACTIVE {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn.".to_owned(),
        ));
    }
    let checked = check_input(state, &input)?;
    let now = state.clock.naive();
    let (curriculum, actor, base) = (
        state.curriculum.clone(),
        actor.clone(),
        state.public_url.clone(),
    );
    let saved = state
        .db
        .write(move |conn| -> Result<Occasion, ActionError> {
            let unit = curriculum.unit(SQA_UNIT).map(|(_, u)| u.clone());
            let Some(unit) = unit else {
                return Err(ActionError::NotFound(format!("unit {SQA_UNIT}")));
            };
            let drawn = draw(conn, &unit, &registration, &checked)?;
            let occasion = Occasion {
                id: uuid::Uuid::new_v4().to_string(),
                registration_id: registration.id.clone(),
                learner_id: registration.learner_id.clone(),
                unit_id: SQA_UNIT.to_owned(),
                method: checked.method.clone(),
                seed: checked.seed,
                opens_at: checked.opens_at,
                scheduled_by: actor.user.id.clone(),
                created_at: now,
                open_notified_at: (checked.opens_at <= now).then_some(now),
            };
            let items: Vec<OccasionItem> = drawn
                .iter()
                .zip(0..)
                .map(|((item_id, question_id), position)| OccasionItem {
                    id: uuid::Uuid::new_v4().to_string(),
                    occasion_id: occasion.id.clone(),
                    learner_id: registration.learner_id.clone(),
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
                .collect();
            occasions::insert(conn, &occasion, &items)?;
            tell_candidate(conn, &occasion, &base, now)?;
            let details = json!({"items": drawn.iter().map(|(i, _)| i).collect::<Vec<_>>(),
                "questions": drawn.iter().map(|(_, q)| q).collect::<Vec<_>>(),
                "seed": checked.seed, "opens_at": checked.opens_at.and_utc().to_rfc3339()});
            let record = ("occasion", occasion.id.as_str());
            let audit_entry = entry(
                &actor,
                &registration,
                "occasion_scheduled",
                record,
                None,
                details,
            );
            audit::append(conn, audit_entry, now)?;
            Ok(occasion)
        })
        .await;
    match saved {
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
    let rounds = judgements::of_registration(conn, &registration.id)?;
    let decisions = latest_decisions(
        rounds
            .iter()
            .map(|j| (j.item_id.as_str(), j.round, j.outcome == "met")),
    );
    let sampled = occasions::items_of_registration(conn, &registration.id)?;
    let satisfied: BTreeSet<String> = sampled
        .iter()
        .filter(|(i, _)| i.outcome.as_deref() == Some(Mark::Satisfied.code()))
        .map(|(i, _)| i.item_id.clone())
        .collect();
    let items = if checked.items.is_empty() {
        default_items(unit, &decisions, &satisfied)
    } else {
        checked.items.clone()
    };
    if items.is_empty() {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "items",
            "Every Knowledge/Skills item is met by the project or satisfied on an occasion already; choose the items to sample",
        )]));
    }
    let texts = knowledge_skills(unit);
    let named: Vec<(String, String)> = items
        .into_iter()
        .map(|id| {
            let text = texts.iter().find(|(k, _)| *k == id).map(|(_, t)| t.clone());
            (id, text.unwrap_or_default())
        })
        .collect();
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

/// Tell the candidate about an occasion without naming its items: that it is scheduled, or
/// (once `open_notified_at` is set) that it is open.
fn tell_candidate(
    conn: &mut DbConnection,
    occasion: &Occasion,
    base: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let link = format!("/registrations/{}/occasions", occasion.registration_id);
    let when = occasion.opens_at.format("%Y-%m-%d %H:%M UTC");
    let (subject, body) = if occasion.open_notified_at.is_some() {
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
    registration_id: &str,
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
    occasion_id: &str,
    details: serde_json::Value,
) -> NewAuditEntry {
    entry(
        actor,
        registration,
        action,
        ("occasion", occasion_id),
        None,
        details,
    )
}
