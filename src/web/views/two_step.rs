//! Two-step sign-in: the account page's section, setting it up with an authenticator app, the
//! recovery codes shown once, and the second step of signing in.

use base64::Engine;
use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem};
use super::layout::Page;
use crate::actions::people::passkey_sign_in::SecondStepWays;
use crate::actions::people::passkeys::PasskeySummary;
use crate::actions::people::two_step::{Enrolment, TwoStepStatus};
use crate::domain::people::FieldError;
use crate::domain::two_step_policy::TwoStepPolicy;
use crate::web::auth::CurrentUser;

/// The section of the account page: the authenticator app, then the passkeys.
pub fn section(
    current: &CurrentUser,
    status: &TwoStepStatus,
    passkeys: (&[PasskeySummary], bool, &str),
    errors: &[FieldError],
) -> Markup {
    let (keys, available, typed_name) = passkeys;
    let token = &current.session.csrf_token;
    html! {
        h2 id="two-step" { "Two-step sign-in" }
        @if status.on {
            p { "Two-step sign-in is on: after your password you type the code your authenticator app shows"
                @if !keys.is_empty() { ", or use one of your passkeys" }
                ". You have " (status.recovery_codes_left) " unused recovery "
                (if status.recovery_codes_left == 1 { "code" } else { "codes" }) " for when you do not have your phone." }
            details {
                summary { "Turn off the authenticator app" }
                @if errors.iter().any(|e| e.field == "password") { (error_summary(errors)) }
                form method="post" action="/account/two-step/off" novalidate {
                    (csrf(token))
                    (Input::new("password", "Your password").id("two-step-password").kind("password").autocomplete("current-password").render(errors))
                    button type="submit" { "Turn off two-step sign-in" }
                }
            }
        } @else {
            @if keys.is_empty() {
                p { "Two-step sign-in is off. With it on, signing in also asks for a six-digit code from an authenticator app on your phone (such as Microsoft Authenticator or Google Authenticator), or for a passkey on your device, so a stolen password alone cannot open your account." }
            } @else {
                p { "Two-step sign-in is on with your passkeys: after your password, your device confirms it is you. You can also set up an authenticator app, for when you sign in on a device without a passkey." }
            }
            form method="post" action="/account/two-step" {
                (csrf(token))
                button type="submit" class="primary" {
                    @if status.setting_up.is_some() { "Carry on setting up the authenticator app" }
                    @else if keys.is_empty() { "Set up two-step sign-in" }
                    @else { "Set up an authenticator app" }
                }
            }
        }
        (super::passkeys::section(token, keys, available, (errors, typed_name)))
    }
}

/// The QR code of the app's address, as an image (generated here, never from what a person typed
/// as markup: the address only becomes the code's squares).
fn qr_image(address: &str) -> Markup {
    let Ok(code) = qrcode::QrCode::new(address.as_bytes()) else {
        return html! {
            p class="error" { "The QR code could not be drawn for this key. Type the key below into the app instead." }
        };
    };
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    let data = base64::engine::general_purpose::STANDARD.encode(svg);
    html! {
        img class="qr" src={ "data:image/svg+xml;base64," (data) } width="200" height="200"
            alt="QR code to scan with your authenticator app";
    }
}

/// Why someone who signed in must set two-step sign-in up first, and the button to start.
/// `passkey_name`: none where passkeys cannot be used; else the name typed for one (if any).
pub fn required(
    current: &CurrentUser,
    passkey_name: Option<&str>,
    errors: &[FieldError],
) -> Markup {
    Page::new("Set up two-step sign-in to go on")
        .user(Some(current))
        .render(html! {
            (required_notice())
            h2 { "With an authenticator app" }
            p { "You need an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator. It takes about a minute." }
            form method="post" action="/account/two-step" {
                (csrf(&current.session.csrf_token))
                button type="submit" class="primary" { "Set up two-step sign-in" }
            }
            @if let Some(typed_name) = passkey_name {
                h2 { "Or with a passkey" }
                p { "If this phone, tablet or computer has a fingerprint reader, face recognition or a screen lock, it can hold a passkey for you instead." }
                (super::passkeys::add_form(&current.session.csrf_token, errors, typed_name))
            }
            form method="post" action="/sign-out" {
                (csrf(&current.session.csrf_token))
                button type="submit" { "Sign out" }
            }
        })
}

fn required_notice() -> Markup {
    html! {
        div class="notice" role="status" {
            p { "Your centre asks everyone in your role to sign in in two steps: after your password, a six-digit code from an app on your phone, or a passkey on your device. Set it up now to go on; until then your account opens nothing else." }
        }
    }
}

/// Setting up: scan the code (or type the key), then type the code the app shows.
pub fn setting_up(current: &CurrentUser, enrolment: &Enrolment, errors: &[FieldError]) -> Markup {
    Page::new("Set up two-step sign-in")
        .user(Some(current))
        .trail("Your account", "/account")
        .render(html! {
            (error_summary(errors))
            @if current.session.two_step_setup { (required_notice()) }
            ol class="steps" {
                li { "Open the authenticator app on your phone and add an account." }
                li { "Scan this QR code with it." (qr_image(&enrolment.address))
                    p { "Cannot scan? Choose to type a key instead, and type: " }
                    p { code class="key" { (enrolment.secret.grouped()) } }
                }
                li { "Type the six-digit code the app now shows for eportfolio." }
            }
            form method="post" action="/account/two-step/confirm" novalidate {
                (csrf(&current.session.csrf_token))
                (Input::new("code", "Code from the app").autocomplete("one-time-code").hint("Six digits, for example 492 039.").render(errors))
                button type="submit" class="primary" { "Turn on two-step sign-in" }
            }
        })
}

/// The recovery codes, shown this once.
pub fn recovery_codes(current: &CurrentUser, codes: &[String]) -> Markup {
    Page::new("Two-step sign-in is on")
        .user(Some(current))
        .trail("Your account", "/account")
        .render(html! {
            div class="notice" role="status" {
                p { "From now on, signing in asks for the code your authenticator app shows." }
            }
            h2 { "Your recovery codes" }
            p { "If you lose your phone, each of these codes signs you in once instead of the app's code. "
                strong { "Write them down or print this page now, and keep them somewhere safe: they will not be shown again." } }
            ul class="recovery-codes" {
                @for code in codes { li { code { (code) } } }
            }
            p { "Lost your phone and your codes? Your centre administrator can reset two-step sign-in for you." }
            p { a href="/home" { "I have kept my codes: go to my home page" } }
        })
}

/// The second step of signing in: the passkey button and/or the code from the app, as the
/// person's account has them.
pub fn second_step(csrf_token: &str, problem: Option<&str>, ways: SecondStepWays) -> Markup {
    let title = if ways.passkey {
        "Confirm it is you"
    } else {
        "Type your code"
    };
    Page::new(title).trail("Sign in", "/sign-in").render(html! {
        (form_problem(problem))
        @if ways.passkey {
            p { "Your account signs in in two steps. Now use the passkey on this device." }
            (super::passkeys::sign_in_form(csrf_token))
            @if !ways.app_code {
                p { "Not on the device that holds your passkey, or lost it? Your centre administrator can reset two-step sign-in for you." }
            }
        }
        @if ways.app_code || !ways.passkey {
            @if ways.passkey {
                h2 { "Or type a code" }
                p { "Open the authenticator app on your phone and type the six-digit code it shows for eportfolio." }
            } @else {
                p { "Your account signs in in two steps. Open the authenticator app on your phone and type the six-digit code it shows for eportfolio." }
            }
            form method="post" action="/sign-in/code" novalidate {
                (csrf(csrf_token))
                (Input::new("code", "Code from the app").autocomplete("one-time-code").hint("Or one of your recovery codes, if you do not have your phone.").render(&[]))
                button type="submit" class=[(!ways.passkey).then_some("primary")] { "Sign in" }
            }
        }
        p { a href="/sign-in" { "Start again with your password" } }
    })
}

/// The centre page's section: who must use two-step sign-in at the centre.
pub fn policy_form(
    centre_id: &str,
    csrf_token: &str,
    policy: TwoStepPolicy,
    errors: &[FieldError],
) -> Markup {
    let error = errors.iter().find(|e| e.field == "required_for");
    html! {
        h2 id="two-step-policy" { "Two-step sign-in" }
        p { "Now: " strong { (policy.label()) } ". A change applies from each person's next sign-in: anyone it covers who has not set two-step sign-in up is asked to before they can go on." }
        form method="post" action={ "/centres/" (centre_id) "/two-step-policy" } novalidate {
            (csrf(csrf_token))
            fieldset id="required_for" class={ "field" @if error.is_some() { " invalid" } } {
                legend { "Who must sign in in two steps" }
                @if let Some(e) = error { p class="error" { (e.message) } }
                @for choice in TwoStepPolicy::ALL {
                    @let id = format!("required-for-{}", choice.code());
                    label class="checkbox" for=(id) {
                        input type="radio" id=(id) name="required_for" value=(choice.code()) checked[choice == policy];
                        (choice.label())
                    }
                }
            }
            button type="submit" { "Save who must use two-step sign-in" }
        }
    }
}
