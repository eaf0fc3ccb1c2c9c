//! "How we email you": an email for each message, or one a day listing them. The notifications
//! in the app are the same either way.

use maud::{Markup, html};

use super::forms::{csrf, error_summary};
use super::layout::Page;
use crate::domain::digest::MailCadence;
use crate::domain::people::FieldError;
use crate::web::auth::CurrentUser;

pub fn page(
    current: &CurrentUser,
    chosen: MailCadence,
    errors: &[FieldError],
    notice: Option<&str>,
) -> Markup {
    Page::new("How we email you")
        .user(Some(current))
        .notice(notice)
        .trail("Your account", "/account")
        .render(html! {
            p { "Everything about your work is in your " a href="/notifications" { "notifications" } " as it happens. Choose how we email you about it too." }
            p { "Emails that let you sign in or reset your password always come at once." }
            (error_summary(errors))
            form method="post" action="/account/mail" novalidate {
                (csrf(&current.session.csrf_token))
                fieldset id="cadence" class="field" {
                    legend { "Email me" }
                    @if let Some(e) = errors.iter().find(|e| e.field == "cadence") { p class="error" { (e.message) } }
                    @for option in MailCadence::ALL {
                        @let id = format!("cadence-{}", option.as_str());
                        div class="radio" {
                            input type="radio" id=(id) name="cadence" value=(option.as_str()) checked[*option == chosen];
                            label for=(id) { (option.label()) }
                        }
                    }
                }
                button type="submit" class="primary" { "Save how we email you" }
            }
        })
}
