//! The demo's stories: each learner in one state of their award, and the staff work around
//! them. Each story runs once (the seed marks it done); see `mod.rs`.

use super::steps::{self, U001, Written, items_of_unit};
use super::{Demo, DemoError, Step, quality};
use crate::actions::claims::claim::{self, Certificate};
use crate::domain::claims::ClaimStatus;
use crate::domain::ids::{CentreId, ClaimId};
use crate::store::claims;

/// Every story, in the order they run.
pub const ALL: [&str; 14] = [
    "second centre",
    "training",
    "draft",
    "submitted",
    "judged and sampled",
    "referred",
    "signed off",
    "ready to claim",
    "claimed",
    "certificated",
    "testimony",
    "standardisation",
    "double-marking",
    "eqa",
];

const A1: &str = "assessor@demo.example";
const A2: &str = "assessor2@demo.example";
const I1: &str = "iqa@demo.example";
const I2: &str = "iqa2@demo.example";

/// Run one story.
pub async fn run(demo: &mut Demo<'_>, story: &str) -> Result<(), DemoError> {
    match story {
        "second centre" => quality::second_centre(demo).await,
        "training" => {
            let on = [
                "learner4@demo.example",
                "learner5@demo.example",
                "learner9@demo.example",
                "learner10@demo.example",
                "learner11@demo.example",
            ];
            quality::training(demo, &on).await
        }
        "draft" => draft(demo).await,
        "submitted" => submitted(demo).await,
        "judged and sampled" => judged_and_sampled(demo).await,
        "referred" => referred(demo).await,
        "signed off" => signed_off(demo).await,
        "ready to claim" => ready(demo, "learner9@demo.example").await,
        "claimed" => claimed(demo, "learner10@demo.example", false).await,
        "certificated" => claimed(demo, "learner11@demo.example", true).await,
        "testimony" => testimony(demo).await,
        "standardisation" => quality::standardisation(demo).await,
        "double-marking" => quality::double_marking(demo).await,
        "eqa" => quality::eqa_grant(demo).await,
        other => Err(DemoError::Missing(format!("no demo story {other}"))),
    }
}

/// The first `n` items of a unit.
fn first(demo: &Demo<'_>, unit: &str, n: usize) -> Result<Vec<String>, DemoError> {
    Ok(items_of_unit(demo, unit)?.into_iter().take(n).collect())
}

/// Dylan (3085-01) has a reflective account in draft.
async fn draft(demo: &Demo<'_>) -> Result<(), DemoError> {
    let written = Written {
        learner: "learner4@demo.example",
        kind: "reflective_account",
        title: "What choice and control mean at Riverside",
        text: "Notes so far: the people we support choose their own activities each morning. I still need to add how this links to the law.",
        criteria: first(demo, U001, 2)?,
        submit: false,
    };
    steps::evidence(demo, written).await?;
    Ok(())
}

/// Fatima (3085-01) has sent a reflective account for assessment.
async fn submitted(demo: &Demo<'_>) -> Result<(), DemoError> {
    let written = Written {
        learner: "learner5@demo.example",
        kind: "reflective_account",
        title: "Supporting Mrs D to choose her own care worker",
        text: "Mrs D wanted a say in who supports her. I explained her options under self-directed support, and she chose a direct payment to employ a personal assistant she already knew.",
        criteria: first(demo, U001, 3)?,
        submit: true,
    };
    steps::evidence(demo, written).await?;
    Ok(())
}

/// Ewan (3085-02): a work product judged met on four Unit 002 criteria; the second IQA samples
/// two of the decisions, refers one with an action for the assessor and has the other to check.
async fn judged_and_sampled(demo: &Demo<'_>) -> Result<(), DemoError> {
    const LEARNER: &str = "learner6@demo.example";
    let criteria = first(demo, "cg-3085/u002", 4)?;
    let written = Written {
        learner: LEARNER,
        kind: "work_product",
        title: "Mr T's support plan, written with him",
        text: "The support plan I wrote with Mr T and his daughter: his outcomes in his words, the budget, and who does what.",
        criteria: criteria.clone(),
        submit: true,
    };
    let item = steps::evidence(demo, written).await?;
    let evidence = crate::domain::ids::EvidenceId::from_stored(item.id);
    let feedback = "Shown in the plan: Mr T's own words lead every section.";
    steps::judged(demo, A2, LEARNER, &criteria, (&evidence, "met", feedback)).await?;
    let samples = quality::sampled(demo, (I2, LEARNER, "cg-3085-02"), 2, "interim").await?;
    if let Some(first) = samples.first() {
        quality::checked(demo, I2, first, true).await?;
    }
    Ok(())
}

/// Grace (FX35 35): her account judged not yet met, with feedback; it is back with her as a
/// draft to improve.
async fn referred(demo: &Demo<'_>) -> Result<(), DemoError> {
    const LEARNER: &str = "learner7@demo.example";
    let criteria = first(demo, "sqa-fx35-35", 2)?;
    let written = Written {
        learner: LEARNER,
        kind: "reflective_account",
        title: "Self-directed support options for a young carer",
        text: "I described the four options of self-directed support to a young carer and her mother.",
        criteria: criteria.clone(),
        submit: true,
    };
    let item = steps::evidence(demo, written).await?;
    let evidence = crate::domain::ids::EvidenceId::from_stored(item.id);
    let feedback = "Not yet: say how you checked that the family understood each option, and what they chose and why.";
    steps::judged(
        demo,
        A2,
        LEARNER,
        &criteria,
        (&evidence, "not_yet_met", feedback),
    )
    .await
}

/// Every criterion of Unit 001 met on the learner's assignment, and the unit signed off.
async fn unit_001_signed_off(demo: &Demo<'_>, learner: &str) -> Result<(), DemoError> {
    steps::assignment_in_force(demo).await?;
    let evidence = steps::assignment_submitted(demo, learner).await?;
    let criteria = items_of_unit(demo, U001)?;
    let feedback = "Shown in your assignment, with examples from your own service.";
    steps::judged(demo, A1, learner, &criteria, (&evidence, "met", feedback)).await?;
    steps::signed_off(demo, A1, learner, U001).await
}

/// Hamish (3085-01): Unit 001 signed off, waiting for his countersignature; the IQA has one of
/// his decisions to check.
async fn signed_off(demo: &Demo<'_>) -> Result<(), DemoError> {
    const LEARNER: &str = "learner8@demo.example";
    unit_001_signed_off(demo, LEARNER).await?;
    quality::sampled(demo, (I1, LEARNER, "cg-3085-01"), 1, "summative").await?;
    Ok(())
}

/// Unit 001 signed off, countersigned, verified and its summative sample agreed: ready to claim.
async fn ready(demo: &Demo<'_>, learner: &str) -> Result<(), DemoError> {
    unit_001_signed_off(demo, learner).await?;
    steps::countersigned(demo, learner, U001).await?;
    steps::verified(demo, learner).await?;
    let samples = quality::sampled(demo, (I1, learner, "cg-3085-01"), 1, "summative").await?;
    for sample in &samples {
        quality::checked(demo, I1, sample, false).await?;
    }
    Ok(())
}

/// Ready, then claimed by the exams officer and submitted to City & Guilds; with `certificated`
/// the certificate recorded as well. A claim made by an interrupted seed is taken up where it
/// stopped.
async fn claimed(demo: &Demo<'_>, learner: &str, certificated: bool) -> Result<(), DemoError> {
    ready(demo, learner).await?;
    let exams = demo.actor("exams@demo.example")?;
    let registration = demo.registration(learner)?;
    let (id, mut status) = match live_claim(demo, learner).await? {
        Some(found) => found,
        None => {
            let centre = CentreId::from_stored(super::CENTRE_ID);
            let made = claim::create(demo.state, exams, &centre, vec![registration.clone()])
                .await
                .step(&format!("{learner} claimed"))?;
            (ClaimId::from_stored(made.id.as_str()), made.status)
        }
    };
    if status == ClaimStatus::Draft {
        let to = ClaimStatus::Submitted;
        claim::advance(demo.state, exams, &id, to, Vec::new(), None)
            .await
            .step("the claim submitted")?;
        status = to;
    }
    if certificated && status == ClaimStatus::Submitted {
        let certificate = Certificate {
            registration_id: registration.to_string(),
            number: "CG-DEMO-000111".to_owned(),
            issued_on: (demo.state.clock.naive().date() - chrono::Duration::days(1))
                .format("%Y-%m-%d")
                .to_string(),
        };
        let to = ClaimStatus::Certificated;
        claim::advance(demo.state, exams, &id, to, vec![certificate], None)
            .await
            .step("the certificate recorded")?;
    }
    Ok(())
}

/// The learner's live claim, if a claim was made already, with its status.
async fn live_claim(
    demo: &Demo<'_>,
    learner: &str,
) -> Result<Option<(ClaimId, ClaimStatus)>, DemoError> {
    let registration = demo.registration(learner)?.to_string();
    Ok(demo
        .state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            let Some(row) = claims::live_of(conn, &[registration])?.into_iter().next() else {
                return Ok(None);
            };
            Ok(claims::find(conn, &row.claim_id)?
                .map(|c| (ClaimId::from_stored(c.id.as_str()), c.status)))
        })
        .await?)
}

/// Lewis (3085-02): a witness has signed testimony on three Unit 002 criteria; it waits for the
/// second assessor's decision.
async fn testimony(demo: &Demo<'_>) -> Result<(), DemoError> {
    let criteria = first(demo, "cg-3085/u002", 3)?;
    quality::testimony(demo, A2, "learner12@demo.example", criteria).await
}
