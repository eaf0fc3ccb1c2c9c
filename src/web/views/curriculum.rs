//! Public curriculum pages: the qualifications, each unit in full, and the SDS standards.
//! Items are shown by the specification's numbers and words; every item's id is kept under
//! "Technical details", so assessors and EQAs can still quote it.

use maud::{Markup, html};

use super::layout::Page;
use crate::curriculum::Curriculum;
use crate::curriculum::model::{
    AssessorRule, Framework, Outcome, Qualification, RangeEntry, Specification, Unit,
};

pub fn home(curriculum: &Curriculum) -> Markup {
    Page::new("Personalisation and self-directed support awards").render(html! {
        p { "Training, e-portfolio evidence, assessment and quality assurance for these qualifications." }
        (qualification_table(curriculum))
        h2 { "Frameworks" }
        ul {
            @for (_, framework) in curriculum.frameworks() {
                li { a href={ "/frameworks/" (framework.id) } { (framework.title) } }
            }
        }
    })
}

pub fn qualifications(curriculum: &Curriculum) -> Markup {
    Page::new("Qualifications")
        .trail("Home", "/")
        .render(qualification_table(curriculum))
}

fn qualification_table(curriculum: &Curriculum) -> Markup {
    html! {
        table {
            caption class="id" { "Qualifications on this platform" }
            thead { tr { th scope="col" { "Qualification" } th scope="col" { "Awarding body" } th scope="col" { "Number" } th scope="col" { "Credits" } } }
            tbody {
                @for (spec, q) in curriculum.qualifications() {
                    tr {
                        td data-label="Qualification" { a href={ "/qualifications/" (q.id) } { (q.title) } }
                        td data-label="Awarding body" { (spec.specification.awarding_body) }
                        td data-label="Number" { (q.number) @if let Some(a) = &q.accreditation_number { " (" (a) ")" } }
                        td data-label="Credits" { (q.credits_required) }
                    }
                }
            }
        }
    }
}

pub fn qualification(curriculum: &Curriculum, spec: &Specification, q: &Qualification) -> Markup {
    Page::new(&q.title)
        .trail("Home", "/")
        .trail("Qualifications", "/qualifications")
        .render(html! {
            dl class="facts" {
                dt { "Awarding body" } dd { (spec.specification.awarding_body) }
                dt { "Number" } dd { (q.number) }
                @if let Some(a) = &q.accreditation_number { dt { "Accreditation number" } dd { (a) } }
                dt { "Level" } dd { (q.level) " (" (level_framework(spec)) ")" }
                dt { "Credits" } dd { (q.credits_required) }
                dt { "Source" } dd { (spec.specification.document) ", " (spec.specification.published) ", version " (spec.specification.version) }
            }
            (references(&[("Qualification".to_owned(), q.id.as_str())]))
            h2 { "Rule of combination" }
            p { (q.rule_of_combination) }
            @if let Some(d) = &q.description { p { (d) } }
            h2 { "Units" }
            table {
                thead { tr { th scope="col" { "Unit" } th scope="col" { "Level" } th scope="col" { "Credits" } th scope="col" { "Hours" } th scope="col" { "Assessed by" } } }
                tbody {
                    @for unit in curriculum.units_of(q) {
                        tr {
                            td data-label="Unit" { a href={ "/units/" (unit.id) } { (unit.number) " " (unit.title) } }
                            td data-label="Level" { (unit.level) }
                            td data-label="Credits" { (unit.credits) }
                            td data-label="Hours" { (hours(unit)) }
                            td data-label="Assessed by" { (unit.assessment_method.label()) }
                        }
                    }
                }
            }
            @if let Some(entry) = &spec.entry {
                h2 { "Entry" }
                ul {
                    @if let Some(age) = entry.minimum_age { li { "Minimum age: " (age) } }
                    li { "Recognition of prior learning: " (if entry.rpl_allowed { "allowed" } else { "not allowed" }) }
                }
                @for s in &entry.statements { p { (s) } }
            }
            (staffing(spec))
        })
}

fn staffing(spec: &Specification) -> Markup {
    html! {
        @if let Some(rule) = &spec.expert_witness {
            h2 { "Expert witnesses" }
            @for s in &rule.statements { p { (s) } }
        }
        @if let Some(rule) = &spec.iqa {
            h2 { "Internal quality assurance" }
            @for s in &rule.statements { p { (s) } }
        }
    }
}

fn level_framework(spec: &Specification) -> &'static str {
    use crate::curriculum::model::LevelFramework;
    match spec.specification.level_framework {
        LevelFramework::Qcf => "QCF",
        LevelFramework::Scqf => "SCQF",
        LevelFramework::None => "no level",
    }
}

fn hours(unit: &Unit) -> String {
    match (unit.guided_learning_hours, unit.notional_hours) {
        (Some(glh), _) => format!("{glh} guided learning hours"),
        (None, Some(n)) => format!("{n} notional hours"),
        (None, None) => "not stated".to_owned(),
    }
}

pub fn unit(spec: &Specification, unit: &Unit) -> Markup {
    let title = format!("Unit {}: {}", unit.number, unit.title);
    Page::new(&title)
        .trail("Home", "/")
        .trail("Qualifications", "/qualifications")
        .render(html! {
            dl class="facts" {
                @if let Some(a) = &unit.accreditation_number { dt { "Unit accreditation number" } dd { (a) } }
                dt { "Level" } dd { (unit.level) " (" (level_framework(spec)) ")" }
                dt { "Credits" } dd { (unit.credits) }
                dt { "Hours" } dd { (hours(unit)) }
                dt { "Assessed by" } dd { (unit.assessment_method.label()) }
            }
            (references(&[("Unit".to_owned(), unit.id.as_str())]))
            h2 { "Aim" }
            p { (unit.aim) }
            h2 { "Assessment" }
            @for p in &unit.assessment { p { (p) } }
            (evidence(unit))
            @if let Some(rule) = &unit.assessor { (assessor(rule)) }
            @for outcome in &unit.outcomes { (outcome_section(outcome)) }
            @if !unit.evidence_requirements.is_empty() {
                section aria-labelledby="ers" {
                    h2 id="ers" { "Evidence Requirements" }
                    ol class="criteria" {
                        @for er in &unit.evidence_requirements {
                            li id=(er.id) { span class="number" { (er.number) } (er.text) }
                        }
                    }
                    (references(&unit.evidence_requirements.iter().map(|er| (format!("Evidence Requirement {}", er.number), er.id.as_str())).collect::<Vec<_>>()))
                }
            }
            @if let Some(project) = &unit.project {
                h2 { "Assessment guidelines" }
                p { "Project assignment of no more than " (project.max_words) " words." }
                @for g in &project.guidelines { p { (g) } }
                @if !project.suggested_underpinning.is_empty() {
                    ul { @for s in &project.suggested_underpinning { li { (s) } } }
                }
                p class="panel" { (project.sampling_rule) }
            }
            @for prior in &unit.recommended_prior_units {
                h2 { "Recommended prior unit" }
                p { (prior.code) " " (prior.title) ": " (prior.statement) }
            }
            @for section in &unit.supporting_information {
                h2 { (section.heading) }
                ul { @for e in &section.entries { li { (e) } } }
            }
        })
}

fn evidence(unit: &Unit) -> Markup {
    html! {
        h2 { "Evidence" }
        @if unit.evidence.real_work_environment {
            p { "Evidence must come from real work activities in a real work environment." }
        }
        @if !unit.evidence.required_any_of.is_empty() {
            p { "Required before sign-off, at least one of: "
                (unit.evidence.required_any_of.iter().map(|m| m.label()).collect::<Vec<_>>().join("; ")) "." }
        }
        p { "Methods that may be used: " (unit.evidence.permitted.iter().map(|m| m.label()).collect::<Vec<_>>().join("; ")) "." }
    }
}

fn assessor(rule: &AssessorRule) -> Markup {
    html! {
        h2 { "Assessors" }
        @for s in &rule.statements { p { (s) } }
    }
}

fn outcome_section(outcome: &Outcome) -> Markup {
    let heading = format!("h-{}", outcome.id);
    html! {
        section class="outcome" id=(outcome.id) aria-labelledby=(heading) {
            h2 id=(heading) { "Outcome " (outcome.number) ": " (outcome.text) }
            @if !outcome.criteria.is_empty() {
                h3 { "Assessment criteria" }
                ol class="criteria" {
                    @for c in &outcome.criteria {
                        li id=(c.id) {
                            span class="number" { (c.number) } (c.text)
                            @if !c.points.is_empty() { ul { @for p in &c.points { li { (p) } } } }
                        }
                    }
                }
            }
            @if !outcome.range.is_empty() {
                h3 { "Range" }
                @for r in &outcome.range { (range_entry(r)) }
            }
            @if !outcome.knowledge_skills.is_empty() {
                h3 { "Knowledge and/or Skills" }
                ol class="criteria" {
                    @for k in &outcome.knowledge_skills {
                        li id=(k.id) { span class="number" { (k.number) } (k.text) }
                    }
                }
            }
            (references(&outcome_references(outcome)))
        }
    }
}

/// Every id an outcome gives its items, labelled by the specification's numbers.
fn outcome_references(outcome: &Outcome) -> Vec<(String, &str)> {
    let mut rows = vec![(format!("Outcome {}", outcome.number), outcome.id.as_str())];
    rows.extend(
        outcome
            .criteria
            .iter()
            .map(|c| (format!("Criterion {}", c.number), c.id.as_str())),
    );
    rows.extend(
        outcome
            .range
            .iter()
            .map(|r| (format!("Range: {}", r.heading), r.id.as_str())),
    );
    rows.extend(
        outcome
            .knowledge_skills
            .iter()
            .map(|k| (format!("Knowledge/Skills {}", k.number), k.id.as_str())),
    );
    rows
}

/// The ids of what a page shows, folded away under "Technical details": people read the
/// numbers and words, an auditor quoting a record finds the id here.
fn references(rows: &[(String, &str)]) -> Markup {
    html! {
        @if !rows.is_empty() {
            details class="technical" {
                summary { "Technical details" }
                dl {
                    @for (label, id) in rows {
                        dt { (label) }
                        dd { span class="id" { (id) } }
                    }
                }
            }
        }
    }
}

fn range_entry(r: &RangeEntry) -> Markup {
    html! {
        div class="panel" id=(r.id) {
            h4 { (r.heading) }
            p { (r.text) }
            @if !r.items.is_empty() {
                ul { @for (i, item) in r.items.iter().enumerate() { li id=(r.item_id(i)) { (item) } } }
            }
            @if let Some(note) = &r.note { p { (note) } }
        }
    }
}

pub fn framework(spec: &Specification, framework: &Framework) -> Markup {
    Page::new(&framework.title).trail("Home", "/").render(html! {
        p { (framework.introduction) }
        p { (spec.specification.awarding_body) }
        (references(&[("Framework".to_owned(), framework.id.as_str())]))
        nav aria-label="Standards" {
            ol { @for s in &framework.standards { li { a href={ "#" (s.id) } { (s.title) } } } }
        }
        @for s in &framework.standards {
            @let heading = format!("h-{}", s.id);
            section class="outcome" id=(s.id) aria-labelledby=(heading) {
                h2 id=(heading) { "Standard " (s.number) ": " (s.title) }
                p { (s.statement) }
                h3 { "Practice statements" }
                @for p in &s.practice_statements { p { (p) } }
                h3 { "Core components" }
                ol class="criteria" {
                    @for c in &s.components {
                        li id=(c.id) { span class="number" { (c.number) } (c.text) }
                    }
                }
                (references(&s.components.iter().map(|c| (format!("Core component {}", c.number), c.id.as_str())).collect::<Vec<_>>()))
            }
        }
    })
}
