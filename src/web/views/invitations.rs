//! A person's home: the centres asking them to join, each with Accept and Decline.

use maud::{Markup, html};

use super::forms::csrf;
use super::words;
use crate::curriculum::Curriculum;
use crate::domain::invitation::{roles_in_words, roles_stored};
use crate::store::invitations::Invitation;
use crate::web::auth::CurrentUser;

pub fn section(
    current: &CurrentUser,
    curriculum: &Curriculum,
    asked: &[(Invitation, String)],
) -> Markup {
    html! {
        @if !asked.is_empty() {
            section aria-labelledby="invitations" class="panel" {
                h2 id="invitations" { "Centres asking you to join them" }
                p { "A centre sees nothing of your record until you accept." }
                @for (invitation, centre) in asked {
                    h3 { (centre) }
                    @if let Some(pending) = invitation.registration.0.as_ref() {
                        p { "To register you as a learner on " (curriculum.qualification_name(&pending.checked.qualification_id)) ", asked on " (words::day(invitation.invited_at.date())) ". Accepting makes the registration." }
                    } @else {
                        p { "As " (roles_in_words(&roles_stored(&invitation.roles))) ", asked on " (words::day(invitation.invited_at.date())) "." }
                    }
                    div class="actions" {
                        form method="post" action={ "/invitations/" (invitation.centre_id) "/accept" } {
                            (csrf(&current.session.csrf_token))
                            button type="submit" class="primary" { "Accept " span class="visually-hidden" { (centre) } }
                        }
                        form method="post" action={ "/invitations/" (invitation.centre_id) "/decline" } {
                            (csrf(&current.session.csrf_token))
                            button type="submit" class="secondary" { "Decline " span class="visually-hidden" { (centre) } }
                        }
                    }
                }
            }
        }
    }
}
