//! The page shell every page shares: landmarks, a skip link, the site navigation.

use maud::{DOCTYPE, Markup, html};

pub struct Page<'a> {
    pub title: &'a str,
    /// Breadcrumbs above the heading: (label, href).
    pub trail: Vec<(&'a str, String)>,
}

impl<'a> Page<'a> {
    pub fn new(title: &'a str) -> Self {
        Self {
            title,
            trail: Vec::new(),
        }
    }

    pub fn trail(mut self, label: &'a str, href: impl Into<String>) -> Self {
        self.trail.push((label, href.into()));
        self
    }

    pub fn render(self, body: Markup) -> Markup {
        html! {
            (DOCTYPE)
            html lang="en-GB" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) " · eportfolio" }
                    link rel="stylesheet" href="/static/app.css";
                }
                body {
                    a class="skip-link" href="#main" { "Skip to main content" }
                    header class="site-header" {
                        a class="brand" href="/" { "eportfolio" }
                        nav aria-label="Site" {
                            ul {
                                li { a href="/qualifications" { "Qualifications" } }
                                li { a href="/frameworks/sds-standards" { "SDS standards" } }
                            }
                        }
                    }
                    @if !self.trail.is_empty() {
                        nav class="breadcrumbs" aria-label="Breadcrumb" {
                            ol {
                                @for (label, href) in &self.trail {
                                    li { a href=(href) { (label) } }
                                }
                                li aria-current="page" { (self.title) }
                            }
                        }
                    }
                    main id="main" tabindex="-1" {
                        h1 { (self.title) }
                        (body)
                    }
                    footer class="site-footer" {
                        p { "Curriculum texts © their awarding bodies, reproduced for assessment." }
                    }
                }
            }
        }
    }
}
