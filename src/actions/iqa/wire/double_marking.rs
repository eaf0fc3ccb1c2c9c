//! Blind double-marking exercises: `…/double-marking`, `/api/v1/double-marking/{exercise_id}…`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use super::standardisation::StandardisationDecision;
use crate::actions::iqa::double_marking::{ExerciseView, Viewer, criteria_of};
use crate::domain::standardisation::activity::{ExerciseInput, VerdictInput};
use crate::domain::standardisation::agreement::ExerciseAgreement;
use crate::domain::standardisation::{ExerciseStatus, Verdict};
use crate::store::standardisation::{Exercise, MarkerJudgement};

/// An exercise in the centre's list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleMarkingSummary {
    pub id: String,
    pub qualification_id: String,
    /// The anonymised evidence title.
    pub title: String,
    /// Criterion ids, in the IQA's order.
    pub criteria: Vec<String>,
    /// `open` or `closed`.
    #[schema(example = "open")]
    pub status: ExerciseStatus,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub closed_at: Option<String>,
}

impl From<&Exercise> for DoubleMarkingSummary {
    fn from(e: &Exercise) -> Self {
        Self {
            id: e.id.clone(),
            qualification_id: e.qualification_id.clone(),
            title: e.anonymised_title.clone(),
            criteria: criteria_of(e),
            status: e.status,
            created_at: rfc3339(e.created_at),
            closed_at: e.closed_at.map(rfc3339),
        }
    }
}

/// Setting up an exercise: `POST /api/v1/centres/{centre_id}/double-marking`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DoubleMarkingRequest {
    pub evidence_id: String,
    /// Criterion ids of the qualification, at least one; omitted, every criterion the evidence
    /// item is mapped to.
    pub criteria: Option<Vec<String>>,
    /// User ids of two or more of the centre's assessors.
    pub markers: Vec<String>,
}

impl From<DoubleMarkingRequest> for ExerciseInput {
    fn from(b: DoubleMarkingRequest) -> Self {
        Self {
            evidence_id: b.evidence_id,
            criteria: b.criteria,
            markers: b.markers,
        }
    }
}

/// A marker's verdict on one criterion, as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DoubleMarkingVerdict {
    pub criterion_id: String,
    /// `met` or `not_yet_met`.
    #[schema(example = "met")]
    pub outcome: String,
    #[serde(alias = "rationale")]
    pub comment: String,
}

impl From<DoubleMarkingVerdict> for VerdictInput {
    fn from(v: DoubleMarkingVerdict) -> Self {
        Self {
            criterion_id: v.criterion_id,
            outcome: v.outcome,
            comment: v.comment,
        }
    }
}

/// A marker judges: `POST /api/v1/double-marking/{exercise_id}/judgements`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DoubleMarkingJudgements {
    pub judgements: Vec<DoubleMarkingVerdict>,
}

/// What a marker's judgements saved.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleMarkingJudged {
    pub exercise_id: String,
    /// The criteria judged.
    pub judged: Vec<String>,
}

/// An agreed outcome, as sent by the IQA.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DoubleMarkingOutcome {
    pub criterion_id: String,
    /// `met` or `not_yet_met`.
    #[schema(example = "met")]
    pub outcome: String,
    /// Why (required).
    #[serde(alias = "comment")]
    pub rationale: String,
}

/// The IQA records agreed outcomes: `POST /api/v1/double-marking/{exercise_id}/agreed`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DoubleMarkingAgreed {
    pub outcomes: Vec<DoubleMarkingOutcome>,
}

impl DoubleMarkingAgreed {
    pub fn into_verdicts(self) -> Vec<VerdictInput> {
        self.outcomes
            .into_iter()
            .map(|o| VerdictInput {
                criterion_id: o.criterion_id,
                outcome: o.outcome,
                comment: o.rationale,
            })
            .collect()
    }
}

/// The agreed outcomes just written to the decision log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleMarkingDecisions {
    pub decisions: Vec<StandardisationDecision>,
}

/// A criterion of the exercise with its wording.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleMarkingCriterion {
    pub id: String,
    pub text: String,
}

/// A file of the anonymised copy, as markers see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleMarkingFile {
    pub name: String,
    pub media_type: String,
    pub size_bytes: i64,
}

/// The anonymised copy of the evidence.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleMarkingEvidence {
    pub title: String,
    pub text: String,
    pub files: Vec<DoubleMarkingFile>,
}

/// One marker's verdict on one criterion.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MarkerVerdict {
    pub marker_id: String,
    pub criterion_id: String,
    /// `met` or `not_yet_met`.
    #[schema(example = "met")]
    pub outcome: Verdict,
    pub comment: String,
    /// RFC 3339.
    pub judged_at: String,
}

impl From<&MarkerJudgement> for MarkerVerdict {
    fn from(j: &MarkerJudgement) -> Self {
        Self {
            marker_id: j.marker_id.clone(),
            criterion_id: j.criterion_id.clone(),
            outcome: j.outcome,
            comment: j.comment.clone(),
            judged_at: rfc3339(j.judged_at),
        }
    }
}

/// An invited marker and how many criteria they have judged.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleMarkingMarker {
    pub id: String,
    pub name: String,
    pub judged: usize,
}

/// The markers' agreement on one criterion.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CriterionFigures {
    pub criterion_id: String,
    pub text: Option<String>,
    /// How many markers judged it met.
    pub met: u32,
    pub not_yet_met: u32,
    /// Pairwise agreement, percent to one place; none with fewer than two verdicts.
    pub agreement_percent: Option<f64>,
}

/// A closed exercise's figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleMarkingFigures {
    pub criteria: Vec<CriterionFigures>,
    pub overall_agreement_percent: Option<f64>,
    /// Cohen's (two markers) or Fleiss' (three or more) kappa, to three places.
    pub kappa: Option<f64>,
    pub kappa_defined: bool,
    /// `cohen` or `fleiss`.
    #[schema(example = "cohen")]
    pub kappa_method: String,
    /// The kappa in plain words (Landis and Koch), or why it is not defined.
    pub kappa_reading: String,
    /// How many markers judged every criterion (the ones kappa counts).
    pub markers_counted: usize,
}

fn rounded(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

impl DoubleMarkingFigures {
    pub fn new(f: &ExerciseAgreement, texts: &[(String, String)]) -> Self {
        Self {
            criteria: f
                .criteria
                .iter()
                .map(|c| CriterionFigures {
                    criterion_id: c.criterion_id.clone(),
                    text: texts
                        .iter()
                        .find(|(id, _)| *id == c.criterion_id)
                        .map(|(_, t)| t.clone()),
                    met: c.counts.met,
                    not_yet_met: c.counts.not_yet_met,
                    agreement_percent: c.agreement.map(|a| rounded(a * 100.0, 1)),
                })
                .collect(),
            overall_agreement_percent: f.overall.map(|a| rounded(a * 100.0, 1)),
            kappa: f.kappa.value().map(|k| rounded(k, 3)),
            kappa_defined: f.kappa.value().is_some(),
            kappa_method: f.method.to_owned(),
            kappa_reading: f.kappa.reading().to_owned(),
            markers_counted: f.complete_markers,
        }
    }
}

/// An exercise as an invited marker sees it: the anonymised copy and their own judgements.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleMarkingMarkerView {
    pub id: String,
    /// `marker`.
    #[schema(example = "marker")]
    pub view: String,
    /// `open` or `closed`.
    #[schema(example = "open")]
    pub status: ExerciseStatus,
    pub evidence: DoubleMarkingEvidence,
    pub criteria: Vec<DoubleMarkingCriterion>,
    pub my_judgements: Vec<MarkerVerdict>,
}

/// An exercise as the IQA (`iqa`), a centre administrator or an EQA (`reader`) sees it:
/// everyone's judgements and the figures once closed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoubleMarkingReaderView {
    pub id: String,
    /// `iqa` or `reader`.
    #[schema(example = "iqa")]
    pub view: String,
    /// `open` or `closed`.
    #[schema(example = "open")]
    pub status: ExerciseStatus,
    pub qualification_id: String,
    pub evidence_id: String,
    pub evidence: DoubleMarkingEvidence,
    pub criteria: Vec<DoubleMarkingCriterion>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub closed_at: Option<String>,
    pub markers: Vec<DoubleMarkingMarker>,
    /// Everyone's, once closed; none before.
    pub judgements: Vec<MarkerVerdict>,
    /// Once closed.
    pub figures: Option<DoubleMarkingFigures>,
    /// The agreed outcomes recorded.
    pub agreed: Vec<StandardisationDecision>,
}

/// An exercise, as the caller may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum DoubleMarkingView {
    Marker(DoubleMarkingMarkerView),
    /// Boxed: the reader's view is the larger by far.
    Reader(Box<DoubleMarkingReaderView>),
}

impl From<&ExerciseView> for DoubleMarkingView {
    fn from(v: &ExerciseView) -> Self {
        let e = &v.exercise;
        let evidence = DoubleMarkingEvidence {
            title: e.anonymised_title.clone(),
            text: e.anonymised_text.clone(),
            files: e
                .anonymised_files
                .iter()
                .map(|f| DoubleMarkingFile {
                    name: f.name.clone(),
                    media_type: f.media_type.clone(),
                    size_bytes: f.size_bytes,
                })
                .collect(),
        };
        let criteria = v
            .criteria
            .iter()
            .map(|(id, text)| DoubleMarkingCriterion {
                id: id.clone(),
                text: text.clone(),
            })
            .collect();
        let judgements = v.judgements.iter().map(MarkerVerdict::from).collect();
        match &v.viewer {
            Viewer::Marker => Self::Marker(DoubleMarkingMarkerView {
                id: e.id.clone(),
                view: "marker".to_owned(),
                status: e.status,
                evidence,
                criteria,
                my_judgements: judgements,
            }),
            Viewer::Reader(reader) => Self::Reader(Box::new(DoubleMarkingReaderView {
                id: e.id.clone(),
                view: if reader.records() { "iqa" } else { "reader" }.to_owned(),
                status: e.status,
                qualification_id: e.qualification_id.clone(),
                evidence_id: e.evidence_id.clone(),
                evidence,
                criteria,
                created_at: rfc3339(e.created_at),
                closed_at: e.closed_at.map(rfc3339),
                markers: markers(v),
                judgements,
                figures: v
                    .figures
                    .as_ref()
                    .map(|f| DoubleMarkingFigures::new(f, &v.criteria)),
                agreed: v
                    .decisions
                    .iter()
                    .map(StandardisationDecision::from)
                    .collect(),
            })),
        }
    }
}

fn markers(v: &ExerciseView) -> Vec<DoubleMarkingMarker> {
    v.markers
        .iter()
        .map(|(id, name)| DoubleMarkingMarker {
            id: id.clone(),
            name: name.clone(),
            judged: v
                .progress
                .iter()
                .find(|(m, _)| m == id)
                .map_or(0, |(_, n)| *n),
        })
        .collect()
}
