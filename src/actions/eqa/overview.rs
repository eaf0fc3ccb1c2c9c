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
    centre_id: &str,
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
        centre_id: centre_id.to_owned(),
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
    centre_id: &str,
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

fn gather(
    conn: &mut DbConnection,
    scope: Scope,
    titles: Vec<(String, String)>,
    me: &str,
) -> Result<Overview, StoreError> {
    let centre_name = people::find_centre(conn, &scope.centre_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    let plans = sampling_plans::of_centre(conn, &scope.centre_id)?;
    let registrations = registrations::of_centre(conn, &scope.centre_id)?;
    let eqa_samples = eqa::samples_of(conn, &scope.centre_id, &scope.qualifications)?;
    let picked = eqa::picked_by(conn, me, &scope.centre_id)?;
    let mut qualifications = Vec::new();
    for (id, title) in titles {
        let pickable = if scope.eqa {
            eqa::decisions_of(conn, &scope.centre_id, &id, PICKABLE)?
                .into_iter()
                .filter(|d| !picked.contains(&d.judgement.id))
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
        qualifications.push(QualificationRecords {
            samples,
            checks,
            plans: plans
                .iter()
                .filter(|p| p.qualification_id == id)
                .cloned()
                .collect(),
            registrations: registrations
                .iter()
                .filter(|(r, _)| r.qualification_id == id)
                .cloned()
                .collect(),
            eqa_samples: eqa_samples
                .iter()
                .filter(|s| s.qualification_id == id)
                .cloned()
                .collect(),
            pickable,
            id,
            title,
        });
    }
    let log = if scope.admin {
        Some(eqa::views_at(conn, &scope.centre_id, LOG_SHOWN)?)
    } else {
        None
    };
    let mut ids = BTreeSet::new();
    for q in &qualifications {
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
    let names = eqa::names(conn, &ids)?;
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

/// The EQA picks decisions of their qualifications for their own sample. Stored in
/// `eqa_samples` only: no IQA sample, check or action is created or changed. A decision of
/// another qualification or centre answers 404; one already picked is left as it is.
pub async fn pick(
    state: &AppState,
    actor: &Actor,
    centre_id: &str,
    input: PickInput,
) -> Result<Vec<EqaSample>, ActionError> {
    let scope = scope(state, actor, centre_id, None)?;
    if !scope.eqa {
        return Err(ActionError::Forbidden);
    }
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
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    let now = state.clock.now().naive_utc();
    let (me, name) = (actor.user.id.clone(), actor.user.name.clone());
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let found = eqa::decisions(conn, &wanted)?;
            let visible = |d: &&Decision| {
                d.centre_id == scope.centre_id && scope.qualifications.contains(&d.qualification_id)
            };
            let missing: Vec<&String> = wanted
                .iter()
                .filter(|id| !found.iter().filter(visible).any(|d| &d.judgement.id == *id))
                .collect();
            if let Some(id) = missing.first() {
                return Err(ActionError::NotFound(format!("decision {id}")));
            }
            let already = eqa::picked_by(conn, &me, &scope.centre_id)?;
            let mut saved = Vec::new();
            for d in found.iter().filter(|d| !already.contains(&d.judgement.id)) {
                let row = EqaSample {
                    id: people::new_id(),
                    centre_id: scope.centre_id.clone(),
                    qualification_id: d.qualification_id.clone(),
                    eqa_id: me.clone(),
                    judgement_id: d.judgement.id.clone(),
                    registration_id: d.judgement.registration_id.clone(),
                    note: note.clone(),
                    created_at: now,
                };
                eqa::insert_sample(conn, &row)?;
                audit::append(
                    conn,
                    NewAuditEntry {
                        actor_id: Some(me.clone()),
                        actor_name: name.clone(),
                        centre_id: Some(scope.centre_id.clone()),
                        action: "eqa_sample_picked".to_owned(),
                        record_type: "judgement".to_owned(),
                        record_id: d.judgement.id.clone(),
                        reason: None,
                        details: json!({"eqa_sample_id": row.id, "registration_id": row.registration_id, "qualification_id": row.qualification_id, "note": row.note}),
                    },
                    now,
                )?;
                saved.push(row);
            }
            Ok(saved)
        })
        .await
}
