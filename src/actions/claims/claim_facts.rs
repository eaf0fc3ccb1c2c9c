//! What eligibility for a claim reads about each registration: the standing sign-offs and the
//! learner's countersignatures on them, open IQA referrals, the summative sampling the plan
//! requires, and the live claims already made. Read set-based for a whole centre at once (see
//! `store::claim_sources`): the statements do not grow with the number of learners.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::actions::assessment::assignments::verification::claim_holds;
use crate::actions::assessment::record::sign_off_content;
use crate::curriculum::Curriculum;
use crate::domain::claim_holds::{Hold, default_policy_missing, hold_of, reference_missing};
use crate::domain::claims::{ClaimFacts, Readiness, UnitFacts, readiness, summative_missing};
use crate::domain::ids::{CentreId, UnitId};
use crate::domain::iqa_check::{self, SampleBlock, SampleStatus};
use crate::domain::registration::RegistrationStatus;
use crate::domain::signature::SignatureState;
use crate::store::claim_sources::{self, PlanInForce, RegistrationSources};
use crate::store::registrations::Registration;
use crate::store::signatures::{self, UNIT_SIGN_OFF};
use crate::store::{DbConnection, StoreError, judgements, sign_offs};

/// A registration and what may be claimed for it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub registration: Registration,
    pub learner_name: String,
    pub readiness: Readiness,
    /// What holds the learner back (the code a refused claim carries), or `None` when ready.
    pub hold: Option<Hold>,
}

/// Everything eligibility reads about some of a centre's registrations, read once.
pub struct ClaimSources {
    by_registration: HashMap<String, RegistrationSources>,
    plans: Vec<PlanInForce>,
    nothing: RegistrationSources,
}

impl ClaimSources {
    /// The sources of the registrations named, all of `centre_id`, with the centre's sampling
    /// plans in force on `today`.
    pub fn load(
        conn: &mut DbConnection,
        centre_id: &CentreId,
        ids: &[String],
        today: NaiveDate,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            by_registration: claim_sources::load(conn, ids)?,
            plans: claim_sources::plans_in_force(conn, centre_id.as_ref(), today)?,
            nothing: RegistrationSources::default(),
        })
    }

    fn of(&self, registration: &Registration) -> &RegistrationSources {
        self.by_registration
            .get(&registration.id)
            .unwrap_or(&self.nothing)
    }
}

fn unit_label(curriculum: &Curriculum, unit_id: &UnitId) -> String {
    curriculum.unit(unit_id).map_or_else(
        || unit_id.to_string(),
        |(_, unit)| format!("Unit {} ({})", unit.number, unit.title),
    )
}

/// The mandatory units of one registration: signed off, and countersigned by the learner (the
/// three reads this needs, not the whole of eligibility).
pub fn units(
    conn: &mut DbConnection,
    curriculum: &Curriculum,
    registration: &Registration,
) -> Result<Vec<UnitFacts>, StoreError> {
    let id = registration.id.as_str();
    let sources = RegistrationSources {
        judgements: judgements::of_registration(conn, id)?,
        sign_offs: sign_offs::of_registration(conn, id)?,
        signatures: signatures::of_registration(conn, id)?,
        ..RegistrationSources::default()
    };
    Ok(units_from(curriculum, registration, &sources))
}

fn units_from(
    curriculum: &Curriculum,
    registration: &Registration,
    sources: &RegistrationSources,
) -> Vec<UnitFacts> {
    let Some((_, qualification)) = curriculum.qualification(&registration.qualification_id) else {
        return Vec::new();
    };
    let (judged, signed) = (&sources.judgements, &sources.signatures);
    qualification
        .mandatory_units
        .iter()
        .map(|unit_id| {
            let standing = sources
                .sign_offs
                .iter()
                .find(|s| &s.unit_id == unit_id && s.stands());
            let countersigned = standing.is_some_and(|s| {
                signatures::latest(signed, UNIT_SIGN_OFF, &s.id, "learner").is_some_and(|sig| {
                    let record = sign_off_content(curriculum, s, judged);
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
        .collect()
}

/// Does the sampling plan in force (the most recently changed one with a rate for the
/// learner's assessor) hold that assessor at 100%, not yet signed off?
fn summative_required(plans: &[PlanInForce], registration: &Registration) -> bool {
    plans
        .iter()
        .filter(|p| p.qualification_id == registration.qualification_id)
        .find_map(|p| {
            p.rates
                .iter()
                .find(|(assessor, ..)| *assessor == registration.assessor_id)
        })
        .is_some_and(|(_, rate, signed_off)| *rate >= 100 && signed_off.is_none())
}

/// Q2: the summative IQA checks still missing. A plan in force decides (a learner whose assessor
/// it holds at 100% needs one); with no plan, every completed unit needs a finished check.
fn iqa_missing(
    plans: &[PlanInForce],
    registration: &Registration,
    sources: &RegistrationSources,
    units: &[UnitFacts],
) -> Vec<String> {
    let summative = &sources.summative;
    let statuses: Vec<SampleStatus> = summative.iter().map(|s| s.status).collect();
    if plans
        .iter()
        .any(|p| p.qualification_id == registration.qualification_id)
    {
        return summative_missing(summative_required(plans, registration), &statuses);
    }
    let open = summative_missing(false, &statuses);
    if !open.is_empty() {
        return open;
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
    default_policy_missing(&checked)
}

/// Why a claim must wait on IQA, in words: each referred sample until every action is closed
/// and a second check agrees.
fn iqa_blockers(curriculum: &Curriculum, sources: &RegistrationSources) -> Vec<String> {
    let blocks: Vec<SampleBlock> = sources
        .referred
        .iter()
        .map(|(id, unit_id, item_id)| SampleBlock {
            open_actions: sources.open_actions.iter().filter(|s| *s == id).count(),
            item: curriculum.item_words(unit_id, item_id),
            status: SampleStatus::Referred,
        })
        .collect();
    iqa_check::claim_blockers(&blocks)
}

/// Everything eligibility reads about one registration, from the sources read for its centre.
fn facts_from(
    curriculum: &Curriculum,
    registration: &Registration,
    all: &ClaimSources,
) -> ClaimFacts {
    let sources = all.of(registration);
    let units = units_from(curriculum, registration, sources);
    let awarding_body = curriculum
        .qualification(&registration.qualification_id)
        .map(|(spec, _)| spec.specification.awarding_body.clone())
        .unwrap_or_default();
    ClaimFacts {
        summative_missing: iqa_missing(&all.plans, registration, sources, &units),
        units,
        withdrawn: registration.status != RegistrationStatus::Active,
        iqa_blockers: iqa_blockers(curriculum, sources),
        // C4: a unit assessed by assignment waits for its external verification.
        open_cases: claim_holds(curriculum, registration, &sources.verifications),
        already_claimed: sources
            .live_claims
            .iter()
            .map(|l| l.claim_key.clone())
            .collect(),
        reference_missing: reference_missing(
            &awarding_body,
            registration.awarding_body_ref.as_deref(),
        ),
    }
}

fn candidate_from(
    curriculum: &Curriculum,
    all: &ClaimSources,
    registration: Registration,
    learner_name: String,
) -> Candidate {
    let facts = facts_from(curriculum, &registration, all);
    Candidate {
        readiness: readiness(&facts, &registration.qualification_id),
        hold: hold_of(&facts, &registration.qualification_id),
        registration,
        learner_name,
    }
}

/// What may be claimed for each of a centre's registrations, in a fixed number of statements.
pub fn candidates_of(
    conn: &mut DbConnection,
    curriculum: &Curriculum,
    centre_id: &CentreId,
    rows: Vec<(Registration, String)>,
    today: NaiveDate,
) -> Result<Vec<Candidate>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|(r, _)| r.id.clone()).collect();
    let all = ClaimSources::load(conn, centre_id, &ids, today)?;
    Ok(rows
        .into_iter()
        .map(|(registration, name)| candidate_from(curriculum, &all, registration, name))
        .collect())
}
