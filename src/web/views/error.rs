//! The page a person sees when something fails: what happened, in plain words, and a way on.

use maud::{Markup, html};

use super::layout::Page;
use crate::web::auth::CurrentUser;

/// The error page, with the person's own navigation when they are signed in.
pub fn page(current: Option<&CurrentUser>, title: &str, detail: &str) -> Markup {
    let home = if current.is_some() { "/home" } else { "/" };
    Page::new(title).user(current).render(html! {
        p { (detail) }
        p { a href=(home) { "Go to your home page" } }
    })
}
