//! Passkeys on the pages: the account page's list with its add and remove forms, and the button
//! that signs in with one at the second step. The forms post as forms do; `/static/passkeys.js`
//! asks the device between the click and the post, and says in words what went wrong.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary};
use super::words;
use crate::actions::people::passkeys::PasskeySummary;
use crate::domain::people::FieldError;

const UNAVAILABLE: &str = "Passkeys work only when this site is reached by its name, not by a numeric address, so they cannot be added here. Use the authenticator app instead.";

/// What the status line says before the script has run (and stays saying without it).
const NEEDS_SCRIPT: &str = "Passkeys need JavaScript turned on in this browser.";

fn script() -> Markup {
    html! { script src="/static/passkeys.js" defer {} }
}

/// The account page's passkeys: each with when it was added and last used, a remove button, and
/// the form to add another.
pub fn section(
    csrf_token: &str,
    passkeys: &[PasskeySummary],
    available: bool,
    (errors, typed_name): (&[FieldError], &str),
) -> Markup {
    html! {
        h3 id="passkeys" { "Passkeys" }
        p { "A passkey lets this phone, tablet or computer confirm it is you, with your fingerprint, face or screen lock, instead of you typing a code from an app. You can add one on each device you use." }
        @if passkeys.is_empty() {
            p { "You have no passkeys." }
        } @else {
            ul class="passkeys" {
                @for passkey in passkeys {
                    li {
                        strong { (passkey.name) }
                        br;
                        "Added " (words::moment(passkey.added))
                        @match passkey.last_used {
                            Some(used) => { "; last used to sign in " (words::moment(used)) "." }
                            None => { "; not used to sign in yet." }
                        }
                        form method="post" action={ "/account/two-step/passkeys/" (passkey.id) "/remove" } {
                            (csrf(csrf_token))
                            button type="submit" class="secondary" { "Remove passkey " (passkey.name) }
                        }
                    }
                }
            }
        }
        @if available { (add_form(csrf_token, errors, typed_name)) } @else { p { (UNAVAILABLE) } }
    }
}

/// The form that adds a passkey: a name for it (what was typed, after a refusal), then the
/// device's prompt.
pub fn add_form(csrf_token: &str, errors: &[FieldError], typed_name: &str) -> Markup {
    html! {
        form method="post" action="/account/two-step/passkeys" novalidate
            data-passkey="add" data-options="/account/two-step/passkeys/options" {
            (csrf(csrf_token))
            @if errors.iter().any(|e| e.field == "passkey" || e.field == "name") { (error_summary(errors)) }
            (Input::new("name", "Name for the passkey").id("passkey-name").hint("So you can tell your passkeys apart, for example Work laptop or My phone. Optional.").value(typed_name).render(errors))
            input type="hidden" name="ceremony" value="";
            input type="hidden" name="answer" value="";
            p id="passkey" class="passkey-status" data-passkey-status role="status" aria-live="polite" { (NEEDS_SCRIPT) }
            button type="submit" { "Add a passkey" }
        }
        (script())
    }
}

/// The second step's passkey button.
pub fn sign_in_form(csrf_token: &str) -> Markup {
    html! {
        form method="post" action="/sign-in/passkey" novalidate
            data-passkey="sign-in" data-options="/sign-in/passkey/options" {
            (csrf(csrf_token))
            input type="hidden" name="ceremony" value="";
            input type="hidden" name="answer" value="";
            p class="passkey-status" data-passkey-status role="status" aria-live="polite" { (NEEDS_SCRIPT) }
            button type="submit" class="primary" { "Sign in with your passkey" }
        }
        (script())
    }
}
