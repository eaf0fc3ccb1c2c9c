//! Recording a judgement: the allocated, eligible assessor (C6) decides met or not yet met on one
//! item, relying on evidence from the portfolio, with feedback. Each judgement is a new round;
//! not yet met returns the evidence to the learner as a draft. The round, the evidence's status,
//! the audit entry and the learner's email commit together.

use std::collections::BTreeSet;

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::refusal;
use crate::actions::access::require_allocated_assessor;
use crate::actions::access::staff_record_of;
use crate::actions::access::visible_registration;
use crate::actions::assessment::reliance;
use crate::actions::audit::of_registration as entry;
use crate::actions::locks::locked_conflict;
use crate::domain::evidence::EvidenceStatus;
use crate::domain::ids::RegistrationId;
use crate::domain::judgement::{
    CheckedJudgement, Judge, JudgementInput, JudgementOutcome, check_judgement, may_judge,
    next_round,
};
use crate::domain::registration::RegistrationStatus;
use crate::domain::reliance::check_reliance;
use crate::store::DbConnection;
use crate::store::evidence::{self as evidence_store, EvidenceItem, EvidenceVersion};
use crate::store::judgements::{self, Judgement, JudgementEvidence};
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::mail_queue::{self, NewMail};
use crate::store::people::{self, User};
use crate::store::registrations::Registration;

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

fn stale(latest: Option<i32>) -> ActionError {
    let now_at = latest
        .map(|r| format!(" (it is now at round {r})"))
        .unwrap_or_default();
    ActionError::Conflict(format!(
        "Someone judged this item while you were deciding{now_at}. Reload the assessment record, read their judgement and judge again if you need to."
    ))
}

fn judged_mail(learner: &User, public_url: &str, judgement: &Judgement, assessor: &str) -> NewMail {
    let outcome = judgement.outcome;
    let next = match outcome {
        JudgementOutcome::Met => "",
        JudgementOutcome::NotYetMet => {
            "\nThe evidence relied on is back with you as a draft: improve it, sign the declaration again and resubmit it.\n"
        }
    };
    NewMail {
        to_address: learner.email.clone(),
        to_name: learner.name.clone(),
        subject: format!("Your work has been judged: {}", judgement.item_id),
        body_text: format!(
            "Hello {},\n\n{assessor} has judged {} (round {}): {}.\n\nFeedback:\n{}\n{next}\nYour assessment record: {}/registrations/{}/assessment\n",
            learner.name,
            judgement.item_id,
            judgement.round,
            outcome.label(),
            if judgement.feedback.is_empty() {
                "(none)"
            } else {
                &judgement.feedback
            },
            public_url,
            judgement.registration_id,
        ),
    }
}

/// The allocated assessor judges an item. Refusals: the learner or other staff 403, C6 422
/// `assessor_not_eligible`, an item outside the qualification 422, a locked unit or a round
/// judged in between 409; a met on evidence without the learner's valid declaration 422
/// `evidence_not_declared`, on evidence not mapped to the item 422 `evidence_not_mapped`, on
/// Unit 002 without performance evidence 422 `method_not_permitted` (C4).
pub async fn judge(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    request: JudgementRequest,
) -> Result<Judgement, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_allocated_assessor(actor, &registration)?;
    let (id, me) = (registration.id.clone(), actor.user.id.clone());
    let (evidence, staff) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            Ok((
                evidence_store::items_of(conn, &id)?,
                staff_record_of(conn, &me)?,
            ))
        })
        .await?;
    let own: BTreeSet<String> = evidence.iter().map(|(item, _)| item.id.clone()).collect();
    let checked = check_judgement(
        &state.curriculum,
        &registration.qualification_id,
        &own,
        &request.input,
    )
    .map_err(ActionError::Invalid)?;
    let judge = Judge {
        caller_id: &actor.user.id,
        learner_id: &registration.learner_id,
        allocated_assessor_id: &registration.assessor_id,
        staff: &staff,
    };
    may_judge(&state.curriculum, &checked.unit_id, &judge).map_err(refusal)?;
    super::assignments::rule::check_unit_001(state, &registration, &checked, &evidence).await?;
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; its work cannot be judged.".to_owned(),
        ));
    }
    let to_map = reliance::check_to_map(&request.map_evidence_ids, &checked.evidence_ids)?;
    let mut work = Work::new(
        state,
        actor,
        registration,
        checked,
        &evidence,
        request.seen_round,
    );
    work.to_map = to_map;
    let outcome = state.db.write(move |conn| work.save(conn)).await;
    match outcome {
        Ok(result) => Ok(result),
        Err(ActionError::Store(error)) if judgements::is_taken(&error) => Err(stale(None)),
        Err(error) => Err(error),
    }
}

/// The writes of one judgement, done in one transaction.
struct Work {
    public_url: String,
    curriculum: std::sync::Arc<crate::curriculum::Curriculum>,
    actor: Actor,
    registration: Registration,
    checked: CheckedJudgement,
    judgement: Judgement,
    relied_on: Vec<JudgementEvidence>,
    /// The items relied on, in their current version.
    evidence: Vec<(EvidenceItem, EvidenceVersion)>,
    /// Items the assessor maps to the item judged with this judgement.
    to_map: Vec<String>,
    seen_round: Option<i32>,
}

impl Work {
    /// The round (numbered when saved) and the versions of the evidence it relies on.
    fn new(
        state: &AppState,
        actor: &Actor,
        registration: Registration,
        checked: CheckedJudgement,
        evidence: &[(EvidenceItem, EvidenceVersion)],
        seen_round: Option<i32>,
    ) -> Self {
        let judgement = Judgement {
            id: uuid::Uuid::new_v4().to_string(),
            registration_id: registration.id.clone(),
            item_id: checked.item_id.clone(),
            unit_id: checked.unit_id.clone(),
            round: 0,
            outcome: checked.outcome,
            feedback: checked.feedback.clone(),
            assessor_id: actor.user.id.clone(),
            judged_at: state.clock.naive(),
        };
        let relied_on: Vec<JudgementEvidence> = evidence
            .iter()
            .filter(|(item, _)| checked.evidence_ids.contains(&item.id))
            .map(|(item, _)| JudgementEvidence {
                id: uuid::Uuid::new_v4().to_string(),
                judgement_id: judgement.id.clone(),
                evidence_id: item.id.clone(),
                evidence_version: item.current_version,
            })
            .collect();
        let evidence = evidence
            .iter()
            .filter(|(item, _)| checked.evidence_ids.contains(&item.id))
            .cloned()
            .collect();
        Self {
            public_url: state.public_url.clone(),
            curriculum: state.curriculum.clone(),
            actor: actor.clone(),
            registration,
            checked,
            judgement,
            relied_on,
            evidence,
            to_map: Vec::new(),
            seen_round,
        }
    }

    fn save(mut self, conn: &mut DbConnection) -> Result<Judgement, ActionError> {
        let reg = self.registration.id.clone();
        if let Some(locked) = locked_conflict(
            conn,
            &self.curriculum,
            &reg,
            std::slice::from_ref(&self.checked.item_id),
        )? {
            return Err(locked);
        }
        let latest = judgements::latest_round(conn, &reg, &self.checked.item_id)?;
        self.judgement.round = match next_round(latest, self.seen_round) {
            Ok(round) => round,
            Err(latest) => return Err(stale(Some(latest))),
        };
        let mapped = self.check_and_map(conn)?;
        judgements::insert(conn, &self.judgement, &self.relied_on)?;
        if self.checked.outcome == JudgementOutcome::NotYetMet {
            for row in &self.relied_on {
                evidence_store::set_status(
                    conn,
                    &row.evidence_id,
                    EvidenceStatus::Draft,
                    self.judgement.judged_at,
                )?;
            }
        }
        let details = json!({
            "item_id": self.judgement.item_id, "unit_id": self.judgement.unit_id,
            "round": self.judgement.round, "outcome": self.judgement.outcome,
            "previous_round": latest, "feedback_chars": self.judgement.feedback.chars().count(),
            "evidence": self.relied_on.iter().map(|e| json!({"id": e.evidence_id, "version": e.evidence_version})).collect::<Vec<_>>(),
            "mapped_by_assessor": mapped,
        });
        let record = ("judgement", self.judgement.id.as_str());
        let audit_entry = entry(
            &self.actor,
            &self.registration,
            "judgement_recorded",
            record,
            None,
            details,
        );
        let seal = Seal::new(SealedTable::Judgements, &self.judgement.id);
        ledger::append_sealing(conn, audit_entry, &[seal], self.judgement.judged_at)?;
        if let Some(learner) = people::find_user(conn, &self.registration.learner_id)? {
            let mail = judged_mail(
                &learner,
                &self.public_url,
                &self.judgement,
                &self.actor.user.name,
            );
            mail_queue::enqueue(conn, &mail, self.judgement.judged_at)?;
        }
        Ok(self.judgement)
    }

    /// What a met may rely on (authenticity, mapping, C4), counting the mappings the assessor
    /// adds; then those mappings, stored and audited. Returns the items newly mapped.
    fn check_and_map(&self, conn: &mut DbConnection) -> Result<Vec<String>, ActionError> {
        let (reg, item_id) = (&self.registration, self.checked.item_id.as_str());
        let facts = reliance::facts(conn, reg, &self.evidence, item_id, &self.to_map)?;
        if let Some((_, unit)) = self.curriculum.unit(&self.checked.unit_id) {
            check_reliance(unit, item_id, self.checked.outcome, &facts)?;
        }
        let now = self.judgement.judged_at;
        reliance::add_mappings(conn, &self.actor, reg, item_id, &self.to_map, now)
    }
}
