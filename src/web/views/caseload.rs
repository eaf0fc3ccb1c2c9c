//! The caseload page: the learners a member of staff works with, a page at a time in name order,
//! with a search (a name, or a qualification's title or number), a box for "only those with
//! evidence waiting", a choice of how many a page, and a link on to the next page.

use maud::{Markup, html};

use super::forms::select;
use super::layout::Page;
use super::words;
use crate::actions::assessment::caseload::{CaseloadPage, CaseloadQuery, CaseloadRow};
use crate::curriculum::Curriculum;
use crate::web::auth::CurrentUser;

const PAGE_SIZES: [i64; 4] = [25, 50, 100, 200];

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
        nav class="pages" aria-label="Pages of the caseload" {
            @if let Some(next) = &page.next {
                a href=(link(query, Some(next))) { "Next " (query.per_page) " learners" }
            }
            @if query.after.is_some() {
                " " a href=(link(query, None)) { "Back to the first page" }
            }
        }
    })
}

fn search_form(query: &CaseloadQuery) -> Markup {
    let sizes: Vec<(String, String)> = PAGE_SIZES
        .iter()
        .map(|n| (n.to_string(), n.to_string()))
        .collect();
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
            (select("per_page", "Learners a page", &sizes, &query.per_page.to_string(), &[]))
            button type="submit" class="secondary" { "Show" }
        }
    }
}

/// "120 learners; this page shows 50, from Aisha Khan to Morag Reid."
fn summary(page: &CaseloadPage) -> String {
    let whole = match page.total {
        1 => "1 learner".to_owned(),
        n => format!("{} learners", words::count(n)),
    };
    match (page.rows.first(), page.rows.last()) {
        (Some(first), Some(last)) if page.rows.len() as i64 != page.total => format!(
            "{whole}; this page shows {}, from {} to {}.",
            page.rows.len(),
            first.learner_name,
            last.learner_name
        ),
        _ => format!("{whole}."),
    }
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
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    if let Some(q) = &query.search {
        pairs.append_pair("q", q);
    }
    if query.waiting_only {
        pairs.append_pair("waiting", "1");
    }
    pairs.append_pair("per_page", &query.per_page.to_string());
    if let Some(after) = after {
        pairs.append_pair("after", after);
    }
    format!("/caseload?{}", pairs.finish())
}
