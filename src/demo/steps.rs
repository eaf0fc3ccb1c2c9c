//! The steps the stories are made of, each through the action a person's form post runs, and
//! each finding what an earlier, interrupted seed already did (an item by its title, a unit
//! already signed off, a submission already made) so a story can run again.

use super::{CENTRE_ID, Demo, DemoError, Step};
use crate::actions::ActionError;
use crate::actions::assessment::assignments::{recording, submission};
use crate::actions::assessment::judgements::{JudgementBatch, JudgementRequest, judge_all};
use crate::actions::assessment::sign_off;
use crate::actions::evidence::items as declaration;
use crate::actions::evidence::items::{OneStep, create_in_one_step};
use crate::domain::assignment::{AssignmentInput, TaskInput};
use crate::domain::evidence_input::EvidenceInput;
use crate::domain::ids::{CentreId, EvidenceId, UnitId};
use crate::domain::judgement::JudgementInput;
use crate::domain::sign_off::items_required;
use crate::files::StoredFile;
use crate::store::evidence::{self as evidence_store, EvidenceItem};
use crate::store::{assignments, judgements};

/// The address the demo's signatures are recorded from.
pub const ADDRESS: &str = "127.0.0.1";

/// City & Guilds Unit 001, assessed by the centre's assignment (C4).
pub const U001: &str = "cg-3085/u001";

/// Every item a unit needs met (its criteria, or SQA Evidence Requirements).
pub fn items_of_unit(demo: &Demo<'_>, unit: &str) -> Result<Vec<String>, DemoError> {
    demo.state
        .curriculum
        .unit(unit)
        .map(|(_, u)| items_required(u))
        .ok_or_else(|| DemoError::Missing(format!("no unit {unit} in the curriculum")))
}

/// The learner's evidence item with this title, if they have one.
async fn titled(
    demo: &Demo<'_>,
    learner: &str,
    title: &str,
) -> Result<Option<EvidenceItem>, DemoError> {
    let (registration, title) = (demo.registration(learner)?.to_string(), title.to_owned());
    let items = demo
        .state
        .db
        .run(move |conn| evidence_store::items_of(conn, &registration))
        .await?;
    Ok(items
        .into_iter()
        .map(|(item, _)| item)
        .find(|i| i.title == title))
}

/// A piece of evidence as the learner writes it.
pub struct Written<'a> {
    pub learner: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub text: &'a str,
    pub criteria: Vec<String>,
    /// "Sign and submit" rather than "Save as draft".
    pub submit: bool,
}

/// The learner adds evidence on the one-step page (unless an item of that title exists).
pub async fn evidence(demo: &Demo<'_>, written: Written<'_>) -> Result<EvidenceItem, DemoError> {
    if let Some(item) = titled(demo, written.learner, written.title).await? {
        return Ok(item);
    }
    let actor = demo.actor(written.learner)?;
    let today = demo.state.clock.naive().date() - chrono::Duration::days(3);
    let form = OneStep {
        input: EvidenceInput {
            kind: written.kind.to_owned(),
            title: written.title.to_owned(),
            activity_date: today.format("%Y-%m-%d").to_string(),
            description: String::new(),
            text: written.text.to_owned(),
        },
        criteria: written.criteria,
        whole_outcomes: Vec::new(),
        typed_name: actor.user.name.clone(),
        submit: written.submit,
    };
    let registration = demo.registration(written.learner)?;
    create_in_one_step(
        demo.state,
        actor,
        &registration,
        form,
        Vec::new(),
        Vec::new(),
    )
    .await
    .step(&format!("{} adds \"{}\"", written.learner, written.title))
}

/// A short text file put in the file store, as an upload would be.
async fn text_file(
    demo: &Demo<'_>,
    name: &str,
    text: &str,
) -> Result<(StoredFile, String), DemoError> {
    let mut writer = demo.state.files.begin().await?;
    writer.write(text.as_bytes()).await?;
    Ok((writer.finish(Some(name)).await?, name.to_owned()))
}

/// The centre administrator records the Unit 001 assignment in force (unless one is).
pub async fn assignment_in_force(demo: &Demo<'_>) -> Result<(), DemoError> {
    let found = demo
        .state
        .db
        .run(|conn| assignments::in_force(conn, CENTRE_ID, U001))
        .await?;
    if found.is_some() {
        return Ok(());
    }
    let input = AssignmentInput {
        unit_id: U001.to_owned(),
        version_label: "Demo Care Academy 2026".to_owned(),
        in_force: true,
        tasks: vec![TaskInput {
            number: 1,
            title: "Personalisation in my service".to_owned(),
            criterion_ids: items_of_unit(demo, U001)?,
        }],
    };
    let brief = text_file(demo, "brief.txt", "The assignment brief for Unit 001.\n").await?;
    let guidance = text_file(demo, "guidance.txt", "The marking guidance for Unit 001.\n").await?;
    let actor = demo.actor("exams@demo.example")?;
    let centre = CentreId::from_stored(CENTRE_ID);
    recording::record(
        demo.state,
        actor,
        &centre,
        input,
        Some(brief),
        Some(guidance),
    )
    .await
    .step("the Unit 001 assignment recorded")?;
    Ok(())
}

/// The learner submits the Unit 001 assignment, declares it their own and sends it for
/// assessment; the evidence item's id.
pub async fn assignment_submitted(demo: &Demo<'_>, learner: &str) -> Result<EvidenceId, DemoError> {
    const TITLE: &str = "How personalisation shapes the support I give";
    let actor = demo.actor(learner)?;
    let item = match titled(demo, learner, TITLE).await? {
        Some(item) => item,
        None => {
            let input = submission::SubmissionInput {
                title: TITLE.to_owned(),
                activity_date: (demo.state.clock.naive().date() - chrono::Duration::days(20))
                    .format("%Y-%m-%d")
                    .to_string(),
                text: "The laws and policies on personalisation, and how they shape the support I give, with examples from my service.".to_owned(),
            };
            let registration = demo.registration(learner)?;
            submission::submit(demo.state, actor, &registration, input)
                .await
                .step(&format!("{learner} submits the assignment"))?;
            titled(demo, learner, TITLE)
                .await?
                .ok_or_else(|| DemoError::Missing("the assignment's evidence".to_owned()))?
        }
    };
    let id = EvidenceId::from_stored(item.id.as_str());
    if item.status == crate::domain::evidence::EvidenceStatus::Draft {
        declaration::declare(demo.state, actor, &id, &actor.user.name)
            .await
            .step(&format!("{learner} declares the assignment"))?;
        declaration::submit(demo.state, actor, &id)
            .await
            .step(&format!("{learner} sends the assignment"))?;
    }
    Ok(id)
}

/// The assessor's judgements on a learner's items, made together (unless the learner's record
/// already holds judgements: a story judges once).
pub async fn judged(
    demo: &Demo<'_>,
    assessor: &str,
    learner: &str,
    items: &[String],
    (evidence, outcome, feedback): (&EvidenceId, &str, &str),
) -> Result<(), DemoError> {
    let registration = demo.registration(learner)?;
    let key = registration.to_string();
    let earlier = demo
        .state
        .db
        .run(move |conn| judgements::of_registration(conn, &key))
        .await?;
    if !earlier.is_empty() {
        return Ok(());
    }
    let batch = JudgementBatch {
        judgements: items
            .iter()
            .map(|item| JudgementRequest {
                input: JudgementInput {
                    item_id: item.clone(),
                    outcome: outcome.to_owned(),
                    evidence_ids: vec![evidence.to_string()],
                    feedback: feedback.to_owned(),
                },
                ..JudgementRequest::default()
            })
            .collect(),
        overall_feedback: String::new(),
    };
    let actor = demo.actor(assessor)?;
    judge_all(demo.state, actor, &registration, batch)
        .await
        .step(&format!("{assessor} judges {learner}'s work"))?;
    Ok(())
}

/// A conflict means the step was done before (an interrupted seed): it counts as done.
fn done_before(result: Result<(), ActionError>, name: &str) -> Result<(), DemoError> {
    match result {
        Ok(()) | Err(ActionError::Conflict(_)) => Ok(()),
        Err(e) => Err(DemoError::step(name, e)),
    }
}

/// The assessor signs the unit off.
pub async fn signed_off(
    demo: &Demo<'_>,
    assessor: &str,
    learner: &str,
    unit: &str,
) -> Result<(), DemoError> {
    let actor = demo.actor(assessor)?;
    let registration = demo.registration(learner)?;
    let done = sign_off::sign_off(
        demo.state,
        actor,
        &registration,
        &UnitId::from_stored(unit),
        ADDRESS,
    )
    .await
    .map(|_| ());
    done_before(done, &format!("{assessor} signs {unit} off for {learner}"))
}

/// The learner countersigns the unit's sign-off.
pub async fn countersigned(demo: &Demo<'_>, learner: &str, unit: &str) -> Result<(), DemoError> {
    let actor = demo.actor(learner)?;
    let registration = demo.registration(learner)?;
    let done = sign_off::countersign(
        demo.state,
        actor,
        &registration,
        &UnitId::from_stored(unit),
        ADDRESS,
    )
    .await;
    done_before(done, &format!("{learner} countersigns {unit}"))
}

/// The centre administrator records Unit 001 verified by the external verifier (C4).
pub async fn verified(demo: &Demo<'_>, learner: &str) -> Result<(), DemoError> {
    use crate::actions::assessment::assignments::verification::{VerificationInput, record};
    let actor = demo.actor("exams@demo.example")?;
    let registration = demo.registration(learner)?;
    let input = VerificationInput {
        unit_id: U001.to_owned(),
        status: "verified".to_owned(),
        note: "Verified by the City & Guilds external verifier.".to_owned(),
    };
    record(demo.state, actor, &registration, input)
        .await
        .step(&format!("Unit 001 of {learner} verified"))?;
    Ok(())
}
