//! A double-marking exercise. The IQA (and those who may read) see the markers' progress, and
//! once it is closed the agreement per criterion (percentage and kappa, read in plain words)
//! and the forms to record agreed outcomes; a marker sees the anonymised evidence and one form
//! per criterion, with only their own judgements.

use maud::{Markup, html};

use super::evidence::file_type_words;
use super::forms::{csrf, error_summary, form_problem};
use super::layout::Page;
use super::standardisation::criterion_reference;
use crate::actions::iqa::double_marking::{ExerciseView, Viewer};
use crate::curriculum::Curriculum;
use crate::domain::people::FieldError;
use crate::domain::standardisation::agreement::ExerciseAgreement;
use crate::domain::standardisation::anonymise::NeutralFile;
use crate::web::auth::CurrentUser;

pub struct ExercisePage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub view: &'a ExerciseView,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
}

/// A criterion by its numbers ("Unit 001, criterion 1.1"); its wording is shown beside it.
fn reference(p: &ExercisePage<'_>, item_id: &str) -> String {
    criterion_reference(p.curriculum, item_id)
}

fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |a| format!("{:.1}%", a * 100.0))
}

pub fn page(p: &ExercisePage<'_>) -> Markup {
    let v = p.view;
    let e = &v.exercise;
    let files: &[NeutralFile] = &e.anonymised_files;
    let trail = match &v.viewer {
        Viewer::Marker => "/home".to_owned(),
        Viewer::Reader(_) => format!("/centres/{}/standardisation", e.centre_id),
    };
    Page::new("Blind double-marking")
        .user(Some(p.current))
        .notice(p.notice)
        .trail("Standardisation", trail)
        .render(html! {
            (error_summary(p.errors))
            (form_problem(p.problem))
            p { "Status: " strong { @if v.is_open() { "open for marking" } @else { "closed" } } }
            section aria-labelledby="evidence" {
                h2 id="evidence" { "The evidence (anonymised): " (e.anonymised_title) }
                div class="prewrap" { (e.anonymised_text) }
                @if !files.is_empty() {
                    h3 { "Files" }
                    ul { @for f in files { li { (f.name) " (" (file_type_words(&f.media_type)) ", " (f.size_bytes) " bytes)" } } }
                }
            }
            @match &v.viewer {
                Viewer::Marker => (marker(p)),
                Viewer::Reader(reader) => (reader_view(p, reader.records())),
            }
        })
}

fn marker(p: &ExercisePage<'_>) -> Markup {
    let v = p.view;
    html! {
        section aria-labelledby="judge" {
            h2 id="judge" { "Your judgements" }
            p class="hint" { "You do not see the other markers' judgements; the IQA sees them once the exercise is closed." }
            @for (n, (id, text)) in v.criteria.iter().enumerate() {
                @let mine = v.judgements.iter().find(|j| j.criterion_id == *id);
                @let reference = reference(p, id);
                div class="criterion" {
                    h3 { (reference) } p { (text) }
                    @if let Some(j) = mine {
                        p { "You judged it " strong { (j.outcome.words()) } "." @if !j.comment.is_empty() { " " (j.comment) } }
                    } @else if v.is_open() {
                        form method="post" action={ "/double-marking/" (v.exercise.id) "/judgements" } {
                            (csrf(&p.current.session.csrf_token))
                            input type="hidden" name="criterion_id" value=(id);
                            fieldset {
                                legend { "Is " (reference) " met?" }
                                label class="radio" for={ "met-" (n) } { input type="radio" id={ "met-" (n) } name="outcome" value="met" required; "Met" }
                                label class="radio" for={ "nym-" (n) } { input type="radio" id={ "nym-" (n) } name="outcome" value="not_yet_met"; "Not yet met" }
                            }
                            div class="field" {
                                label for={ "comment-" (n) } { "Comment (optional)" }
                                textarea id={ "comment-" (n) } name="comment" rows="3" {}
                            }
                            button type="submit" { "Save my judgement of " (reference) }
                        }
                    } @else {
                        p { "Not judged; the exercise is closed." }
                    }
                }
            }
        }
    }
}

fn reader_view(p: &ExercisePage<'_>, is_iqa: bool) -> Markup {
    let v = p.view;
    html! {
        section aria-labelledby="markers" {
            h2 id="markers" { "Markers" }
            ul { @for (id, name) in &v.markers {
                li { (name) ": " (v.progress.iter().find(|(m, _)| m == id).map_or(0, |(_, n)| *n)) " of " (v.criteria.len()) " criteria judged" }
            } }
            @if v.is_open() && is_iqa {
                form method="post" action={ "/double-marking/" (v.exercise.id) "/close" } {
                    (csrf(&p.current.session.csrf_token))
                    button type="submit" { "Close the exercise and show the agreement" }
                }
            }
        }
        @if let Some(f) = &v.figures { (figures(p, f, is_iqa)) }
    }
}

fn figures(p: &ExercisePage<'_>, f: &ExerciseAgreement, is_iqa: bool) -> Markup {
    let v = p.view;
    let kappa = f
        .kappa
        .value()
        .map_or_else(|| "undefined".to_owned(), |k| format!("{k:.3}"));
    let method = match f.method {
        "cohen" => "Cohen's kappa",
        "fleiss" => "Fleiss' kappa",
        _ => "Kappa",
    };
    html! {
        section aria-labelledby="agreement" {
            h2 id="agreement" { "Agreement per criterion" }
            table {
                caption { "Markers' verdicts and agreement (share of marker pairs giving the same verdict)" }
                thead { tr { th scope="col" { "Criterion" } th scope="col" { "Met" } th scope="col" { "Not yet met" } th scope="col" { "Agreement" } th scope="col" { "Agreed outcome" } } }
                tbody {
                    @for c in &f.criteria {
                        @let agreed = v.decisions.iter().find(|d| d.criterion_id == c.criterion_id);
                        tr {
                            th scope="row" { (reference(p, &c.criterion_id)) }
                            td data-label="Met" { (c.counts.met) }
                            td data-label="Not yet met" { (c.counts.not_yet_met) }
                            td data-label="Agreement" { (percent(c.agreement)) }
                            td data-label="Agreed outcome" { @if let Some(d) = agreed { (d.outcome.words()) ": " (d.rationale) } @else { "Not recorded" } }
                        }
                    }
                }
                tfoot { tr {
                    th scope="row" { "Overall" }
                    td colspan="2" data-label="Kappa" { (method) ": " (kappa) " (" (f.kappa.reading()) ")" }
                    td data-label="Agreement" { (percent(f.overall)) }
                    td {}
                } }
            }
            p { (method) " over " (f.complete_markers) " markers who judged every criterion: " strong { (kappa) } ", " (f.kappa.reading()) "." }
            h3 { "Each marker's judgements" }
            ul { @for j in &v.judgements {
                li { (v.markers.iter().find(|(m, _)| *m == j.marker_id).map_or(j.marker_id.as_str(), |(_, n)| n.as_str())) ", " (reference(p, &j.criterion_id)) ": " (j.outcome.words()) @if !j.comment.is_empty() { ". " (j.comment) } }
            } }
            @if is_iqa { (agree_forms(p)) }
        }
    }
}

fn agree_forms(p: &ExercisePage<'_>) -> Markup {
    let v = p.view;
    html! {
        h3 { "Record the agreed outcomes" }
        @for (n, (id, _)) in v.criteria.iter().enumerate() {
            @let reference = reference(p, id);
            @if !v.decisions.iter().any(|d| d.criterion_id == *id) {
                form method="post" action={ "/double-marking/" (v.exercise.id) "/agreed" } {
                    (csrf(&p.current.session.csrf_token))
                    input type="hidden" name="criterion_id" value=(id);
                    fieldset {
                        legend { "Agreed outcome for " (reference) }
                        label class="radio" for={ "agreed-met-" (n) } { input type="radio" id={ "agreed-met-" (n) } name="outcome" value="met" required; "Met" }
                        label class="radio" for={ "agreed-nym-" (n) } { input type="radio" id={ "agreed-nym-" (n) } name="outcome" value="not_yet_met"; "Not yet met" }
                    }
                    div class="field" {
                        label for={ "rationale-" (n) } { "Rationale" }
                        textarea id={ "rationale-" (n) } name="rationale" rows="3" required {}
                    }
                    button type="submit" { "Record the outcome for " (reference) }
                }
            }
        }
    }
}
