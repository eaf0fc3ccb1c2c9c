//! The centre's sampling page: each plan (period, interim and summative dates, rates per
//! assessor, the CAMERA values to be sampled), the samples taken, and for an IQA the form to
//! write a plan or change one.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::forms::{Input, checkboxes, csrf, error_summary, form_problem, select, select_with_id};
use super::layout::Page;
use super::unit_sample;
use super::words;
use crate::actions::iqa::sample_list::SampleGroup;
use crate::actions::iqa::sampling::PlanWithRates;
use crate::domain::people::FieldError;
use crate::domain::sampling::camera::{Dimension, value_label};
use crate::domain::sampling::plan::{PlanInput, Risk};
use crate::web::auth::CurrentUser;

/// The plan form's values: empty for a new plan, a plan's for a change, or what was posted.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Empty for a new plan.
    pub plan_id: String,
    pub version: Option<i32>,
    pub input: PlanInput,
}

pub struct PlansPage<'a> {
    pub current: &'a CurrentUser,
    pub centre_id: &'a str,
    pub is_iqa: bool,
    pub plans: &'a [PlanWithRates],
    pub samples: &'a [SampleGroup],
    pub names: &'a BTreeMap<String, String>,
    /// The centre's assessors: (id, name).
    pub assessors: &'a [(String, String)],
    pub qualifications: &'a [(String, String)],
    /// Every unit: (id, "Unit 001: …").
    pub units: &'a [(String, String)],
    pub draft: &'a Draft,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
}

const METHODS: [&str; 7] = [
    "observation",
    "witness_testimony",
    "examination_of_work_products",
    "professional_discussion",
    "questioning",
    "assignment",
    "reflective_account",
];
const EVIDENCE_TYPES: [&str; 6] = [
    "written_in_platform",
    "document",
    "image",
    "audio_recording",
    "video_recording",
    "other_file",
];

fn name<'a>(names: &'a BTreeMap<String, String>, id: &'a str) -> &'a str {
    names.get(id).map_or(id, String::as_str)
}

fn risk_label(code: &str) -> String {
    Risk::parse(code).map_or_else(|| code.to_owned(), |r| r.label().to_owned())
}

pub fn page(p: &PlansPage<'_>) -> Markup {
    let c = p.centre_id;
    Page::new("Sampling")
        .user(Some(p.current))
        .notice(p.notice)
        .trail("Home", "/home")
        .render(html! {
            (form_problem(p.problem))
            nav aria-label="Sampling" {
                ul {
                    @if p.is_iqa { li { a href={ "/centres/" (c) "/sampling/proposal" } { "Propose a sample" } } }
                    li { a href={ "/centres/" (c) "/sampling/report" } { "Coverage report: CAMERA and rates per assessor" } }
                    li { a href={ "/centres/" (c) "/sampling/actions" } { "IQA actions and referral rate" } }
                }
            }
            section aria-labelledby="plans" {
                h2 id="plans" { "Sampling plans" }
                @if p.plans.is_empty() { p { "No sampling plan yet." } }
                @for plan in p.plans { (plan_view(p, plan)) }
            }
            (samples(p))
            @if p.is_iqa { (plan_form(p)) }
        })
}

/// A unit in words from the page's list; the id when the list lacks it.
fn unit_words(units: &[(String, String)], id: &str) -> String {
    units
        .iter()
        .find(|(u, _)| u == id)
        .map_or_else(|| id.to_owned(), |(_, w)| w.clone())
}

fn focus_words(values: &[String], words: impl Fn(&str) -> String) -> String {
    if values.is_empty() {
        "Every one present".to_owned()
    } else {
        values
            .iter()
            .map(|v| words(v))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn plan_view(p: &PlansPage<'_>, plan: &PlanWithRates) -> Markup {
    let (x, focus) = (&plan.plan, plan.focus());
    let heading = format!("plan-{}", x.id);
    let qualification = p
        .qualifications
        .iter()
        .find(|(id, _)| *id == x.qualification_id)
        .map_or(x.qualification_id.as_str(), |(_, title)| title.as_str());
    html! {
        article class="plan" aria-labelledby=(heading) {
            h3 id=(heading) { (qualification) ": " (words::day(x.period_start)) " to " (words::day(x.period_end)) }
            dl {
                dt { "Interim sampling on" } dd { (words::day(x.interim_on)) }
                dt { "Summative sampling on" } dd { (words::day(x.summative_on)) }
                dt { "Experienced assessors' rate" } dd { (x.experienced_rate) "%" }
                dt { "Version" } dd { (x.version) }
                @if !x.notes.is_empty() { dt { "Notes" } dd class="prewrap" { (x.notes) } }
            }
            table {
                caption { "Rate per assessor" }
                thead { tr { th scope="col" { "Assessor" } th scope="col" { "Risk" } th scope="col" { "Rate" } th scope="col" { "Signed off" } } }
                tbody {
                    @for r in &plan.rates {
                        tr {
                            th scope="row" { (name(p.names, &r.assessor_id)) }
                            td data-label="Risk" { (risk_label(&r.risk)) }
                            td data-label="Rate" { (r.rate) "%" }
                            td data-label="Signed off" { @match r.signed_off_at { Some(at) => { "Yes, " (words::day(at.date())) }, None => "No" } }
                        }
                    }
                }
            }
            @if plan.rates.is_empty() { p { "No assessor named: each is sampled at 100% until added." } }
            h4 { "To be sampled (CAMERA)" }
            dl {
                dt { "Candidates" } dd { (focus_words(&focus.learners, |v| name(p.names, v).to_owned())) }
                dt { "Units" } dd { (focus_words(&focus.units, |v| unit_words(p.units, v))) }
                dt { "Methods" } dd { (focus_words(&focus.methods, |v| value_label(Dimension::Method, v))) }
                dt { "Evidence types" } dd { (focus_words(&focus.evidence_types, |v| value_label(Dimension::Evidence, v))) }
                dt { "Assessment locations" } dd { (focus_words(&focus.locations, str::to_owned)) }
            }
            ul {
                @if p.is_iqa {
                    li { a href={ "/centres/" (p.centre_id) "/sampling?edit=" (x.id) "#plan-form" } { "Change this plan" } }
                    li { a href={ "/centres/" (p.centre_id) "/sampling/proposal?plan_id=" (x.id) } { "Propose a sample from this plan" } }
                }
                li { a href={ "/centres/" (p.centre_id) "/sampling/report?plan_id=" (x.id) } { "Coverage report for this plan" } }
            }
        }
    }
}

fn samples(p: &PlansPage<'_>) -> Markup {
    html! {
        section aria-labelledby="samples" {
            h2 id="samples" { "Samples" }
            @if p.samples.is_empty() { p { "No sample taken yet. Open the proposal to take one." } }
            @else {
                p { "Each learner's unit with decisions sampled. Open one to read its decisions and agree or refer them together." }
                div {
                    table class="stack" {
                        caption { "Sampled decisions by learner and unit, newest first" }
                        thead { tr { th scope="col" { "Learner and unit" } th scope="col" { "Assessor" } th scope="col" { "Stage" } th scope="col" { "Decisions" } th scope="col" { "Status" } th scope="col" { "Taken" } } }
                        tbody {
                            @for g in p.samples {
                                tr {
                                    th scope="row" {
                                        a href=(unit_sample::path(&g.registration_id, &g.unit_id)) { (g.learner_name) ", " (g.unit_title) }
                                    }
                                    td data-label="Assessor" { (g.assessors.join(", ")) }
                                    td data-label="Stage" { (g.stages.join(", ")) }
                                    td data-label="Decisions" { (g.decisions) }
                                    td data-label="Status" { (group_status(g)) }
                                    td data-label="Taken" { (words::day(g.newest.date())) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn group_status(g: &SampleGroup) -> String {
    let mut parts = Vec::new();
    if g.to_check > 0 {
        parts.push(format!("{} to check", g.to_check));
    }
    if g.referred > 0 {
        parts.push(format!("{} referred", g.referred));
    }
    let settled = g.decisions - g.to_check - g.referred;
    if settled > 0 {
        parts.push(format!("{settled} agreed"));
    }
    parts.join(", ")
}

fn rate_row(p: &PlansPage<'_>, i: usize, id: &str, assessor: &str) -> Markup {
    let entered = p.draft.input.rates.iter().find(|r| r.assessor_id == id);
    let risk = entered.map_or("experienced", |r| r.risk.as_str());
    let rate = entered.map_or("", |r| r.rate.as_str());
    let signed = entered.is_some_and(|r| r.signed_off);
    let risks: Vec<(String, String)> = Risk::ALL
        .iter()
        .map(|r| (r.code().to_owned(), r.label().to_owned()))
        .collect();
    let (risk_id, rate_id, signed_id) = (
        format!("rates[{i}].risk"),
        format!("rates[{i}].rate"),
        format!("rates[{i}].signed_off"),
    );
    html! {
        fieldset {
            legend { (assessor) }
            input type="hidden" name="rate_assessor_id" value=(id);
            (select_with_id(&risk_id, "rate_risk", "Risk", &risks, risk, p.errors))
            (Input::new("rate", "Rate in percent").id(&rate_id).value(rate).hint("Blank: 100% for new, unqualified or referred assessors; the experienced rate otherwise.").optional().render(p.errors))
            label class="checkbox" for=(signed_id) {
                input type="checkbox" id=(signed_id) name="signed_off" value=(id) checked[signed];
                "Signed off (no longer held at 100%)"
            }
        }
    }
}

fn plan_form(p: &PlansPage<'_>) -> Markup {
    let (d, errors) = (&p.draft.input, p.errors);
    let changing = !p.draft.plan_id.is_empty();
    let labelled = |codes: &[&str], dim| -> Vec<(String, String)> {
        codes
            .iter()
            .map(|c| ((*c).to_owned(), value_label(dim, c)))
            .collect()
    };
    html! {
        form id="plan-form" method="post" action={ "/centres/" (p.centre_id) "/sampling/plans" } {
            h2 { @if changing { "Change the sampling plan" } @else { "Write a sampling plan" } }
            (error_summary(errors))
            (csrf(&p.current.session.csrf_token))
            input type="hidden" name="plan_id" value=(p.draft.plan_id);
            input type="hidden" name="version" value=(p.draft.version.map(|v| v.to_string()).unwrap_or_default());
            @if changing { p class="hint" { "The qualification of a plan stays as it was written." } }
            (select("qualification_id", "Qualification", p.qualifications, &d.qualification_id, errors))
            (Input::new("period_start", "Period starts").kind("date").value(&d.period_start).render(errors))
            (Input::new("period_end", "Period ends").kind("date").value(&d.period_end).render(errors))
            (Input::new("interim_on", "Interim sampling on").kind("date").value(&d.interim_on).render(errors))
            (Input::new("summative_on", "Summative sampling on").kind("date").value(&d.summative_on).render(errors))
            (Input::new("experienced_rate", "Rate for experienced assessors, in percent").value(&d.experienced_rate).hint("A whole number from 0 to 100.").render(errors))
            fieldset {
                legend { "Rate per assessor" }
                @if p.assessors.is_empty() { p { "This centre has no assessor yet." } }
                @for (i, (id, assessor)) in p.assessors.iter().enumerate() { (rate_row(p, i, id, assessor)) }
            }
            fieldset {
                legend { "To be sampled (CAMERA): leave blank for every one present" }
                (checkboxes("units", "Units", p.units, &d.focus.units, errors))
                (checkboxes("methods", "Methods", &labelled(&METHODS, Dimension::Method), &d.focus.methods, errors))
                (checkboxes("evidence_types", "Evidence types", &labelled(&EVIDENCE_TYPES, Dimension::Evidence), &d.focus.evidence_types, errors))
                (Input::new("locations", "Assessment locations, separated by commas").value(&d.focus.locations.join(", ")).optional().render(errors))
            }
            (super::forms::textarea("notes", "Notes (optional)", &d.notes, errors))
            button type="submit" { @if changing { "Save the changed plan" } @else { "Save the plan" } }
        }
    }
}
