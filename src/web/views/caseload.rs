//! The caseload page: the learners a member of staff works with, a page at a time in name order,
//! with a search (a name, or a qualification's title or number), a box for "only those with
//! evidence waiting", a choice of how many a page, and a link on to the next page.

use maud::{Markup, html};

use super::layout::Page;
use super::listing;
use super::words;
use crate::actions::assessment::caseload::{CaseloadPage, CaseloadQuery, CaseloadRow};
use crate::curriculum::Curriculum;
use crate::web::auth::CurrentUser;

pub fn caseload(
    current: &CurrentUser,
    curriculum: &Curriculum,
    page: &CaseloadPage,
    query: &CaseloadQuery,
) -> Markup {
    let searching = query.search.is_some() || query.waiting_only;
    Page::new("Your caseload").user(Some(current)).trail("Home", "/home").render(html! {
        (search_form(query))
        @if page.rows.is_empty() {
            @if searching { p { "No learner matches. Change the search, or clear it to see everyone." } }
            @else if query.after.is_some() { p { "There are no more learners." } }
            @else { p { "No learners are allocated to you." } }
        } @else {
            p role="status" { (summary(page)) }
            (table(curriculum, &page.rows))
        }
        (listing::pager(
            "Pages of the caseload",
            (query.per_page, listing::LEARNERS),
            page.next.as_deref().map(|next| link(query, Some(next))).as_deref(),
            query.after.is_some().then(|| link(query, None)).as_deref(),
        ))
    })
}

fn search_form(query: &CaseloadQuery) -> Markup {
    html! {
        form method="get" action="/caseload" class="caseload-search" {
            div class="field" {
                label for="q" { "Find a learner" }
                p class="hint" id="q-hint" { "A learner's name, or a qualification's title or number" }
                input type="search" id="q" name="q" value=(query.search.as_deref().unwrap_or("")) aria-describedby="q-hint";
            }
            div class="field" {
                label class="checkbox" for="waiting" {
                    input type="checkbox" id="waiting" name="waiting" value="1" checked[query.waiting_only];
                    "Only learners with evidence waiting for assessment"
                }
            }
            (listing::page_size(query.per_page, "Learners"))
            button type="submit" class="secondary" { "Show" }
        }
    }
}

fn summary(page: &CaseloadPage) -> String {
    let names: Vec<&str> = page.rows.iter().map(|r| r.learner_name.as_str()).collect();
    listing::summary(page.total, &names, listing::LEARNERS)
}

fn table(curriculum: &Curriculum, rows: &[CaseloadRow]) -> Markup {
    html! {
        table {
            thead { tr { th scope="col" { "Learner" } th scope="col" { "Qualification" } th scope="col" { "Evidenced" } th scope="col" { "Last activity" } th scope="col" { "Waiting for assessment" } th scope="col" { "Drafts" } } }
            tbody {
                @for r in rows {
                    tr {
                        td data-label="Learner" { a href={ "/registrations/" (r.registration_id) } { (r.learner_name) } }
                        td data-label="Qualification" { (curriculum.qualification_name(&r.qualification_id)) }
                        td data-label="Evidenced" { a href={ "/registrations/" (r.registration_id) "/tracker" } { (r.percent_evidenced) "%" } }
                        td data-label="Last activity" { (r.last_activity.as_deref().map_or_else(|| "none yet".to_owned(), words::stored)) }
                        td data-label="Waiting for assessment" { (r.awaiting_assessment) }
                        td data-label="Drafts" { (r.drafts) }
                    }
                }
            }
        }
    }
}

/// The caseload with the same search, from the start or after `after`.
fn link(query: &CaseloadQuery, after: Option<&str>) -> String {
    let per_page = query.per_page.to_string();
    let pairs = [
        ("q", query.search.as_deref().unwrap_or("")),
        ("waiting", if query.waiting_only { "1" } else { "" }),
        ("per_page", per_page.as_str()),
    ];
    listing::link("/caseload", &pairs, after)
}
