//! Recording judgements: the allocated assessor, eligible for the unit (C6), decides met or not
//! yet met on items of the learner's qualification, relying on evidence from the portfolio, with
//! feedback. One judgement ([`judge`]) or many made together ([`judge_all`], the marking
//! workspace and the batch API): all are recorded or none. Each judgement is a new round; not
//! yet met returns the evidence relied on to the learner as a draft. The rounds, the evidence's
//! status, the audit entries and one message to the learner (in the app and by email) commit
//! together.

use std::collections::BTreeSet;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::refusal;
use crate::actions::access::staff_record_of;
use crate::actions::access::visible_registration;
use crate::actions::access::{assessor_of_unit, centre_of, require_allocated_assessor};
use crate::actions::assessment::reliance;
use crate::actions::error::ItemRefusal;
use crate::domain::eligibility::StaffRecord;
use crate::domain::ids::{CriterionId, RegistrationId, UnitId};
use crate::domain::judgement::{Judge, JudgementInput, check_judgement, may_judge};
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::store::allocations::{self, UnitAllocation};
use crate::store::evidence::{self as evidence_store, EvidenceItem, EvidenceVersion};
use crate::store::judgements::{self, Judgement};
use crate::store::registrations::Registration;

use super::judgement_work::{Work, save_all, stale};

/// A judgement as sent: the input and, optionally, the round the assessor saw when they made
/// it (0 for none). When given and someone judged the item since, the request answers 409.
#[derive(Debug, Clone, Default)]
pub struct JudgementRequest {
    pub input: JudgementInput,
    pub seen_round: Option<i32>,
    /// Evidence relied on that the assessor maps to the item judged in the same submission
    /// (recorded as the assessor's mapping, audited).
    pub map_evidence_ids: Vec<String>,
}

/// Judgements made together, with feedback on the whole (sent to the learner with them).
#[derive(Debug, Clone, Default)]
pub struct JudgementBatch {
    pub judgements: Vec<JudgementRequest>,
    pub overall_feedback: String,
}

/// The longest overall feedback kept.
const MAX_OVERALL_FEEDBACK_CHARS: usize = 10_000;

/// The allocated assessor judges an item. Refusals: the learner or other staff 403, C6 422
/// `assessor_not_eligible`, an item outside the qualification 422, a locked unit or a round
/// judged in between 409; a judgement on learner evidence back with the learner as a draft 422
/// `evidence_not_submitted`; a met on evidence without the learner's valid declaration 422
/// `evidence_not_declared`, on evidence not mapped to the item 422 `evidence_not_mapped`, on
/// Unit 002 without performance evidence 422 `method_not_permitted` (C4).
pub async fn judge(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    request: JudgementRequest,
) -> Result<Judgement, ActionError> {
    let batch = JudgementBatch {
        judgements: vec![request],
        overall_feedback: String::new(),
    };
    match judge_all(state, actor, registration_id, batch).await {
        Ok(mut judged) => judged
            .pop()
            .ok_or_else(|| ActionError::Internal("no judgement recorded".to_owned())),
        Err(ActionError::Batch { mut refusals, .. }) if refusals.len() == 1 => {
            Err(*refusals.remove(0).error)
        }
        Err(error) => Err(error),
    }
}

/// Many judgements on one registration, all or none: each item refused is named (its position,
/// the item in words, why) in one `ActionError::Batch`; the refusals of [`judge`] apply to each.
/// The learner gets one message listing every criterion judged, in words.
pub async fn judge_all(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    batch: JudgementBatch,
) -> Result<Vec<Judgement>, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_allocated_assessor(actor, &registration)?;
    let overall = check_batch(&registration, &batch)?;
    let (id, me, centre) = (
        registration.id.clone(),
        actor.id(),
        centre_of(&registration),
    );
    let (evidence, staff, allocated) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            Ok((
                evidence_store::items_of(conn, &id)?,
                staff_record_of(conn, &me, &centre)?,
                allocations::of_registration(conn, &id)?,
            ))
        })
        .await?;
    let context = Context {
        state,
        actor,
        registration: &registration,
        evidence: &evidence,
        staff: &staff,
        allocated: &allocated,
    };
    let total = batch.judgements.len();
    let (works, refusals) = context.prepare_all(batch.judgements).await;
    // The store's checks run on the rest too, so every bad item is named at once.
    let outcome = state
        .db
        .write(move |conn| save_all(conn, works, refusals, total, &overall))
        .await;
    match outcome {
        Ok(result) => Ok(result),
        Err(ActionError::Store(error)) if judgements::is_taken(&error) => Err(stale(None)),
        Err(error) => Err(error),
    }
}

/// The batch's own refusals: a withdrawn registration, nothing chosen, overall feedback too long.
/// The overall feedback, trimmed, when the batch may go on.
fn check_batch(registration: &Registration, batch: &JudgementBatch) -> Result<String, ActionError> {
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; its work cannot be judged.".to_owned(),
        ));
    }
    let overall = batch.overall_feedback.trim().to_owned();
    if batch.judgements.is_empty() {
        return Err(ActionError::field(
            "judgements",
            "Choose met or not yet met for at least one criterion",
        ));
    }
    if overall.chars().count() > MAX_OVERALL_FEEDBACK_CHARS {
        return Err(ActionError::field(
            "overall_feedback",
            &format!("Keep the overall feedback under {MAX_OVERALL_FEEDBACK_CHARS} characters"),
        ));
    }
    Ok(overall)
}

/// What every judgement of one request shares.
struct Context<'a> {
    state: &'a AppState,
    actor: &'a Actor,
    registration: &'a Registration,
    evidence: &'a [(EvidenceItem, EvidenceVersion)],
    staff: &'a StaffRecord,
    /// Units allocated to someone other than the registration's assessor.
    allocated: &'a [UnitAllocation],
}

impl Context<'_> {
    /// Each request prepared in order: the works ready to save and every item refused.
    async fn prepare_all(&self, requests: Vec<JudgementRequest>) -> (Vec<Work>, Vec<ItemRefusal>) {
        let mut works = Vec::new();
        let mut refusals = Vec::new();
        let mut seen = BTreeSet::new();
        for (index, request) in requests.into_iter().enumerate() {
            let item_id = request.input.item_id.trim().to_owned();
            let parsed = CriterionId::parse(&item_id);
            let words = parsed
                .as_ref()
                .map_or_else(|_| item_id.clone(), |id| self.words(id));
            let prepared = if seen.insert(item_id.clone()) {
                self.prepare(index, request).await
            } else {
                Err(ActionError::Invalid(vec![FieldError::new(
                    "criterion_id",
                    "This criterion is judged twice in the same submission; judge it once",
                )]))
            };
            match prepared {
                Ok(work) => works.push(work),
                Err(error) => refusals.push(match parsed {
                    Ok(id) => ItemRefusal::new(index, &id, words, error),
                    // Not an id at all (blank): answered as sent.
                    Err(_) => ItemRefusal {
                        index,
                        item_id,
                        words,
                        error: Box::new(error),
                    },
                }),
            }
        }
        (works, refusals)
    }

    fn words(&self, item_id: &CriterionId) -> String {
        let unit = crate::domain::judgement::judgeable_items(
            &self.state.curriculum,
            &self.registration.qualification_id,
        )
        .remove(item_id.as_str());
        match unit {
            Some(unit) => self.state.curriculum.item_words(&unit, item_id),
            None => item_id.to_string(),
        }
    }

    /// The checks that need no transaction: the item is the qualification's (with outcome,
    /// evidence and feedback as the rules want), the caller may judge its unit (C6), Unit 001
    /// only on the assignment (C4), and what the assessor maps is relied on.
    async fn prepare(&self, index: usize, request: JudgementRequest) -> Result<Work, ActionError> {
        let own: BTreeSet<String> = self.evidence.iter().map(|(i, _)| i.id.clone()).collect();
        let checked = check_judgement(
            &self.state.curriculum,
            &self.registration.qualification_id,
            &own,
            &request.input,
        )
        .map_err(ActionError::Invalid)?;
        let judge = Judge {
            caller_id: &self.actor.user.id,
            learner_id: &self.registration.learner_id,
            allocated_assessor_id: assessor_of_unit(
                self.registration,
                self.allocated,
                &UnitId::from_stored(checked.unit_id.as_str()),
            ),
            staff: self.staff,
        };
        may_judge(&self.state.curriculum, &checked.unit_id, &judge).map_err(refusal)?;
        super::assignments::rule::check_unit_001(
            self.state,
            self.registration,
            &checked,
            self.evidence,
        )
        .await?;
        let to_map = reliance::check_to_map(&request.map_evidence_ids, &checked.evidence_ids)?;
        let words = self.words(&CriterionId::from_stored(checked.item_id.as_str()));
        let mut work = Work::new(
            self.state,
            self.actor,
            self.registration.clone(),
            checked,
            self.evidence,
            request.seen_round,
        );
        work.index = index;
        work.words = words;
        work.to_map = to_map;
        Ok(work)
    }
}
