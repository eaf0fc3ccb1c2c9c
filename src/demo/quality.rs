//! The quality side of the demo, each through its action: the IQAs' sampling plans, samples and
//! checks (one referred with an action still open), a standardisation activity, the EQA's
//! grant, a second centre still without its administrator, a witness's signed testimony and the
//! tutor's programme with a session this week.

use super::steps::ADDRESS;
use super::{CENTRE_ID, Demo, DemoError, Step};
use crate::actions::assessment::{witness, witness_link};
use crate::actions::iqa::double_marking;
use crate::actions::iqa::sample_outcomes::record_outcome;
use crate::actions::iqa::sampling;
use crate::actions::iqa::sampling_proposal::{Accept, accept};
use crate::actions::iqa::standardisation;
use crate::actions::learning::programmes;
use crate::actions::people::centre_people::{self as centre_people, EqaGrantInput, grant_eqa};
use crate::auth::tokens::Audience;
use crate::domain::ids::{CentreId, ProgrammeId, SampleId};
use crate::domain::iqa_check::{ActionInput, OutcomeInput};
use crate::domain::programme::{ProgrammeInput, SessionInput};
use crate::domain::sampling::plan::PlanInput;
use crate::domain::standardisation::activity::{
    ActionInput as AgreedAction, ActivityInput, ExerciseInput,
};
use crate::domain::witness::{LINK_VALIDITY, RequestFields};
use crate::domain::witness_answer::AnswerFields;
use crate::store::programmes as programme_store;
use crate::store::{judgements, people, samples, sampling_plans};

fn centre() -> CentreId {
    CentreId::from_stored(CENTRE_ID)
}

fn day(demo: &Demo<'_>, offset: i64) -> String {
    (demo.state.clock.naive().date() + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// The IQA's sampling plan for a qualification covering today (written unless one is); its id.
pub async fn plan(demo: &Demo<'_>, iqa: &str, qualification: &str) -> Result<String, DemoError> {
    let (today, wanted) = (demo.state.clock.naive().date(), qualification.to_owned());
    let existing = demo
        .state
        .db
        .run(move |conn| sampling_plans::of_centre(conn, CENTRE_ID))
        .await?
        .into_iter()
        .find(|p| p.qualification_id == wanted && p.period_start <= today && p.period_end >= today);
    if let Some(found) = existing {
        return Ok(found.id);
    }
    let input = PlanInput {
        qualification_id: qualification.to_owned(),
        period_start: day(demo, -30),
        period_end: day(demo, 60),
        interim_on: day(demo, 0),
        summative_on: day(demo, 1),
        experienced_rate: "100".to_owned(),
        rates: Vec::new(),
        focus: Default::default(),
        notes: "Every decision this period, while the new assessor settles in.".to_owned(),
    };
    let made = sampling::create(demo.state, demo.actor(iqa)?, &centre(), input)
        .await
        .step(&format!("{iqa} writes a sampling plan"))?;
    Ok(made.plan.id)
}

/// The IQA samples decisions of the learner's (the first `count`, by item), at a stage; the
/// samples (those already taken of these decisions, on a second run).
pub async fn sampled(
    demo: &Demo<'_>,
    (iqa, learner, qualification): (&str, &str, &str),
    count: usize,
    stage: &str,
) -> Result<Vec<SampleId>, DemoError> {
    let plan_id = plan(demo, iqa, qualification).await?;
    let registration = demo.registration(learner)?.to_string();
    let (rounds, taken) = demo
        .state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            Ok((
                judgements::of_registration(conn, &registration)?,
                samples::of_centre(conn, CENTRE_ID)?,
            ))
        })
        .await?;
    let chosen: Vec<String> = rounds.iter().take(count).map(|j| j.id.clone()).collect();
    let already: Vec<SampleId> = taken
        .iter()
        .filter(|s| chosen.contains(&s.judgement_id))
        .map(|s| SampleId::from_stored(s.id.as_str()))
        .collect();
    if !already.is_empty() {
        return Ok(already);
    }
    let input = Accept {
        judgement_ids: chosen,
        seed: None,
        plan_id,
        stage: stage.to_owned(),
        adjustment_reason: format!("The {stage} check of this learner's decisions."),
    };
    let taken = accept(demo.state, demo.actor(iqa)?, &centre(), input)
        .await
        .step(&format!("{iqa} samples {learner}'s decisions"))?;
    Ok(taken
        .into_iter()
        .map(|s| SampleId::from_stored(s.id))
        .collect())
}

/// The IQA agrees a sampled decision, or refers it with one dated action for the assessor.
pub async fn checked(
    demo: &Demo<'_>,
    iqa: &str,
    sample: &SampleId,
    refer: bool,
) -> Result<(), DemoError> {
    let input = if refer {
        OutcomeInput {
            outcome: "refer".to_owned(),
            feedback: "The feedback does not say which part of the work shows the learner asked the person first. Name it, so the learner can build on it.".to_owned(),
            actions: vec![ActionInput {
                description: "Rewrite the feedback to name where consent is shown in the work".to_owned(),
                due_on: day(demo, 14),
            }],
        }
    } else {
        OutcomeInput {
            outcome: "agree".to_owned(),
            feedback: "The decision is sound and the evidence is the learner's own.".to_owned(),
            actions: Vec::new(),
        }
    };
    match record_outcome(demo.state, demo.actor(iqa)?, sample, &input).await {
        Ok(_) | Err(crate::actions::ActionError::Conflict(_)) => Ok(()),
        Err(e) => Err(super::DemoError::step(&format!("{iqa} checks a sample"), e)),
    }
}

/// A second centre, made by the platform administrator, still waiting for its first centre
/// administrator.
pub async fn second_centre(demo: &Demo<'_>) -> Result<(), DemoError> {
    const NAME: &str = "Northern Isles Care College";
    let centres = demo.state.db.run(people::list_centres).await?;
    if centres.iter().any(|c| c.name == NAME) {
        return Ok(());
    }
    let input = centre_people::NewCentreInput {
        name: NAME.to_owned(),
        cg_centre_number: Some("654321".to_owned()),
        sqa_centre_number: None,
    };
    centre_people::create_centre(demo.state, demo.actor("admin@demo.example")?, input)
        .await
        .step("the platform administrator adds a second centre")?;
    Ok(())
}

/// The centre administrator gives the EQA read-only access to City & Guilds 3085-01.
pub async fn eqa_grant(demo: &mut Demo<'_>) -> Result<(), DemoError> {
    if !demo.actor("eqa@demo.example")?.eqa_grants.is_empty() {
        return Ok(());
    }
    let input = EqaGrantInput {
        name: "Gareth Hughes".to_owned(),
        email: "eqa@demo.example".to_owned(),
        qualification_id: "cg-3085-01".to_owned(),
        until: day(demo, 90),
    };
    grant_eqa(
        demo.state,
        demo.actor("exams@demo.example")?,
        &centre(),
        input,
    )
    .await
    .step("the EQA's access granted")?;
    demo.reload().await
}

/// The IQA records a standardisation activity the assessors attended, with an agreed action.
pub async fn standardisation(demo: &Demo<'_>) -> Result<(), DemoError> {
    let existing = demo
        .state
        .db
        .run(|conn| crate::store::standardisation::activities_of_centre(conn, CENTRE_ID))
        .await?;
    if !existing.is_empty() {
        return Ok(());
    }
    let id = |email: &str| demo.actor(email).map(|a| a.user.id.clone());
    let input = ActivityInput {
        qualification_id: "cg-3085-01".to_owned(),
        held_on: day(demo, -7),
        title: "What counts as evidence of consent in Unit 001".to_owned(),
        attendees: vec![id("assessor@demo.example")?, id("assessor2@demo.example")?, id("iqa2@demo.example")?],
        assessors: vec![id("assessor@demo.example")?, id("assessor2@demo.example")?],
        units: vec![super::steps::U001.to_owned()],
        agreed: "A criterion on consent is met only where the learner shows they asked the person first, in their own words.".to_owned(),
        actions: vec![AgreedAction {
            description: "Share the agreed wording on consent with every assessor".to_owned(),
            due_on: day(demo, 14),
            owner_id: id("iqa@demo.example")?,
        }],
    };
    standardisation::record(
        demo.state,
        demo.actor("iqa@demo.example")?,
        &centre(),
        input,
    )
    .await
    .step("the standardisation activity recorded")?;
    Ok(())
}

/// The IQA sets up a blind double-marking exercise on the centre's newest submitted, mapped
/// item, judged on three of the criteria it is mapped to by both assessors; nobody has marked
/// it yet.
pub async fn double_marking(demo: &Demo<'_>) -> Result<(), DemoError> {
    let exercises = demo
        .state
        .db
        .run(|conn| crate::store::standardisation::exercises_of_centre(conn, CENTRE_ID))
        .await?;
    if !exercises.is_empty() {
        return Ok(());
    }
    let iqa = demo.actor("iqa@demo.example")?;
    let candidates = double_marking::candidates(demo.state, iqa, &centre())
        .await
        .step("the items an exercise may use")?;
    let chosen = candidates
        .first()
        .ok_or_else(|| DemoError::Missing("a submitted, mapped evidence item".to_owned()))?;
    let id = |email: &str| demo.actor(email).map(|a| a.user.id.clone());
    let input = ExerciseInput {
        evidence_id: chosen.evidence_id.clone(),
        criteria: Some(chosen.mapped.iter().take(3).cloned().collect()),
        markers: vec![id("assessor@demo.example")?, id("assessor2@demo.example")?],
    };
    double_marking::create(demo.state, iqa, &centre(), input)
        .await
        .step("the IQA sets up a double-marking exercise")?;
    Ok(())
}

/// The tutor's programme on 3085-01 with a session this week, and the learners on it.
pub async fn training(demo: &Demo<'_>, learners: &[&str]) -> Result<(), DemoError> {
    let tutor = demo.actor("tutor@demo.example")?;
    let found = demo
        .state
        .db
        .run(|conn| programme_store::of_centre(conn, CENTRE_ID))
        .await?
        .into_iter()
        .find(|p| p.created_by == tutor.user.id);
    let programme = match found {
        Some(p) => ProgrammeId::from_stored(p.id),
        None => new_programme(demo).await?,
    };
    for learner in learners {
        let registration = demo.registration(learner)?;
        match programmes::add_member(demo.state, tutor, &programme, &registration).await {
            Ok(_) | Err(crate::actions::ActionError::Conflict(_)) => {}
            Err(e) => {
                return Err(DemoError::step(
                    &format!("{learner} joins the programme"),
                    e,
                ));
            }
        }
    }
    Ok(())
}

async fn new_programme(demo: &Demo<'_>) -> Result<ProgrammeId, DemoError> {
    let tutor = demo.actor("tutor@demo.example")?;
    let input = ProgrammeInput {
        qualification_id: "cg-3085-01".to_owned(),
        title: "Personalisation in practice: autumn group".to_owned(),
        description: "Weekly sessions on the principles of personalisation, with reading and a short check after each.".to_owned(),
        pacing: "scheduled".to_owned(),
    };
    let made = programmes::create(demo.state, tutor, &centre(), input)
        .await
        .step("the tutor builds a programme")?;
    let id = ProgrammeId::from_stored(made.id);
    let session = SessionInput {
        title: "What personalisation means for the people we support".to_owned(),
        summary:
            "The values behind self-directed support, and where they come from in law and policy."
                .to_owned(),
        outcome_ids: vec!["cg-3085/u001/lo1".to_owned()],
        criterion_ids: Vec::new(),
        starts_on: Some(day(demo, 2)),
    };
    programmes::add_session(demo.state, tutor, &id, session)
        .await
        .step("the tutor adds a session this week")?;
    Ok(id)
}

/// The assessor asks a witness for testimony on the learner's criteria, and the witness signs
/// it through their link (as the emailed link lets them); it waits for the assessor's decision.
pub async fn testimony(
    demo: &Demo<'_>,
    assessor: &str,
    learner: &str,
    criteria: Vec<String>,
) -> Result<(), DemoError> {
    let registration = demo.registration(learner)?;
    let actor = demo.actor(assessor)?;
    let asked = witness::list(demo.state, actor, &registration)
        .await
        .step("the learner's testimony requests")?;
    if !asked.2.is_empty() {
        return Ok(());
    }
    let fields = RequestFields {
        witness_name: "Ailsa Grant".to_owned(),
        witness_email: "ailsa.grant@employer.demo.example".to_owned(),
        witness_role: "Senior support worker".to_owned(),
        relationship: "Shift leader who works alongside the learner".to_owned(),
        expert: false,
        criteria,
        activity:
            "Planning a person's week with them and their family, from their own support plan"
                .to_owned(),
    };
    let row = witness::request_testimony(demo.state, actor, &registration, &fields)
        .await
        .step("testimony asked for")?;
    let now = demo.state.clock.now();
    let token = demo
        .state
        .tokens
        .issue(
            Audience::Witness,
            &row.id,
            &row.link_id,
            now,
            now + LINK_VALIDITY,
        )
        .map_err(|e| DemoError::Missing(format!("a witness link: {e}")))?;
    let answer = AnswerFields {
        confirm_name: fields.witness_name.clone(),
        confirm_email: fields.witness_email.clone(),
        declared_role: fields.witness_role.clone(),
        testimony: "I watched Lewis plan Mr T's week with him and his daughter. He asked Mr T first what mattered to him, wrote it in his words, and changed the plan when Mr T wanted his Tuesday walk kept.".to_owned(),
        signature: fields.witness_name.clone(),
        ..AnswerFields::default()
    };
    witness_link::answer(demo.state, &token, &answer, ADDRESS)
        .await
        .step("the witness signs their testimony")?;
    Ok(())
}
