//! The learning hours page: the log, the totals by unit against the guided (City & Guilds) or
//! notional (SQA) hours, and for the learner the form to log learning.

use maud::{Markup, html};

use super::forms::{Input, checkboxes, csrf, error_summary, form_problem, textarea};
use super::knowledge_checks::Frame;
use super::layout::Page;
use super::programmes::Texts;
use super::words;
use crate::actions::learning::learning_hours::HoursView;
use crate::domain::learning_hours::HoursTotal;

/// What the learner typed, shown again when the entry is refused.
#[derive(Default)]
pub struct Typed {
    pub activity_on: String,
    pub minutes: String,
    pub description: String,
    pub outcome_ids: Vec<String>,
}

fn hours(minutes: i64) -> String {
    format!("{}h {:02}m", minutes / 60, minutes % 60)
}

fn total_cells(t: &HoursTotal) -> Markup {
    html! {
        td data-label="Logged" { (hours(t.logged_minutes)) }
        td data-label="Expected" { @match t.expected_hours { Some(h) => { (h) " " (t.basis) " hours" }, None => { "Not given" } } }
        td data-label="Share" { @match t.percent { Some(p) => { (p) "%" }, None => { "–" } } }
    }
}

/// `GET /registrations/{registration_id}/learning-hours`; `texts` word the qualification and
/// its outcomes.
pub fn page(f: &Frame<'_>, v: &HoursView, texts: &Texts, learner: bool, typed: &Typed) -> Markup {
    let r = &v.registration;
    let qualification = if texts.qualification.is_empty() {
        &r.qualification_id
    } else {
        &texts.qualification
    };
    let title = format!("Learning hours: {qualification}");
    let page = Page::new(&title)
        .user(Some(f.current))
        .notice(f.notice)
        .trail("Home", "/home")
        .trail("Registration", format!("/registrations/{}", r.id));
    page.render(html! {
        (error_summary(f.errors))
        (form_problem(f.problem))
        p { a href={ "/registrations/" (r.id) "/tracker" } { "Tracker" } }
        table {
            caption { "Hours logged against the hours expected" }
            thead { tr { th scope="col" { "Unit" } th scope="col" { "Logged" } th scope="col" { "Expected" } th scope="col" { "Share" } } }
            tbody {
                @for u in &v.units { tr { th scope="row" { (u.title) } (total_cells(&u.total)) } }
                tr { th scope="row" { "Whole qualification" } (total_cells(&v.overall)) }
            }
        }
        h2 { "Log" }
        @if v.entries.is_empty() { p { "Nothing logged yet." } } @else {
            table {
                thead { tr { th scope="col" { "Date" } th scope="col" { "Time" } th scope="col" { "What" } th scope="col" { "Outcomes" } } }
                tbody {
                    @for e in &v.entries {
                        tr {
                            th scope="row" { (words::day(e.activity_on)) }
                            td data-label="Time" { (hours(i64::from(e.minutes))) }
                            td data-label="What" class="prewrap" { (e.description) }
                            td data-label="Outcomes" { (e.outcome_ids.iter().map(|o| texts.outcome(o)).collect::<Vec<_>>().join("; ")) }
                        }
                    }
                }
            }
        }
        @if learner { (form(f, &r.id, &texts.outcomes, typed)) }
    })
}

fn form(
    f: &Frame<'_>,
    registration_id: &str,
    outcomes: &[(String, String)],
    typed: &Typed,
) -> Markup {
    html! {
        section aria-labelledby="log-learning" {
            h2 id="log-learning" { "Log learning" }
            form method="post" action={ "/registrations/" (registration_id) "/learning-hours" } {
                (csrf(&f.current.session.csrf_token))
                (Input::new("activity_on", "Date").kind("date").value(&typed.activity_on).render(f.errors))
                (Input::new("minutes", "Time spent, in minutes").kind("number").value(&typed.minutes).hint("At most 24 hours (1440 minutes) in a day.").render(f.errors))
                (textarea("description", "What you did", &typed.description, f.errors))
                (checkboxes("outcome_ids", "Outcomes it was for", outcomes, &typed.outcome_ids, f.errors))
                button type="submit" { "Log it" }
            }
        }
    }
}
