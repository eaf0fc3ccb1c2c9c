//! Two parts of the sampling report: open and overdue IQA actions, and the referral rate per
//! assessor per month as an SVG bar chart (no script) with a table saying the same in text.

use maud::{Markup, html};

use super::layout::Page;
use super::words;
use crate::actions::iqa::iqa_actions_report::ActionsReport;
use crate::curriculum::Curriculum;
use crate::web::auth::CurrentUser;

const BAR: u32 = 16;
const GAP: u32 = 14;
const PLOT: u32 = 150;
const LEFT: u32 = 44;
/// Fills told apart by pattern of lightness as well as hue.
const FILLS: [&str; 6] = [
    "#1d4f91", "#b35900", "#2e7d32", "#6a1b9a", "#455a64", "#8d6e00",
];

pub fn report_page(
    current: &CurrentUser,
    curriculum: &Curriculum,
    centre_id: &str,
    report: &ActionsReport,
) -> Markup {
    Page::new("IQA actions and referral rate")
        .user(Some(current))
        .trail("Home", "/home")
        .render(report_section(curriculum, centre_id, report))
}

/// A report month ("YYYY-MM") as people write it ("December 2026").
fn month_words(month: &str) -> String {
    month_as(month, "%B %Y")
}

/// The month shortened for the chart's axis, where space is tight ("Dec 2026").
fn month_short(month: &str) -> String {
    month_as(month, "%b %Y")
}

fn month_as(month: &str, format: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map_or_else(|_| month.to_owned(), |d| d.format(format).to_string())
}

/// The section the main sampling report includes.
pub fn report_section(curriculum: &Curriculum, centre_id: &str, r: &ActionsReport) -> Markup {
    let overdue = r.overdue().count();
    html! {
        section aria-labelledby="iqa-actions" {
            h2 id="iqa-actions" { "Open and overdue actions" }
            p { (r.open.len()) " open, " (overdue) " overdue on " (words::day(r.today)) "." }
            @if !r.open.is_empty() {
                table {
                    caption { "Open IQA actions, soonest due first" }
                    thead { tr { th scope="col" { "Assessor" } th scope="col" { "Decision" } th scope="col" { "Action" } th scope="col" { "Due" } th scope="col" { "Overdue" } } }
                    tbody {
                        @for o in &r.open {
                            tr {
                                td data-label="Assessor" { (o.assessor_name) }
                                td data-label="Decision" { a href={ "/samples/" (o.sample.id) } { (curriculum.item_words(&o.sample.unit_id, &o.sample.item_id)) } }
                                td data-label="Action" { (o.action.description) }
                                td data-label="Due" { (words::day(o.action.due_on)) }
                                td data-label="Overdue" { @if o.overdue { strong { "Overdue" } } @else { "No" } }
                            }
                        }
                    }
                }
            }
            p { a href={ "/centres/" (centre_id) "/sampling/report/actions.csv" } download { "Download the open actions (CSV)" } }
        }
        section aria-labelledby="referral-rate" {
            h2 id="referral-rate" { "Referral rate per assessor over time" }
            @if r.referrals.is_empty() { p { "No decision has been checked yet." } }
            @else {
                (chart(r))
                (rate_table(r))
            }
            p { a href={ "/centres/" (centre_id) "/sampling/report/referrals.csv" } download { "Download the referral rate per assessor per month (CSV)" } }
        }
    }
}

fn chart(r: &ActionsReport) -> Markup {
    let per_group = u32::try_from(r.referrals.len()).unwrap_or(1) * BAR + GAP;
    let months = u32::try_from(r.months.len()).unwrap_or(1);
    let width = LEFT + months * per_group + GAP;
    let height = PLOT + 40;
    let summary: Vec<String> = r
        .referrals
        .iter()
        .map(|a| {
            let t = a.total();
            format!(
                "{}: {} of {} checks referred ({}%)",
                a.name,
                t.referrals,
                t.checks,
                t.rate()
            )
        })
        .collect();
    html! {
        figure {
            svg role="img" aria-labelledby="rate-title rate-desc" width=(width) height=(height)
                viewBox={ "0 0 " (width) " " (height) } xmlns="http://www.w3.org/2000/svg" {
                title id="rate-title" { "Referral rate per assessor per month, in percent of decisions checked" }
                desc id="rate-desc" { (summary.join("; ")) ". The table below gives every figure." }
                @for pct in [0u32, 50, 100] {
                    @let y = 10 + PLOT - pct * PLOT / 100;
                    line x1=(LEFT - 4) x2=(width) y1=(y) y2=(y) stroke="#767676" stroke-width="1" {}
                    text x=(LEFT - 8) y=(y + 4) text-anchor="end" font-size="11" fill="#000" { (pct) "%" }
                }
                @for (m, month) in r.months.iter().enumerate() {
                    @let x0 = LEFT + GAP / 2 + u32::try_from(m).unwrap_or(0) * per_group;
                    @for (a, assessor) in r.referrals.iter().enumerate() {
                        @let rate = assessor.months.get(m).map_or(0, |(_, c)| c.rate()).min(100);
                        @let h = rate * PLOT / 100;
                        rect x=(x0 + u32::try_from(a).unwrap_or(0) * BAR) y=(10 + PLOT - h) width=(BAR - 2) height=(h)
                            fill=(FILLS[a % FILLS.len()]) {}
                    }
                    text x=(x0) y=(PLOT + 28) font-size="11" fill="#000" { (month_short(month)) }
                }
            }
            figcaption {
                "Bars, left to right in each month: "
                @for (a, assessor) in r.referrals.iter().enumerate() {
                    span class="legend" {
                        svg width="12" height="12" aria-hidden="true" { rect width="12" height="12" fill=(FILLS[a % FILLS.len()]) {} }
                        " " (assessor.name) @if a + 1 < r.referrals.len() { "; " }
                    }
                }
            }
        }
    }
}

fn rate_table(r: &ActionsReport) -> Markup {
    html! {
        table {
            caption { "Referral rate per assessor per month (referred of checked)" }
            thead {
                tr {
                    th scope="col" { "Assessor" }
                    @for m in &r.months { th scope="col" { (month_words(m)) } }
                    th scope="col" { "All months" }
                }
            }
            tbody {
                @for a in &r.referrals {
                    tr {
                        th scope="row" { (a.name) }
                        @for (m, c) in &a.months {
                            td data-label=(month_words(m)) { @if c.checks == 0 { "none checked" } @else { (c.rate()) "% (" (c.referrals) " of " (c.checks) ")" } }
                        }
                        @let t = a.total();
                        td data-label="All months" { (t.rate()) "% (" (t.referrals) " of " (t.checks) ")" }
                    }
                }
            }
        }
    }
}
