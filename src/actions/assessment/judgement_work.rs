//! The writes of judgements made together, in one transaction: every judgement is checked
//! against the store first (a locked unit, a round judged meanwhile, what it relies on), and
//! only when all pass are the rounds, the evidence returned as drafts, the assessor's mappings,
//! the audit entries and the learner's one message written.

use std::sync::Arc;

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::assessment::reliance;
use crate::actions::audit::of_registration as entry;
use crate::actions::error::ItemRefusal;
use crate::actions::locks::locked_conflict;
use crate::curriculum::Curriculum;
use crate::domain::evidence::EvidenceStatus;
use crate::domain::ids::{CriterionId, RegistrationId};
use crate::domain::judgement::{CheckedJudgement, JudgementOutcome, next_round};
use crate::domain::reliance::check_reliance;
use crate::store::DbConnection;
use crate::store::evidence::{self as evidence_store, EvidenceItem, EvidenceVersion};
use crate::store::judgements::{self, Judgement, JudgementEvidence};
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::registrations::{self, Registration};

use super::judgement_message::{Judged, tell_learner};

pub(super) fn stale(latest: Option<i32>) -> ActionError {
    let now_at = latest
        .map(|r| format!(" (it is now at round {r})"))
        .unwrap_or_default();
    ActionError::Conflict(format!(
        "Someone judged this item while you were deciding{now_at}. Reload the assessment record, read their judgement and judge again if you need to."
    ))
}

/// One judgement, ready to be checked against the store and written.
pub(super) struct Work {
    /// Its position in the request.
    pub index: usize,
    /// The item in the specification's words.
    pub words: String,
    /// Items the assessor maps to the item judged with this judgement.
    pub to_map: Vec<String>,
    public_url: String,
    curriculum: Arc<Curriculum>,
    actor: Actor,
    registration: Registration,
    checked: CheckedJudgement,
    judgement: Judgement,
    relied_on: Vec<JudgementEvidence>,
    /// The items relied on, in their current version.
    evidence: Vec<(EvidenceItem, EvidenceVersion)>,
    seen_round: Option<i32>,
}

impl Work {
    /// The round (numbered when saved) and the versions of the evidence it relies on.
    pub fn new(
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
        let evidence: Vec<(EvidenceItem, EvidenceVersion)> = evidence
            .iter()
            .filter(|(item, _)| checked.evidence_ids.contains(&item.id))
            .cloned()
            .collect();
        let relied_on = evidence
            .iter()
            .map(|(item, _)| JudgementEvidence {
                id: uuid::Uuid::new_v4().to_string(),
                judgement_id: judgement.id.clone(),
                evidence_id: item.id.clone(),
                evidence_version: item.current_version,
            })
            .collect();
        Self {
            index: 0,
            words: checked.item_id.clone(),
            to_map: Vec::new(),
            public_url: state.public_url.clone(),
            curriculum: state.curriculum.clone(),
            actor: actor.clone(),
            registration,
            checked,
            judgement,
            relied_on,
            evidence,
            seen_round,
        }
    }

    /// The checks against the store: the unit is not locked, nobody judged the item since the
    /// round the assessor saw, and what it relies on may carry it (submitted, authentic,
    /// mapped, C4). Numbers the round; returns the round it follows.
    fn check(&mut self, conn: &mut DbConnection) -> Result<Option<i32>, ActionError> {
        let reg = self.registration.id.clone();
        let item_id = self.checked.item_id.clone();
        if let Some(locked) = locked_conflict(
            conn,
            &self.curriculum,
            &RegistrationId::from_stored(reg.as_str()),
            std::slice::from_ref(&item_id),
        )? {
            return Err(locked);
        }
        let latest = judgements::latest_round(conn, &reg, &item_id)?;
        self.judgement.round = next_round(latest, self.seen_round).map_err(|l| stale(Some(l)))?;
        let facts = reliance::facts(
            conn,
            &self.registration,
            &self.evidence,
            &CriterionId::from_stored(item_id.as_str()),
            &self.to_map,
        )?;
        if let Some((_, unit)) = self.curriculum.unit(&self.checked.unit_id) {
            check_reliance(unit, &item_id, self.checked.outcome, &facts)?;
        }
        Ok(latest)
    }

    /// The round, the assessor's mappings, the evidence returned on not yet met, and the audit
    /// entry that seals the round.
    fn write(self, conn: &mut DbConnection, latest: Option<i32>) -> Result<Judged, ActionError> {
        let (reg, item_id) = (&self.registration, self.checked.item_id.as_str());
        let now = self.judgement.judged_at;
        let mapped = reliance::add_mappings(
            conn,
            &self.actor,
            reg,
            &CriterionId::from_stored(item_id),
            &self.to_map,
            now,
        )?;
        judgements::insert(conn, &self.judgement, &self.relied_on)?;
        if self.checked.outcome == JudgementOutcome::NotYetMet {
            for row in &self.relied_on {
                evidence_store::set_status(conn, &row.evidence_id, EvidenceStatus::Draft, now)?;
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
            reg,
            "judgement_recorded",
            record,
            None,
            details,
        );
        let seal = Seal::new(SealedTable::Judgements, &self.judgement.id);
        ledger::append_sealing(conn, audit_entry, &[seal], now)?;
        let returned = self
            .evidence
            .iter()
            .map(|(item, _)| item.title.clone())
            .collect();
        Ok(Judged {
            words: self.words,
            returned,
            judgement: self.judgement,
        })
    }
}

/// Check every judgement, then (only if all pass, and nothing was refused before: `refusals`)
/// write them and tell the learner once.
pub(super) fn save_all(
    conn: &mut DbConnection,
    works: Vec<Work>,
    mut refusals: Vec<ItemRefusal>,
    total: usize,
    overall_feedback: &str,
) -> Result<Vec<Judgement>, ActionError> {
    let Some(first) = works.first() else {
        return Err(ActionError::batch(total, refusals));
    };
    let (registration, actor, public_url) = (
        first.registration.clone(),
        first.actor.clone(),
        first.public_url.clone(),
    );
    // Judgements of one registration are numbered one writer at a time, so a judgement that
    // named no earlier round follows one made at the same moment instead of colliding with it.
    registrations::hold(conn, &registration.id)?;
    let mut ready = Vec::with_capacity(works.len());
    for mut work in works {
        match work.check(conn) {
            Ok(latest) => ready.push((work, latest)),
            Err(ActionError::Store(e)) => return Err(ActionError::Store(e)),
            Err(error) => refusals.push(ItemRefusal::new(
                work.index,
                &CriterionId::from_stored(work.checked.item_id.as_str()),
                work.words.clone(),
                error,
            )),
        }
    }
    if !refusals.is_empty() {
        return Err(ActionError::batch(total, refusals));
    }
    let mut judged = Vec::with_capacity(ready.len());
    for (work, latest) in ready {
        judged.push(work.write(conn, latest)?);
    }
    tell_learner(
        conn,
        &registration,
        &actor.user.name,
        &public_url,
        &judged,
        overall_feedback,
    )?;
    Ok(judged.into_iter().map(|j| j.judgement).collect())
}
