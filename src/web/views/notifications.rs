//! Each person's notifications: newest first, unread ones marked, each with a link to act on it.

use maud::{Markup, html};

use super::forms::csrf;
use super::layout::Page;
use crate::store::notifications::Notification;
use crate::web::auth::CurrentUser;

pub fn list(
    current: &CurrentUser,
    items: &[Notification],
    unread: i64,
    notice: Option<&str>,
) -> Markup {
    Page::new("Notifications")
        .user(Some(current))
        .notice(notice)
        .trail("Home", "/home")
        .render(html! {
            p { a href="/account/mail" { "Choose how we email you: for each message, or once a day" } }
            @if items.is_empty() { p { "Nothing yet." } }
            @else {
                p { (unread) " unread." }
                @if unread > 0 {
                    form method="post" action="/notifications/read" {
                        (csrf(&current.session.csrf_token))
                        button type="submit" class="secondary" { "Mark all as read" }
                    }
                }
                ul class="notifications" {
                    @for n in items {
                        li class={ @if n.read_at.is_none() { "unread" } @else { "read" } } {
                            h2 {
                                a href=(n.link) { (n.subject) }
                                @if n.read_at.is_none() { " " span class="tag" { "Unread" } }
                            }
                            p { (n.body) }
                            p class="hint" { (n.created_at.format("%-d %B %Y %H:%M UTC")) }
                            @if n.read_at.is_none() {
                                form method="post" action="/notifications/read" {
                                    (csrf(&current.session.csrf_token))
                                    input type="hidden" name="id" value=(n.id);
                                    button type="submit" class="link" { "Mark as read" span class="visually-hidden" { ": " (n.subject) } }
                                }
                            }
                        }
                    }
                }
            }
        })
}
