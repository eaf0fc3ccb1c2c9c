//! The sampling report page: CAMERA coverage per dimension against the plan and the sampling
//! rate per assessor against target, as tables, with the CSV downloads.

use maud::{Markup, html};

use super::layout::Page;
use super::words;
use crate::actions::iqa::sampling_report::SamplingReport;
use crate::curriculum::Curriculum;
use crate::domain::ids::UserId;
use crate::domain::sampling::plan::RateBasis;
use crate::domain::sampling::report::DimensionCoverage;
use crate::web::auth::CurrentUser;

fn yes_no(on: bool) -> &'static str {
    if on { "Yes" } else { "No" }
}

/// Why an assessor has the target they have, in the plan's words.
pub fn basis_words(basis: RateBasis) -> &'static str {
    match basis {
        RateBasis::Planned(risk) => risk.label(),
        RateBasis::NotInPlan => "Not in the plan",
    }
}

fn share(part: usize, whole: usize) -> usize {
    (part * 100).checked_div(whole).unwrap_or(0)
}

pub fn page(
    current: &CurrentUser,
    curriculum: &Curriculum,
    centre_id: &str,
    r: &SamplingReport,
) -> Markup {
    let plan_query = r
        .plan
        .as_ref()
        .map(|p| format!("?plan_id={}", p.plan.id))
        .unwrap_or_default();
    let base = format!("/centres/{centre_id}/sampling/report");
    Page::new("Sampling report")
        .user(Some(current))
        .trail("Home", "/home")
        .trail("Sampling", format!("/centres/{centre_id}/sampling"))
        .render(html! {
            @match &r.plan {
                Some(p) => p { "Plan for " (curriculum.qualification_name(&p.plan.qualification_id)) ", " (words::day(p.plan.period_start)) " to " (words::day(p.plan.period_end)) "." },
                None => p { "No sampling plan yet: write one on the sampling page." },
            }
            section aria-labelledby="camera" {
                h2 id="camera" { "CAMERA coverage" }
                p class="hint" { "For each dimension, how many of the values present in the period's decisions have at least one decision sampled, and whether the plan asks for each." }
                @for c in &r.coverage { (dimension(r, c)) }
            }
            (rates(r))
            section aria-labelledby="downloads" {
                h2 id="downloads" { "Downloads" }
                ul {
                    li { a href={ (base) "/camera.csv" (plan_query) } download { "CAMERA coverage (CSV)" } }
                    li { a href={ (base) "/rates.csv" (plan_query) } download { "Sampling rate per assessor (CSV)" } }
                    li { a href={ (base) "/actions.csv" } download { "Open IQA actions (CSV)" } }
                    li { a href={ (base) "/referrals.csv" } download { "Referral rate per assessor per month (CSV)" } }
                }
                p { a href={ "/centres/" (centre_id) "/sampling/actions" } { "IQA actions and referral rate" } }
            }
        })
}

fn dimension(r: &SamplingReport, c: &DimensionCoverage) -> Markup {
    html! {
        table {
            caption {
                (c.dimension.label()) ": " (c.covered()) " of " (c.total()) " sampled ("
                (share(c.covered(), c.total())) "%); " (c.planned_covered()) " of the " (c.planned()) " the plan asks for"
            }
            thead { tr { th scope="col" { "Value" } th scope="col" { "Decisions" } th scope="col" { "Sampled" } th scope="col" { "Share sampled" } th scope="col" { "In the plan" } } }
            tbody {
                @for v in &c.values {
                    tr {
                        th scope="row" { (r.value_words(c.dimension, &v.value)) }
                        td data-label="Decisions" { (v.decisions) }
                        td data-label="Sampled" { (v.sampled) }
                        td data-label="Share sampled" { (share(v.sampled, v.decisions)) "%" }
                        td data-label="In the plan" { (yes_no(v.in_plan)) }
                    }
                }
            }
        }
    }
}

fn rates(r: &SamplingReport) -> Markup {
    html! {
        section aria-labelledby="rates" {
            h2 id="rates" { "Sampling rate per assessor" }
            @if r.rates.is_empty() { p { "No assessor decisions in the period." } }
            @else {
                table {
                    caption { "Share of each assessor's decisions sampled, against their target" }
                    thead { tr { th scope="col" { "Assessor" } th scope="col" { "Basis" } th scope="col" { "Decisions" } th scope="col" { "Sampled" } th scope="col" { "Rate" } th scope="col" { "Target" } th scope="col" { "Target met" } } }
                    tbody {
                        @for a in &r.rates {
                            tr {
                                th scope="row" { (r.name(&UserId::from_stored(a.assessor_id.as_str()))) }
                                td data-label="Basis" { (basis_words(a.basis)) }
                                td data-label="Decisions" { (a.decisions) }
                                td data-label="Sampled" { (a.sampled) }
                                td data-label="Rate" { (a.percent()) "%" }
                                td data-label="Target" { (a.target) "%" }
                                td data-label="Target met" { @if a.met() { "Yes" } @else { strong { "No" } } }
                            }
                        }
                    }
                }
            }
        }
    }
}
