//! The assignment recording form as a multipart body (C4, Unit 001), for the API and the page
//! alike: the page's CSRF token first, the fields, the tasks (the API's `tasks` JSON, or the
//! page's task rows as ordinary fields), and the brief and the marking guidance, each streamed
//! into the file store. Files already stored are removed when the form is refused.

use std::collections::BTreeMap;

use actix_multipart::{Field, Multipart};
use futures_util::StreamExt;

use super::auth::csrf::tokens_match;
use super::body::read_field;
use super::error::AppError;
use super::upload::{store_field, unreadable};
use crate::actions::AppState;
use crate::actions::assessment::assignments::recording::Received;
use crate::actions::assessment::assignments::wire::AssignmentTaskWire;
use crate::domain::assignment::{AssignmentInput, TaskInput};
use crate::domain::people::FieldError;

/// The longest single text field.
const FIELD_MAX: usize = 64 * 1024;
/// All text fields together.
const TEXT_MAX: usize = 256 * 1024;
/// Parts of the form: task rows of criteria checkboxes take many.
const MAX_PARTS: usize = 600;
/// Task rows a page form may send.
pub const MAX_ROWS: usize = 30;

/// One task row of the page's form, as typed (kept on a refusal).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskRow {
    pub number: String,
    pub title: String,
    pub criteria: Vec<String>,
}

impl TaskRow {
    /// A row left as the form drew it: no title and no criteria (its number is filled in for
    /// the person, so it does not count).
    fn is_blank(&self) -> bool {
        self.title.trim().is_empty() && self.criteria.is_empty()
    }
}

/// What the form sent.
#[derive(Debug, Default)]
pub struct ReceivedAssignment {
    /// The assignment as the action takes it; from page rows, the rows not left blank.
    pub input: AssignmentInput,
    /// The page's task rows by index, as typed.
    pub rows: BTreeMap<usize, TaskRow>,
    /// The button pressed on the page (`add_task` adds a row and records nothing).
    pub intent: String,
    pub brief: Option<Received>,
    pub guidance: Option<Received>,
}

impl ReceivedAssignment {
    /// Remove the files stored (the recording is not going ahead).
    pub async fn discard(&mut self, state: &AppState) {
        for (file, _) in self.brief.take().iter().chain(self.guidance.take().iter()) {
            let _ = state.files.delete(&file.key).await;
        }
    }

    /// The task rows, in order, for the action (blank rows left out).
    fn rows_as_tasks(&self) -> Vec<TaskInput> {
        self.rows
            .values()
            .filter(|row| !row.is_blank())
            .map(|row| TaskInput {
                number: row.number.trim().parse().unwrap_or(0),
                title: row.title.clone(),
                criterion_ids: row.criteria.clone(),
            })
            .collect()
    }
}

/// Reading the form: what has arrived so far.
struct Reading<'a> {
    csrf: Option<&'a str>,
    csrf_ok: bool,
    parts: usize,
    text: usize,
    got: ReceivedAssignment,
}

/// Read the recording form. `csrf`: the session's token a page must send before any file (the
/// API, with a bearer token, sends none).
pub async fn receive_assignment(
    state: &AppState,
    mut form: Multipart,
    csrf: Option<&str>,
) -> Result<ReceivedAssignment, AppError> {
    let mut reading = Reading {
        csrf,
        csrf_ok: csrf.is_none(),
        parts: 0,
        text: 0,
        got: ReceivedAssignment::default(),
    };
    let mut outcome = Ok(());
    while let Some(field) = form.next().await {
        let read = match field {
            Ok(mut field) => reading.part(state, &mut field).await,
            Err(e) => Err(unreadable(e)),
        };
        if let Err(e) = read {
            outcome = Err(e);
            break;
        }
    }
    if outcome.is_ok() && !reading.csrf_ok {
        outcome = Err(AppError::Forbidden);
    }
    let mut got = reading.got;
    if let Err(e) = outcome {
        got.discard(state).await;
        return Err(e);
    }
    if !got.rows.is_empty() {
        got.input.tasks = got.rows_as_tasks();
    }
    Ok(got)
}

impl Reading<'_> {
    async fn part(&mut self, state: &AppState, field: &mut Field) -> Result<(), AppError> {
        self.parts += 1;
        if self.parts > MAX_PARTS {
            return Err(AppError::BadRequest(
                "The form has too many parts.".to_owned(),
            ));
        }
        let name = field.name().unwrap_or("").to_owned();
        if name == "brief" || name == "guidance" {
            return self.file(state, &name, field).await;
        }
        let value = read_field(field, FIELD_MAX).await?;
        self.text += value.len();
        if self.text > TEXT_MAX {
            return Err(AppError::PayloadTooLarge(TEXT_MAX));
        }
        self.text_field(&name, String::from_utf8_lossy(&value).into_owned())
    }

    async fn file(
        &mut self,
        state: &AppState,
        name: &str,
        field: &mut Field,
    ) -> Result<(), AppError> {
        let picked = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .is_some_and(|f| !f.is_empty());
        if !picked {
            // A file input left empty: the browser sends the part with no name and no bytes.
            while let Some(chunk) = field.next().await {
                chunk.map_err(unreadable)?;
            }
            return Ok(());
        }
        let slot = if name == "brief" {
            &mut self.got.brief
        } else {
            &mut self.got.guidance
        };
        if !self.csrf_ok {
            return Err(AppError::Forbidden);
        }
        if slot.is_some() {
            return Err(AppError::BadRequest("Send each file once.".to_owned()));
        }
        *slot = Some(store_field(state, field, AppError::from).await?);
        Ok(())
    }

    fn text_field(&mut self, name: &str, value: String) -> Result<(), AppError> {
        let input = &mut self.got.input;
        match name {
            "csrf_token" => {
                if let Some(expected) = self.csrf {
                    self.csrf_ok = tokens_match(&value, expected);
                }
            }
            "unit_id" => input.unit_id = value,
            "version_label" => input.version_label = value,
            "in_force" => input.in_force = matches!(value.as_str(), "true" | "on" | "1"),
            "intent" => self.got.intent = value,
            "tasks" => input.tasks = tasks_json(&value)?,
            _ => return self.row_field(name, value),
        }
        Ok(())
    }

    /// `task-{index}-number`, `task-{index}-title`, `task-{index}-criteria` (one per box ticked).
    fn row_field(&mut self, name: &str, value: String) -> Result<(), AppError> {
        let unexpected = || {
            AppError::BadRequest(format!(
                "Unexpected field \"{name}\" in the assignment form."
            ))
        };
        let mut parts = name.splitn(3, '-');
        let (Some("task"), Some(index), Some(what)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(unexpected());
        };
        let index: usize = index.parse().map_err(|_| unexpected())?;
        if index >= MAX_ROWS {
            return Err(AppError::BadRequest(format!(
                "Send at most {MAX_ROWS} tasks."
            )));
        }
        let row = self.got.rows.entry(index).or_default();
        match what {
            "number" => row.number = value,
            "title" => row.title = value,
            "criteria" => row.criteria.push(value),
            _ => return Err(unexpected()),
        }
        Ok(())
    }
}

fn tasks_json(value: &str) -> Result<Vec<TaskInput>, AppError> {
    serde_json::from_str::<Vec<AssignmentTaskWire>>(value)
        .map(|tasks| tasks.into_iter().map(Into::into).collect())
        .map_err(|_| {
            AppError::Invalid(vec![FieldError::new(
                "tasks",
                "List the tasks as a JSON array of {number, title, criterion_ids}",
            )])
        })
}
