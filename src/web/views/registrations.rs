//! Registrations: a centre's list with the form to register a learner, and one registration
//! with its history, transfer and withdrawal.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, select, textarea};
use super::layout::Page;
use super::{listing, words};
use crate::actions::people::registration_list::{RegistrationListPage, RegistrationListQuery};
use crate::curriculum::Curriculum;
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationInput;
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;
use crate::store::people::{Centre, User};
use crate::store::registrations::{PriorLearningRecord, Registration, RegistrationChange};
use crate::web::auth::CurrentUser;

pub struct ListPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub centre: &'a Centre,
    /// A page of the centre's registrations, and what was asked of the list.
    pub list: &'a RegistrationListPage,
    pub query: &'a RegistrationListQuery,
    pub people: &'a [(User, Vec<String>)],
    pub input: &'a RegistrationInput,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
}

fn people_with(
    people: &[(User, Vec<String>)],
    role: Role,
    none: Option<&str>,
) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = none
        .map(|n| vec![(String::new(), n.to_owned())])
        .unwrap_or_default();
    options.extend(
        people
            .iter()
            .filter(|(_, roles)| roles.iter().any(|r| r == role.code()))
            .map(|(u, _)| (u.id.clone(), u.name.clone())),
    );
    options
}

pub fn list(page: &ListPage<'_>) -> Markup {
    let c = page.centre;
    Page::new("Registrations").user(Some(page.current)).notice(page.notice).trail("Home", "/home").trail(&c.name, format!("/centres/{}", c.id)).render(html! {
        (search_form(&c.id, page.query))
        (registrations_list(page))
        p { a href={ "/centres/" (c.id) "/registrations/import" } { "Import many learners from a CSV file" } }
        h2 id="register" { "Register a learner" }
        @if let Some(problem) = page.problem {
            div class="error-summary" role="alert" aria-labelledby="rule-problem" {
                h2 id="rule-problem" { "This registration is not allowed" }
                p { (problem) }
            }
        }
        (error_summary(page.errors))
        (register_form(page))
    })
}

/// Find a learner among the centre's: words, in progress or withdrawn, how many a page.
fn search_form(centre_id: &str, query: &RegistrationListQuery) -> Markup {
    let statuses = [
        (String::new(), "In progress and withdrawn".to_owned()),
        (
            "active".to_owned(),
            RegistrationStatus::Active.label().to_owned(),
        ),
        (
            "withdrawn".to_owned(),
            RegistrationStatus::Withdrawn.label().to_owned(),
        ),
    ];
    let status = query.status.map_or("", RegistrationStatus::as_str);
    html! {
        form method="get" action={ "/centres/" (centre_id) "/registrations" } class="caseload-search" {
            div class="field" {
                label for="q" { "Find a learner" }
                p class="hint" id="q-hint" { "A learner's name, or a qualification's title or number" }
                input type="search" id="q" name="q" value=(query.search.as_deref().unwrap_or("")) aria-describedby="q-hint";
            }
            (select("status", "Status", &statuses, status, &[]))
            (listing::page_size(query.per_page, "Learners"))
            button type="submit" class="secondary" { "Show" }
        }
    }
}

/// The centre's learners, a page at a time: name, qualification, start and status.
fn registrations_list(page: &ListPage<'_>) -> Markup {
    let (list, query) = (page.list, page.query);
    let searching = query.search.is_some() || query.status.is_some();
    let names: Vec<&str> = list.rows.iter().map(|(_, name)| name.as_str()).collect();
    let link = |after: Option<&str>| list_link(&page.centre.id, query, after);
    html! {
        @if list.rows.is_empty() {
            @if searching { p { "No learner matches. Change the search, or clear it to see everyone." } }
            @else if query.after.is_some() { p { "There are no more learners." } }
            @else { p { "No learners are registered yet." } }
        } @else {
            p role="status" { (listing::summary(list.total, &names, listing::LEARNERS)) }
            table {
                thead { tr { th scope="col" { "Learner" } th scope="col" { "Qualification" } th scope="col" { "Started" } th scope="col" { "Status" } } }
                tbody {
                    @for (r, name) in &list.rows {
                        tr {
                            td data-label="Learner" { a href={ "/registrations/" (r.id) } { (name) } }
                            td data-label="Qualification" { (page.curriculum.qualification_name(&r.qualification_id)) }
                            td data-label="Started" { (words::day(r.start_date)) }
                            td data-label="Status" { (r.status.label()) }
                        }
                    }
                }
            }
        }
        (listing::pager(
            "Pages of the registrations",
            (query.per_page, listing::LEARNERS),
            list.next.as_deref().map(|next| link(Some(next))).as_deref(),
            query.after.is_some().then(|| link(None)).as_deref(),
        ))
    }
}

/// The list with the same search, from the start or after `after`.
fn list_link(centre_id: &str, query: &RegistrationListQuery, after: Option<&str>) -> String {
    let per_page = query.per_page.to_string();
    let pairs = [
        ("q", query.search.as_deref().unwrap_or("")),
        (
            "status",
            query.status.map_or("", RegistrationStatus::as_str),
        ),
        ("per_page", per_page.as_str()),
    ];
    listing::link(
        &format!("/centres/{centre_id}/registrations"),
        &pairs,
        after,
    )
}

/// Register a learner, refilled with what was typed.
fn register_form(page: &ListPage<'_>) -> Markup {
    let c = page.centre;
    let i = page.input;
    let e = page.errors;
    let qualifications: Vec<(String, String)> = page
        .curriculum
        .qualifications()
        .map(|(_, q)| (q.id.clone(), q.title.clone()))
        .collect();
    html! {
        form method="post" action={ "/centres/" (c.id) "/registrations" } novalidate {
            (csrf(&page.current.session.csrf_token))
            (Input::new("learner_name", "Learner's full name").value(&i.learner_name).autocomplete("off").render(e))
            (Input::new("learner_email", "Learner's email address").kind("email").value(&i.learner_email).autocomplete("off").render(e))
            (Input::new("date_of_birth", "Date of birth").kind("date").value(&i.date_of_birth).render(e))
            (select("qualification_id", "Qualification", &qualifications, &i.qualification_id, e))
            (Input::new("awarding_body_ref", "City & Guilds enrolment number or SQA Scottish Candidate Number").value(&i.awarding_body_ref).optional().hint("SQA: the 9-digit Scottish Candidate Number. City & Guilds: 3 letters and 4 digits, once issued.").render(e))
            (Input::new("start_date", "Start date").kind("date").value(&i.start_date).render(e))
            (Input::new("planned_end_date", "Planned end date").kind("date").value(&i.planned_end_date).render(e))
            (Input::new("employer", "Employer").value(&i.employer).optional().render(e))
            (Input::new("workplace", "Workplace (the real work environment, for Unit 002)").value(&i.workplace).optional().render(e))
            (select("assessor_id", "Assessor", &people_with(page.people, Role::Assessor, Some("Choose an assessor")), &i.assessor_id, e))
            (select("iqa_id", "Internal quality assurer", &people_with(page.people, Role::Iqa, Some("Choose an IQA")), &i.iqa_id, e))
            (select("tutor_id", "Tutor (optional)", &people_with(page.people, Role::Tutor, Some("No tutor")), &i.tutor_id, e))
            (textarea("support_needs", "Additional support needs (optional)", &i.support_needs, e))
            (textarea("reasonable_adjustments", "Reasonable adjustments (optional)", &i.reasonable_adjustments, e))
            div class="field" {
                label class="checkbox" for="open_learning" { input type="checkbox" id="open_learning" name="open_learning" value="true" checked[i.open_learning]; "Open learning" }
            }
            (Input::new("authenticator", "Who authenticates the learner's evidence (open learning)").value(&i.authenticator).optional().hint("For example the employer's manager.").render(e))
            (Input::new("authenticator_role", "The authenticator's role (open learning)").value(&i.authenticator_role).optional().hint("For example Line manager.").render(e))
            (Input::new("authenticator_email", "The authenticator's email (open learning)").kind("email").value(&i.authenticator_email).optional().hint("Their single-use links to confirm the learner's evidence go here.").render(e))
            div class="field" {
                label class="checkbox" for="completed_prior_unit" { input type="checkbox" id="completed_prior_unit" name="completed_prior_unit" value="true" checked[i.completed_prior_unit]; "SQA: the learner has completed Unit FM96 34" }
            }
            (textarea("prior_learning", "Prior learning to recognise (optional; SQA Unit FX35 35 only, City & Guilds 3085 allows none)", &i.prior_learning, e))
            button type="submit" class="primary" { "Register learner" }
        }
    }
}

pub struct DetailPage<'a> {
    pub current: &'a CurrentUser,
    pub registration: &'a Registration,
    pub changes: &'a [RegistrationChange],
    pub names: &'a dyn Fn(&str) -> String,
    pub assessors: &'a [(String, String)],
    pub manage: bool,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
    /// The evidence section (list and add form).
    pub evidence: Markup,
    /// The qualification's number and title.
    pub qualification: &'a str,
    /// C2: prior learning recognised at registration.
    pub prior_learning: Option<&'a PriorLearningRecord>,
    /// Who assesses and quality-assures each unit, with the forms to allocate one.
    pub units: Markup,
}

pub fn detail(page: &DetailPage<'_>) -> Markup {
    let r = page.registration;
    let title = format!("{} on {}", (page.names)(&r.learner_id), page.qualification);
    Page::new(&title).user(Some(page.current)).notice(page.notice).trail("Home", "/home").render(html! {
        @if let Some(problem) = page.problem {
            div class="error-summary" role="alert" aria-labelledby="rule-problem" tabindex="-1" { h2 id="rule-problem" { "Not allowed" } p { (problem) } }
        }
        (facts(page))
        (page.units.clone())
        @if page.manage && r.status == RegistrationStatus::Active {
            p { a href={ "/registrations/" (r.id) "/details" } { "Change the awarding-body reference, workplace, planned end date or support" } }
        }
        p { a href={ "/registrations/" (r.id) "/plans" } { "Assessment plans and progress reviews" } }
        p { a href={ "/registrations/" (r.id) "/assessment" } { "Assessment record: judgements, feedback, observations and unit sign-off" } }
        (page.evidence.clone())
        @if r.open_learning {
            p { a href={ "/registrations/" (r.id) "/authentication" } { "Authentication of evidence (open learning): what the authenticator has confirmed, and what is outstanding" } }
        }
        p { a href={ "/registrations/" (r.id) "/testimony" } { "Witness testimony: ask a witness, and see what witnesses signed" } }
        @if r.qualification_id == crate::domain::occasion::SQA_UNIT {
            p { a href={ "/registrations/" (r.id) "/occasions" } { "Assessment occasions: Knowledge/Skills questions (S2, S3)" } }
        }
        h2 { "History" }
        ol {
            @for c in page.changes {
                li { (c.changed_at.format("%-d %B %Y %H:%M")) ": " (change_words(&c.change)) " by " ((page.names)(&c.changed_by)) @if !c.reason.is_empty() { " (" (c.reason) ")" } }
            }
        }
        (manage_forms(page))
    })
}

/// What the registration holds, as a list of facts.
fn facts(page: &DetailPage<'_>) -> Markup {
    let r = page.registration;
    html! {
    dl class="facts" {
        dt { "Status" } dd { (r.status.label()) }
        dt { "Qualification" } dd { a href={ "/qualifications/" (r.qualification_id) } { (page.qualification) } }
        dt { "Awarding-body reference" } dd { (r.awarding_body_ref.as_deref().unwrap_or("not yet issued")) }
        dt { "Dates" } dd { (r.start_date.format("%-d %B %Y")) " to " (r.planned_end_date.format("%-d %B %Y")) }
        dt { "Employer and workplace" } dd { (r.employer) "; " (r.workplace) }
        dt { "Assessor" } dd { ((page.names)(&r.assessor_id)) " (each unit not allocated on its own)" }
        dt { "IQA" } dd { ((page.names)(&r.iqa_id)) " (each unit not allocated on its own)" }
        @if let Some(t) = &r.tutor_id { dt { "Tutor" } dd { ((page.names)(t)) } }
        dt { "Support needs" } dd { (if r.support_needs.is_empty() { "none recorded" } else { &r.support_needs }) }
        dt { "Reasonable adjustments" } dd { (if r.reasonable_adjustments.is_empty() { "none recorded" } else { &r.reasonable_adjustments }) }
        @if r.open_learning { dt { "Open learning; authenticator" } dd { (r.authenticator.as_deref().unwrap_or("not yet named")) " (no evidence is authenticated until they sign for it)" } }
        dt { "Prior learning recognised" }
        dd {
            @match page.prior_learning {
                Some(p) => { (p.description) " (recorded " (p.recorded_at.format("%-d %B %Y")) ")" }
                None => "none",
            }
        }
    }
    }
}

/// The centre's transfer and withdrawal forms, for those who manage an active registration.
fn manage_forms(page: &DetailPage<'_>) -> Markup {
    let r = page.registration;
    html! {
    @if page.manage && r.status == RegistrationStatus::Active {
        (error_summary(page.errors))
        h2 { "Transfer to another assessor" }
        form method="post" action={ "/registrations/" (r.id) "/transfer" } novalidate {
            (csrf(&page.current.session.csrf_token))
            (select("assessor_id", "New assessor", page.assessors, "", page.errors))
            (Input::new("reason", "Reason").render(page.errors))
            button type="submit" class="secondary" { "Transfer" }
        }
        h2 { "Withdraw" }
        form method="post" action={ "/registrations/" (r.id) "/withdraw" } novalidate {
            (csrf(&page.current.session.csrf_token))
            (Input::new("withdraw_reason", "Reason for withdrawal").render(page.errors))
            button type="submit" class="secondary" { "Withdraw learner" }
        }
    }
    }
}

/// What a successful import did: learners registered now, and those asked first.
fn import_done(report: &crate::actions::people::import::ImportReport) -> Markup {
    html! {
        div class="notice" role="status" {
            p { (report.imported) " learners registered." }
            @if report.invited > 0 {
                p { (report.invited) " already had an account with us and do not belong to the centre yet, so we asked them by email and on their home page; each is registered once they accept." }
            }
        }
    }
}

/// The import form, and after an import its per-row report.
pub fn import(
    current: &CurrentUser,
    centre_id: &str,
    report: Option<&crate::actions::people::import::ImportReport>,
) -> Markup {
    use crate::domain::registration_csv::{OPTIONAL, REQUIRED};
    Page::new("Import registrations").user(Some(current)).trail("Home", "/home").trail("Registrations", format!("/centres/{centre_id}/registrations")).render(html! {
        @if let Some(report) = report {
            @if report.is_ok() {
                (import_done(report))
            } @else {
                div class="error-summary" role="alert" aria-labelledby="import-problem" tabindex="-1" {
                    h2 id="import-problem" { "Nothing was imported" }
                    p { "Correct the rows below and import the whole file again." }
                    ul { @for e in &report.file_errors { li { a href="#file" { (e.message) } } } }
                }
            }
            @if !report.rows.is_empty() {
                table {
                    caption { "Row by row" }
                    thead { tr { th scope="col" { "Row" } th scope="col" { "Learner" } th scope="col" { "Result" } } }
                    tbody {
                        @for r in &report.rows {
                            tr {
                                td data-label="Row" { (r.row) }
                                td data-label="Learner" { (r.learner_email) }
                                td data-label="Result" {
                                    @if r.ok { span class="allowed" { "OK" } } @else { span class="refused" { "Needs correcting" } }
                                    ul {
                                        @for e in &r.errors { li { (e.field) ": " (e.message) } }
                                        @for w in &r.warnings { li class="warning" { "Warning: " (w) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        p { "A CSV file (UTF-8), one learner per row, with a header row naming the columns. Staff are given by email address." }
        // The column names are what the file must say, exactly: shown open, as the technical
        // part of the page.
        details class="technical" open {
            summary { "The columns, as the header row names them" }
            p { "Required columns: " (REQUIRED.join(", ")) "." }
            p { "Optional columns: " (OPTIONAL.join(", ")) " (open_learning and completed_prior_unit: yes or no)." }
        }
        p { "If any row needs correcting, nothing is imported." }
        form method="post" action={ "/centres/" (centre_id) "/registrations/import" } enctype="multipart/form-data" {
            (csrf(&current.session.csrf_token))
            div class="field" {
                label for="file" { "CSV file" }
                input type="file" id="file" name="file" accept=".csv,text/csv" required;
            }
            button type="submit" class="primary" { "Import" }
        }
    })
}

/// A change to a registration, in words.
fn change_words(change: &str) -> &str {
    match change {
        "transferred" => "Transferred to another assessor",
        "unit_allocated" => "A unit allocated to its own assessor and IQA",
        "withdrawn" => "Withdrawn",
        "details_changed" => "Details changed",
        other => other,
    }
}
