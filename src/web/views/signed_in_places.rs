//! The account page's "Where you are signed in": each open session with its device in words,
//! where from, and when it was last used; this browser marked.

use maud::{Markup, html};

use super::forms::csrf;
use super::words;
use crate::actions::people::signed_in_places::SignedInPlace;

pub fn section(csrf_token: &str, places: &[SignedInPlace]) -> Markup {
    html! {
        section class="panel" aria-labelledby="signed-in-places" {
            h2 id="signed-in-places" { "Where you are signed in" }
            p { "Each browser and program signed in as you now. Sign out one you have finished with, such as a shared computer. If you do not recognise one, change your password: that signs you out everywhere." }
            ul {
                @for place in places {
                    li {
                        strong { (place.device) }
                        @if place.this_one { " (this browser)" }
                        @if place.api { " — a program using the API" }
                        br;
                        "Last used " (words::moment(place.last_seen_at))
                        ", signed in " (words::moment(place.signed_in_at))
                        @if !place.client_address.is_empty() { ", from " (place.client_address) }
                        "."
                        @if !place.this_one {
                            form method="post" action={ "/account/signed-in-places/" (place.reference) "/sign-out" } {
                                (csrf(csrf_token))
                                button type="submit" class="secondary" { "Sign out " (place.device) }
                            }
                        }
                    }
                }
            }
        }
    }
}
