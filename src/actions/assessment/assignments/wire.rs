//! The JSON the assignment API takes and gives (C4, Unit 001). Field names are the API's
//! contract; add, never rename.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::submission::{AssignmentOverview, SubmissionInput};
use super::verification::VerificationInput;
use crate::actions::evidence::wire::rfc3339;
use crate::domain::assignment::{MarkInput, TaskInput};
use crate::store::assignments::{Assignment, AssignmentTask, Submission, TaskMark, Verification};

/// One task as recorded: its number, title and the criteria it covers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct AssignmentTaskWire {
    pub number: i32,
    pub title: String,
    /// Criterion ids of the unit, e.g. `cg-3085/u001/lo1/ac1.1`.
    pub criterion_ids: Vec<String>,
}

impl From<AssignmentTaskWire> for TaskInput {
    fn from(t: AssignmentTaskWire) -> Self {
        Self {
            number: t.number,
            title: t.title,
            criterion_ids: t.criterion_ids,
        }
    }
}

impl From<&AssignmentTask> for AssignmentTaskWire {
    fn from(t: &AssignmentTask) -> Self {
        Self {
            number: t.number,
            title: t.title.clone(),
            criterion_ids: t.criteria(),
        }
    }
}

/// Recording an assignment: a multipart form with these fields and two files.
#[derive(Debug, Clone, ToSchema)]
#[allow(dead_code)]
pub struct AssignmentUploadForm {
    #[schema(example = "cg-3085/u001")]
    pub unit_id: String,
    /// The awarding body's version label.
    pub version_label: String,
    /// `true`, `on` or `1`: this version is in force (the centre's others stop being).
    pub in_force: Option<String>,
    /// The tasks as a JSON array of `{number, title, criterion_ids}`.
    pub tasks: String,
    /// The assignment brief.
    #[schema(value_type = String, format = Binary)]
    pub brief: Vec<u8>,
    /// The marking guidance.
    #[schema(value_type = String, format = Binary)]
    pub guidance: Vec<u8>,
}

/// An assignment as recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssignmentOut {
    pub id: String,
    pub unit_id: String,
    pub version_label: String,
    pub in_force: bool,
    pub brief_filename: String,
    pub brief_sha256: String,
    pub guidance_filename: String,
    pub guidance_sha256: String,
    pub recorded_at: String,
    pub tasks: Vec<AssignmentTaskWire>,
}

impl AssignmentOut {
    pub fn of(a: &Assignment, tasks: &[AssignmentTask]) -> Self {
        Self {
            id: a.id.clone(),
            unit_id: a.unit_id.clone(),
            version_label: a.version_label.clone(),
            in_force: a.in_force,
            brief_filename: a.brief_filename.clone(),
            brief_sha256: a.brief_sha256.clone(),
            guidance_filename: a.guidance_filename.clone(),
            guidance_sha256: a.guidance_sha256.clone(),
            recorded_at: rfc3339(a.recorded_at),
            tasks: tasks.iter().map(AssignmentTaskWire::from).collect(),
        }
    }
}

/// The centre's assignments, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssignmentList {
    pub assignments: Vec<AssignmentOut>,
}

/// The learner's submission: `POST /api/v1/registrations/{registration_id}/assignment/submission`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SubmissionRequest {
    pub title: String,
    /// `YYYY-MM-DD`, not in the future.
    #[schema(example = "2027-02-01")]
    pub activity_date: String,
    /// The work (Markdown); files are attached to the evidence item afterwards.
    #[serde(default)]
    pub text: String,
}

impl From<SubmissionRequest> for SubmissionInput {
    fn from(r: SubmissionRequest) -> Self {
        Self {
            title: r.title,
            activity_date: r.activity_date,
            text: r.text,
        }
    }
}

/// A submission made: its evidence item (add files, declare and submit it as any evidence).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubmissionOut {
    pub id: String,
    pub assignment_id: String,
    pub evidence_id: String,
}

impl From<&Submission> for SubmissionOut {
    fn from(s: &Submission) -> Self {
        Self {
            id: s.id.clone(),
            assignment_id: s.assignment_id.clone(),
            evidence_id: s.evidence_id.clone(),
        }
    }
}

/// One task's mark as sent.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TaskMarkRequest {
    pub task_number: i32,
    /// `met` or `not_yet_met`.
    pub outcome: String,
    #[serde(default)]
    pub feedback: String,
}

/// Every task of the submission marked at once.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct MarksRequest {
    pub marks: Vec<TaskMarkRequest>,
}

impl MarksRequest {
    pub fn into_input(self) -> Vec<MarkInput> {
        self.marks
            .into_iter()
            .map(|m| MarkInput {
                task_number: m.task_number,
                outcome: m.outcome,
                feedback: m.feedback,
            })
            .collect()
    }
}

/// A task's mark.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskMarkOut {
    pub task_number: i32,
    pub round: i32,
    pub evidence_version: i32,
    /// `met` or `not_yet_met`.
    pub outcome: String,
    pub feedback: String,
    pub marked_at: String,
}

impl From<&TaskMark> for TaskMarkOut {
    fn from(m: &TaskMark) -> Self {
        Self {
            task_number: m.task_number,
            round: m.round,
            evidence_version: m.evidence_version,
            outcome: m.outcome.as_str().to_owned(),
            feedback: m.feedback.clone(),
            marked_at: rfc3339(m.marked_at),
        }
    }
}

/// The marks recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MarksOut {
    pub marks: Vec<TaskMarkOut>,
}

/// The external verification of the learner's unit.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct VerificationRequest {
    #[schema(example = "cg-3085/u001")]
    pub unit_id: String,
    /// `awaiting`, `verified` or `not_accepted`.
    pub status: String,
    #[serde(default)]
    pub note: String,
}

impl From<VerificationRequest> for VerificationInput {
    fn from(r: VerificationRequest) -> Self {
        Self {
            unit_id: r.unit_id,
            status: r.status,
            note: r.note,
        }
    }
}

/// The external verification as recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VerificationOut {
    pub unit_id: String,
    /// `awaiting`, `verified` or `not_accepted`.
    pub status: String,
    /// The status in words.
    pub status_label: String,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl From<&Verification> for VerificationOut {
    fn from(v: &Verification) -> Self {
        Self {
            unit_id: v.unit_id.clone(),
            status: v.status.as_str().to_owned(),
            status_label: v.status.label().to_owned(),
            note: v.note.clone(),
            recorded_by: v.recorded_by.clone(),
            recorded_at: rfc3339(v.recorded_at),
        }
    }
}

/// The learner's assignment: the version in force, their submission, the latest marks and the
/// external verification.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssignmentOverviewOut {
    pub unit_id: String,
    pub assignment: Option<AssignmentOut>,
    pub submission: Option<SubmissionOut>,
    /// The submission's evidence status: `draft` or `submitted`.
    pub submission_status: Option<String>,
    pub marks: Vec<TaskMarkOut>,
    pub verification: Option<VerificationOut>,
}

impl From<&AssignmentOverview> for AssignmentOverviewOut {
    fn from(o: &AssignmentOverview) -> Self {
        Self {
            unit_id: o.unit_id.clone(),
            assignment: o.assignment.as_ref().map(|(a, t)| AssignmentOut::of(a, t)),
            submission: o.submission.as_ref().map(|(s, _)| SubmissionOut::from(s)),
            submission_status: o
                .submission
                .as_ref()
                .map(|(_, item)| item.status.as_str().to_owned()),
            marks: o.marks.iter().map(TaskMarkOut::from).collect(),
            verification: o.verification.as_ref().map(VerificationOut::from),
        }
    }
}
