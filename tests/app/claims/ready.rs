//! A learner made ready to claim: registered on a City & Guilds qualification through the API,
//! every criterion of each mandatory unit judged met, each unit signed off by the assessor and
//! countersigned by the learner over the record as it stands (written straight to the store:
//! the assessment journeys drive the same steps through the API and the pages).

use eportfolio::actions::assessment::record::sign_off_content;
use eportfolio::clock::Clock;
use eportfolio::domain::iqa_check::SampleStatus;
use eportfolio::domain::judgement::JudgementOutcome;
use eportfolio::domain::sampling::{PickedBy, Stage};
use eportfolio::domain::sign_off::items_required;
use eportfolio::store::judgements::{self, Judgement};
use eportfolio::store::people;
use eportfolio::store::samples::{self, Sample};
use eportfolio::store::sign_offs::{self, UnitSignOff};
use eportfolio::store::signatures::{self, Signature, UNIT_SIGN_OFF};
use eportfolio::store::write_transaction;
use serde_json::json;

use crate::support::Req;
use crate::world::World;

/// Register a learner on `qualification` (through the API); the registration id.
pub async fn register(
    w: &World,
    name: &str,
    email: &str,
    qualification: &str,
    enrolment: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let body = json!({
        "learner": {"name": name, "email": email, "date_of_birth": "1990-01-01"},
        "qualification_id": qualification, "start_date": "2027-01-04", "planned_end_date": "2027-12-01",
        "workplace": "Day service", "employer": "Care at Home Ltd", "assessor_id": w.assessor.id,
        "iqa_id": w.iqa.id, "awarding_body_ref": enrolment,
    });
    let reply = w
        .app
        .send(
            Req::post(&format!("/api/v1/centres/{}/registrations", w.centre_a))
                .bearer(&w.centre_admin.token)
                .json(&body),
        )
        .await;
    if reply.status != 201 {
        return Err(format!("registering {name}: {} {}", reply.status, reply.body).into());
    }
    Ok(reply.json()["id"].as_str().unwrap_or_default().to_owned())
}

/// Judge every required item of `unit_id` met, sign the unit off and, when `countersign`,
/// countersign it as the learner.
pub fn sign_off(
    w: &World,
    registration_id: &str,
    unit_id: &str,
    countersign: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let state = w.app.state();
    let curriculum = state.curriculum.clone();
    let unit = curriculum
        .unit(unit_id)
        .map(|(_, u)| u.clone())
        .ok_or("no such unit")?;
    let now = w.app.clock().now().naive_utc();
    let mut conn = w.app.db.db().get()?;
    let registration = eportfolio::store::registrations::find(&mut conn, registration_id)?
        .ok_or("no such registration")?;
    write_transaction(&mut conn, |conn| {
        let mut made = Vec::new();
        for item in items_required(&unit) {
            let judgement = Judgement {
                id: people::new_id(),
                registration_id: registration_id.to_owned(),
                item_id: item,
                unit_id: unit_id.to_owned(),
                round: 1,
                outcome: JudgementOutcome::Met,
                feedback: "Met.".to_owned(),
                assessor_id: w.assessor.id.clone(),
                judged_at: now,
            };
            judgements::insert(conn, &judgement, &[])?;
            made.push(judgement);
        }
        let sign_off = UnitSignOff {
            id: people::new_id(),
            registration_id: registration_id.to_owned(),
            unit_id: unit_id.to_owned(),
            signed_off_by: w.assessor.id.clone(),
            signed_off_at: now,
            unlocked_at: None,
            unlocked_by: None,
            unlock_kind: None,
            unlock_reason: None,
        };
        sign_offs::insert(conn, &sign_off)?;
        if eportfolio::domain::assignment::assessed_by_assignment(&unit) {
            verified(conn, registration_id, unit_id, &w.centre_admin.id, now)?;
        }
        if countersign {
            let all = judgements::of_registration(conn, registration_id)?;
            let record = sign_off_content(&curriculum, &sign_off, &all);
            signatures::insert(
                conn,
                &Signature {
                    id: people::new_id(),
                    registration_id: registration_id.to_owned(),
                    record_type: UNIT_SIGN_OFF.to_owned(),
                    record_id: sign_off.id.clone(),
                    signer_role: "learner".to_owned(),
                    signer_id: Some(registration.learner_id.clone()),
                    signer_name: "Learner".to_owned(),
                    signed_at: now,
                    client_address: "127.0.0.1".to_owned(),
                    content_sha256: eportfolio::domain::signature::content_hash(&record),
                },
            )?;
        }
        Ok::<_, eportfolio::store::StoreError>(())
    })?;
    Ok(())
}

/// C4: the external verifier has verified the learner's unit (assessed by assignment).
pub fn verified(
    conn: &mut eportfolio::store::DbConnection,
    registration_id: &str,
    unit_id: &str,
    by: &str,
    now: chrono::NaiveDateTime,
) -> Result<(), eportfolio::store::StoreError> {
    eportfolio::store::assignments::set_verification(
        conn,
        &eportfolio::store::assignments::Verification {
            id: people::new_id(),
            registration_id: registration_id.to_owned(),
            unit_id: unit_id.to_owned(),
            status: eportfolio::domain::assignment::VerificationStatus::Verified,
            note: String::new(),
            recorded_by: by.to_owned(),
            recorded_at: now,
        },
    )
}

/// The IQA's summative check of `unit_id` agreed, with no sampling plan (Q2's default policy):
/// a sample of one of the unit's judgements, written straight to the store (the sampling
/// journeys take and check samples through the API and the pages).
pub fn iqa_checked(
    w: &World,
    registration_id: &str,
    unit_id: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let mut conn = w.app.db.db().get()?;
    let registration = eportfolio::store::registrations::find(&mut conn, registration_id)?
        .ok_or("no such registration")?;
    let judgement = judgements::of_registration(&mut conn, registration_id)?
        .into_iter()
        .find(|j| j.unit_id == unit_id)
        .ok_or("the unit has no judgement to sample")?;
    samples::insert(
        &mut conn,
        &Sample {
            id: people::new_id(),
            centre_id: registration.centre_id,
            qualification_id: registration.qualification_id,
            plan_id: None,
            registration_id: registration_id.to_owned(),
            judgement_id: judgement.id,
            unit_id: unit_id.to_owned(),
            item_id: judgement.item_id,
            assessor_id: judgement.assessor_id,
            iqa_id: w.iqa.id.clone(),
            stage: Stage::Summative,
            seed: None,
            picked_by: PickedBy::Iqa,
            adjustment_reason: None,
            status: SampleStatus::Agreed,
            created_at: now,
        },
    )?;
    Ok(())
}
