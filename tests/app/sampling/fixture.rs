//! A centre with decisions to sample: the assessor's three on the learner's SQA registration
//! (one relying on evidence with a file), two made by the IQA as assessor on another learner's
//! registration (at a workplace whose name looks like a spreadsheet formula), and one decision
//! in centre B.

use eportfolio::clock::Clock;
use eportfolio::domain::judgement::JudgementOutcome;
use eportfolio::domain::registration::RegistrationStatus;
use eportfolio::domain::roles::Role;
use eportfolio::store::judgements::{self, Judgement, JudgementEvidence};
use eportfolio::store::people;
use eportfolio::store::registrations::{self, Registration};
use eportfolio::store::write_transaction;
use serde_json::{Value, json};

use crate::world::{EQA_QUALIFICATION, World};

pub const FORMULA_PLACE: &str = "=HYPERLINK(\"http://x\")";

pub struct Sampled {
    pub w: World,
    /// The assessor's decisions.
    pub by_assessor: Vec<String>,
    /// Decisions the IQA made as assessor.
    pub by_iqa: Vec<String>,
    /// A decision in centre B.
    pub in_b: String,
}

fn registration(
    w: &World,
    centre: &str,
    learner: &str,
    assessor: &str,
    place: &str,
) -> Registration {
    let now = w.app.clock().now().naive_utc();
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    Registration {
        id: people::new_id(),
        centre_id: centre.to_owned(),
        learner_id: learner.to_owned(),
        qualification_id: EQA_QUALIFICATION.to_owned(),
        awarding_body_ref: None,
        date_of_birth: date(1990, 5, 17),
        start_date: date(2027, 1, 4),
        planned_end_date: date(2027, 12, 17),
        employer: "Care at Home Ltd".to_owned(),
        workplace: place.to_owned(),
        assessor_id: assessor.to_owned(),
        iqa_id: w.iqa.id.clone(),
        tutor_id: None,
        support_needs: String::new(),
        reasonable_adjustments: String::new(),
        open_learning: false,
        authenticator: None,
        status: RegistrationStatus::Active,
        registered_on: now.date(),
        created_at: now,
    }
}

/// Judge `items` of a registration as `assessor`; the first relies on `evidence` when given.
pub fn judge(
    w: &World,
    registration_id: &str,
    assessor: &str,
    items: &[&str],
    evidence: Option<&str>,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let mut conn = w.app.db.db().get()?;
    let mut ids = Vec::new();
    write_transaction(
        &mut conn,
        |conn| -> Result<_, eportfolio::store::StoreError> {
            for (i, item) in items.iter().enumerate() {
                let id = people::new_id();
                let relied: Vec<JudgementEvidence> = evidence
                    .filter(|_| i == 0)
                    .map(|e| JudgementEvidence {
                        id: people::new_id(),
                        judgement_id: id.clone(),
                        evidence_id: e.to_owned(),
                        evidence_version: 1,
                    })
                    .into_iter()
                    .collect();
                judgements::insert(
                    conn,
                    &Judgement {
                        id: id.clone(),
                        registration_id: registration_id.to_owned(),
                        item_id: (*item).to_owned(),
                        unit_id: EQA_QUALIFICATION.to_owned(),
                        round: 1,
                        outcome: JudgementOutcome::Met,
                        feedback: "Clear and well referenced.".to_owned(),
                        assessor_id: assessor.to_owned(),
                        judged_at: now,
                    },
                    &relied,
                )?;
                ids.push(id);
            }
            Ok(())
        },
    )?;
    Ok(ids)
}

const ITEMS: [&str; 3] = ["sqa-fx35-35/er1", "sqa-fx35-35/er2", "sqa-fx35-35/er3"];

pub async fn centre() -> Result<Sampled, Box<dyn std::error::Error>> {
    let w = World::new().await?;
    w.ensure_role(&w.iqa.id, &w.centre_a, Role::Assessor)?;
    let by_assessor = judge(
        &w,
        &w.registration,
        &w.assessor.id,
        &ITEMS,
        Some(&w.evidence),
    )?;
    let theirs = registration(
        &w,
        &w.centre_a,
        &w.other_learner.id,
        &w.iqa.id,
        FORMULA_PLACE,
    );
    let in_b_reg = registration(&w, &w.centre_b, &w.other_learner.id, &w.admin_b.id, "Perth");
    {
        let mut conn = w.app.db.db().get()?;
        registrations::insert(&mut conn, &theirs)?;
        registrations::insert(&mut conn, &in_b_reg)?;
    }
    let by_iqa = judge(&w, &theirs.id, &w.iqa.id, &ITEMS[..2], None)?;
    let in_b = judge(&w, &in_b_reg.id, &w.admin_b.id, &ITEMS[..1], None)?
        .pop()
        .ok_or("no decision in centre B")?;
    Ok(Sampled {
        w,
        by_assessor,
        by_iqa,
        in_b,
    })
}

/// A valid plan body for the sample centre.
pub fn plan_body(w: &World, assessor_rate: Value) -> Value {
    json!({
        "qualification_id": EQA_QUALIFICATION,
        "period_start": "2026-09-01", "period_end": "2027-08-31",
        "interim_on": "2027-01-15", "summative_on": "2027-06-30",
        "experienced_rate": 50,
        "rates": [{"assessor_id": w.assessor.id, "risk": "experienced", "rate": assessor_rate}],
        "focus": {}, "notes": "Interim sampling in January.",
    })
}
