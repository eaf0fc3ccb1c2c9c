//! The assessor's marking workspace: the evidence (text, images, PDFs and recordings shown in
//! the page) beside every criterion it is mapped to, in the specification's words, and one form
//! that judges many criteria at once, with feedback per criterion and overall.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::forms::{csrf, error_summary};
use super::layout::Page;
use super::words;
use crate::actions::assessment::marking::{CriterionRow, MarkingWorkspace};
use crate::domain::people::FieldError;
use crate::store::evidence::EvidenceFile;
use crate::web::auth::CurrentUser;
use crate::web::sent_file::shows_inline;
use crate::web::views::support_needs::SupportPanel;

/// What the person chose and typed, by field name (kept after a refusal).
pub type Typed = BTreeMap<String, String>;

pub struct MarkingPage<'a> {
    pub current: &'a CurrentUser,
    pub workspace: &'a MarkingWorkspace,
    pub typed: &'a Typed,
    /// Preselect "met" on every mapped criterion not yet met (`?all=met`).
    pub all_met: bool,
    pub errors: &'a [FieldError],
    pub notice: Option<&'a str>,
}

/// The field a row's outcome is sent in.
pub fn outcome_field(item_id: &str) -> String {
    format!("outcome:{item_id}")
}

/// The field a row's feedback is sent in.
pub fn feedback_field(item_id: &str) -> String {
    format!("feedback:{item_id}")
}

/// The field carrying the round a row showed (for "judged meanwhile").
pub fn round_field(item_id: &str) -> String {
    format!("round:{item_id}")
}

/// The element id of a row (what errors link to).
pub fn row_id(index: usize) -> String {
    format!("criterion-{index}")
}

fn media(item_id: &str, file: &EvidenceFile) -> Markup {
    let src = format!("/evidence/{item_id}/files/{}?inline=1", file.id);
    let kind = file.media_type.split('/').next().unwrap_or_default();
    html! {
        figure class="evidence-file" {
            @if !shows_inline(&file.media_type) {
                p { "This file cannot be shown in the page as it is; its text, where it can be read, is below." }
            } @else if kind == "image" {
                img src=(src) alt={ "The learner's file " (file.filename) };
            } @else if kind == "audio" {
                audio controls preload="metadata" src=(src) { }
            } @else if kind == "video" {
                video controls preload="metadata" src=(src) { }
            } @else {
                object data=(src) type="application/pdf" class="pdf" aria-label=(file.filename) {
                    p { "Your browser cannot show PDFs in the page; download it to read it." }
                }
            }
            figcaption {
                a href={ "/evidence/" (item_id) "/files/" (file.id) } download { "Download " (file.filename) }
                @if let Some(w) = file.word_count { " (" (w) " words)" }
            }
        }
    }
}

fn evidence(w: &MarkingWorkspace) -> Markup {
    let v = &w.view;
    let current = v.current();
    html! {
        section class="evidence-pane" aria-labelledby="evidence-heading" tabindex="0" {
            h2 id="evidence-heading" { (v.item.title) }
            p class="hint" {
                "Version " (v.item.current_version)
                @if let Some(c) = current { ", " (words::day(c.created_at.date())) }
                @if v.declaration_valid() { ". The learner has signed the declaration on this version." }
                @else { ". The learner has not signed the declaration on this version." }
            }
            @if let Some(c) = current {
                @if !c.description.trim().is_empty() { p { (c.description) } }
                @if !c.body_text.trim().is_empty() {
                    div class="evidence-text" { (crate::web::views::markdown::render(&c.body_text)) }
                }
            }
            @for file in &v.files {
                (media(&v.item.id, file))
                @if let Some((text, cut)) = w.texts.get(&file.id) {
                    details class="file-text" open {
                        summary { "The text of " (file.filename) }
                        div class="evidence-text prewrap" { (text) }
                        @if *cut { p class="hint" { "The text goes on: download the file to read the rest." } }
                    }
                }
            }
        }
    }
}

fn choice(row: &CriterionRow, value: &str, label: &str, chosen: &str) -> Markup {
    let name = outcome_field(&row.item_id);
    let id = format!("{name}:{value}");
    html! {
        div class="radio" {
            input type="radio" id=(id) name=(name) value=(value) checked[chosen == value];
            label for=(id) { (label) }
        }
    }
}

fn latest(row: &CriterionRow) -> Markup {
    html! {
        @match &row.latest {
            Some(j) => p class="hint" { "Latest decision: " strong { (j.outcome.label()) } " (" (words::day(j.judged_at.date())) ")" },
            None => p class="hint" { "Not judged yet." },
        }
    }
}

fn row(page: &MarkingPage<'_>, index: usize, row: &CriterionRow, mapped: bool) -> Markup {
    let typed = |field: String| page.typed.get(&field).map(String::as_str);
    let default = if page.all_met && mapped && !row.is_met() {
        "met"
    } else {
        ""
    };
    let chosen = typed(outcome_field(&row.item_id)).unwrap_or(default);
    let feedback = typed(feedback_field(&row.item_id)).unwrap_or_default();
    let id = row_id(index);
    let error = page.errors.iter().find(|e| e.field == id);
    let round = row.latest.as_ref().map_or(0, |j| j.round);
    html! {
        fieldset id=(id) class={ "criterion" @if error.is_some() { " has-error" } } {
            legend { (row.words) }
            (latest(row))
            @if let Some(e) = error { p class="error-message" { (e.message) } }
            input type="hidden" name=(round_field(&row.item_id)) value=(round);
            div class="radios inline" {
                (choice(row, "met", "Met", chosen))
                (choice(row, "not_yet_met", "Not yet met", chosen))
                (choice(row, "", "Leave for now", chosen))
            }
            @let fid = feedback_field(&row.item_id);
            label for=(fid) { "Feedback on this criterion" span class="hint" { " (needed for not yet met)" } }
            textarea id=(fid) name=(fid) rows="2" { (feedback) }
        }
    }
}

fn form(page: &MarkingPage<'_>) -> Markup {
    let w = page.workspace;
    let item = &w.view.item.id;
    let overall = page
        .typed
        .get("overall_feedback")
        .map_or("", String::as_str);
    html! {
        form method="post" action={ "/evidence/" (item) "/judgements" } class="marking-form" {
            (csrf(&page.current.session.csrf_token))
            h2 id="criteria-heading" { "Criteria this evidence is mapped to (" (w.mapped.len()) ")" }
            @if w.mapped.is_empty() {
                p { "The learner has not mapped this item to any criterion. Open the criteria below to judge one." }
            } @else {
                p { a href={ "/evidence/" (item) "/marking?all=met#criteria-heading" } { "Choose met for every criterion not yet met" } " — then change those that are not." }
            }
            @for (i, r) in w.mapped.iter().enumerate() { (row(page, i, r, true)) }
            @if !w.others.is_empty() {
                details open[w.others.iter().any(|r| page.typed.get(&outcome_field(&r.item_id)).is_some_and(|v| !v.is_empty()))] {
                    summary { "Other criteria of the same units (" (w.others.len()) "): judging one maps this evidence to it as yours" }
                    @for (i, r) in w.others.iter().enumerate() { (row(page, w.mapped.len() + i, r, false)) }
                }
            }
            label for="overall_feedback" { "Overall feedback to the learner" span class="hint" { " (optional)" } }
            textarea id="overall_feedback" name="overall_feedback" rows="3" { (overall) }
            p class="hint" { "Every judgement you chose is recorded together, or none is. The learner gets one message listing them." }
            button type="submit" { "Record these judgements" }
        }
    }
}

pub fn page(page: &MarkingPage<'_>) -> Markup {
    let w = page.workspace;
    let r = &w.view.registration;
    let title = format!("Marking: {}", w.view.item.title);
    Page::new(&title)
        .user(Some(page.current))
        .notice(page.notice)
        .trail(
            "Assessment record",
            format!("/registrations/{}/assessment", r.id),
        )
        .render(html! {
            p { "Evidence from " strong { (w.learner_name) } "." }
            (SupportPanel::for_staff(page.current, r))
            (error_summary(page.errors))
            div class="workspace" {
                (evidence(w))
                div class="criteria-pane" {
                    @if let Some(why) = &w.not_ready {
                        div class="notice" role="status" { p { (why) } }
                    } @else {
                        (form(page))
                    }
                }
            }
        })
}
