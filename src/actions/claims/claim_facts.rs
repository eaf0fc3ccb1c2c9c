//! What eligibility for a claim reads about each registration: the standing sign-offs and the
//! learner's countersignatures on them, open IQA referrals, the summative sampling the plan
//! requires, and the live claims already made.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::actions::assessment::record::sign_off_content;
use crate::curriculum::Curriculum;
use crate::domain::claim_holds::{Hold, default_policy_missing, hold_of, reference_missing};
use crate::domain::claims::{ClaimFacts, Readiness, UnitFacts, readiness, summative_missing};
use crate::domain::ids::UnitId;
use crate::domain::iqa_check::SampleStatus;
use crate::domain::registration::RegistrationStatus;
use crate::domain::sampling::Stage;
use crate::domain::signature::SignatureState;
use crate::store::registrations::Registration;
use crate::store::samples::Sample;
use crate::store::schema::{samples, sampling_plans, sampling_rates};
use crate::store::signatures::{self, UNIT_SIGN_OFF};
use crate::store::{DbConnection, StoreError, claims, judgements, sample_checks, sign_offs};

/// A registration and what may be claimed for it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub registration: Registration,
    pub learner_name: String,
    pub readiness: Readiness,
    /// What holds the learner back (the code a refused claim carries), or `None` when ready.
    pub hold: Option<Hold>,
}

fn unit_label(curriculum: &Curriculum, unit_id: &UnitId) -> String {
    curriculum.unit(unit_id).map_or_else(
        || unit_id.to_string(),
        |(_, unit)| format!("Unit {} ({})", unit.number, unit.title),
    )
}

pub fn units(
    conn: &mut DbConnection,
    curriculum: &Curriculum,
    registration: &Registration,
) -> Result<Vec<UnitFacts>, StoreError> {
    let Some((_, qualification)) = curriculum.qualification(&registration.qualification_id) else {
        return Ok(Vec::new());
    };
    let judged = judgements::of_registration(conn, &registration.id)?;
    let sign_offs = sign_offs::of_registration(conn, &registration.id)?;
    let signed = signatures::of_registration(conn, &registration.id)?;
    Ok(qualification
        .mandatory_units
        .iter()
        .map(|unit_id| {
            let standing = sign_offs
                .iter()
                .find(|s| &s.unit_id == unit_id && s.stands());
            let countersigned = standing.is_some_and(|s| {
                signatures::latest(&signed, UNIT_SIGN_OFF, &s.id, "learner").is_some_and(|sig| {
                    let record = sign_off_content(curriculum, s, &judged);
                    SignatureState::of(&sig.content_sha256, &record).is_valid()
                })
            });
            UnitFacts {
                unit_id: unit_id.clone(),
                label: unit_label(curriculum, &UnitId::from_stored(unit_id.as_str())),
                signed_off: standing.is_some(),
                countersigned,
            }
        })
        .collect())
}

/// Does the sampling plan in force hold this learner's assessor at 100% (not yet signed off)?
fn summative_required(
    conn: &mut DbConnection,
    registration: &Registration,
    today: NaiveDate,
) -> Result<bool, StoreError> {
    let rate: Option<(i32, Option<chrono::NaiveDateTime>)> = sampling_rates::table
        .inner_join(sampling_plans::table.on(sampling_plans::id.eq(sampling_rates::plan_id)))
        .filter(sampling_plans::centre_id.eq(&registration.centre_id))
        .filter(sampling_plans::qualification_id.eq(&registration.qualification_id))
        .filter(sampling_plans::period_start.le(today))
        .filter(sampling_plans::period_end.ge(today))
        .filter(sampling_rates::assessor_id.eq(&registration.assessor_id))
        .order(sampling_plans::updated_at.desc())
        .select((sampling_rates::rate, sampling_rates::signed_off_at))
        .first(conn)
        .optional()?;
    Ok(rate.is_some_and(|(rate, signed_off)| rate >= 100 && signed_off.is_none()))
}

/// Is any sampling plan of the centre for this qualification in force today?
fn plan_covers(
    conn: &mut DbConnection,
    registration: &Registration,
    today: NaiveDate,
) -> Result<bool, StoreError> {
    let plans: i64 = sampling_plans::table
        .filter(sampling_plans::centre_id.eq(&registration.centre_id))
        .filter(sampling_plans::qualification_id.eq(&registration.qualification_id))
        .filter(sampling_plans::period_start.le(today))
        .filter(sampling_plans::period_end.ge(today))
        .count()
        .get_result(conn)?;
    Ok(plans > 0)
}

/// Q2: the summative IQA checks still missing. A plan in force decides (a learner whose assessor
/// it holds at 100% needs one); with no plan, every completed unit needs a finished check.
fn iqa_missing(
    conn: &mut DbConnection,
    registration: &Registration,
    units: &[UnitFacts],
    today: NaiveDate,
) -> Result<Vec<String>, StoreError> {
    let summative: Vec<Sample> = samples::table
        .filter(samples::registration_id.eq(&registration.id))
        .filter(samples::stage.eq(Stage::Summative.as_str()))
        .select(Sample::as_select())
        .load(conn)?;
    let statuses: Vec<SampleStatus> = summative.iter().map(|s| s.status).collect();
    if plan_covers(conn, registration, today)? {
        let required = summative_required(conn, registration, today)?;
        return Ok(summative_missing(required, &statuses));
    }
    let open = summative_missing(false, &statuses);
    if !open.is_empty() {
        return Ok(open);
    }
    // A summative check follows the sign-off: a unit not complete yet is held by that alone.
    let checked: Vec<(String, bool)> = units
        .iter()
        .filter(|u| u.complete())
        .map(|u| {
            let done = summative.iter().any(|s| {
                s.unit_id == u.unit_id
                    && matches!(s.status, SampleStatus::Agreed | SampleStatus::Resolved)
            });
            (u.label.clone(), done)
        })
        .collect();
    Ok(default_policy_missing(&checked))
}

/// Everything eligibility reads about one registration.
pub fn facts_of(
    conn: &mut DbConnection,
    curriculum: &Curriculum,
    registration: &Registration,
    today: NaiveDate,
) -> Result<ClaimFacts, StoreError> {
    let units = units(conn, curriculum, registration)?;
    let live = claims::live_of(conn, std::slice::from_ref(&registration.id))?;
    let awarding_body = curriculum
        .qualification(&registration.qualification_id)
        .map(|(spec, _)| spec.specification.awarding_body.clone())
        .unwrap_or_default();
    Ok(ClaimFacts {
        summative_missing: iqa_missing(conn, registration, &units, today)?,
        units,
        withdrawn: registration.status != RegistrationStatus::Active,
        iqa_blockers: sample_checks::claim_blockers(conn, &registration.id, &|unit, item| {
            curriculum.item_words(unit, item)
        })?,
        // C4: a unit assessed by assignment waits for its external verification.
        open_cases: crate::actions::assessment::assignments::verification::claim_holds(
            conn,
            curriculum,
            registration,
        )?,
        already_claimed: live.into_iter().map(|l| l.claim_key).collect(),
        reference_missing: reference_missing(
            &awarding_body,
            registration.awarding_body_ref.as_deref(),
        ),
    })
}

/// What may be claimed for one registration now.
pub fn candidate(
    conn: &mut DbConnection,
    curriculum: &Curriculum,
    registration: Registration,
    learner_name: String,
    today: NaiveDate,
) -> Result<Candidate, StoreError> {
    let facts = facts_of(conn, curriculum, &registration, today)?;
    Ok(Candidate {
        readiness: readiness(&facts, &registration.qualification_id),
        hold: hold_of(&facts, &registration.qualification_id),
        registration,
        learner_name,
    })
}
