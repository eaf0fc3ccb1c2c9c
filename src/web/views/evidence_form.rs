//! The one-step evidence form: the item's fields, several files (drag and drop where script
//! runs), the mapping grouped by outcome in the specification's words with "all criteria of this
//! outcome", a filter, the SDS cross-reference folded away, the declaration and two buttons.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem, select, textarea};
use super::layout::Page;
use super::words;
use crate::actions::evidence::items::OneStep;
use crate::curriculum::Curriculum;
use crate::curriculum::model::{Outcome, Unit};
use crate::domain::evidence::EvidenceKind;
use crate::domain::people::FieldError;
use crate::web::auth::CurrentUser;

/// What the page needs: who, whose registration, what was sent before (kept on a refusal).
pub struct OneStepPage<'a> {
    pub current: &'a CurrentUser,
    pub registration_id: &'a str,
    pub qualification_id: &'a str,
    pub curriculum: &'a Curriculum,
    pub kinds: &'a [EvidenceKind],
    pub is_learner: bool,
    pub form: &'a OneStep,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    /// For an item already there (a draft, or returned by the assessor): where the form posts,
    /// its title, and the files it has.
    pub existing: Option<Existing<'a>>,
}

/// An item changed on the one-step page: its kind and date stay as they are.
pub struct Existing<'a> {
    pub evidence_id: &'a str,
    pub title: &'a str,
    pub kind_label: &'a str,
    pub files: Vec<String>,
}

/// The file types accepted, for the picker (the bytes decide; this only helps the picker).
const ACCEPT: &str = ".pdf,.docx,.doc,.xlsx,.xls,.pptx,.ppt,.odt,.txt,.md,image/jpeg,image/png,image/heic,.heic,audio/*,video/mp4,video/webm";

pub fn page(p: &OneStepPage<'_>) -> Markup {
    let (action, heading) = match &p.existing {
        Some(e) => (
            format!("/evidence/{}/one-step", e.evidence_id),
            "Change and submit evidence",
        ),
        None => (
            format!("/registrations/{}/evidence/new", p.registration_id),
            "Add evidence",
        ),
    };
    let mut page = Page::new(heading)
        .user(Some(p.current))
        .trail("Home", "/home")
        .trail(
            "Registration",
            format!("/registrations/{}", p.registration_id),
        );
    if let Some(e) = &p.existing {
        page = page.trail(e.title, format!("/evidence/{}", e.evidence_id));
    }
    page.render(html! {
            script src="/static/evidence.js" defer {}
            div id="problems" {
                (error_summary(p.errors))
                (form_problem(p.problem))
            }
            p { "Fill in what you did, add your files, choose the criteria it shows, then sign and submit it in one go. You can also save it as a draft and finish it later." }
            form id="one-step" method="post" action=(action) enctype="multipart/form-data" novalidate {
                (csrf(&p.current.session.csrf_token))
                (fields(p))
                (files_field(p))
                (mapping(p))
                (declaration(p))
                div class="actions" {
                    @if p.is_learner {
                        button type="submit" name="intent" value="submit" class="primary" { "Sign and submit" }
                    }
                    button type="submit" name="intent" value="draft" class="secondary" { "Save as draft" }
                }
            }
        })
}

fn fields(p: &OneStepPage<'_>) -> Markup {
    let kinds: Vec<(String, String)> = std::iter::once((String::new(), "Choose a kind".to_owned()))
        .chain(
            p.kinds
                .iter()
                .map(|k| (k.code().to_owned(), k.label().to_owned())),
        )
        .collect();
    let input = &p.form.input;
    html! {
        @if let Some(e) = &p.existing {
            // Kept as they are: an edit changes the content, not what kind of evidence it is or when.
            dl class="facts" {
                dt { "Kind of evidence" } dd { (e.kind_label) }
                dt { "Date of the activity" } dd { (words::stored(&input.activity_date)) }
            }
            input type="hidden" name="kind" value=(input.kind);
            input type="hidden" name="activity_date" value=(input.activity_date);
            (Input::new("title", "Title").value(&input.title).render(p.errors))
        } @else {
            (select("kind", "Kind of evidence", &kinds, &input.kind, p.errors))
            (Input::new("title", "Title").value(&input.title).render(p.errors))
            (Input::new("activity_date", "Date of the activity").kind("date").value(&input.activity_date).render(p.errors))
        }
        (textarea("description", "What this shows (optional)", &input.description, p.errors))
        (textarea("text", "Write your evidence here (Markdown: **bold**, lists with -, headings with #)", &input.text, p.errors))
    }
}

fn files_field(p: &OneStepPage<'_>) -> Markup {
    let problems: Vec<&FieldError> = p.errors.iter().filter(|e| e.field == "files").collect();
    let attached = p
        .existing
        .as_ref()
        .map(|e| e.files.as_slice())
        .unwrap_or_default();
    html! {
        @if !attached.is_empty() {
            h2 { "Files attached already" }
            ul { @for name in attached { li { (name) } } }
        }
        div class={ "field files" @if !problems.is_empty() { " invalid" } } {
            label for="files" { @if attached.is_empty() { "Files (optional; choose several at once if you like)" } @else { "More files (optional; choose several at once if you like)" } }
            p class="hint" id="files-hint" { "PDF, Word (DOCX, DOC), Excel (XLSX, XLS), PowerPoint (PPTX, PPT), OpenDocument text, text or Markdown, a photo (JPEG, PNG, HEIC), or a recording (MP3, M4A, WAV, MP4, WebM). On a phone you can take a photo or record straight away." }
            @if !problems.is_empty() {
                p class="error" { "Choose these files again once the problem is put right; the others were not kept either." }
                ul class="error" { @for e in &problems { li { (e.message) } } }
            }
            input type="file" id="files" name="files" multiple accept=(ACCEPT) aria-describedby="files-hint";
        }
    }
}

fn mapping(p: &OneStepPage<'_>) -> Markup {
    let Some((_, qualification)) = p.curriculum.qualification(p.qualification_id) else {
        return html! {};
    };
    let chosen = |id: &str| p.form.criteria.iter().any(|c| c == id);
    let error = p.errors.iter().find(|e| e.field == "criteria");
    html! {
        section id="criteria" tabindex="-1" aria-labelledby="criteria-title" class={ "mapping" @if error.is_some() { " invalid" } } {
            h2 id="criteria-title" { "Criteria this evidence shows" }
            @if let Some(e) = error { p class="error" { (e.message) } }
            p class="hint" { "Open an outcome to choose its criteria, or all of them at once." }
            div class="field criteria-filter" hidden {
                label for="criteria-filter" { "Show only criteria containing" }
                input type="search" id="criteria-filter" autocomplete="off";
            }
            @for unit in p.curriculum.units_of(qualification) {
                @for outcome in &unit.outcomes { (outcome_group(p, unit, outcome, &chosen)) }
                @if !unit.evidence_requirements.is_empty() {
                    @let open = unit.evidence_requirements.iter().any(|e| chosen(&e.id));
                    details class="outcome" open[open] {
                        summary { "Unit " (unit.number) ": Evidence Requirements" }
                        fieldset {
                            legend class="visually-hidden" { "Evidence Requirements" }
                            @for e in &unit.evidence_requirements {
                                (checkbox(&e.id, &format!("Evidence Requirement {}: {}", e.number, e.text.trim()), chosen(&e.id)))
                            }
                        }
                    }
                }
            }
            (sds(p, &chosen))
        }
    }
}

/// One outcome: its wording in the summary, "all criteria of this outcome", each criterion (or
/// Knowledge/Skills item) in words, and its range folded away.
fn outcome_group(
    p: &OneStepPage<'_>,
    unit: &Unit,
    outcome: &Outcome,
    chosen: &dyn Fn(&str) -> bool,
) -> Markup {
    let ids: Vec<&str> = outcome
        .criteria
        .iter()
        .map(|c| c.id.as_str())
        .chain(outcome.knowledge_skills.iter().map(|k| k.id.as_str()))
        .collect();
    let whole = p.form.whole_outcomes.iter().any(|o| o == &outcome.id);
    let ticked = ids.iter().filter(|id| chosen(id)).count();
    let range_ticked = outcome
        .range
        .iter()
        .any(|r| (0..r.items.len()).any(|i| chosen(&r.item_id(i))));
    let all_id = format!("all-{}", outcome.id);
    html! {
        details class="outcome" open[whole || ticked > 0 || range_ticked] {
            summary { "Unit " (unit.number) ", outcome " (outcome.number) ": " (outcome.text.trim()) }
            fieldset {
                legend class="visually-hidden" { "Unit " (unit.number) ", outcome " (outcome.number) }
                label class="checkbox all" for=(all_id) {
                    input type="checkbox" id=(all_id) name="whole_outcomes" value=(outcome.id) checked[whole];
                    strong { "All criteria of this outcome" }
                }
                @for c in &outcome.criteria { (checkbox(&c.id, &format!("{} {}", c.number, c.text.trim()), whole || chosen(&c.id))) }
                @for k in &outcome.knowledge_skills { (checkbox(&k.id, &format!("Knowledge/Skills {}: {}", k.number, k.text.trim()), whole || chosen(&k.id))) }
            }
            @if outcome.range.iter().any(|r| !r.items.is_empty()) {
                details class="range" open[range_ticked] {
                    summary { "Range for outcome " (outcome.number) " (optional)" }
                    @for range in &outcome.range {
                        @if !range.items.is_empty() {
                            fieldset {
                                legend { (range.heading) }
                                @for (i, text) in range.items.iter().enumerate() { (checkbox(&range.item_id(i), text, chosen(&range.item_id(i)))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn sds(p: &OneStepPage<'_>, chosen: &dyn Fn(&str) -> bool) -> Markup {
    let any = p.curriculum.frameworks().any(|(_, f)| {
        f.standards
            .iter()
            .any(|s| s.components.iter().any(|c| chosen(&c.id)))
    });
    html! {
        details class="sds" open[any] {
            summary { "Self-directed Support Framework of Standards (optional cross-reference)" }
            @for (_, framework) in p.curriculum.frameworks() {
                @for s in &framework.standards {
                    fieldset {
                        legend { "Standard " (s.number) ": " (s.title) }
                        @for c in &s.components { (checkbox(&c.id, &format!("{} {}", c.number, c.text), chosen(&c.id))) }
                    }
                }
            }
        }
    }
}

fn declaration(p: &OneStepPage<'_>) -> Markup {
    html! {
        @if p.is_learner {
            fieldset class="declaration" {
                legend { h2 { "Declaration" } }
                p { "I declare that this evidence is my own work." }
                (Input::new("typed_name", "Type your full name to sign").value(&p.form.typed_name).autocomplete("name").hint("Needed to sign and submit; not needed to save a draft.").render(p.errors))
            }
        }
    }
}

fn checkbox(id: &str, label: &str, checked: bool) -> Markup {
    let element = format!("map-{id}");
    html! {
        label class="checkbox" for=(element) {
            input type="checkbox" id=(element) name="criteria" value=(id) checked[checked];
            span { (label) }
        }
    }
}
