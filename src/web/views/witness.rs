//! Testimony pages for people with an account: a registration's requests and the form to ask a
//! witness, and one request with the signed testimony and the assessor's decision form.

use maud::{Markup, html};

use super::evidence::mapped_words;
use super::forms::{Input, csrf, error_summary, form_problem, textarea};
use super::layout::Page;
use super::words;
use crate::actions::assessment::witness::TestimonyView;
use crate::curriculum::Curriculum;
use crate::domain::people::FieldError;
use crate::domain::witness::RequestFields;
use crate::store::registrations::Registration;
use crate::store::witness::{TestimonyRequest, WitnessTestimony};
use crate::web::auth::CurrentUser;

/// Checkboxes for the assessable items of a qualification (criteria, Knowledge/Skills, Evidence
/// Requirements), one fieldset per outcome. The first box carries the group's name as its id,
/// so the error summary's link lands on it. `only` limits the boxes to those ids.
pub fn item_checkboxes(
    curriculum: &Curriculum,
    qualification_id: &str,
    name: &str,
    checked: &[String],
    only: Option<&[String]>,
) -> Markup {
    let Some((_, qualification)) = curriculum.qualification(qualification_id) else {
        return html! {};
    };
    let shown = |id: &str| only.is_none_or(|ids| ids.iter().any(|i| i == id));
    let mut first = true;
    let mut boxes = Vec::new();
    for unit in curriculum.units_of(qualification) {
        for outcome in &unit.outcomes {
            let legend = format!(
                "Unit {}, outcome {}: {}",
                unit.number, outcome.number, outcome.text
            );
            let items: Vec<(String, String)> = outcome
                .criteria
                .iter()
                .map(|c| (c.id.clone(), format!("{} {}", c.number, c.text)))
                .chain(
                    outcome
                        .knowledge_skills
                        .iter()
                        .map(|k| (k.id.clone(), k.text.clone())),
                )
                .filter(|(id, _)| shown(id))
                .collect();
            boxes.push((legend, items));
        }
        let requirements: Vec<(String, String)> = unit
            .evidence_requirements
            .iter()
            .map(|e| (e.id.clone(), format!("{} {}", e.number, e.text)))
            .filter(|(id, _)| shown(id))
            .collect();
        boxes.push((
            format!("Unit {}: Evidence Requirements", unit.number),
            requirements,
        ));
    }
    html! {
        @for (legend, items) in boxes.iter().filter(|(_, items)| !items.is_empty()) {
            fieldset class="field" {
                legend { (legend) }
                @for (id, text) in items {
                    @let element = if std::mem::take(&mut first) { name.to_owned() } else { format!("{name}-{id}") };
                    label class="checkbox" for=(element) {
                        input type="checkbox" id=(element) name=(name) value=(id) checked[checked.contains(id)];
                        (text)
                    }
                }
            }
        }
    }
}

/// Text a person wrote, as paragraphs; always escaped.
pub fn paragraphs(text: &str) -> Markup {
    html! {
        @for part in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            p class="pre-line" { (part) }
        }
    }
}

pub struct RequestsPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub registration: &'a Registration,
    pub learner_name: &'a str,
    pub requests: &'a [TestimonyRequest],
    pub can_ask: bool,
    pub fields: &'a RequestFields,
    pub errors: &'a [FieldError],
    pub notice: Option<&'a str>,
}

pub fn requests(page: &RequestsPage<'_>) -> Markup {
    let r = page.registration;
    let title = format!("Witness testimony: {}", page.learner_name);
    Page::new(&title)
        .user(Some(page.current))
        .notice(page.notice)
        .trail("Home", "/home")
        .trail("Registration", format!("/registrations/{}", r.id))
        .render(html! {
            @if page.requests.is_empty() { p { "Nobody has been asked for testimony yet." } }
            @else {
                table {
                    caption { "Testimony asked for" }
                    thead { tr { th scope="col" { "Witness" } th scope="col" { "Role" } th scope="col" { "Expert witness" } th scope="col" { "Asked on" } th scope="col" { "Status" } } }
                    tbody {
                        @for q in page.requests {
                            tr {
                                td data-label="Witness" { a href={ "/testimony/" (q.id) } { (q.witness_name) } }
                                td data-label="Role" { (q.witness_role) }
                                td data-label="Expert witness" { @if q.expert { "Yes" } @else { "No" } }
                                td data-label="Asked on" { (words::day(q.created_at.date())) }
                                td data-label="Status" { (q.status.label()) }
                            }
                        }
                    }
                }
            }
            @if page.can_ask { (ask_form(page)) }
        })
}

fn ask_form(page: &RequestsPage<'_>) -> Markup {
    let (f, errors) = (page.fields, page.errors);
    html! {
        h2 id="ask" { "Ask a witness for testimony" }
        p { "The witness is emailed a link that works once, for 14 days, with no account. They confirm who they are, write what they saw and sign it; the assessor then decides whether it counts as evidence." }
        (error_summary(errors))
        form method="post" action={ "/registrations/" (page.registration.id) "/testimony-requests" } novalidate {
            (csrf(&page.current.session.csrf_token))
            (Input::new("witness_name", "Witness's full name").value(&f.witness_name).render(errors))
            (Input::new("witness_email", "Witness's email address").kind("email").value(&f.witness_email).render(errors))
            (Input::new("witness_role", "Their job or role").value(&f.witness_role).render(errors))
            (Input::new("relationship", "How they know the learner").value(&f.relationship).hint("For example: line manager, colleague, the person supported").render(errors))
            div class={ "field" @if errors.iter().any(|e| e.field == "expert") { " invalid" } } {
                fieldset {
                    legend { "Expert witness" }
                    @if let Some(e) = errors.iter().find(|e| e.field == "expert") { p class="error" { (e.message) } }
                    label class="checkbox" for="expert" {
                        input type="checkbox" id="expert" name="expert" value="true" checked[f.expert];
                        "They act as an expert witness (they will be asked how they meet the awarding body's requirements, and may record an observation of practice)"
                    }
                }
            }
            (textarea("activity", "The activity they saw", &f.activity, errors))
            h3 { "Criteria the witness can speak to" }
            (item_checkboxes(page.curriculum, &page.registration.qualification_id, "criteria", &f.criteria, None))
            button type="submit" class="primary" { "Email the witness" }
        }
    }
}

pub struct TestimonyPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub view: &'a TestimonyView,
    pub can_decide: bool,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
}

pub fn testimony(page: &TestimonyPage<'_>) -> Markup {
    let (v, q) = (page.view, &page.view.request);
    let kind = if q.expert {
        "Expert witness testimony"
    } else {
        "Witness testimony"
    };
    let title = format!("{kind}: {}", q.witness_name);
    Page::new(&title)
        .user(Some(page.current))
        .notice(page.notice)
        .trail("Home", "/home")
        .trail("Registration", format!("/registrations/{}", v.registration.id))
        .trail("Witness testimony", format!("/registrations/{}/testimony", v.registration.id))
        .render(html! {
            dl class="facts" {
                dt { "Learner" } dd { (v.learner_name) }
                dt { "Witness" } dd { (q.witness_name) " (" (q.witness_role) "), " (q.relationship) }
                dt { "Status" } dd { (q.status.label()) }
                dt { "Activity" } dd { (q.activity) }
                dt { "Link" } dd {
                    @match q.link_used_at {
                        Some(at) => { "Used on " (at.format("%-d %B %Y %H:%M UTC")) }
                        None => { "Works until " (q.link_expires_at.format("%-d %B %Y %H:%M UTC")) }
                    }
                }
                @if let Some(reason) = &q.decision_reason { dt { "Reason for the decision" } dd { (reason) } }
                @if let Some(evidence) = &q.evidence_id { dt { "Evidence" } dd { a href={ "/evidence/" (evidence) } { "The evidence item this became" } } }
            }
            h2 { "Criteria in view" }
            (criteria_list(page.curriculum, &q.criteria))
            @if let Some(t) = &v.testimony { (signed(page.curriculum, t)) }
            @if page.can_decide { (decision_form(page)) }
        })
}

/// Criteria in the specification's words, one a line.
pub fn criteria_list(curriculum: &Curriculum, criteria: &[String]) -> Markup {
    html! {
        ul { @for id in criteria { li { (mapped_words(curriculum, id)) } } }
    }
}

/// A staff qualification (an assessor award an expert witness holds) by its title.
fn staff_qualification_title(curriculum: &Curriculum, id: &str) -> String {
    curriculum
        .specifications()
        .iter()
        .flat_map(|s| s.staff_qualifications.iter())
        .find(|q| q.id == id)
        .map_or_else(
            || id.to_owned(),
            |q| q.title.trim_end_matches('.').to_owned(),
        )
}

/// What the witness signed, read-only.
pub fn signed(curriculum: &Curriculum, t: &WitnessTestimony) -> Markup {
    let observed: Vec<String> = t
        .observation_criteria
        .iter()
        .flatten()
        .map(|id| mapped_words(curriculum, id))
        .collect();
    html! {
        h2 { "Testimony" }
        p { "Role declared: " (t.declared_role) }
        div class="panel" { (paragraphs(&t.testimony)) }
        @if !t.expert_statement.is_empty() {
            h3 { "How they meet the expert witness requirements" }
            (paragraphs(&t.expert_statement))
            ul {
                li { "Working knowledge of the units: " @if t.working_knowledge_of_units { "yes" } @else { "no" } }
                li { "Occupationally competent: " @if t.occupationally_competent { "yes" } @else { "no" } }
                li { "Work role that evaluates staff practice: " @if t.work_role_evaluates_practice { "yes" } @else { "no" } }
                li { "Assessment qualifications: " (t.assessment_qualifications.iter().map(|id| staff_qualification_title(curriculum, id)).collect::<Vec<_>>().join("; ")) }
            }
        }
        @if let Some(on) = t.observed_on {
            h3 { "Observation of practice" }
            p { (words::day(on)) ", " (t.observation_setting.as_deref().unwrap_or_default()) }
            (paragraphs(t.observation_narrative.as_deref().unwrap_or_default()))
            p { "Criteria observed: " (observed.join("; ")) }
        }
        p class="signature" {
            "Signed by " (t.signed_name) " on " (words::moment(t.signed_at))
        }
        details class="technical" {
            summary { "Technical details" }
            p { "Signed from network address " (t.client_address) }
            p { "Fingerprint of what was signed (SHA-256): " span class="id" { (t.content_sha256) } }
        }
    }
}

fn decision_form(page: &TestimonyPage<'_>) -> Markup {
    let (v, errors) = (page.view, page.errors);
    let in_view = &v.request.criteria;
    html! {
        h2 id="decide" { "Your decision" }
        (form_problem(page.problem))
        (error_summary(errors))
        form method="post" action={ "/testimony/" (v.request.id) "/decision" } novalidate {
            (csrf(&page.current.session.csrf_token))
            div class="field" {
                fieldset {
                    legend { "Accept this testimony as evidence?" }
                    @if let Some(e) = errors.iter().find(|e| e.field == "decision") { p class="error" { (e.message) } }
                    label class="checkbox" for="decision" { input type="radio" id="decision" name="decision" value="accept"; "Accept it as evidence" }
                    label class="checkbox" for="decision-reject" { input type="radio" id="decision-reject" name="decision" value="reject"; "Do not accept it" }
                }
            }
            (textarea("reason", "Reason (the learner reads it)", "", errors))
            h3 { "Map it to these criteria (when accepting)" }
            (item_checkboxes(page.curriculum, &v.registration.qualification_id, "criteria", in_view, None))
            button type="submit" class="primary" { "Record the decision" }
        }
    }
}
