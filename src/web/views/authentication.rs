//! S4 open-learning authentication pages: the registration's authentication (who the
//! authenticator is, what they have confirmed, what is outstanding) with the forms to name them
//! and to email them a link; and the page the authenticator sees through their link.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem};
use super::layout::Page;
use super::witness::paragraphs;
use crate::actions::assessment::authentication::AuthenticationStatus;
use crate::actions::assessment::authentication_link::LinkView;
use crate::domain::authentication::{CONFIRMATION, SignFields};
use crate::domain::people::FieldError;
use crate::domain::witness::LinkState;
use crate::web::auth::CurrentUser;

/// What the registration's authentication page shows, and which forms.
pub struct StatusPage<'a> {
    pub current: &'a CurrentUser,
    pub status: &'a AuthenticationStatus,
    pub can_request: bool,
    pub can_name: bool,
    /// What was typed into the authenticator form (kept on a refusal).
    pub named: (&'a str, &'a str, &'a str),
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
}

pub fn status(p: &StatusPage<'_>) -> Markup {
    let s = p.status;
    let r = &s.registration;
    let title = format!("Authentication of {}'s evidence", s.learner_name);
    Page::new(&title).user(Some(p.current)).notice(p.notice).trail("Home", "/home").trail("Registration", format!("/registrations/{}", r.id)).render(html! {
        p { "Open learning (S4): the named authenticator, usually the employer, confirms that the evidence relied on is the candidate's own work before a unit is signed off." }
        (form_problem(p.problem))
        dl class="facts" {
            dt { "Authenticator" }
            dd {
                @match &s.authenticator {
                    Some(a) => { (a.name) ", " (a.role) " (" (a.email) ")" }
                    None => { (r.authenticator.as_deref().unwrap_or("Not yet named")) "; their role and email are not recorded yet, so no link can be sent" }
                }
            }
        }
        h2 { "Declared evidence" }
        @if s.items.is_empty() {
            p { "The learner has not yet declared any evidence as their own work, so there is nothing to authenticate." }
        } @else {
            ul {
                @for i in &s.items {
                    li {
                        (i.title) " (version " (i.version) "): "
                        @match &i.authenticated {
                            Some(a) => { "authenticated by " (a.signed_name) ", " (a.signed_role) ", on " (a.signed_at.format("%-d %B %Y at %H:%M")) }
                            None => { strong { "outstanding" } }
                        }
                    }
                }
            }
        }
        @if !s.requests.is_empty() {
            h2 { "Links sent" }
            ul {
                @for q in &s.requests {
                    li {
                        "Sent to " (q.authenticator_name) " on " (q.created_at.format("%-d %B %Y")) ": "
                        @match q.link_used_at { Some(at) => { "signed on " (at.format("%-d %B %Y")) } None => { "not yet used; works until " (q.link_expires_at.format("%-d %B %Y")) } }
                    }
                }
            }
        }
        @if p.can_request {
            form method="post" action={ "/registrations/" (r.id) "/authentication-requests" } {
                (csrf(&p.current.session.csrf_token))
                button type="submit" class="primary" { "Email the authenticator a link to confirm the outstanding items" }
            }
        }
        @if p.can_name { (name_form(p)) }
    })
}

fn name_form(p: &StatusPage<'_>) -> Markup {
    let (name, role, email) = p.named;
    html! {
        h2 id="name-authenticator" { "Name the authenticator" }
        (error_summary(p.errors))
        form method="post" action={ "/registrations/" (p.status.registration.id) "/authenticator" } novalidate {
            (csrf(&p.current.session.csrf_token))
            (Input::new("authenticator", "Their full name").value(name).autocomplete("off").render(p.errors))
            (Input::new("authenticator_role", "Their role").value(role).hint("For example Line manager.").render(p.errors))
            (Input::new("authenticator_email", "Their email address").kind("email").value(email).autocomplete("off").render(p.errors))
            button type="submit" { "Save the authenticator" }
        }
    }
}

/// The authenticator's page (no account).
pub struct LinkPage<'a> {
    pub view: &'a LinkView,
    pub action: &'a str,
    pub fields: &'a SignFields,
    pub errors: &'a [FieldError],
}

pub fn link(p: &LinkPage<'_>) -> Markup {
    let v = p.view;
    let title = format!("Confirm {}'s evidence is their own work", v.learner_name);
    let notice = matches!(v.link, LinkState::Used(_))
        .then_some("This link has been used: below is what you signed. It cannot be used again.");
    Page::new(&title).notice(notice).render(html! {
        p { "You are named as " (v.learner_name) "'s authenticator (" (v.request.authenticator_role) "). Read each item and tick those you can confirm: \"" (CONFIRMATION) "\"." }
        (error_summary(p.errors))
        @if v.link == LinkState::Open {
            form method="post" action=(p.action) novalidate {
                input type="hidden" name="link_id" value=(v.link_id);
                (items(p, true))
                (Input::new("signed_name", "Your full name").value(&p.fields.signed_name).autocomplete("name").render(p.errors))
                (Input::new("signed_role", "Your role").value(&p.fields.signed_role).autocomplete("organization-title").render(p.errors))
                p class="hint" { "Signing keeps your name, role and the time with each item you confirm." }
                button type="submit" class="primary" { "Sign" }
            }
        } @else {
            (items(p, false))
        }
    })
}

fn items(p: &LinkPage<'_>, open: bool) -> Markup {
    let errors = p.errors;
    let problem = errors.iter().find(|e| e.field == "confirmed");
    html! {
        fieldset class="field" id="confirmed" {
            legend { "The evidence" }
            @if let Some(e) = problem { p class="error-message" { (e.message) } }
            @for (n, i) in p.view.items.iter().enumerate() {
                @let id = if n == 0 { "confirmed-first".to_owned() } else { format!("confirmed-{n}") };
                section {
                    h3 { (i.item.title) " (version " (i.version.version) ")" }
                    @if !i.version.description.is_empty() { (paragraphs(&i.version.description)) }
                    @if !i.version.body_text.is_empty() { (paragraphs(&i.version.body_text)) }
                    @if !i.files.is_empty() { p { "Files: " @for f in &i.files { span { (f.filename) " " } } } }
                    @if open {
                        label class="checkbox" for=(id) {
                            input type="checkbox" id=(id) name="confirmed" value=(i.item.id) checked[p.fields.confirmed.contains(&i.item.id)];
                            (CONFIRMATION)
                        }
                    } @else {
                        @match &i.authenticated {
                            Some(a) => { p { "Confirmed as the candidate's own work by " (a.signed_name) ", " (a.signed_role) ", on " (a.signed_at.format("%-d %B %Y at %H:%M")) "." } }
                            None => { p { "Not confirmed." } }
                        }
                    }
                }
            }
        }
    }
}
