//! The centre's assignments page (C4, Unit 001): each version recorded, with its tasks and the
//! criteria they cover in the specification's words, and the form that records a new version
//! (task rows, "add another task" without JavaScript by drawing the form again).

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary};
use super::layout::Page;
use super::words;
use crate::curriculum::Curriculum;
use crate::curriculum::model::Unit;
use crate::domain::people::FieldError;
use crate::store::assignments::{Assignment, AssignmentTask};
use crate::web::auth::CurrentUser;
use crate::web::upload_assignment::{MAX_ROWS, TaskRow};

/// What was typed on the recording form (kept on a refusal and when a task row is added).
#[derive(Debug, Clone, Default)]
pub struct RecordingTyped {
    pub unit_id: String,
    pub version_label: String,
    pub in_force: bool,
    pub rows: Vec<TaskRow>,
}

impl RecordingTyped {
    /// A fresh form: two empty task rows numbered 1 and 2, in force.
    pub fn fresh(unit_id: &str) -> Self {
        Self {
            unit_id: unit_id.to_owned(),
            version_label: String::new(),
            in_force: true,
            rows: (1..=2).map(numbered).collect(),
        }
    }

    /// One more task row, numbered after the last.
    pub fn add_row(&mut self) {
        if self.rows.len() < MAX_ROWS {
            self.rows.push(numbered(self.rows.len() + 1));
        }
    }
}

fn numbered(n: usize) -> TaskRow {
    TaskRow {
        number: n.to_string(),
        ..TaskRow::default()
    }
}

pub struct RecordingPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub centre_id: &'a str,
    pub centre_name: &'a str,
    pub assignments: &'a [(Assignment, Vec<AssignmentTask>)],
    /// The units assessed by an assignment the awarding body sets.
    pub units: &'a [&'a Unit],
    pub typed: &'a RecordingTyped,
    pub errors: &'a [FieldError],
    pub notice: Option<&'a str>,
    /// The form was drawn again after "add another task": the focus goes to the new row.
    pub added_row: bool,
}

pub fn page(page: &RecordingPage<'_>) -> Markup {
    let centre = format!("/centres/{}", page.centre_id);
    Page::new("Assignments set by the awarding body")
        .user(Some(page.current))
        .notice(page.notice)
        .trail("Home", "/home")
        .trail(page.centre_name, centre)
        .render(html! {
            p { "City & Guilds sets the assignment for Unit 001; the centre marks it internally with the awarding body's marking guidance. Record each version City & Guilds issues: learners submit against the version in force." }
            (versions(page))
            h2 id="record" { "Record a version" }
            (error_summary(page.errors))
            (form(page))
        })
}

fn versions(page: &RecordingPage<'_>) -> Markup {
    html! {
        h2 id="versions" { "Versions recorded" }
        @if page.assignments.is_empty() {
            p { "No version is recorded yet. Until one is in force, no Unit 001 criterion can be judged met." }
        }
        @for (a, tasks) in page.assignments {
            (version(page, a, tasks))
        }
    }
}

fn version(page: &RecordingPage<'_>, a: &Assignment, tasks: &[AssignmentTask]) -> Markup {
    let unit = page.curriculum.unit(&a.unit_id).map(|(_, u)| u);
    let files = format!("/centres/{}/assignments/{}", page.centre_id, a.id);
    html! {
        section class="panel assignment-version" aria-labelledby={ "version-" (a.id) } {
            h3 id={ "version-" (a.id) } {
                @if let Some(u) = unit { "Unit " (u.number) " " (u.title) ": " }
                "version " (a.version_label)
            }
            p {
                @if a.in_force { strong { "In force" } } @else { "Not in force" }
                " · recorded " (words::day(a.recorded_at.date()))
            }
            p {
                a href={ (files) "/brief" } { "Download the brief (" (a.brief_filename) ")" }
                " · "
                a href={ (files) "/guidance" } { "Download the marking guidance (" (a.guidance_filename) ")" }
            }
            ul class="tasks" {
                @for t in tasks {
                    li {
                        strong { "Task " (t.number) ": " (t.title) }
                        ul { @for c in t.criteria() { li { (criterion_words(unit, &c)) } } }
                    }
                }
            }
        }
    }
}

/// A criterion in the specification's words ("1.1 Explain …").
pub fn criterion_words(unit: Option<&Unit>, criterion_id: &str) -> String {
    unit.and_then(|u| u.item_words(criterion_id))
        .unwrap_or_else(|| crate::domain::assignment::short_ref(criterion_id))
}

fn form(page: &RecordingPage<'_>) -> Markup {
    let t = page.typed;
    let e = page.errors;
    let action = format!("/centres/{}/assignments", page.centre_id);
    let unit = page
        .units
        .iter()
        .find(|u| u.id == t.unit_id)
        .or(page.units.first())
        .copied();
    html! {
        form method="post" action=(action) enctype="multipart/form-data" novalidate {
            (csrf(&page.current.session.csrf_token))
            (unit_choice(page, unit))
            (Input::new("version_label", "Version label").value(&t.version_label).hint("As City & Guilds labels it, for example 2027 v1.").render(e))
            div class="field" {
                label class="checkbox" for="in_force" {
                    input type="checkbox" id="in_force" name="in_force" value="true" checked[t.in_force];
                    "In force: learners submit against this version (the centre's other versions stop being in force)"
                }
            }
            (task_rows(page, unit))
            (files(e))
            div class="actions" {
                button type="submit" class="primary" name="intent" value="record" { "Record this version" }
            }
        }
    }
}

fn unit_choice(page: &RecordingPage<'_>, unit: Option<&Unit>) -> Markup {
    html! {
        @match page.units {
            [only] => {
                input type="hidden" name="unit_id" value=(only.id);
                p { "Unit " (only.number) " " (only.title) }
            }
            many => {
                div class="field" {
                    label for="unit_id" { "Unit" }
                    select id="unit_id" name="unit_id" {
                        @for u in many {
                            option value=(u.id) selected[unit.is_some_and(|c| c.id == u.id)] { "Unit " (u.number) " " (u.title) }
                        }
                    }
                }
            }
        }
    }
}

fn task_rows(page: &RecordingPage<'_>, unit: Option<&Unit>) -> Markup {
    let error = page.errors.iter().filter(|e| e.field == "tasks");
    let last = page.typed.rows.len().saturating_sub(1);
    html! {
        fieldset id="tasks" class={ "field tasks" @if page.errors.iter().any(|e| e.field == "tasks") { " invalid" } } {
            legend { "Tasks, and the criteria each covers" }
            p class="hint" { "Every criterion of the unit must be covered by at least one task. Leave a row empty to leave it out." }
            @for e in error { p class="error" { span class="visually-hidden" { "Error: " } (e.message) } }
            @for (i, row) in page.typed.rows.iter().enumerate() {
                (task_row(i, row, unit, page.added_row && i == last))
            }
            @if page.typed.rows.len() < MAX_ROWS {
                button type="submit" class="secondary" name="intent" value="add_task" formnovalidate { "Add another task" }
                p class="hint" { "Adding a task keeps what you typed; choose the files after the last task." }
            }
        }
    }
}

fn task_row(i: usize, row: &TaskRow, unit: Option<&Unit>, focus: bool) -> Markup {
    let id = |what: &str| format!("task-{i}-{what}");
    html! {
        fieldset class="task-row" id=(id("row")) {
            legend { "Task row " (i + 1) }
            div class="field narrow" {
                label for=(id("number")) { "Task number" }
                input type="text" inputmode="numeric" id=(id("number")) name=(id("number")) value=(row.number) autofocus[focus];
            }
            div class="field" {
                label for=(id("title")) { "Task title" }
                input type="text" id=(id("title")) name=(id("title")) value=(row.title);
            }
            @if let Some(unit) = unit {
                details open[!row.criteria.is_empty() || focus] {
                    summary { "Criteria this task covers (" (row.criteria.len()) " chosen)" }
                    @for o in &unit.outcomes {
                        fieldset class="outcome" {
                            legend { "Learning outcome " (o.number) ": " (o.text) }
                            @for c in &o.criteria {
                                @let box_id = format!("task-{i}-{}", c.number);
                                label class="checkbox" for=(box_id) {
                                    input type="checkbox" id=(box_id) name=(id("criteria")) value=(c.id) checked[row.criteria.contains(&c.id)];
                                    (c.number) " " (c.text)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn files(errors: &[FieldError]) -> Markup {
    let again = !errors.is_empty();
    html! {
        @for (name, label) in [("brief", "The assignment brief"), ("guidance", "The marking guidance")] {
            @let error = errors.iter().find(|e| e.field == name);
            div class={ "field" @if error.is_some() { " invalid" } } {
                label for=(name) { (label) }
                @if again { p class="hint" { "A browser cannot keep a chosen file after a refusal: choose it again." } }
                @if let Some(e) = error { p class="error" { span class="visually-hidden" { "Error: " } (e.message) } }
                input type="file" id=(name) name=(name);
            }
        }
    }
}
