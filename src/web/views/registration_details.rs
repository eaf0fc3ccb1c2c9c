//! The centre administrator's form to change a registration's details: the awarding body's
//! reference, the employer and workplace, the planned end date, support needs and adjustments.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem, textarea};
use super::layout::Page;
use crate::domain::people::FieldError;
use crate::domain::registration::DetailsInput;
use crate::store::registrations::Registration;
use crate::web::auth::CurrentUser;

pub struct DetailsPage<'a> {
    pub current: &'a CurrentUser,
    pub registration: &'a Registration,
    pub learner_name: &'a str,
    /// "City & Guilds enrolment number" or "Scottish Candidate Number".
    pub reference_label: &'a str,
    pub details: &'a DetailsInput,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
}

pub fn page(p: &DetailsPage<'_>) -> Markup {
    let r = p.registration;
    let d = p.details;
    let title = format!("Change {}'s details", p.learner_name);
    Page::new(&title)
        .user(Some(p.current))
        .trail("Home", "/home")
        .trail(p.learner_name, format!("/registrations/{}", r.id))
        .render(html! {
            (error_summary(p.errors))
            (form_problem(p.problem))
            p { "The change is kept in the registration's history and the centre's audit trail. Once the learner is in a certification claim, their details no longer change." }
            form method="post" action={ "/registrations/" (r.id) "/details" } novalidate {
                (csrf(&p.current.session.csrf_token))
                (Input::new("awarding_body_ref", p.reference_label).value(&d.awarding_body_ref).optional()
                    .hint("City & Guilds: 3 letters and 4 digits, like ABC1234, blank until issued. SQA: the 9-digit Scottish Candidate Number.")
                    .render(p.errors))
                (Input::new("employer", "Employer").value(&d.employer).optional().autocomplete("organization").render(p.errors))
                (Input::new("workplace", "Workplace, where practice is assessed").value(&d.workplace).optional().render(p.errors))
                (Input::new("planned_end_date", "Planned end date").kind("date").value(&d.planned_end_date).render(p.errors))
                (textarea("support_needs", "Support needs (optional)", &d.support_needs, p.errors))
                (textarea("reasonable_adjustments", "Reasonable adjustments (optional)", &d.reasonable_adjustments, p.errors))
                button type="submit" { "Save the changes" }
            }
            p { a href={ "/registrations/" (r.id) } { "Back to the registration without changing it" } }
        })
}
