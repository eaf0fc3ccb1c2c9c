//! The sample pack's contents: for each sampled learner of one qualification (the IQA's sample
//! or the EQA's own), the registration, evidence with its mapping and files, every judgement
//! round with its feedback, sign-offs, signatures with their hashes, the IQA's records and the
//! audit entries about the learner's records. Who may have it: the centre's administrators and
//! IQAs, and an EQA for their qualification.

use std::collections::{BTreeMap, BTreeSet};

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::eqa::overview::{Scope, scope};
use crate::domain::ids::{CentreId, QualificationId};
use crate::domain::sample_pack::{PackSample, file_entry, learner_folder};
use crate::store::audit::AuditEntry;
use crate::store::eqa;
use crate::store::evidence::{self, EvidenceFile, EvidenceItem, EvidenceVersion};
use crate::store::judgements::{self, Judgement, JudgementEvidence};
use crate::store::registrations::{self, Registration};
use crate::store::sample_checks::{self, Action, Check};
use crate::store::samples::{self, Sample};
use crate::store::sign_offs::{self, UnitSignOff};
use crate::store::signatures::{self, Signature};
use crate::store::{DbConnection, StoreError, people};

/// Why a decision is in the pack.
#[derive(Debug, Clone)]
pub struct Sampled {
    pub judgement_id: String,
    /// "IQA interim sample (open)" or "EQA pick: <note>".
    pub why: String,
}

/// An IQA sample of the learner with its checks and actions.
#[derive(Debug, Clone)]
pub struct IqaRecord {
    pub sample: Sample,
    pub checks: Vec<Check>,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone)]
pub struct EvidencePack {
    pub item: EvidenceItem,
    pub version: EvidenceVersion,
    pub mappings: Vec<String>,
    /// Each file with where it lies in the learner's folder.
    pub files: Vec<(EvidenceFile, String)>,
}

#[derive(Debug, Clone)]
pub struct LearnerPack {
    pub folder: String,
    pub registration: Registration,
    pub learner_name: String,
    pub sampled: Vec<Sampled>,
    pub judgements: Vec<Judgement>,
    pub relied_on: Vec<JudgementEvidence>,
    pub evidence: Vec<EvidencePack>,
    pub sign_offs: Vec<UnitSignOff>,
    pub signatures: Vec<Signature>,
    pub iqa: Vec<IqaRecord>,
    pub audit: Vec<AuditEntry>,
}

#[derive(Debug, Clone)]
pub struct Pack {
    pub centre_name: String,
    pub qualification_id: String,
    pub qualification_title: String,
    pub sample: PackSample,
    pub generated_at: chrono::NaiveDateTime,
    pub generated_by: String,
    pub learners: Vec<LearnerPack>,
    /// People's names by id (assessors, IQAs, signers).
    pub names: BTreeMap<String, String>,
    /// The latest signed checkpoint of the audit chain (Q4), for the EQA to keep.
    pub checkpoint: Option<crate::ledger::CheckpointFile>,
}

/// Authorise and read everything the pack holds (files are read later, as the ZIP is written).
pub async fn gather(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    qualification_id: Option<&QualificationId>,
    sample: Option<&str>,
) -> Result<Pack, ActionError> {
    let wanted = qualification_id
        .ok_or_else(|| {
            ActionError::Invalid(vec![crate::domain::people::FieldError::new(
                "qualification_id",
                "Choose the qualification the pack is for.",
            )])
        })?
        .clone();
    let qualification = wanted.to_string();
    let sample = PackSample::parse(sample).map_err(|m| {
        ActionError::Invalid(vec![crate::domain::people::FieldError::new("sample", m)])
    })?;
    let scope = scope(state, actor, centre_id, Some(&qualification))?;
    let title = state
        .curriculum
        .qualification(&qualification)
        .map(|(_, q)| q.title.clone())
        .unwrap_or_else(|| qualification.clone());
    let now = state.clock.now().naive_utc();
    let by = actor.user.name.clone();
    // A checkpoint of the chain as it is now goes with the pack.
    let sealer = state.secrets.clone();
    let checkpoint = state
        .db
        .write(move |conn| crate::store::checkpoints::record(conn, &sealer, now))
        .await?;
    state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let centre_name = people::find_centre(conn, &scope.centre_id)?
                .map(|c| c.name)
                .unwrap_or_default();
            let learners = learners_in(conn, &scope, &wanted, sample)?;
            let names = names_in(conn, &learners)?;
            Ok(Pack {
                centre_name,
                qualification_id: qualification,
                qualification_title: title,
                sample,
                generated_at: now,
                generated_by: by,
                learners,
                names,
                checkpoint: Some(checkpoint),
            })
        })
        .await
}

/// The learners of the pack with their sampled decisions, by name.
fn learners_in(
    conn: &mut DbConnection,
    scope: &Scope,
    qualification_id: &QualificationId,
    sample: PackSample,
) -> Result<Vec<LearnerPack>, StoreError> {
    let mut learners = Vec::new();
    for (registration_id, sampled) in picked(conn, scope, qualification_id, sample)? {
        if let Some(learner) = learner(conn, &registration_id, sampled)? {
            learners.push(learner);
        }
    }
    learners.sort_by(|a, b| {
        a.learner_name
            .cmp(&b.learner_name)
            .then(a.folder.cmp(&b.folder))
    });
    Ok(learners)
}

/// The sampled decisions, by registration.
fn picked(
    conn: &mut DbConnection,
    scope: &Scope,
    qualification_id: &QualificationId,
    sample: PackSample,
) -> Result<BTreeMap<String, Vec<Sampled>>, StoreError> {
    let centre_id = scope.centre_id.as_str();
    let mut by_registration: BTreeMap<String, Vec<Sampled>> = BTreeMap::new();
    match sample {
        PackSample::Iqa => {
            for s in samples::of_centre_qualification(conn, centre_id, qualification_id)? {
                by_registration
                    .entry(s.registration_id.clone())
                    .or_default()
                    .push(Sampled {
                        judgement_id: s.judgement_id.clone(),
                        why: format!("IQA {} sample ({})", s.stage, s.status),
                    });
            }
        }
        PackSample::Eqa => {
            for s in eqa::samples_of(conn, centre_id, &[qualification_id.to_string()])? {
                let why = if s.note.is_empty() {
                    "EQA pick".to_owned()
                } else {
                    format!("EQA pick: {}", s.note)
                };
                by_registration
                    .entry(s.registration_id.clone())
                    .or_default()
                    .push(Sampled {
                        judgement_id: s.judgement_id.clone(),
                        why,
                    });
            }
        }
    }
    Ok(by_registration)
}

/// The registration's evidence, each item with its mapping and its files (named as they lie
/// in the learner's folder).
fn evidence_packs(
    conn: &mut DbConnection,
    registration: &Registration,
) -> Result<Vec<EvidencePack>, StoreError> {
    let mut packs = Vec::new();
    for (item, version) in evidence::items_of(conn, &registration.id)? {
        let mappings = evidence::mappings_of(conn, &item.id)?;
        let files = evidence::files_of(conn, &item.id)?
            .into_iter()
            .map(|f| {
                let entry = file_entry(&f.id, &f.filename);
                (f, entry)
            })
            .collect();
        packs.push(EvidencePack {
            item,
            version,
            mappings,
            files,
        });
    }
    Ok(packs)
}

/// The IQA's samples of the learner with their checks and actions.
fn iqa_records(
    conn: &mut DbConnection,
    registration: &Registration,
) -> Result<Vec<IqaRecord>, StoreError> {
    let mut iqa = Vec::new();
    for sample in samples::of_centre(conn, &registration.centre_id)?
        .into_iter()
        .filter(|s| s.registration_id == registration.id)
    {
        let checks = sample_checks::checks_of_sample(conn, &sample.id)?;
        let actions = sample_checks::actions_of_sample(conn, &sample.id)?;
        iqa.push(IqaRecord {
            sample,
            checks,
            actions,
        });
    }
    Ok(iqa)
}

/// Every record of the learner's pack, whose audit entries go in it too.
fn records_in(pack: &LearnerPack) -> BTreeSet<String> {
    let mut records: BTreeSet<String> = BTreeSet::from([pack.registration.id.clone()]);
    records.extend(pack.evidence.iter().map(|e| e.item.id.clone()));
    records.extend(
        pack.evidence
            .iter()
            .flat_map(|e| e.files.iter().map(|(f, _)| f.id.clone())),
    );
    records.extend(pack.judgements.iter().map(|j| j.id.clone()));
    records.extend(pack.sign_offs.iter().map(|s| s.id.clone()));
    records.extend(pack.signatures.iter().map(|s| s.record_id.clone()));
    records.extend(pack.iqa.iter().map(|r| r.sample.id.clone()));
    records.extend(
        pack.iqa
            .iter()
            .flat_map(|r| r.actions.iter().map(|a| a.id.clone())),
    );
    records
}

fn learner(
    conn: &mut DbConnection,
    registration: &str,
    sampled: Vec<Sampled>,
) -> Result<Option<LearnerPack>, StoreError> {
    let Some(registration) = registrations::find(conn, registration)? else {
        return Ok(None);
    };
    let id = registration.id.clone();
    let learner_name = people::find_user(conn, &registration.learner_id)?
        .map(|u| u.name)
        .unwrap_or_default();
    let mut pack = LearnerPack {
        folder: learner_folder(&learner_name, &id),
        evidence: evidence_packs(conn, &registration)?,
        iqa: iqa_records(conn, &registration)?,
        relied_on: judgements::evidence_of_registration(conn, &id)?,
        judgements: judgements::of_registration(conn, &id)?,
        sign_offs: sign_offs::of_registration(conn, &id)?,
        signatures: signatures::of_registration(conn, &id)?,
        audit: Vec::new(),
        learner_name,
        sampled,
        registration,
    };
    pack.audit = eqa::audit_about(conn, &pack.registration.centre_id, &records_in(&pack))?;
    Ok(Some(pack))
}

fn names_in(
    conn: &mut DbConnection,
    learners: &[LearnerPack],
) -> Result<BTreeMap<String, String>, StoreError> {
    let mut ids = BTreeSet::new();
    for l in learners {
        ids.insert(l.registration.assessor_id.clone());
        ids.insert(l.registration.iqa_id.clone());
        ids.extend(l.judgements.iter().map(|j| j.assessor_id.clone()));
        ids.extend(l.sign_offs.iter().map(|s| s.signed_off_by.clone()));
        ids.extend(
            l.iqa
                .iter()
                .flat_map(|r| r.checks.iter().map(|c| c.iqa_id.clone())),
        );
        ids.extend(l.iqa.iter().map(|r| r.sample.iqa_id.clone()));
        ids.extend(l.evidence.iter().map(|e| e.item.created_by.clone()));
    }
    eqa::names(conn, &ids)
}
