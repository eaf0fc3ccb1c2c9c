//! What claims eligibility reads, for many registrations at once: a fixed number of set-based
//! statements however many learners a centre has. Registration ids are read in chunks of
//! [`CHUNK`], so every centre up to that many learners costs the same statements.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::assignments::Verification;
use super::claims::{self, ClaimLearner};
use super::judgements::Judgement;
use super::registrations::Registration;
use super::samples::Sample;
use super::schema::{
    iqa_actions, judgements, registrations, samples, sampling_plans, sampling_rates, signatures,
    unit_sign_offs, unit_verifications, users,
};
use super::sign_offs::UnitSignOff;
use super::signatures::Signature;
use super::{DbConnection, StoreError};
use crate::domain::iqa_check::SampleStatus;
use crate::domain::sampling::Stage;

/// Registration ids per statement: a large college's learners at once, and well under
/// SQLite's limit of 32,766 bound parameters (PostgreSQL binds the ids as one array).
pub const CHUNK: usize = 10_000;

/// Everything eligibility reads about one registration.
#[derive(Debug, Clone, Default)]
pub struct RegistrationSources {
    /// Every round of every item, by item then round.
    pub judgements: Vec<Judgement>,
    /// Unit sign-offs, oldest first.
    pub sign_offs: Vec<UnitSignOff>,
    /// Signatures on the registration's records, oldest first.
    pub signatures: Vec<Signature>,
    /// Summative IQA samples.
    pub summative: Vec<Sample>,
    /// Referred samples (any stage): (sample, unit, item), by item.
    pub referred: Vec<(String, String, String)>,
    /// The samples of the registration's IQA actions still open, one entry per action.
    pub open_actions: Vec<String>,
    /// External verifications of units assessed by assignment.
    pub verifications: Vec<Verification>,
    /// The live claims holding the registration.
    pub live_claims: Vec<ClaimLearner>,
}

/// A sampling plan in force, with its per-assessor rates: (assessor, rate, signed off at).
#[derive(Debug, Clone)]
pub struct PlanInForce {
    pub qualification_id: String,
    pub updated_at: NaiveDateTime,
    pub rates: Vec<(String, i32, Option<NaiveDateTime>)>,
}

/// The registrations of a centre with a unit sign-off standing, each with its learner's name:
/// the only ones that can be ready to claim (one statement).
pub fn with_standing_sign_off(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<(Registration, String)>, StoreError> {
    Ok(registrations::table
        .inner_join(users::table.on(users::id.eq(registrations::learner_id)))
        .filter(registrations::centre_id.eq(centre_id))
        .filter(diesel::dsl::exists(
            unit_sign_offs::table
                .filter(unit_sign_offs::registration_id.eq(registrations::id))
                .filter(unit_sign_offs::unlocked_at.is_null()),
        ))
        .order((users::name, registrations::id))
        .select((Registration::as_select(), users::name))
        .load(conn)?)
}

/// The sources of every registration named, keyed by registration id (a registration with
/// nothing recorded has an empty entry).
pub fn load(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, RegistrationSources>, StoreError> {
    let mut all: HashMap<String, RegistrationSources> = ids
        .iter()
        .map(|id| (id.clone(), RegistrationSources::default()))
        .collect();
    for chunk in ids.chunks(CHUNK) {
        load_chunk(conn, chunk, &mut all)?;
    }
    Ok(all)
}

fn entry<'a>(
    all: &'a mut HashMap<String, RegistrationSources>,
    id: &str,
) -> &'a mut RegistrationSources {
    all.entry(id.to_owned()).or_default()
}

fn load_chunk(
    conn: &mut DbConnection,
    ids: &[String],
    all: &mut HashMap<String, RegistrationSources>,
) -> Result<(), StoreError> {
    let judged: Vec<Judgement> = judgements::table
        .filter(judgements::registration_id.eq_any(ids))
        .order((judgements::item_id, judgements::round))
        .select(Judgement::as_select())
        .load(conn)?;
    for j in judged {
        entry(all, &j.registration_id.clone()).judgements.push(j);
    }
    let signed_off: Vec<UnitSignOff> = unit_sign_offs::table
        .filter(unit_sign_offs::registration_id.eq_any(ids))
        .order((unit_sign_offs::signed_off_at, unit_sign_offs::id))
        .select(UnitSignOff::as_select())
        .load(conn)?;
    for s in signed_off {
        entry(all, &s.registration_id.clone()).sign_offs.push(s);
    }
    let signed: Vec<Signature> = signatures::table
        .filter(signatures::registration_id.eq_any(ids))
        .order((signatures::signed_at, signatures::id))
        .select(Signature::as_select())
        .load(conn)?;
    for s in signed {
        entry(all, &s.registration_id.clone()).signatures.push(s);
    }
    load_iqa(conn, ids, all)?;
    let verified: Vec<Verification> = unit_verifications::table
        .filter(unit_verifications::registration_id.eq_any(ids))
        .select(Verification::as_select())
        .load(conn)?;
    for v in verified {
        entry(all, &v.registration_id.clone()).verifications.push(v);
    }
    for live in claims::live_of(conn, ids)? {
        entry(all, &live.registration_id.clone())
            .live_claims
            .push(live);
    }
    Ok(())
}

/// Summative samples, referred samples and open IQA actions.
fn load_iqa(
    conn: &mut DbConnection,
    ids: &[String],
    all: &mut HashMap<String, RegistrationSources>,
) -> Result<(), StoreError> {
    let summative: Vec<Sample> = samples::table
        .filter(samples::registration_id.eq_any(ids))
        .filter(samples::stage.eq(Stage::Summative.as_str()))
        .order(samples::id)
        .select(Sample::as_select())
        .load(conn)?;
    for s in summative {
        entry(all, &s.registration_id.clone()).summative.push(s);
    }
    let referred: Vec<(String, String, String, String)> = samples::table
        .filter(samples::registration_id.eq_any(ids))
        .filter(samples::status.eq(SampleStatus::Referred.as_str()))
        .order((samples::item_id, samples::id))
        .select((
            samples::registration_id,
            samples::id,
            samples::unit_id,
            samples::item_id,
        ))
        .load(conn)?;
    for (registration, id, unit, item) in referred {
        entry(all, &registration).referred.push((id, unit, item));
    }
    let open: Vec<(String, String)> = iqa_actions::table
        .filter(iqa_actions::registration_id.eq_any(ids))
        .filter(iqa_actions::closed_at.is_null())
        .select((iqa_actions::registration_id, iqa_actions::sample_id))
        .load(conn)?;
    for (registration, sample) in open {
        entry(all, &registration).open_actions.push(sample);
    }
    Ok(())
}

/// The centre's sampling plans in force on `today` (every qualification), newest change
/// first, each with its rates: two statements.
pub fn plans_in_force(
    conn: &mut DbConnection,
    centre_id: &str,
    today: NaiveDate,
) -> Result<Vec<PlanInForce>, StoreError> {
    let plans: Vec<(String, String, NaiveDateTime)> = sampling_plans::table
        .filter(sampling_plans::centre_id.eq(centre_id))
        .filter(sampling_plans::period_start.le(today))
        .filter(sampling_plans::period_end.ge(today))
        .order((sampling_plans::updated_at.desc(), sampling_plans::id))
        .select((
            sampling_plans::id,
            sampling_plans::qualification_id,
            sampling_plans::updated_at,
        ))
        .load(conn)?;
    let plan_ids: Vec<&String> = plans.iter().map(|(id, _, _)| id).collect();
    let rates: Vec<(String, String, i32, Option<NaiveDateTime>)> = sampling_rates::table
        .filter(sampling_rates::plan_id.eq_any(plan_ids))
        .order(sampling_rates::id)
        .select((
            sampling_rates::plan_id,
            sampling_rates::assessor_id,
            sampling_rates::rate,
            sampling_rates::signed_off_at,
        ))
        .load(conn)?;
    Ok(plans
        .into_iter()
        .map(|(id, qualification_id, updated_at)| PlanInForce {
            qualification_id,
            updated_at,
            rates: rates
                .iter()
                .filter(|(plan, ..)| *plan == id)
                .map(|(_, assessor, rate, signed)| (assessor.clone(), *rate, *signed))
                .collect(),
        })
        .collect())
}
