//! Certification claim pages: who is ready (and, for everyone else, what is missing), the
//! centre's claims, and one claim with its learners, downloads and next step.

use maud::{Markup, html};

use super::forms::{csrf, error_summary, form_problem};
use super::layout::Page;
use super::{listing, words};
use crate::actions::claims::claim::ClaimView;
use crate::actions::claims::claim_facts::Candidate;
use crate::actions::claims::claims_page::ClaimsOverview;
use crate::actions::people::registration_list::RegistrationListQuery;
use crate::curriculum::Curriculum;
use crate::domain::claims::{ClaimKind, ClaimStatus, Readiness};
use crate::domain::people::FieldError;
use crate::store::claims::Claim;
use crate::web::auth::CurrentUser;

pub struct ClaimsPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub centre_id: &'a str,
    /// Everyone ready, a page of the learners with where they stand, and the claims made.
    pub overview: &'a ClaimsOverview,
    /// What was asked of the page of learners.
    pub query: &'a RegistrationListQuery,
    /// (qualification id, title) of the qualifications with someone ready.
    pub qualifications: &'a [(String, String)],
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    /// Every qualification's number and title, by id.
    pub titles: &'a std::collections::BTreeMap<String, String>,
}

/// A claim as people name it: its awarding body and when it was made.
pub fn claim_name(c: &Claim) -> String {
    format!(
        "{} claim made {}",
        c.awarding_body,
        c.created_at.format("%-d %B %Y, %H:%M")
    )
}

fn title_of<'a>(titles: &'a std::collections::BTreeMap<String, String>, id: &'a str) -> &'a str {
    titles.get(id).map_or(id, String::as_str)
}

/// Units as people name them ("Unit 001 Principles of …"), never their ids; an id the
/// curriculum no longer knows is shown as stored.
fn unit_names(curriculum: &Curriculum, unit_ids: &[String]) -> String {
    unit_ids
        .iter()
        .map(|id| {
            curriculum.unit(id).map_or_else(
                || id.clone(),
                |(_, u)| format!("Unit {} {}", u.number, u.title),
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn what(curriculum: &Curriculum, readiness: &Readiness) -> String {
    match readiness {
        Readiness::Qualification => "The qualification".to_owned(),
        Readiness::Units(units) => format!("Unit certificate: {}", unit_names(curriculum, units)),
        Readiness::NotReady(_) => String::new(),
    }
}

fn ready_form(p: &ClaimsPage<'_>, qualification: &(String, String)) -> Markup {
    let heading = format!("ready-{}", qualification.0);
    let ready: Vec<&Candidate> = p
        .overview
        .ready
        .iter()
        .filter(|c| c.readiness.is_ready() && c.registration.qualification_id == qualification.0)
        .collect();
    html! {
        section aria-labelledby=(heading) {
            h3 id=(heading) { (qualification.1) }
            form method="post" action={ "/centres/" (p.centre_id) "/claims" } {
                (csrf(&p.current.session.csrf_token))
                fieldset {
                    legend { "Learners to claim" }
                    @for c in &ready {
                        @let id = format!("claim-{}", c.registration.id);
                        div class="checkbox" {
                            input type="checkbox" id=(id) name="registration_ids" value=(c.registration.id) checked;
                            label for=(id) { (c.learner_name) " — " (what(p.curriculum, &c.readiness)) }
                        }
                    }
                }
                button type="submit" { "Make a draft claim" }
            }
        }
    }
}

pub fn claims_page(p: &ClaimsPage<'_>) -> Markup {
    Page::new("Certification claims")
        .user(Some(p.current))
        .trail("Home", "/home")
        .trail("Centre", format!("/centres/{}", p.centre_id))
        .render(html! {
            (error_summary(p.errors))
            (form_problem(p.problem))
            section aria-labelledby="ready" {
                h2 id="ready" { "Ready to claim" }
                @if p.qualifications.is_empty() { p { "Nobody is ready to claim yet." } }
                @for q in p.qualifications { (ready_form(p, q)) }
            }
            (not_ready(p))
            (claims_made(&p.overview.claims, p.titles))
        })
}

/// A page of the centre's learners, found by a search: those not ready to claim, with what each
/// still needs.
fn not_ready(p: &ClaimsPage<'_>) -> Markup {
    let o = p.overview;
    let not_ready: Vec<&Candidate> = o.page.iter().filter(|c| !c.readiness.is_ready()).collect();
    let names: Vec<&str> = o.page.iter().map(|c| c.learner_name.as_str()).collect();
    let link = |after: Option<&str>| claims_link(p.centre_id, p.query, after);
    html! {
        section aria-labelledby="not-ready" {
            h2 id="not-ready" { "Not ready yet" }
            (search_form(p.centre_id, p.query))
            @if o.page.is_empty() {
                p { "No learner matches. Change the search, or clear it to see everyone." }
            } @else {
                p role="status" { (listing::summary(o.total, &names, listing::LEARNERS)) " Those ready to claim are listed above." }
                @if not_ready.is_empty() { p { "Everyone on this page is ready or claimed." } }
                @else { (not_ready_table(p, &not_ready)) }
            }
            (listing::pager(
                "Pages of the learners",
                (p.query.per_page, listing::LEARNERS),
                o.next.as_deref().map(|next| link(Some(next))).as_deref(),
                p.query.after.is_some().then(|| link(None)).as_deref(),
            ))
        }
    }
}

fn not_ready_table(p: &ClaimsPage<'_>, not_ready: &[&Candidate]) -> Markup {
    html! {
        table {
            caption { "What each learner still needs" }
            thead { tr { th scope="col" { "Learner" } th scope="col" { "Qualification" } th scope="col" { "Still missing" } } }
            tbody {
                @for c in not_ready {
                    tr {
                        td data-label="Learner" { a href={ "/registrations/" (c.registration.id) } { (c.learner_name) } }
                        td data-label="Qualification" { (title_of(p.titles, &c.registration.qualification_id)) }
                        td data-label="Still missing" {
                            @if let Readiness::NotReady(reasons) = &c.readiness {
                                ul { @for r in reasons { li { (r) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Find a learner: words, in progress or withdrawn, how many a page.
fn search_form(centre_id: &str, query: &RegistrationListQuery) -> Markup {
    html! {
        form method="get" action={ "/centres/" (centre_id) "/claims#not-ready" } class="caseload-search" {
            div class="field" {
                label for="q" { "Find a learner" }
                p class="hint" id="q-hint" { "A learner's name, or a qualification's title or number" }
                input type="search" id="q" name="q" value=(query.search.as_deref().unwrap_or("")) aria-describedby="q-hint";
            }
            (listing::page_size(query.per_page, "Learners"))
            button type="submit" class="secondary" { "Show" }
        }
    }
}

/// The page with the same search, from the start or after `after`.
fn claims_link(centre_id: &str, query: &RegistrationListQuery, after: Option<&str>) -> String {
    let per_page = query.per_page.to_string();
    let pairs = [
        ("q", query.search.as_deref().unwrap_or("")),
        ("per_page", per_page.as_str()),
    ];
    let path = format!("/centres/{centre_id}/claims");
    format!("{}#not-ready", listing::link(&path, &pairs, after))
}

/// The centre's claims, newest first.
fn claims_made(claims: &[Claim], titles: &std::collections::BTreeMap<String, String>) -> Markup {
    html! {
        section aria-labelledby="made" {
            h2 id="made" { "Claims made" }
            @if claims.is_empty() { p { "No claims yet." } }
            @else {
                table {
                    caption { "The centre's claims, newest first" }
                    thead { tr { th scope="col" { "Claim" } th scope="col" { "Qualification" } th scope="col" { "Status" } } }
                    tbody {
                        @for c in claims {
                            tr {
                                td data-label="Claim" { a href={ "/claims/" (c.id) } { (claim_name(c)) } }
                                td data-label="Qualification" { (title_of(titles, &c.qualification_id)) }
                                td data-label="Status" { (c.status.label()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub struct ClaimPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub view: &'a ClaimView,
    pub qualification: &'a str,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
    pub today: &'a str,
}

fn learners_table(p: &ClaimPage<'_>) -> Markup {
    html! {
        table {
            caption { "Learners in this claim" }
            thead { tr { th scope="col" { "Learner" } th scope="col" { "Claimed" } th scope="col" { "Candidate number" } th scope="col" { "Certificate" } } }
            tbody {
                @for (row, registration, name) in &p.view.learners {
                    tr {
                        td data-label="Learner" { a href={ "/registrations/" (registration.id) } { (name) } }
                        td data-label="Claimed" { @if row.claim_kind == ClaimKind::Unit { "Unit certificate: " } (unit_names(p.curriculum, row.unit_ids())) }
                        td data-label="Candidate number" { (registration.awarding_body_ref.as_deref().unwrap_or("not recorded")) }
                        td data-label="Certificate" {
                            @match (&row.certificate_number, row.certificated_on) {
                                (Some(n), Some(on)) => { (n) " (" (words::day(on)) ")" }
                                _ => { "—" }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn certificate_form(p: &ClaimPage<'_>) -> Markup {
    let action = format!("/claims/{}/certificated", p.view.claim.id);
    html! {
        section aria-labelledby="certificated" {
            h2 id="certificated" { "Record the certificates" }
            form method="post" action=(action) {
                (csrf(&p.current.session.csrf_token))
                @for (_, registration, name) in &p.view.learners {
                    @let number = format!("certificate_number[{}]", registration.id);
                    @let on = format!("certificated_on[{}]", registration.id);
                    fieldset {
                        legend { (name) }
                        input type="hidden" name="registration_id" value=(registration.id);
                        label for=(number) { "Certificate number" }
                        input type="text" id=(number) name="certificate_number" required;
                        label for=(on) { "Certificate date" }
                        input type="date" id=(on) name="certificated_on" max=(p.today) required;
                    }
                }
                button type="submit" { "Mark certificated" }
            }
        }
    }
}

fn next_step(p: &ClaimPage<'_>) -> Markup {
    let id = &p.view.claim.id;
    html! {
        @match p.view.status() {
            ClaimStatus::Draft => {
                section aria-labelledby="submit" {
                    h2 id="submit" { "Submit the claim" }
                    p { "Once submitted, these learners' records are locked: evidence, mappings and judgements cannot change." }
                    form method="post" action={ "/claims/" (id) "/submit" } {
                        (csrf(&p.current.session.csrf_token))
                        button type="submit" { "Submit the claim" }
                    }
                }
            }
            ClaimStatus::Submitted => {
                (certificate_form(p))
                section aria-labelledby="return" {
                    h2 id="return" { "The awarding body returned the claim" }
                    form method="post" action={ "/claims/" (id) "/return" } {
                        (csrf(&p.current.session.csrf_token))
                        label for="reason" { "Their reason" }
                        textarea id="reason" name="reason" rows="3" required {}
                        button type="submit" { "Mark returned" }
                    }
                }
            }
            _ => {}
        }
    }
}

pub fn claim_page(p: &ClaimPage<'_>) -> Markup {
    let c = &p.view.claim;
    let title = claim_name(c);
    Page::new(&title)
        .user(Some(p.current))
        .notice(p.notice)
        .trail("Home", "/home")
        .trail("Claims", format!("/centres/{}/claims", c.centre_id))
        .render(html! {
            (error_summary(p.errors))
            (form_problem(p.problem))
            dl {
                dt { "Awarding body" } dd { (c.awarding_body) }
                dt { "Qualification" } dd { (p.qualification) }
                dt { "Status" } dd { (p.view.status().label()) }
                @if let Some(reason) = &c.return_reason { dt { "Returned because" } dd { (reason) } }
            }
            (learners_table(p))
            h2 { "Downloads" }
            ul {
                li { a href={ "/claims/" (c.id) "/export.csv" } download { "Claim file for " (c.awarding_body) " (CSV)" } }
                li { a href={ "/claims/" (c.id) "/summary.pdf" } download { "Claim summary (PDF)" } }
            }
            (next_step(p))
        })
}
