//! The assessor's marking workspace for one evidence item: the evidence beside every criterion
//! it is mapped to, in the specification's words, with each criterion's latest decision, and the
//! criteria of the same units it is not mapped to (which the assessor may add). Judging from it
//! is [`super::judgements::judge_all`]: many criteria in one submission.

use std::collections::BTreeSet;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_allocated_assessor;
use crate::actions::evidence::items::{EvidenceView, view};
use crate::domain::evidence::EvidenceStatus;
use crate::domain::ids::EvidenceId;
use crate::domain::judgement::{JudgementOutcome, judgeable_items};
use crate::store::judgements::{self, Judgement};
use crate::store::people;

/// A criterion (or Knowledge/Skills item, Evidence Requirement) on the workspace.
#[derive(Debug, Clone)]
pub struct CriterionRow {
    pub item_id: String,
    /// "Unit 001, 1.1 Explain …".
    pub words: String,
    /// The latest round on it, if any.
    pub latest: Option<Judgement>,
}

impl CriterionRow {
    pub fn is_met(&self) -> bool {
        self.latest
            .as_ref()
            .is_some_and(|j| j.outcome == JudgementOutcome::Met)
    }
}

/// What the workspace shows.
pub struct MarkingWorkspace {
    pub view: EvidenceView,
    pub learner_name: String,
    /// The criteria the item is mapped to, in the curriculum's order.
    pub mapped: Vec<CriterionRow>,
    /// The other criteria of the units it is mapped to, or of every unit of the qualification
    /// when it is mapped to none (the assessor may add them).
    pub others: Vec<CriterionRow>,
    /// Why it cannot be judged now (a draft with the learner), if so.
    pub not_ready: Option<String>,
    /// The text of the files a browser cannot show (office documents, plain text), by file id,
    /// with whether it was cut off.
    pub texts: std::collections::BTreeMap<String, (String, bool)>,
}

/// The most text of one file shown in the workspace.
const SHOWN_CHARS: usize = 60_000;

/// The readable text of each of the item's files that has some, read off the store's disk (or a
/// local copy of bounded size).
async fn texts_of(
    state: &AppState,
    files: &[crate::store::evidence::EvidenceFile],
) -> std::collections::BTreeMap<String, (String, bool)> {
    let mut texts = std::collections::BTreeMap::new();
    for file in files {
        let Ok(key) = crate::files::FileKey::parse(&file.store_key) else {
            continue;
        };
        let copy =
            crate::files::local_copy(state.files.as_ref(), &key, crate::files::LOCAL_COPY_LIMIT)
                .await;
        let Ok(Some(copy)) = copy else {
            continue;
        };
        let mime = file.media_type.clone();
        let read = tokio::task::spawn_blocking(move || {
            crate::files_text::text_of_file(copy.path(), &mime, SHOWN_CHARS)
        })
        .await;
        if let Ok(Ok(Some(text))) = read {
            texts.insert(file.id.clone(), text);
        }
    }
    texts
}

/// The allocated assessor's workspace for an item of their learner (others who see the item
/// get 403; anyone else 404).
pub async fn workspace(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
) -> Result<MarkingWorkspace, ActionError> {
    let view = view(state, actor, evidence_id).await?;
    require_allocated_assessor(actor, &view.registration)?;
    let (reg, learner) = (
        view.registration.id.clone(),
        view.registration.learner_id.clone(),
    );
    let (rounds, learner) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            Ok((
                judgements::of_registration(conn, &reg)?,
                people::find_user(conn, &learner)?,
            ))
        })
        .await?;
    let (mapped, others) = criterion_rows(state, &view, &rounds);
    let with_learner = view.item.status == EvidenceStatus::Draft
        && view.item.created_by == view.registration.learner_id;
    let not_ready = with_learner.then(|| {
        "This item is with the learner as a draft. You can judge it when they have signed the declaration and submitted it.".to_owned()
    });
    let texts = texts_of(state, &view.files).await;
    Ok(MarkingWorkspace {
        texts,
        learner_name: learner.map(|u| u.name).unwrap_or_default(),
        view,
        mapped,
        others,
        not_ready,
    })
}

/// The criteria the item is mapped to and the rest of their units (every unit of the
/// qualification for an item mapped to nothing yet), each with its latest decision.
fn criterion_rows(
    state: &AppState,
    view: &EvidenceView,
    rounds: &[Judgement],
) -> (Vec<CriterionRow>, Vec<CriterionRow>) {
    let items = judgeable_items(&state.curriculum, &view.registration.qualification_id);
    let mapped_ids: BTreeSet<&str> = view.mappings.iter().map(String::as_str).collect();
    let mut units: BTreeSet<&str> = items
        .iter()
        .filter(|(item, _)| mapped_ids.contains(item.as_str()))
        .map(|(_, unit)| unit.as_str())
        .collect();
    // An item mapped to nothing yet: every unit of the qualification, for the assessor to map.
    if units.is_empty() {
        units = items.values().map(String::as_str).collect();
    }
    let row = |item_id: &str, unit_id: &str| CriterionRow {
        item_id: item_id.to_owned(),
        words: state.curriculum.item_words(unit_id, item_id),
        latest: rounds
            .iter()
            .filter(|j| j.item_id == item_id)
            .max_by_key(|j| j.round)
            .cloned(),
    };
    let mut mapped = Vec::new();
    let mut others = Vec::new();
    for unit_id in &units {
        let Some((_, unit)) = state.curriculum.unit(unit_id) else {
            continue;
        };
        for item_id in crate::domain::judgement::judgeable_items_of_unit(unit) {
            if mapped_ids.contains(item_id.as_str()) {
                mapped.push(row(&item_id, unit_id));
            } else {
                others.push(row(&item_id, unit_id));
            }
        }
    }
    (mapped, others)
}
