//! The page a person sees when something fails: what happened, in plain words, and a way on.

use maud::{Markup, html};

use super::layout::Page;

pub fn page(title: &str, detail: &str) -> Markup {
    Page::new(title).render(html! {
        p { (detail) }
        p { a href="/" { "Go to the home page" } }
    })
}
