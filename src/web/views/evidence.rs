//! Evidence pages: a registration's evidence list and the form to add an item, one item (content,
//! files, mapping, declaration, submission, every version), and the tracker.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, select, textarea};
use super::layout::Page;
use super::markdown;
use super::words;
use crate::actions::evidence::items::{EvidenceInput, EvidenceView};
use crate::curriculum::Curriculum;
use crate::domain::evidence::{EvidenceKind, EvidenceStatus};
use crate::domain::people::FieldError;
use crate::store::evidence::{EvidenceItem, EvidenceVersion};
use crate::web::auth::CurrentUser;

fn kinds() -> Vec<(String, String)> {
    EvidenceKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect()
}

fn kind_label(code: &str) -> &'static str {
    EvidenceKind::parse(code).map_or("Evidence", |k| k.label())
}

/// A file's type in words ("PDF", "Word (DOCX)"), never its MIME type.
pub fn file_type_words(media_type: &str) -> &'static str {
    crate::files::MediaType::from_mime(media_type).map_or("file", |m| m.name())
}

/// A SHA-256 fingerprint, folded away: auditors open it, everyone else reads the words.
fn fingerprint(label: &str, sha256: &str) -> Markup {
    html! {
        details class="technical" {
            summary { "Technical details" }
            p { (label) " (SHA-256): " span class="id" { (sha256) } }
        }
    }
}

/// The form fields shared by adding and editing an item.
fn fields(input: &EvidenceInput, errors: &[FieldError]) -> Markup {
    html! {
        (select("kind", "Kind of evidence", &kinds(), &input.kind, errors))
        (Input::new("title", "Title").value(&input.title).render(errors))
        (Input::new("activity_date", "Date of the activity").kind("date").value(&input.activity_date).render(errors))
        (textarea("description", "What this shows (optional)", &input.description, errors))
        (textarea("text", "Write your evidence here (Markdown: **bold**, lists with -, headings with #)", &input.text, errors))
    }
}

/// On a registration's page: its evidence and, for the learner or their assessor, the form to add one.
pub fn section(
    registration_id: &str,
    items: &[(EvidenceItem, EvidenceVersion)],
    can_write: bool,
) -> Markup {
    html! {
        h2 id="evidence" { "Evidence" }
        p { a href={ "/registrations/" (registration_id) "/tracker" } { "Open the tracker: what is evidenced and what is missing" } }
        @if items.is_empty() { p { "No evidence yet." } }
        @else {
            table class="stack" {
                thead { tr { th scope="col" { "Title" } th scope="col" { "Kind" } th scope="col" { "Date" } th scope="col" { "Status" } th scope="col" { "Words" } } }
                tbody {
                    @for (item, version) in items {
                        tr {
                            td data-label="Title" { a href={ "/evidence/" (item.id) } { (item.title) } }
                            td data-label="Kind" { (kind_label(&item.kind)) }
                            td data-label="Date" { (words::day(item.activity_date)) }
                            td data-label="Status" { (item.status.label()) }
                            td data-label="Words" { (version.word_count.map(|w| w.to_string()).unwrap_or_default()) }
                        }
                    }
                }
            }
        }
        @if can_write {
            h3 id="add-evidence" { "Add evidence" }
            p { a class="button" href={ "/registrations/" (registration_id) "/evidence/new" } { "Add evidence" } }
            p class="hint" { "One page: what you did, your files, the criteria it shows, and your declaration." }
        }
    }
}

pub struct ItemPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub view: &'a EvidenceView,
    pub can_write: bool,
    pub is_learner: bool,
    /// The learner's allocated assessor (of any unit), who judges from here.
    pub is_assessor: bool,
    pub errors: &'a [FieldError],
    pub notice: Option<&'a str>,
    /// Judgements that relied on this item, oldest first: the assessor's feedback.
    pub feedback: &'a [crate::store::judgements::Judgement],
}

/// The assessor's judgements that relied on this item, newest first; feedback is plain text.
fn feedback(page: &ItemPage<'_>) -> Markup {
    html! {
        @if !page.feedback.is_empty() {
            h2 id="feedback" { "Assessor's feedback" }
            ul {
                @for j in page.feedback.iter().rev() {
                    li {
                        strong { (j.outcome.label()) }
                        " for " (page.curriculum.item_words(&j.unit_id, &j.item_id)) " (round " (j.round) ", " (words::moment(j.judged_at)) ")"
                        @if !j.feedback.is_empty() { p { (j.feedback) } }
                    }
                }
            }
            p { a href={ "/registrations/" (page.view.registration.id) "/assessment" } { "See every judgement in the assessment record" } }
        }
    }
}

pub fn item(page: &ItemPage<'_>) -> Markup {
    let v = page.view;
    let current = v.current();
    Page::new(&v.item.title)
        .user(Some(page.current))
        .notice(page.notice)
        .trail("Home", "/home")
        .trail("Registration", format!("/registrations/{}", v.registration.id))
        .render(html! {
            (error_summary(page.errors))
            (item_facts(v))
            @if page.is_learner && v.item.status == EvidenceStatus::Submitted {
                p class="panel" { "This evidence is with your assessor. It cannot be changed until they return it to you." }
            }
            @if page.is_assessor {
                p { a class="button" href={ "/evidence/" (v.item.id) "/marking" } { "Judge this evidence against its criteria" } }
            }
            @if let Some(c) = current {
                @if !c.description.is_empty() { h2 { "What this shows" } p { (c.description) } }
                @if !c.body_text.trim().is_empty() { h2 { "Evidence" } div class="panel" { (markdown::render(&c.body_text)) } }
            }
            (feedback(page))
            @if page.can_write {
                p { a class="button" href={ "/evidence/" (v.item.id) "/one-step" } { "Change, map and submit it on one page" } }
            }
            (files(v))
            (attach_form(page))
            (mapping(page))
            (declaration_forms(page))
            (edit_form(page))
            h2 { "Versions" }
            ol {
                @for version in &v.versions {
                    li {
                        "Version " (version.version) ", " (words::moment(version.created_at))
                        (fingerprint("Content fingerprint", &version.content_sha256))
                    }
                }
            }
        })
}

/// Kind, date, status, version, words and the declaration's state.
fn item_facts(v: &EvidenceView) -> Markup {
    let current = v.current();
    html! {
        dl class="facts" {
            dt { "Kind" } dd { (kind_label(&v.item.kind)) }
            dt { "Date of the activity" } dd { (words::day(v.item.activity_date)) }
            dt { "Status" } dd { (v.item.status.label()) }
            dt { "Version" } dd { (v.item.current_version) }
            @if let Some(words) = current.and_then(|c| c.word_count) { dt { "Words written here" } dd { (words) } }
            dt { "Declaration" } dd {
                @match &v.declaration {
                    Some(d) if v.declaration_valid() => {
                        "Signed by " (d.typed_name) " on " (words::moment(d.signed_at))
                        (fingerprint("What was signed", &d.content_sha256))
                    }
                    Some(_) => { "The content changed after it was signed: sign again before submitting." }
                    None => { "Not signed yet." }
                }
            }
        }
    }
}

/// Attach a file, for whoever may write to the item.
fn attach_form(page: &ItemPage<'_>) -> Markup {
    let v = page.view;
    html! {
        @if page.can_write {
            h3 id="attach" { "Attach a file" }
            p { "PDF, Word (DOCX), OpenDocument text, text or Markdown, a photo (JPEG, PNG, HEIC), or a recording (MP3, M4A, WAV, MP4, WebM). On a phone you can take a photo or record straight away." }
            form method="post" action={ "/evidence/" (v.item.id) "/files" } enctype="multipart/form-data" {
                (csrf(&page.current.session.csrf_token))
                div class="field" {
                    label for="file" { "File" }
                    input type="file" id="file" name="file" required
                        accept=".pdf,.docx,.odt,.txt,.md,image/jpeg,image/png,image/heic,.heic,audio/*,video/mp4,video/webm,image/*";
                }
                button type="submit" class="secondary" { "Attach" }
            }
        }
    }
}

/// The learner signs the declaration, then submits the item for assessment.
fn declaration_forms(page: &ItemPage<'_>) -> Markup {
    let v = page.view;
    let base = format!("/evidence/{}", v.item.id);
    html! {
        @if page.is_learner && v.item.status != EvidenceStatus::Submitted {
            h2 id="declare" { "Declaration and submission" }
            form method="post" action={ (base) "/declaration" } novalidate {
                (csrf(&page.current.session.csrf_token))
                p { "I declare that this evidence is my own work." }
                (Input::new("typed_name", "Type your full name to sign").autocomplete("name").render(page.errors))
                button type="submit" class="secondary" { "Sign the declaration" }
            }
            form method="post" action={ (base) "/submit" } {
                (csrf(&page.current.session.csrf_token))
                button type="submit" class="primary" { "Submit for assessment" }
            }
        }
    }
}

/// A new version of the item's text, filled with the current one.
fn edit_form(page: &ItemPage<'_>) -> Markup {
    let v = page.view;
    let current = v.current();
    let base = format!("/evidence/{}", v.item.id);
    html! {
        @if page.can_write {
            h2 id="edit" { "Edit" }
            p { "Saving a change keeps the earlier version and returns the item to draft; the declaration must then be signed again." }
            form method="post" action=(base) novalidate {
                (csrf(&page.current.session.csrf_token))
                @let input = EvidenceInput {
                    kind: v.item.kind.clone(),
                    title: v.item.title.clone(),
                    activity_date: v.item.activity_date.to_string(),
                    description: current.map(|c| c.description.clone()).unwrap_or_default(),
                    text: current.map(|c| c.body_text.clone()).unwrap_or_default(),
                };
                (fields(&input, &[]))
                button type="submit" class="secondary" { "Save a new version" }
            }
        }
    }
}

fn files(v: &EvidenceView) -> Markup {
    html! {
        @if !v.files.is_empty() {
            h2 { "Files" }
            ul {
                @for f in &v.files {
                    li {
                        a href={ "/evidence/" (v.item.id) "/files/" (f.id) } download { (f.filename) }
                        " (" (file_type_words(&f.media_type)) ", " (f.size_bytes) " bytes" @if let Some(w) = f.word_count { ", " (w) " words" } ")"
                    }
                }
            }
        }
    }
}

fn mapping(page: &ItemPage<'_>) -> Markup {
    let v = page.view;
    let Some((_, qualification)) = page
        .curriculum
        .qualification(&v.registration.qualification_id)
    else {
        return html! {};
    };
    let checked = |id: &str| v.mappings.iter().any(|m| m == id);
    html! {
        h2 id="mapping" { "Criteria this evidence shows" }
        @if !page.can_write {
            ul class="mapped" { @for m in &v.mappings { li { (mapped_words(page.curriculum, m)) } } }
        } @else {
            form method="post" action={ "/evidence/" (v.item.id) "/mappings" } {
                (csrf(&page.current.session.csrf_token))
                @for unit in page.curriculum.units_of(qualification) {
                    @for outcome in &unit.outcomes {
                        fieldset class="field" {
                            legend { "Unit " (unit.number) ", outcome " (outcome.number) ": " (outcome.text) }
                            @for c in &outcome.criteria { (checkbox(&c.id, &format!("{} {}", c.number, c.text), checked(&c.id))) }
                            @for k in &outcome.knowledge_skills { (checkbox(&k.id, &k.text, checked(&k.id))) }
                        }
                    }
                    @if !unit.evidence_requirements.is_empty() {
                        fieldset class="field" {
                            legend { "Evidence Requirements" }
                            @for e in &unit.evidence_requirements { (checkbox(&e.id, &format!("{} {}", e.number, e.text), checked(&e.id))) }
                        }
                    }
                    @for outcome in &unit.outcomes {
                        @for range in &outcome.range {
                            @if !range.items.is_empty() {
                                details {
                                    summary { "Range for outcome " (outcome.number) ": " (range.heading) }
                                    fieldset class="field" {
                                        legend { (range.heading) }
                                        @for (i, text) in range.items.iter().enumerate() { (checkbox(&range.item_id(i), text, checked(&range.item_id(i)))) }
                                    }
                                }
                            }
                        }
                    }
                }
                details {
                    summary { "Self-directed Support Framework of Standards (optional cross-reference)" }
                    @for (_, framework) in page.curriculum.frameworks() {
                        @for s in &framework.standards {
                            fieldset class="field" {
                                legend { "Standard " (s.number) ": " (s.title) }
                                @for c in &s.components { (checkbox(&c.id, &format!("{} {}", c.number, c.text), checked(&c.id))) }
                            }
                        }
                    }
                }
                button type="submit" class="secondary" { "Save mapping" }
            }
        }
    }
}

/// A mapped item in the specification's words: a criterion, Knowledge/Skills item or Evidence
/// Requirement, a range item, or an SDS core component, of any unit; the id only if nothing
/// knows it (a curriculum change under stored records).
pub fn mapped_words(curriculum: &Curriculum, id: &str) -> String {
    let units = curriculum
        .specifications()
        .iter()
        .flat_map(|s| s.units.iter());
    if let Some(words) = curriculum.any_item_words(id) {
        return words;
    }
    for unit in units {
        for outcome in &unit.outcomes {
            for range in &outcome.range {
                if let Some(text) = (0..range.items.len())
                    .find(|i| range.item_id(*i) == id)
                    .and_then(|i| range.items.get(i))
                {
                    return format!(
                        "Range of outcome {}, {}: {text}",
                        outcome.number, range.heading
                    );
                }
            }
        }
    }
    curriculum
        .frameworks()
        .flat_map(|(_, f)| f.standards.iter())
        .flat_map(|s| s.components.iter())
        .find(|c| c.id == id)
        .map_or_else(|| id.to_owned(), |c| format!("SDS {} {}", c.number, c.text))
}

fn checkbox(id: &str, label: &str, checked: bool) -> Markup {
    let element = format!("map-{id}");
    html! {
        label class="checkbox" for=(element) {
            input type="checkbox" id=(element) name="criteria" value=(id) checked[checked];
            (label)
        }
    }
}
