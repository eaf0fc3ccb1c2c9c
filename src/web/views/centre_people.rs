//! The centre page's people: a page at a time in name order (the staff unless asked otherwise),
//! found by words in a name or email, with their roles in words, and the form that adds one.

use maud::{Markup, html};

use super::centre::{CentrePage, role_options};
use super::forms::{Input, checkboxes, csrf, error_summary, select};
use super::listing;
use crate::actions::people::staff_list::PeopleQuery;
use crate::domain::roles::Role;
use crate::store::members::Holding;

/// The centre's people with their roles, and the form that adds one.
pub(super) fn people_section(page: &CentrePage<'_>) -> Markup {
    let c = page.centre;
    let person_errors = if page.failed_form == "person" {
        page.errors
    } else {
        &[]
    };
    let typed = &page.drafts.person;
    html! {
        h2 id="people" { "People" }
        (search_form(&c.id, page.people_query))
        (people_list(page))
        h2 id="add-person" { "Add a person" }
        p { "A new person gets an email with a link to choose their password. Adding someone who already has an account gives them the roles here." }
        (error_summary(person_errors))
        form method="post" action={ "/centres/" (c.id) "/people" } novalidate {
            (csrf(&page.current.session.csrf_token))
            (Input::new("name", "Full name").autocomplete("off").value(&typed.name).render(person_errors))
            (Input::new("email", "Email address").kind("email").autocomplete("off").value(&typed.email).render(person_errors))
            (checkboxes("roles", "Roles", &role_options(), &typed.roles, person_errors))
            button type="submit" class="primary" { "Add person" }
        }
    }
}

/// Find someone: words, whom to list, how many a page.
fn search_form(centre_id: &str, query: &PeopleQuery) -> Markup {
    let mut whom = vec![
        (String::new(), "Staff (everyone but learners)".to_owned()),
        ("everyone".to_owned(), "Everyone, learners too".to_owned()),
    ];
    whom.extend(role_options());
    html! {
        form method="get" action={ "/centres/" (centre_id) "#people" } class="caseload-search" {
            div class="field" {
                label for="people-q" { "Find a person" }
                p class="hint" id="people-q-hint" { "Words in their name or email address" }
                input type="search" id="people-q" name="q" value=(query.search.as_deref().unwrap_or("")) aria-describedby="people-q-hint";
            }
            (select("role", "Who", &whom, PeopleQuery::holding_code(&query.holding), &[]))
            (listing::page_size(query.per_page, "People"))
            button type="submit" class="secondary" { "Show" }
        }
    }
}

fn people_list(page: &CentrePage<'_>) -> Markup {
    let (list, query, c) = (page.people, page.people_query, page.centre);
    let names: Vec<&str> = list.people.iter().map(|(u, _)| u.name.as_str()).collect();
    let link = |after: Option<&str>| people_link(&c.id, query, after);
    let summary = listing::summary(list.total, &names, listing::PEOPLE);
    html! {
        @if list.people.is_empty() {
            @if query.search.is_some() || query.holding != Holding::Staff { p { "No one matches. Change the search, or clear it to see the staff." } }
            @else if query.after.is_some() { p { "There is no one more." } }
            @else { p { "No staff have been added yet." } }
        } @else {
            p role="status" { (summary) }
            table {
                thead { tr { th scope="col" { "Name" } th scope="col" { "Email" } th scope="col" { "Roles" } } }
                tbody {
                    @for (user, roles) in &list.people {
                        tr {
                            td data-label="Name" { a href={ "/centres/" (c.id) "/people/" (user.id) } { (user.name) } }
                            td data-label="Email" { (user.email) }
                            td data-label="Roles" { (roles.iter().filter_map(|r| Role::parse(r)).map(|r| r.label()).collect::<Vec<_>>().join(", ")) }
                        }
                    }
                }
            }
        }
        (listing::pager(
            "Pages of the people",
            (query.per_page, listing::PEOPLE),
            list.next.as_deref().map(|next| link(Some(next))).as_deref(),
            query.after.is_some().then(|| link(None)).as_deref(),
        ))
    }
}

/// The list with the same search, from the start or after `after`.
fn people_link(centre_id: &str, query: &PeopleQuery, after: Option<&str>) -> String {
    let per_page = query.per_page.to_string();
    let pairs = [
        ("q", query.search.as_deref().unwrap_or("")),
        ("role", PeopleQuery::holding_code(&query.holding)),
        ("per_page", per_page.as_str()),
    ];
    format!(
        "{}#people",
        listing::link(&format!("/centres/{centre_id}"), &pairs, after)
    )
}
