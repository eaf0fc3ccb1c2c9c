//! The resources page: a centre's resources by outcome (Markdown rendered sanitised, links,
//! files, recordings, lived-experience credits), and for its tutors and centre administrators the
//! forms to add text, links and recordings, upload a file, and edit or hide a resource.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem, select, select_with_id};
use super::knowledge_checks::Frame;
use super::layout::Page;
use super::markdown;
use crate::actions::learning::resources::Item;
use crate::domain::resource::{ANONYMOUS, FILE, LINK, RECORDING, TEXT};

/// What the page lists and offers.
pub struct Listing<'a> {
    pub centre_id: &'a str,
    pub items: &'a [Item],
    /// (id, label) of the outcomes shown, in curriculum order.
    pub outcomes: &'a [(String, String)],
    pub qualifications: &'a [(String, String)],
    pub qualification_id: &'a str,
    pub builder: bool,
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        TEXT => "Text",
        FILE => "File",
        LINK => "Link",
        RECORDING => "Recording",
        _ => "Resource",
    }
}

/// `GET /centres/{centre_id}/resources`.
pub fn page(f: &Frame<'_>, l: &Listing<'_>) -> Markup {
    let page = Page::new("Resources")
        .user(Some(f.current))
        .notice(f.notice)
        .trail("Home", "/home")
        .trail("Programmes", format!("/centres/{}/programmes", l.centre_id));
    let mut filter = vec![(String::new(), "Every qualification".to_owned())];
    filter.extend(l.qualifications.iter().cloned());
    page.render(html! {
        (error_summary(f.errors))
        (form_problem(f.problem))
        form method="get" action={ "/centres/" (l.centre_id) "/resources" } {
            (select_with_id("filter-qualification", "qualification_id", "Show the resources of", &filter, l.qualification_id, &[]))
            button type="submit" { "Show" }
        }
        @for (id, label) in l.outcomes {
            @let here: Vec<&Item> = l.items.iter().filter(|i| i.outcome_ids.contains(id)).collect();
            @if !here.is_empty() {
                section aria-labelledby=(id) {
                    h2 id=(id) { (label) }
                    @for item in here { (resource(f, l, item)) }
                }
            }
        }
        @if l.builder {
            (add_form(f, l))
            (upload_form(f, l))
        }
    })
}

fn credit(item: &Item) -> Markup {
    html! {
        @if item.lived_experience {
            p class="credit" {
                "Contributed by a person with lived experience"
                @match item.credit.as_deref() {
                    Some(c) if c != ANONYMOUS => { ": " (c) "." },
                    _ => { " (anonymous)." },
                }
            }
        }
    }
}

fn resource(f: &Frame<'_>, l: &Listing<'_>, item: &Item) -> Markup {
    html! {
        article class="resource" {
            h3 { (item.title) " (" (kind_label(&item.kind)) ")" @if item.hidden { " — hidden from learners" } }
            @if !item.body.is_empty() { div class="markdown" { (markdown::render(&item.body)) } }
            @if let Some(url) = &item.url { p { a href=(url) { "Open " (item.title) } } }
            @if let Some(name) = &item.filename {
                p { a href={ "/centres/" (l.centre_id) "/resources/" (item.id) "/file" } { "Download " (name) } }
            }
            (credit(item))
            @if l.builder { (edit_form(f, l, item)) }
        }
    }
}

fn edit_form(f: &Frame<'_>, l: &Listing<'_>, item: &Item) -> Markup {
    let key = format!("r-{}", item.id);
    let (title, body, url, hidden) = (
        format!("{key}-title"),
        format!("{key}-body"),
        format!("{key}-url"),
        format!("{key}-hidden"),
    );
    html! {
        details {
            summary { "Edit or hide " (item.title) }
            form method="post" action={ "/centres/" (l.centre_id) "/resources/" (item.id) } {
                (csrf(&f.current.session.csrf_token))
                @for o in &item.outcome_ids { input type="hidden" name="outcome_ids" value=(o); }
                @if item.lived_experience { input type="hidden" name="lived_experience" value="true"; }
                @if let Some(c) = &item.credit { input type="hidden" name="credit" value=(c); }
                (Input::new("title", "Title").id(&title).value(&item.title).render(f.errors))
                div class="field" {
                    label for=(body) { "Text (Markdown)" }
                    textarea id=(body) name="body" rows="4" { (item.body) }
                }
                (Input::new("url", "Web address").id(&url).value(item.url.as_deref().unwrap_or("")).optional().render(f.errors))
                label class="checkbox" for=(hidden) {
                    input type="checkbox" id=(hidden) name="hidden" value="true" checked[item.hidden];
                    "Hide it from learners"
                }
                button type="submit" { "Save " (item.title) }
            }
        }
    }
}

/// Outcome checkboxes with ids prefixed, so two forms on the page can both carry them.
fn outcome_boxes(prefix: &str, f: &Frame<'_>, outcomes: &[(String, String)]) -> Markup {
    let error = f.errors.iter().find(|e| e.field == "outcome_ids");
    html! {
        fieldset id={ (prefix) "outcome_ids" } {
            legend { "Outcomes it serves" }
            @if let Some(e) = error { p class="error" { (e.message) } }
            @for (value, text) in outcomes {
                @let id = format!("{prefix}outcome-{value}");
                label class="checkbox" for=(id) {
                    input type="checkbox" id=(id) name="outcome_ids" value=(value);
                    (text)
                }
            }
        }
    }
}

fn lived(prefix: &str, f: &Frame<'_>) -> Markup {
    let (check, credit) = (
        format!("{prefix}lived_experience"),
        format!("{prefix}credit"),
    );
    html! {
        label class="checkbox" for=(check) {
            input type="checkbox" id=(check) name="lived_experience" value="true";
            "Contributed by a person with lived experience"
        }
        (Input::new("credit", "Their credit (leave empty to stay anonymous)").id(&credit).optional().render(f.errors))
    }
}

fn qualification_choice(l: &Listing<'_>) -> Vec<(String, String)> {
    l.qualifications
        .iter()
        .filter(|(id, _)| l.qualification_id.is_empty() || id == l.qualification_id)
        .cloned()
        .collect()
}

fn add_form(f: &Frame<'_>, l: &Listing<'_>) -> Markup {
    let kinds: Vec<(String, String)> = [TEXT, LINK, RECORDING]
        .iter()
        .map(|k| ((*k).to_owned(), kind_label(k).to_owned()))
        .collect();
    html! {
        section aria-labelledby="add-resource" {
            h2 id="add-resource" { "Add text, a link or a recording's address" }
            form method="post" action={ "/centres/" (l.centre_id) "/resources" } {
                (csrf(&f.current.session.csrf_token))
                (select("qualification_id", "Qualification", &qualification_choice(l), l.qualification_id, f.errors))
                (select("kind", "Kind", &kinds, TEXT, f.errors))
                (Input::new("title", "Title").render(f.errors))
                div class="field" {
                    label for="body" { "Text (Markdown)" }
                    textarea id="body" name="body" rows="6" {}
                }
                (Input::new("url", "Web address (links and recordings)").optional().render(f.errors))
                (outcome_boxes("", f, l.outcomes))
                (lived("", f))
                button type="submit" { "Add the resource" }
            }
        }
    }
}

fn upload_form(f: &Frame<'_>, l: &Listing<'_>) -> Markup {
    let kinds: Vec<(String, String)> = [FILE, RECORDING]
        .iter()
        .map(|k| ((*k).to_owned(), kind_label(k).to_owned()))
        .collect();
    let file_error = f.errors.iter().find(|e| e.field == "file");
    html! {
        section aria-labelledby="upload-resource" {
            h2 id="upload-resource" { "Upload a file or recording" }
            form method="post" enctype="multipart/form-data" action={ "/centres/" (l.centre_id) "/resources/upload" } {
                (csrf(&f.current.session.csrf_token))
                (select_with_id("up-qualification_id", "qualification_id", "Qualification", &qualification_choice(l), l.qualification_id, f.errors))
                (select_with_id("up-kind", "kind", "Kind", &kinds, FILE, f.errors))
                (Input::new("title", "Title").id("up-title").render(f.errors))
                div class="field" {
                    label for="up-body" { "Description (Markdown)" }
                    textarea id="up-body" name="body" rows="3" {}
                }
                (outcome_boxes("up-", f, l.outcomes))
                (lived("up-", f))
                div class={ "field" @if file_error.is_some() { " invalid" } } {
                    label for="file" { "File" }
                    @if let Some(e) = file_error { p class="error" id="file-error" { (e.message) } }
                    input type="file" id="file" name="file" required;
                }
                button type="submit" { "Upload the resource" }
            }
        }
    }
}
