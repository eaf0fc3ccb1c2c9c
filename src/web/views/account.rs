//! Sign-in, passwords, and each person's home page.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem};
use super::layout::Page;
use super::words;
use crate::actions::assessment::due_next::DueNext;
use crate::actions::waiting::Waiting;
use crate::curriculum::Curriculum;
use crate::domain::ids::CentreId;
use crate::domain::people::FieldError;
use crate::store::people::Centre;
use crate::store::registrations::Registration;
use crate::web::auth::CurrentUser;

pub fn sign_in(
    csrf_token: &str,
    email: &str,
    problem: Option<&str>,
    notice: Option<&str>,
) -> Markup {
    Page::new("Sign in").notice(notice).render(html! {
        (form_problem(problem))
        form method="post" action="/sign-in" novalidate {
            (csrf(csrf_token))
            (Input::new("email", "Email address").kind("email").value(email).autocomplete("username").render(&[]))
            (Input::new("password", "Password").kind("password").autocomplete("current-password").render(&[]))
            button type="submit" class="primary" { "Sign in" }
        }
        p { a href="/password/forgot" { "Forgotten your password?" } }
    })
}

pub fn forgot(csrf_token: &str, sent: bool, errors: &[FieldError]) -> Markup {
    Page::new("Reset your password").trail("Sign in", "/sign-in").render(html! {
        @if sent {
            div class="notice" role="status" {
                p { "If an account uses that email address, we have sent it a link to choose a new password. The link works once, within one hour." }
            }
        } @else {
            (error_summary(errors))
            p { "Enter the email address of your account. We will send you a link to choose a new password." }
            form method="post" action="/password/forgot" novalidate {
                (csrf(csrf_token))
                (Input::new("email", "Email address").kind("email").autocomplete("username").render(errors))
                button type="submit" class="primary" { "Send the link" }
            }
        }
    })
}

pub fn choose_password(token: &str, name: &str, errors: &[FieldError]) -> Markup {
    Page::new("Choose your password").render(html! {
        (error_summary(errors))
        p { "Hello " (name) ". Choose a password of at least 12 characters. A few unrelated words are strong and easy to remember; avoid common passwords." }
        form method="post" action={ "/password/" (token) } novalidate {
            (Input::new("password", "New password").kind("password").autocomplete("new-password").render(errors))
            button type="submit" class="primary" { "Save password" }
        }
    })
}

pub fn link_spent(message: &str) -> Markup {
    Page::new("This link cannot be used").render(html! {
        p { (message) }
        p { a href="/password/forgot" { "Ask for a new link" } }
    })
}

pub fn account(
    current: &CurrentUser,
    errors: &[FieldError],
    notice: Option<&str>,
    two_step: Markup,
) -> Markup {
    Page::new("Your account").user(Some(current)).notice(notice).render(html! {
        dl class="facts" {
            dt { "Name" } dd { (current.user.name) }
            dt { "Email" } dd { (current.user.email) }
        }
        h2 { "Change your password" }
        p { "Changing your password signs you out everywhere, including this browser." }
        (error_summary(errors))
        form method="post" action="/account/password" novalidate {
            (csrf(&current.session.csrf_token))
            (Input::new("current_password", "Current password").kind("password").autocomplete("current-password").render(errors))
            (Input::new("new_password", "New password").kind("password").autocomplete("new-password").hint("At least 12 characters; not a common password.").render(errors))
            button type="submit" class="primary" { "Change password" }
        }
        (two_step)
    })
}

/// What each role sees first.
/// What a person's home shows.
pub struct Home<'a> {
    pub centres: &'a [Centre],
    pub own: &'a [Registration],
    pub caseload: &'a [(Registration, String)],
    pub due: &'a [DueNext],
    pub waiting: &'a [Waiting],
    /// Centres asking the person to join them, with their answer forms.
    pub invitations: Markup,
    pub notice: Option<&'a str>,
}

pub fn home(current: &CurrentUser, curriculum: &Curriculum, home: &Home<'_>) -> Markup {
    let title = format!("Welcome, {}", current.user.name);
    let centres = home.centres;
    Page::new(&title).user(Some(current)).notice(home.notice).render(html! {
        (home.invitations.clone())
        (waiting_section(home.waiting))
        (due_next(home.due))
        (own_qualifications(curriculum, home.own))
        (caseload_section(current, curriculum, home.caseload))
        (platform_section(current))
        @for centre in centres {
            (centre_section(current, centre))
        }
        (eqa_section(current, curriculum))
        @if centres.is_empty() && current.eqa_grants.is_empty() && !current.is_platform_admin() {
            p { "You do not hold a role at any centre yet. Ask your centre administrator." }
        }
    })
}

/// The work waiting for the person, with its count and where to do it.
fn waiting_section(waiting: &[Waiting]) -> Markup {
    html! {
        section aria-labelledby="waiting-for-you" class="panel" {
            h2 id="waiting-for-you" { "Waiting for you" }
            @if waiting.is_empty() {
                p { "Nothing is waiting for you now." }
            } @else {
                ul class="waiting" {
                    @for w in waiting {
                        li { a href=(w.link) { (w.what) } }
                    }
                }
            }
        }
    }
}

/// The next plan date and assessment occasions of each of the learner's registrations.
fn due_next(due: &[DueNext]) -> Markup {
    html! {
        @if due.iter().any(|d| d.due.is_some() || !d.occasions.is_empty()) {
            section aria-labelledby="due-next" {
                h2 id="due-next" { "What is due next" }
                ul {
                    @for d in due {
                        @if let Some(next) = &d.due {
                            li {
                                a href={ "/registrations/" (d.registration_id) "/plans" } { (next.what) }
                                @if next.overdue { " was due " (next.on.format("%-d %B %Y")) " " strong { "(overdue)" } }
                                @else { ": due " (next.on.format("%-d %B %Y")) }
                            }
                        }
                        @for (o, open) in &d.occasions {
                            li {
                                a href={ "/registrations/" (d.registration_id) "/occasions" } {
                                    @if *open { "Assessment occasion open now: answer the questions" }
                                    @else { "Assessment occasion scheduled" }
                                }
                                @if !*open { ": opens " (o.opens_at.format("%-d %B %Y %H:%M UTC")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The learner's own registrations, with their downloads.
fn own_qualifications(curriculum: &Curriculum, own: &[Registration]) -> Markup {
    html! {
        @if !own.is_empty() {
            section aria-labelledby="my-qualifications" {
                h2 id="my-qualifications" { "Your qualifications" }
                ul {
                    @for r in own {
                        li { a href={ "/registrations/" (r.id) } { (curriculum.qualification_name(&r.qualification_id)) } " (" (r.status.label().to_lowercase()) ", started " (words::day(r.start_date)) ") · " a href={ "/registrations/" (r.id) "/portfolio.zip" } { "Download your portfolio (ZIP)" } " · " a href={ "/registrations/" (r.id) "/credentials" } { "Your digital credentials" } " · " a href={ "/registrations/" (r.id) "/record.pdf" } { "Your achievement record (PDF)" } }
                    }
                }
            }
        }
    }
}

/// Where a registration stands, as the learner reads it.
/// The learners a member of staff assesses, quality-assures or tutors.
fn caseload_section(
    current: &CurrentUser,
    curriculum: &Curriculum,
    caseload: &[(Registration, String)],
) -> Markup {
    html! {
        @if !caseload.is_empty() {
            section aria-labelledby="caseload" {
                h2 id="caseload" { "Your learners" }
                p { a href="/caseload" { "Open your caseload: progress and what waits for you" } }
                table {
                    thead { tr { th scope="col" { "Learner" } th scope="col" { "Qualification" } th scope="col" { "Your role" } th scope="col" { "Planned end" } } }
                    tbody {
                        @for (r, name) in caseload {
                            tr {
                                td data-label="Learner" { a href={ "/registrations/" (r.id) } { (name) } }
                                td data-label="Qualification" { (curriculum.qualification_name(&r.qualification_id)) }
                                td data-label="Your role" { (if r.assessor_id == current.user.id { "Assessor" } else if r.iqa_id == current.user.id { "IQA" } else { "Tutor" }) }
                                td data-label="Planned end" { (words::day(r.planned_end_date)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn platform_section(current: &CurrentUser) -> Markup {
    html! {
        @if current.is_platform_admin() {
            section aria-labelledby="platform" {
                h2 id="platform" { "Platform administration" }
                p { "Create centres, give each its first centre administrator, and read the mail the platform has sent." }
                p { a href="/admin" { "Go to administration" } }
            }
        }
    }
}

/// One centre the person holds roles at: the pages each role opens there.
fn centre_section(current: &CurrentUser, centre: &Centre) -> Markup {
    let roles = current.roles_at(&CentreId::from_stored(centre.id.as_str()));
    let heading = format!("centre-{}", centre.id);
    html! {
        section aria-labelledby=(heading) {
            h2 id=(heading) { (centre.name) }
            p { "Your roles here: " (roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")) "." }
            ul {
                @if roles.contains(&crate::domain::roles::Role::CentreAdmin) {
                    li { a href={ "/centres/" (centre.id) } { "People, roles and EQA access" } }
                    li { a href={ "/centres/" (centre.id) "/registrations" } { "Registrations: register a learner" } }
                    li { a href={ "/centres/" (centre.id) "/audit" } { "Audit trail" } }
                    li { a href={ "/centres/" (centre.id) "/claims" } { "Claims: who is ready for certification, and the claims made" } }
                }
                @if roles.iter().any(|r| r.is_staff()) {
                    li { a href={ "/centres/" (centre.id) "/people/" (current.user.id) } { "Your staff record: qualifications, CPD and what you may assess" } }
                }
                @if roles.contains(&crate::domain::roles::Role::Tutor) || roles.contains(&crate::domain::roles::Role::Assessor) {
                    li { a href={ "/centres/" (centre.id) "/question-bank" } { "Question bank for SQA FX35 35 assessment occasions" } }
                }
                @if roles.contains(&crate::domain::roles::Role::Iqa) || roles.contains(&crate::domain::roles::Role::CentreAdmin) {
                    li { a href={ "/centres/" (centre.id) "/standardisation" } { "Standardisation: activities, blind double-marking and the decision log" } }
                    li { a href={ "/centres/" (centre.id) "/sampling" } { "Sampling: plans, the proposed sample and the coverage report" } }
                }
                @if roles.contains(&crate::domain::roles::Role::Assessor) {
                    li { a href="/notifications" { "Blind double-marking: exercises waiting for your marks are listed above, and each invitation is in your notifications" } }
                }
                @if roles.contains(&crate::domain::roles::Role::Learner) {
                    li { a href="/qualifications" { "The qualifications and their criteria" } }
                }
            }
        }
    }
}

/// The qualifications an external quality assurer may read, and until when.
fn eqa_section(current: &CurrentUser, curriculum: &Curriculum) -> Markup {
    html! {
        @if !current.eqa_grants.is_empty() {
            section aria-labelledby="eqa" {
                h2 id="eqa" { "External quality assurance" }
                p { "You have read-only access to:" }
                ul {
                    @for grant in &current.eqa_grants {
                        li { a href={ "/qualifications/" (grant.qualification_id) } { (curriculum.qualification_name(&grant.qualification_id)) } " until " (grant.expires_at.format("%-d %B %Y")) }
                    }
                }
            }
        }
    }
}
