//! Assessment plans and progress reviews. The allocated assessor writes the plan and signs it
//! as they save it; the learner is told it awaits their signature and signs. A change rewrites
//! the plan, so the signatures on the old content are void (shown, never deleted) and both sign
//! again. The change, its signature, the audit entry and the learner's notice commit together.

use std::collections::BTreeSet;

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::visible_registration;
use crate::actions::access::{require_allocated_assessor, require_learner};
use crate::actions::assessment::observations::signature_by;
use crate::actions::audit::of_registration as entry;
use crate::domain::ids::{PlanId, RegistrationId};
use crate::domain::judgement::judgeable_items;
use crate::domain::plan::{
    CheckedPlan, PlanInput, ReviewInput, check_plan, check_review, plan_record,
};
use crate::domain::registration::RegistrationStatus;
use crate::domain::signature::{SignatureState, SignerRole, content_hash};
use crate::store::audit;
use crate::store::json::Json;
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::notifications::notify_with_mail;
use crate::store::plans::{self, ASSESSMENT_PLAN, Plan, Review};
use crate::store::registrations::Registration;
use crate::store::signatures::{self, Signature};
use crate::store::{DbConnection, StoreError};

/// A stored plan read back as its checked content.
pub fn content_of(plan: &Plan) -> CheckedPlan {
    CheckedPlan {
        activities: plan.activities.0.clone(),
        criteria: plan.criteria.0.clone(),
    }
}

/// The record a plan's signatures commit to, as the plan is now.
pub fn record_of(plan: &Plan) -> serde_json::Value {
    plan_record(&plan.id, &plan.registration_id, &content_of(plan))
}

/// A plan with its signatures (each with whether it holds) and reviews.
pub struct PlanView {
    pub plan: Plan,
    pub content: CheckedPlan,
    pub signatures: Vec<(Signature, bool)>,
    pub reviews: Vec<Review>,
}

impl PlanView {
    /// Signed by `role` over the plan as it is now.
    pub fn signed_by(&self, role: SignerRole) -> bool {
        self.signatures
            .iter()
            .any(|(s, valid)| *valid && s.signer_role == role.code())
    }
}

/// A registration's plans as anyone who may see it sees them.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<(Registration, Vec<PlanView>), ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    let id = RegistrationId::from_stored(registration.id.clone());
    let views = state.db.run(move |conn| load(conn, &id)).await?;
    Ok((registration, views))
}

/// Every plan of a registration with its signatures and reviews (three queries).
pub fn load(
    conn: &mut DbConnection,
    registration_id: &RegistrationId,
) -> Result<Vec<PlanView>, StoreError> {
    let all = plans::of_registration(conn, registration_id)?;
    let signed = signatures::of_registration(conn, registration_id)?;
    let reviews = plans::reviews_of_registration(conn, registration_id)?;
    Ok(all
        .into_iter()
        .map(|plan| {
            let record = record_of(&plan);
            let signatures = signed
                .iter()
                .filter(|s| s.record_type == ASSESSMENT_PLAN && s.record_id == plan.id)
                .map(|s| {
                    (
                        s.clone(),
                        SignatureState::of(&s.content_sha256, &record).is_valid(),
                    )
                })
                .collect();
            PlanView {
                content: content_of(&plan),
                reviews: reviews
                    .iter()
                    .filter(|r| r.plan_id == plan.id)
                    .cloned()
                    .collect(),
                signatures,
                plan,
            }
        })
        .collect())
}

fn checked(
    state: &AppState,
    registration: &Registration,
    input: &PlanInput,
) -> Result<CheckedPlan, ActionError> {
    let items: BTreeSet<String> =
        judgeable_items(&state.curriculum, &registration.qualification_id)
            .into_keys()
            .collect();
    check_plan(input, &items).map_err(ActionError::Invalid)
}

fn active(registration: &Registration) -> Result<(), ActionError> {
    if registration.status == RegistrationStatus::Active {
        Ok(())
    } else {
        Err(ActionError::Conflict(
            "This registration has been withdrawn.".to_owned(),
        ))
    }
}

/// Inside the transaction: the assessor's signature over the plan as saved, the audit entry
/// and the learner's notice that it awaits their signature.
fn sign_and_tell(
    conn: &mut DbConnection,
    state_bits: (&Actor, &Registration, &str, &str),
    plan: &Plan,
    action: &str,
    now: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    let (actor, registration, address, base) = state_bits;
    let hash = content_hash(&record_of(plan));
    let record = (ASSESSMENT_PLAN, plan.id.as_str());
    let signature = signature_by(
        actor,
        registration,
        record,
        SignerRole::Assessor,
        address,
        hash.clone(),
        now,
    );
    signatures::insert(conn, &signature)?;
    let details = json!({"version": plan.version, "content_sha256": hash});
    ledger::append_sealing(
        conn,
        entry(actor, registration, action, record, None, details),
        &[Seal::new(SealedTable::Signatures, &signature.id)],
        now,
    )?;
    let link = format!("/registrations/{}/plans", registration.id);
    let body = format!(
        "{} has written your assessment plan and signed it. Read it, and sign it if you agree.",
        actor.user.name
    );
    notify_with_mail(
        conn,
        &registration.learner_id,
        "Your assessment plan awaits your signature",
        &body,
        &link,
        base,
        now,
    )?;
    Ok(())
}

/// The allocated assessor writes a plan and signs it. Refusals: 403, 404, 409 (withdrawn),
/// 422 (incomplete, or criteria outside the learner's qualification).
pub async fn create(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    input: PlanInput,
    address: &str,
) -> Result<Plan, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_allocated_assessor(actor, &registration)?;
    let content = checked(state, &registration, &input)?;
    active(&registration)?;
    let now = state.clock.naive();
    let plan = Plan {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: registration.id.clone(),
        activities: Json(content.activities),
        criteria: Json(content.criteria),
        version: 1,
        created_by: actor.user.id.clone(),
        created_at: now,
        updated_at: now,
    };
    let (saved, actor, address, base) = (
        plan.clone(),
        actor.clone(),
        address.to_owned(),
        state.public_url.clone(),
    );
    state
        .db
        .write(move |conn| {
            plans::insert(conn, &saved)?;
            sign_and_tell(
                conn,
                (&actor, &registration, &address, &base),
                &saved,
                "plan_created",
                now,
            )
        })
        .await?;
    Ok(plan)
}

/// The plan and its registration, if the caller may see it (404 otherwise).
async fn visible_plan(
    state: &AppState,
    actor: &Actor,
    plan_id: &PlanId,
) -> Result<(Plan, Registration), ActionError> {
    let key = plan_id.clone();
    let plan = state
        .db
        .run(move |conn| plans::find(conn, &key))
        .await?
        .ok_or_else(|| ActionError::NotFound(format!("plan {plan_id}")))?;
    let registration = visible_registration(
        state,
        actor,
        &RegistrationId::from_stored(plan.registration_id.as_str()),
    )
    .await?;
    Ok((plan, registration))
}

/// The assessor changes a plan: the old signatures are void, the assessor signs the new
/// content and the learner is asked again. `seen_version`, when given, must still be current.
pub async fn change(
    state: &AppState,
    actor: &Actor,
    plan_id: &PlanId,
    input: PlanInput,
    seen_version: Option<i32>,
    address: &str,
) -> Result<Plan, ActionError> {
    let (old, registration) = visible_plan(state, actor, plan_id).await?;
    require_allocated_assessor(actor, &registration)?;
    let content = checked(state, &registration, &input)?;
    active(&registration)?;
    let version = seen_version.unwrap_or(old.version);
    let now = state.clock.naive();
    let plan = Plan {
        activities: Json(content.activities),
        criteria: Json(content.criteria),
        version: version + 1,
        updated_at: now,
        ..old
    };
    let (saved, actor, address, base) = (
        plan.clone(),
        actor.clone(),
        address.to_owned(),
        state.public_url.clone(),
    );
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if !plans::update(conn, &saved, version)? {
                return Err(ActionError::Conflict(
                    "The plan was changed while you were editing it. Reload it and make your change again.".to_owned(),
                ));
            }
            sign_and_tell(conn, (&actor, &registration, &address, &base), &saved, "plan_changed", now)?;
            Ok(())
        })
        .await?;
    Ok(plan)
}

/// The learner signs the plan as it is now. 409 when they already have.
pub async fn sign(
    state: &AppState,
    actor: &Actor,
    plan_id: &PlanId,
    address: &str,
) -> Result<Signature, ActionError> {
    let (plan, registration) = visible_plan(state, actor, plan_id).await?;
    require_learner(actor, &registration)?;
    let now = state.clock.naive();
    let (actor, address) = (actor.clone(), address.to_owned());
    state
        .db
        .write(move |conn| -> Result<Signature, ActionError> {
            // Read again inside the transaction: sign exactly what is stored now.
            let Some(plan) = plans::find(conn, &plan.id)? else {
                return Err(ActionError::NotFound(format!("plan {}", plan.id)));
            };
            let record = record_of(&plan);
            let signed = signatures::of_registration(conn, &registration.id)?;
            let holds = signatures::latest(
                &signed,
                ASSESSMENT_PLAN,
                &plan.id,
                SignerRole::Learner.code(),
            )
            .is_some_and(|s| SignatureState::of(&s.content_sha256, &record).is_valid());
            if holds {
                return Err(ActionError::Conflict(
                    "You have already signed this plan as it stands.".to_owned(),
                ));
            }
            let hash = content_hash(&record);
            let signature = signature_by(
                &actor,
                &registration,
                (ASSESSMENT_PLAN, &plan.id),
                SignerRole::Learner,
                &address,
                hash.clone(),
                now,
            );
            signatures::insert(conn, &signature)?;
            let details = json!({"version": plan.version, "content_sha256": hash});
            ledger::append_sealing(
                conn,
                entry(
                    &actor,
                    &registration,
                    "plan_signed",
                    (ASSESSMENT_PLAN, &plan.id),
                    None,
                    details,
                ),
                &[Seal::new(SealedTable::Signatures, &signature.id)],
                now,
            )?;
            Ok(signature)
        })
        .await
}

/// The assessor records a progress review against a plan, with next steps and the next review
/// date; the learner is told.
pub async fn review(
    state: &AppState,
    actor: &Actor,
    plan_id: &PlanId,
    input: ReviewInput,
) -> Result<Review, ActionError> {
    let (plan, registration) = visible_plan(state, actor, plan_id).await?;
    require_allocated_assessor(actor, &registration)?;
    let checked = check_review(&input).map_err(ActionError::Invalid)?;
    active(&registration)?;
    let now = state.clock.naive();
    let review = Review {
        id: uuid::Uuid::new_v4().to_string(),
        plan_id: plan.id.clone(),
        registration_id: registration.id.clone(),
        reviewed_on: checked.reviewed_on,
        progress: checked.progress,
        next_steps: checked.next_steps,
        next_review_on: checked.next_review_on,
        recorded_by: actor.user.id.clone(),
        recorded_at: now,
    };
    let (saved, actor, base) = (review.clone(), actor.clone(), state.public_url.clone());
    state
        .db
        .write(move |conn| {
            plans::insert_review(conn, &saved)?;
            let details = json!({"plan_id": saved.plan_id, "next_review_on": saved.next_review_on.to_string()});
            audit::append(conn, entry(&actor, &registration, "plan_reviewed", ("plan_review", &saved.id), None, details), now)?;
            let link = format!("/registrations/{}/plans", registration.id);
            let body = format!("Next steps: {}\n\nNext review: {}", saved.next_steps, saved.next_review_on);
            notify_with_mail(conn, &registration.learner_id, "Your progress review is recorded", &body, &link, &base, now)?;
            Ok::<(), StoreError>(())
        })
        .await?;
    Ok(review)
}
