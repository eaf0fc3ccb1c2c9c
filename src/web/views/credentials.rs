//! Open Badges pages: a learner's achieved units with their credentials, and the public page
//! where anyone checks a credential.

use maud::{Markup, html};

use super::layout::Page;
use super::words;
use crate::actions::claims::open_badges::{Achieved, Verified};
use crate::web::auth::CurrentUser;

/// The learner's credentials: one download per achieved unit, and how others can check it.
pub fn credentials_page(
    current: &CurrentUser,
    registration_id: &str,
    qualification: &str,
    achieved: &[Achieved],
    is_learner: bool,
) -> Markup {
    Page::new("Digital credentials")
        .user(Some(current))
        .trail("Home", "/home")
        .trail("Registration", format!("/registrations/{registration_id}"))
        .render(html! {
            p { "Open Badges 3.0 credentials for the units of " (qualification) " that are signed off by the assessor and countersigned by the learner. Each is signed with the centre's key; an employer or anyone else can check one at " a href="/credentials/verify" { "Check a credential" } "." }
            @if achieved.is_empty() {
                p { "No unit is achieved yet. A credential can be downloaded once a unit is signed off and countersigned." }
            } @else {
                table {
                    caption { "Achieved units" }
                    thead { tr { th scope="col" { "Unit" } th scope="col" { "Achieved on" } th scope="col" { "Credential" } } }
                    tbody {
                        @for a in achieved {
                            tr {
                                td data-label="Unit" { (a.name) }
                                td data-label="Achieved on" { (words::day(a.achieved_on())) }
                                td data-label="Credential" {
                                    @if is_learner {
                                        a href={ "/registrations/" (registration_id) "/units/" (a.unit_id) "/credential.jwt" } download { "Download the credential for " (a.name) }
                                    } @else {
                                        "The learner downloads it"
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
}

/// The public check: a form to paste a credential, and the outcome of the last check.
pub fn verify_page(
    current: Option<&CurrentUser>,
    token: &str,
    outcome: Option<Result<&Verified, &str>>,
) -> Markup {
    Page::new("Check a credential")
        .user(current)
        .trail("Home", "/")
        .render(html! {
            @match outcome {
                Some(Ok(v)) => {
                    div role="status" class="notice" {
                        h2 { "This credential is valid" }
                        dl {
                            dt { "Achievement" } dd { (v.achievement) }
                            dt { "Issued by" } dd { (v.issuer_name) }
                            dt { "Achieved on" } dd { (words::stored(&v.achieved_on)) }
                            dt { "Valid from" } dd { (words::stored(&v.valid_from)) }
                        }
                        details class="technical" {
                            summary { "Technical details" }
                            dl {
                                dt { "Issuer" } dd class="id" { (v.issuer) }
                                dt { "Credential" } dd class="id" { (v.credential_id) }
                            }
                        }
                        p { "The signature matches the centre's key and the unit's sign-off still stands. The learner is named only by a salted hash of their email address." }
                    }
                }
                Some(Err(reason)) => {
                    div role="alert" class="error-summary" tabindex="-1" {
                        h2 { "This credential is not valid" }
                        p { (reason) }
                    }
                }
                None => {}
            }
            form method="get" action="/credentials/verify" {
                label for="credential" { "Credential (the text of the .jwt file)" }
                textarea id="credential" name="credential" rows="8" spellcheck="false" autocomplete="off" { (token) }
                button type="submit" { "Check the credential" }
            }
        })
}
