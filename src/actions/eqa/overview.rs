//! The external quality assurer's view of a centre: for each qualification they are granted,
//! the sampling plans, the IQA's samples, the learners, and the decisions they may pick for
//! their own sample (which creates no IQA work). Centre administrators and IQAs see the same
//! overview for every qualification, and administrators also see what EQAs opened.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{CentreRelation, require_centre_visible};
use crate::domain::ids::CentreId;
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::audit::{self, AuditEntry, NewAuditEntry};
use crate::store::eqa::{self, Decision, EqaSample};
use crate::store::registrations::{self, Registration};
use crate::store::sample_checks::{self, Action, Check};
use crate::store::samples::{self, Sample};
use crate::store::sampling_plans::{self, SamplingPlan};
use crate::store::{DbConnection, StoreError, people};

/// Decisions offered to the EQA to pick from, per qualification (newest first).
pub const PICKABLE: i64 = 200;
/// Entries of the EQA access log shown to a centre administrator.
pub const LOG_SHOWN: i64 = 200;

/// Who is looking, and at which qualifications.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub centre_id: String,
    pub qualifications: Vec<String>,
    pub eqa: bool,
    pub admin: bool,
}

/// The caller's scope at a centre, narrowed to `wanted` if given. An EQA sees only the
/// qualifications granted (another one: 404); centre administrators (and the platform
/// administrator) and IQAs see every qualification; anyone else at the centre gets 403.
pub fn scope(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    wanted: Option<&str>,
) -> Result<Scope, ActionError> {
    let (all, eqa, admin) = match require_centre_visible(actor, centre_id)? {
        CentreRelation::Eqa(grants) => (grants, true, false),
        CentreRelation::PlatformAdmin => (every_qualification(state), false, true),
        CentreRelation::Member(roles) => {
            let admin = roles.contains(&Role::CentreAdmin);
            if !admin && !roles.contains(&Role::Iqa) {
                return Err(ActionError::Forbidden);
            }
            (every_qualification(state), false, admin)
        }
    };
    let qualifications = match wanted.map(str::trim).filter(|w| !w.is_empty()) {
        None => all,
        Some(q) if all.iter().any(|a| a == q) => vec![q.to_owned()],
        Some(q) => return Err(ActionError::NotFound(format!("qualification {q}"))),
    };
    Ok(Scope {
        centre_id: centre_id.as_str().to_owned(),
        qualifications,
        eqa,
        admin,
    })
}

fn every_qualification(state: &AppState) -> Vec<String> {
    state
        .curriculum
        .qualifications()
        .map(|(_, q)| q.id.clone())
        .collect()
}

/// One qualification's records.
#[derive(Debug, Clone)]
pub struct QualificationRecords {
    pub id: String,
    pub title: String,
    pub plans: Vec<SamplingPlan>,
    pub samples: Vec<Sample>,
    /// Each sample's checks and actions, by sample id.
    pub checks: BTreeMap<String, (Vec<Check>, Vec<Action>)>,
    /// Each with the learner's name.
    pub registrations: Vec<(Registration, String)>,
    pub eqa_samples: Vec<EqaSample>,
    /// For an EQA: the decisions they may pick (newest first), without the ones they picked.
    pub pickable: Vec<Decision>,
}

#[derive(Debug, Clone)]
pub struct Overview {
    pub scope: Scope,
    pub centre_name: String,
    pub qualifications: Vec<QualificationRecords>,
    /// What EQAs opened (centre administrators only).
    pub log: Option<Vec<AuditEntry>>,
    pub names: BTreeMap<String, String>,
}

/// Everything the overview shows, in one trip to the blocking pool.
pub async fn overview(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    wanted: Option<&str>,
) -> Result<Overview, ActionError> {
    let scope = scope(state, actor, centre_id, wanted)?;
    let titles: Vec<(String, String)> = scope
        .qualifications
        .iter()
        .map(|q| {
            let title = state
                .curriculum
                .qualification(q)
                .map(|(_, q)| q.title.clone());
            (q.clone(), title.unwrap_or_else(|| q.clone()))
        })
        .collect();
    let me = actor.user.id.clone();
    let s = scope.clone();
    state
        .db
        .run(move |conn| gather(conn, s, titles, &me))
        .await
        .map_err(ActionError::from)
}

/// What the centre holds across qualifications, read once and shared out to each.
struct CentreRecords {
    plans: Vec<SamplingPlan>,
    registrations: Vec<(Registration, String)>,
    eqa_samples: Vec<EqaSample>,
    /// The decisions this EQA has picked already.
    picked: BTreeSet<String>,
}

/// One qualification's part of the centre's records, with its samples, their checks and, for
/// an EQA, the decisions they may still pick.
fn qualification_records(
    conn: &mut DbConnection,
    scope: &Scope,
    centre: &CentreRecords,
    (id, title): (String, String),
) -> Result<QualificationRecords, StoreError> {
    let pickable = if scope.eqa {
        eqa::decisions_of(conn, &scope.centre_id, &id, PICKABLE)?
            .into_iter()
            .filter(|d| !centre.picked.contains(&d.judgement.id))
            .collect()
    } else {
        Vec::new()
    };
    let samples = samples::of_centre_qualification(conn, &scope.centre_id, &id)?;
    let mut checks = BTreeMap::new();
    for s in &samples {
        let found = (
            sample_checks::checks_of_sample(conn, &s.id)?,
            sample_checks::actions_of_sample(conn, &s.id)?,
        );
        checks.insert(s.id.clone(), found);
    }
    Ok(QualificationRecords {
        samples,
        checks,
        plans: centre
            .plans
            .iter()
            .filter(|p| p.qualification_id == id)
            .cloned()
            .collect(),
        registrations: centre
            .registrations
            .iter()
            .filter(|(r, _)| r.qualification_id == id)
            .cloned()
            .collect(),
        eqa_samples: centre
            .eqa_samples
            .iter()
            .filter(|s| s.qualification_id == id)
            .cloned()
            .collect(),
        pickable,
        id,
        title,
    })
}

/// Everyone the records name: learners, assessors, IQAs and EQAs.
fn people_named(qualifications: &[QualificationRecords]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for q in qualifications {
        ids.extend(
            q.registrations
                .iter()
                .flat_map(|(r, _)| [r.learner_id.clone(), r.assessor_id.clone()]),
        );
        ids.extend(q.plans.iter().map(|p| p.iqa_id.clone()));
        ids.extend(
            q.samples
                .iter()
                .flat_map(|s| [s.iqa_id.clone(), s.assessor_id.clone()]),
        );
        ids.extend(q.eqa_samples.iter().map(|s| s.eqa_id.clone()));
        ids.extend(
            q.pickable
                .iter()
                .flat_map(|d| [d.learner_id.clone(), d.judgement.assessor_id.clone()]),
        );
    }
    ids
}

fn gather(
    conn: &mut DbConnection,
    scope: Scope,
    titles: Vec<(String, String)>,
    me: &str,
) -> Result<Overview, StoreError> {
    let centre_name = people::find_centre(conn, &scope.centre_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    let centre = CentreRecords {
        plans: sampling_plans::of_centre(conn, &scope.centre_id)?,
        registrations: registrations::of_centre(conn, &scope.centre_id)?,
        eqa_samples: eqa::samples_of(conn, &scope.centre_id, &scope.qualifications)?,
        picked: eqa::picked_by(conn, me, &scope.centre_id)?,
    };
    let mut qualifications = Vec::new();
    for named in titles {
        qualifications.push(qualification_records(conn, &scope, &centre, named)?);
    }
    let log = if scope.admin {
        Some(eqa::views_at(conn, &scope.centre_id, LOG_SHOWN)?)
    } else {
        None
    };
    let names = eqa::names(conn, &people_named(&qualifications))?;
    Ok(Overview {
        scope,
        centre_name,
        qualifications,
        log,
        names,
    })
}

/// What an EQA sends to pick their sample.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct PickInput {
    #[serde(default)]
    pub judgement_ids: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// The longest note kept with a pick.
pub const NOTE_MAX: usize = 2000;

/// The decisions asked for (trimmed, each once) and the note, or what is wrong with them.
fn check_pick(input: &PickInput) -> Result<(Vec<String>, String), ActionError> {
    let mut wanted: Vec<String> = input
        .judgement_ids
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    wanted.sort();
    wanted.dedup();
    let note = input.note.trim().to_owned();
    let mut errors = Vec::new();
    if wanted.is_empty() {
        errors.push(FieldError::new(
            "judgement_ids",
            "Choose at least one decision.",
        ));
    }
    if note.chars().count() > NOTE_MAX {
        errors.push(FieldError::new(
            "note",
            "The note is longer than 2,000 characters.",
        ));
    }
    if errors.is_empty() {
        Ok((wanted, note))
    } else {
        Err(ActionError::Invalid(errors))
    }
}

/// An EQA's pick being saved, in one transaction.
struct Picking {
    scope: Scope,
    wanted: Vec<String>,
    note: String,
    me: String,
    name: String,
    now: chrono::NaiveDateTime,
}

impl Picking {
    /// Every decision asked for must be one the EQA may see (404 naming the first that is
    /// not); the ones not picked before are saved, each with its audit entry.
    fn save(self, conn: &mut DbConnection) -> Result<Vec<EqaSample>, ActionError> {
        let scope = &self.scope;
        let found = eqa::decisions(conn, &self.wanted)?;
        let visible = |d: &&Decision| {
            d.centre_id == scope.centre_id && scope.qualifications.contains(&d.qualification_id)
        };
        let missing = self
            .wanted
            .iter()
            .find(|id| !found.iter().filter(visible).any(|d| &d.judgement.id == *id));
        if let Some(id) = missing {
            return Err(ActionError::NotFound(format!("decision {id}")));
        }
        let already = eqa::picked_by(conn, &self.me, &scope.centre_id)?;
        let mut saved = Vec::new();
        for d in found.iter().filter(|d| !already.contains(&d.judgement.id)) {
            let row = EqaSample {
                id: people::new_id(),
                centre_id: scope.centre_id.clone(),
                qualification_id: d.qualification_id.clone(),
                eqa_id: self.me.clone(),
                judgement_id: d.judgement.id.clone(),
                registration_id: d.judgement.registration_id.clone(),
                note: self.note.clone(),
                created_at: self.now,
            };
            eqa::insert_sample(conn, &row)?;
            audit::append(conn, self.entry(&row), self.now)?;
            saved.push(row);
        }
        Ok(saved)
    }

    fn entry(&self, row: &EqaSample) -> NewAuditEntry {
        NewAuditEntry {
            actor_id: Some(self.me.clone()),
            actor_name: self.name.clone(),
            centre_id: Some(self.scope.centre_id.clone()),
            action: "eqa_sample_picked".to_owned(),
            record_type: "judgement".to_owned(),
            record_id: row.judgement_id.clone(),
            reason: None,
            details: json!({"eqa_sample_id": row.id, "registration_id": row.registration_id, "qualification_id": row.qualification_id, "note": row.note}),
        }
    }
}

/// The EQA picks decisions of their qualifications for their own sample. Stored in
/// `eqa_samples` only: no IQA sample, check or action is created or changed. A decision of
/// another qualification or centre answers 404; one already picked is left as it is.
pub async fn pick(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: PickInput,
) -> Result<Vec<EqaSample>, ActionError> {
    let scope = scope(state, actor, centre_id, None)?;
    if !scope.eqa {
        return Err(ActionError::Forbidden);
    }
    let (wanted, note) = check_pick(&input)?;
    let picking = Picking {
        scope,
        wanted,
        note,
        me: actor.user.id.clone(),
        name: actor.user.name.clone(),
        now: state.clock.now().naive_utc(),
    };
    state.db.write(move |conn| picking.save(conn)).await
}
