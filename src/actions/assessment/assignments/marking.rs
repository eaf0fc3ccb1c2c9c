//! The allocated assessor marks the learner's submission task by task against the marking
//! guidance: one request marks every task (met or not yet met, with feedback). A criterion every
//! covering task is met on is judged met, relying on the submission's current version (one round
//! and one audit entry per criterion); a task not yet met returns the submission to the learner
//! as a draft. One email tells the learner.

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{
    assessor_of_unit, refusal, require_allocated_assessor, staff_record_of, visible_registration,
};
use crate::actions::audit::of_registration as entry;
use crate::actions::locks::locked_conflict;
use crate::domain::assignment::{MarkInput, check_marks, criteria_met};
use crate::domain::evidence::EvidenceStatus;
use crate::domain::ids::{CentreId, RegistrationId, SubmissionId, UnitId};
use crate::domain::judgement::{Judge, JudgementOutcome, may_judge};
use crate::domain::registration::RegistrationStatus;
use crate::store::allocations;
use crate::store::assignments::{self, AssignmentTask, TaskMark};
use crate::store::audit;
use crate::store::evidence::{self as evidence_store, EvidenceItem};
use crate::store::judgements::{self, Judgement, JudgementEvidence};
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::mail_queue::{self, NewMail};
use crate::store::people;
use crate::store::registrations::{self, Registration};
use crate::store::{DbConnection, StoreError};

use super::submission::{assignment_unit, none_in_force};

/// Mark every task of the learner's submission. Refusals: others 403, C6 422, nothing submitted
/// or a draft 409, marks missing or without feedback 422, a locked unit 409.
pub async fn mark(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    input: Vec<MarkInput>,
) -> Result<Vec<TaskMark>, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_allocated_assessor(actor, &registration)?;
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; its work cannot be judged.".to_owned(),
        ));
    }
    let unit_id = assignment_unit(state, &registration)?;
    let (reg, unit, me) = (registration.clone(), unit_id.clone(), actor.id());
    let (found, staff, allocated) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            Ok((
                submitted(conn, &reg, &unit)?,
                staff_record_of(conn, &me, &CentreId::from_stored(reg.centre_id.as_str()))?,
                allocations::of_registration(conn, &reg.id)?,
            ))
        })
        .await?;
    let judge = Judge {
        caller_id: &actor.user.id,
        learner_id: &registration.learner_id,
        allocated_assessor_id: assessor_of_unit(
            &registration,
            &allocated,
            &UnitId::from_stored(unit_id.as_str()),
        ),
        staff: &staff,
    };
    may_judge(&state.curriculum, &unit_id, &judge).map_err(refusal)?;
    let (tasks, submission_id, item) = found?;
    let numbers: Vec<i32> = tasks.iter().map(|t| t.number).collect();
    let marks = check_marks(&numbers, &input).map_err(ActionError::Invalid)?;
    let covered: Vec<(i32, Vec<String>)> = tasks.iter().map(|t| (t.number, t.criteria())).collect();
    let met = criteria_met(&covered, &marks);
    let now = state.clock.naive();
    let submission = SubmissionId::from_stored(submission_id);
    let rows = mark_rows(&marks, &submission, &item, actor, now);
    let work = Marking {
        actor: actor.clone(),
        registration,
        unit_id,
        item,
        met,
        rows,
        curriculum: state.curriculum.clone(),
        public_url: state.public_url.clone(),
        now,
    };
    state.db.write(move |conn| work.save(conn)).await
}

/// One mark row a task, round 0 until the save numbers the round.
fn mark_rows(
    marks: &[(i32, JudgementOutcome, String)],
    submission_id: &SubmissionId,
    item: &EvidenceItem,
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> Vec<TaskMark> {
    marks
        .iter()
        .map(|(number, outcome, feedback)| TaskMark {
            id: uuid::Uuid::new_v4().to_string(),
            submission_id: submission_id.to_string(),
            round: 0,
            evidence_version: item.current_version,
            task_number: *number,
            outcome: *outcome,
            feedback: feedback.clone(),
            assessor_id: actor.user.id.clone(),
            marked_at: now,
        })
        .collect()
}

type Found = Result<(Vec<AssignmentTask>, String, EvidenceItem), ActionError>;

/// The tasks of the version in force, the learner's submission and its item, submitted.
fn submitted(conn: &mut DbConnection, reg: &Registration, unit: &str) -> Result<Found, StoreError> {
    let Some(a) = assignments::in_force(conn, &reg.centre_id, unit)? else {
        return Ok(Err(none_in_force()));
    };
    let Some(s) = assignments::submission_of(conn, &a.id, &reg.id)? else {
        return Ok(Err(ActionError::Conflict(format!(
            "The learner has not submitted their work against assignment version {} yet.",
            a.version_label
        ))));
    };
    let Some(item) = evidence_store::find_item(conn, &s.evidence_id)? else {
        return Ok(Err(ActionError::NotFound("submission".to_owned())));
    };
    if item.status != EvidenceStatus::Submitted {
        return Ok(Err(ActionError::Conflict(
            "The learner's submission is a draft: it can be marked once they have signed the declaration and submitted it."
                .to_owned(),
        )));
    }
    Ok(Ok((assignments::tasks_of(conn, &a.id)?, s.id, item)))
}

/// The writes of one marking, in one transaction.
struct Marking {
    actor: Actor,
    registration: Registration,
    unit_id: String,
    item: EvidenceItem,
    met: Vec<String>,
    rows: Vec<TaskMark>,
    curriculum: std::sync::Arc<crate::curriculum::Curriculum>,
    public_url: String,
    now: chrono::NaiveDateTime,
}

impl Marking {
    fn save(mut self, conn: &mut DbConnection) -> Result<Vec<TaskMark>, ActionError> {
        let reg = RegistrationId::from_stored(self.registration.id.as_str());
        // Rounds are numbered one writer at a time per registration (see `judgement_work`).
        registrations::hold(conn, &self.registration.id)?;
        if let Some(locked) = locked_conflict(conn, &self.curriculum, &reg, &self.met)? {
            return Err(locked);
        }
        let submission_id = self
            .rows
            .first()
            .map(|r| r.submission_id.clone())
            .unwrap_or_default();
        let round = assignments::marks_of(conn, &submission_id)?
            .iter()
            .map(|m| m.round)
            .max()
            .unwrap_or(0)
            + 1;
        for row in &mut self.rows {
            row.round = round;
        }
        assignments::insert_marks(conn, &self.rows)?;
        for criterion in &self.met {
            self.judge_met(conn, criterion)?;
        }
        let not_yet = self
            .rows
            .iter()
            .any(|r| r.outcome == JudgementOutcome::NotYetMet);
        if not_yet {
            evidence_store::set_status(conn, &self.item.id, EvidenceStatus::Draft, self.now)?;
        }
        let details = json!({"submission_id": submission_id, "round": round,
            "evidence_version": self.item.current_version,
            "tasks": self.rows.iter().map(|r| json!({"task": r.task_number, "outcome": r.outcome})).collect::<Vec<_>>(),
            "criteria_met": self.met.len()});
        let audit_entry = entry(
            &self.actor,
            &self.registration,
            "assignment_marked",
            ("assignment_submission", submission_id.as_str()),
            None,
            details,
        );
        audit::append(conn, audit_entry, self.now)?;
        if let Some(learner) = people::find_user(conn, &self.registration.learner_id)? {
            mail_queue::enqueue(conn, &self.mail(&learner, not_yet), self.now)?;
        }
        Ok(self.rows)
    }

    /// A met round on one criterion, relying on the submission's current version.
    fn judge_met(&self, conn: &mut DbConnection, criterion: &str) -> Result<(), ActionError> {
        let latest = judgements::latest_round(conn, &self.registration.id, criterion)?;
        let judgement = Judgement {
            id: uuid::Uuid::new_v4().to_string(),
            registration_id: self.registration.id.clone(),
            item_id: criterion.to_owned(),
            unit_id: self.unit_id.clone(),
            round: latest.unwrap_or(0) + 1,
            outcome: JudgementOutcome::Met,
            feedback: "Met on the assignment, marked task by task against the marking guidance."
                .to_owned(),
            assessor_id: self.actor.user.id.clone(),
            judged_at: self.now,
        };
        let relied = JudgementEvidence {
            id: uuid::Uuid::new_v4().to_string(),
            judgement_id: judgement.id.clone(),
            evidence_id: self.item.id.clone(),
            evidence_version: self.item.current_version,
        };
        judgements::insert(conn, &judgement, std::slice::from_ref(&relied))?;
        let details = json!({"item_id": criterion, "unit_id": self.unit_id, "round": judgement.round,
            "outcome": judgement.outcome, "previous_round": latest, "from": "assignment_marking",
            "evidence": [{"id": relied.evidence_id, "version": relied.evidence_version}]});
        let audit_entry = entry(
            &self.actor,
            &self.registration,
            "judgement_recorded",
            ("judgement", judgement.id.as_str()),
            None,
            details,
        );
        let seal = Seal::new(SealedTable::Judgements, &judgement.id);
        ledger::append_sealing(conn, audit_entry, &[seal], self.now)?;
        Ok(())
    }

    fn mail(&self, learner: &people::User, not_yet: bool) -> NewMail {
        let lines: Vec<String> = self
            .rows
            .iter()
            .map(|r| {
                let feedback = if r.feedback.is_empty() {
                    String::new()
                } else {
                    format!(": {}", r.feedback)
                };
                format!("Task {}: {}{feedback}", r.task_number, r.outcome.label())
            })
            .collect();
        let next = if not_yet {
            "\nYour submission is back with you as a draft: improve it, sign the declaration again and resubmit it.\n"
        } else {
            ""
        };
        NewMail {
            to_address: learner.email.clone(),
            to_name: learner.name.clone(),
            subject: "Your assignment has been marked".to_owned(),
            body_text: format!(
                "Hello {},\n\n{} has marked your assignment task by task:\n\n{}\n{next}\nYour assignment: {}/registrations/{}/assignment\n",
                learner.name,
                self.actor.user.name,
                lines.join("\n"),
                self.public_url,
                self.registration.id,
            ),
        }
    }
}
