//! A learner's unit as the IQA samples it: every sampled decision of the unit on one page, each
//! with its criterion in words, the assessor's outcome and feedback, the evidence relied on and
//! the checks so far, and whether the caller may check it now.

use crate::actions::access::centre_of;
use std::collections::BTreeMap;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{CentreRelation, centre_relation};
use crate::actions::assessment::record::load_record;
use crate::actions::assessment::sufficiency::warnings_for;
use crate::domain::ids::{RegistrationId, UnitId, UserId};
use crate::domain::iqa_check::SampleStatus;
use crate::domain::roles::Role;
use crate::store::evidence::EvidenceItem;
use crate::store::judgements::Judgement;
use crate::store::registrations::{self, Registration};
use crate::store::sample_checks::{self, Action, Check};
use crate::store::samples::{self, Sample};
use crate::store::{DbConnection, StoreError, people, sign_offs};

/// One sampled decision of the unit.
pub struct SampledDecision {
    pub sample: Sample,
    pub judgement: Judgement,
    /// Evidence relied on, each with the version judged.
    pub evidence: Vec<(EvidenceItem, i32)>,
    /// The criterion in the specification's words, with its number.
    pub words: String,
    pub checks: Vec<Check>,
    pub actions: Vec<Action>,
}

/// Whether the caller may check a sampled decision now, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkable {
    /// Not checked yet.
    First,
    /// Referred, every action closed: check it again.
    Again,
    /// The caller made the decision (C8).
    Own,
    /// Agreed or resolved.
    Settled,
    /// Referred; the assessor has actions still open.
    Waiting { open: usize },
}

impl SampledDecision {
    pub fn checkable_by(&self, iqa_id: &UserId) -> Checkable {
        let open = self.actions.iter().filter(|a| !a.is_closed()).count();
        if self.sample.assessor_id == *iqa_id || self.judgement.assessor_id == *iqa_id {
            return Checkable::Own;
        }
        match self.sample.status {
            SampleStatus::Agreed | SampleStatus::Resolved => Checkable::Settled,
            SampleStatus::Referred if open > 0 => Checkable::Waiting { open },
            SampleStatus::Referred => Checkable::Again,
            SampleStatus::Open => Checkable::First,
        }
    }
}

pub struct UnitSample {
    pub registration: Registration,
    pub unit_id: String,
    /// "Unit 001 Understand person-centred thinking …".
    pub unit_title: String,
    pub decisions: Vec<SampledDecision>,
    /// Names of the people the page mentions, by id.
    pub names: BTreeMap<String, String>,
    /// The unit has a standing sign-off (its decisions are summative).
    pub signed_off: bool,
    /// Sufficiency warnings for the unit (what its met decisions rest on).
    pub sufficiency: Vec<String>,
}

impl UnitSample {
    pub fn name_of(&self, user_id: &UserId) -> &str {
        self.names
            .get(user_id.as_str())
            .map_or("someone", String::as_str)
    }

    pub fn learner_name(&self) -> &str {
        self.name_of(&UserId::from_stored(self.registration.learner_id.as_str()))
    }
}

/// The unit's sample, if the caller may read it: the centre's IQAs and administrators, the
/// platform administrator, an EQA granted the qualification. Other members of the centre 403;
/// anyone else, or a unit with nothing sampled, 404.
pub async fn unit_sample(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    unit_id: &UnitId,
) -> Result<UnitSample, ActionError> {
    let not_found = || ActionError::NotFound(format!("the sample of unit {unit_id}"));
    let id = registration_id.to_string();
    let registration = state
        .db
        .run(move |conn| registrations::find(conn, &id))
        .await?
        .ok_or_else(not_found)?;
    may_read_sample(actor, &registration).map_err(|e| e.unwrap_or_else(not_found))?;
    let unit = state
        .curriculum
        .unit(unit_id.as_str())
        .map(|(_, u)| u.clone())
        .ok_or_else(not_found)?;
    let curriculum = state.curriculum.clone();
    let unit_title = format!("Unit {} {}", unit.number, unit.title);
    let loaded = state
        .db
        .run(move |conn| {
            let found = samples::of_registration_unit(conn, &registration.id, &unit.id)?;
            let mut decisions = Vec::new();
            for sample in found {
                if let Some(decision) = sampled(conn, sample, &curriculum)? {
                    decisions.push(decision);
                }
            }
            let signed_off = sign_offs::standing(conn, &registration.id, &unit.id)?.is_some();
            let sufficiency = warnings_for(&load_record(conn, registration.clone())?, &unit);
            let names = names_of(conn, &registration, &decisions)?;
            Ok::<_, StoreError>(UnitSample {
                registration,
                unit_id: unit.id.clone(),
                unit_title,
                decisions,
                names,
                signed_off,
                sufficiency,
            })
        })
        .await?;
    if loaded.decisions.is_empty() {
        return Err(not_found());
    }
    Ok(loaded)
}

/// Who reads a unit's sample: the centre's IQAs and administrators, the platform administrator,
/// an EQA granted the qualification. `Err(Some(_))` for a member who may not (403), `Err(None)`
/// for anyone else (404).
fn may_read_sample(actor: &Actor, registration: &Registration) -> Result<(), Option<ActionError>> {
    match centre_relation(actor, &centre_of(registration)) {
        None => Err(None),
        Some(CentreRelation::Eqa(grants)) if !grants.contains(&registration.qualification_id) => {
            Err(None)
        }
        Some(CentreRelation::Member(roles))
            if !roles.contains(&Role::Iqa) && !roles.contains(&Role::CentreAdmin) =>
        {
            Err(Some(ActionError::Forbidden))
        }
        Some(_) => Ok(()),
    }
}

fn sampled(
    conn: &mut DbConnection,
    sample: Sample,
    curriculum: &crate::curriculum::Curriculum,
) -> Result<Option<SampledDecision>, StoreError> {
    let Some((judgement, evidence)) = sample_checks::decision(conn, &sample.judgement_id)? else {
        return Ok(None);
    };
    let checks = sample_checks::checks_of_sample(conn, &sample.id)?;
    let actions = sample_checks::actions_of_sample(conn, &sample.id)?;
    Ok(Some(SampledDecision {
        words: curriculum.item_words(&sample.unit_id, &sample.item_id),
        sample,
        judgement,
        evidence,
        checks,
        actions,
    }))
}

fn names_of(
    conn: &mut DbConnection,
    registration: &Registration,
    decisions: &[SampledDecision],
) -> Result<BTreeMap<String, String>, StoreError> {
    let mut names = BTreeMap::new();
    let ids = std::iter::once(&registration.learner_id).chain(decisions.iter().flat_map(|d| {
        [&d.sample.assessor_id, &d.judgement.assessor_id]
            .into_iter()
            .chain(d.checks.iter().map(|c| &c.iqa_id))
    }));
    for id in ids {
        if names.contains_key(id) {
            continue;
        }
        if let Some(user) = people::find_user(conn, id)? {
            names.insert(id.clone(), user.name);
        }
    }
    Ok(names)
}
