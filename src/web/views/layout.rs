//! The page shell every page shares: landmarks, a skip link, the site navigation.

use maud::{DOCTYPE, Markup, html};

use crate::domain::ids::CentreId;
use crate::domain::roles::Role;
use crate::web::auth::CurrentUser;

pub struct Page<'a> {
    pub title: &'a str,
    /// Breadcrumbs above the heading: (label, href).
    pub trail: Vec<(&'a str, String)>,
    pub user: Option<&'a CurrentUser>,
    /// A message shown once at the top (after an action succeeded).
    pub notice: Option<&'a str>,
}

impl<'a> Page<'a> {
    pub fn new(title: &'a str) -> Self {
        Self {
            title,
            trail: Vec::new(),
            user: None,
            notice: None,
        }
    }

    pub fn user(mut self, user: Option<&'a CurrentUser>) -> Self {
        self.user = user;
        self
    }

    pub fn notice(mut self, notice: Option<&'a str>) -> Self {
        self.notice = notice;
        self
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
                    link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
                }
                body {
                    a class="skip-link" href="#main" { "Skip to main content" }
                    (self.site_header())
                    (self.breadcrumbs())
                    main id="main" tabindex="-1" {
                        h1 { (self.title) }
                        @if let Some(notice) = self.notice {
                            div class="notice" role="status" { p { (notice) } }
                        }
                        (body)
                    }
                    footer class="site-footer" {
                        p { "Curriculum texts © their awarding bodies, reproduced for assessment." }
                    }
                }
            }
        }
    }

    /// The brand and the site navigation, with the signed-in person's links. On a phone the links
    /// fold into a "Menu" that opens without script (one `details`); the wide list is hidden there.
    fn site_header(&self) -> Markup {
        html! {
            header class="site-header" {
                a class="brand" href="/" { "eportfolio" }
                nav class="site-nav" aria-label="Site" { (self.links()) }
                details class="site-menu" {
                    summary {
                        "Menu"
                        @if let Some(current) = self.user.filter(|c| c.unread > 0) {
                            " " span class="count" { (current.unread) } span class="visually-hidden" { " unread notifications" }
                        }
                    }
                    nav aria-label="Site menu" { (self.links()) }
                }
            }
        }
    }

    fn links(&self) -> Markup {
        html! {
            ul {
                @if let Some(current) = self.user {
                    (signed_in_links(current))
                }
                li { a href="/qualifications" { "Qualifications" } }
                li { a href="/frameworks/sds-standards" { "SDS standards" } }
                @match self.user {
                    Some(current) => {
                        li { a href="/account" { "Account (" (current.user.name) ")" } }
                        li {
                            form method="post" action="/sign-out" class="inline" {
                                input type="hidden" name="csrf_token" value=(current.session.csrf_token);
                                button type="submit" class="link" { "Sign out" }
                            }
                        }
                    }
                    None => { li { a href="/sign-in" { "Sign in" } } }
                }
            }
        }
    }

    fn breadcrumbs(&self) -> Markup {
        html! {
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
        }
    }
}

/// The links a signed-in person gets: home, notifications, and each role's pages at each centre.
fn signed_in_links(current: &CurrentUser) -> Markup {
    html! {
        li { a href="/home" { "Home" } }
        li {
            a href="/notifications" {
                "Notifications"
                @if current.unread > 0 {
                    " " span class="count" { (current.unread) } span class="visually-hidden" { " unread" }
                }
            }
        }
        @for centre in current.centre_ids() {
            @if current.has_role(&CentreId::from_stored(centre.as_str()), crate::domain::roles::Role::CentreAdmin) {
                li { a href={ "/centres/" (centre) } { "Centre" } }
            }
            @if current.has_role(&CentreId::from_stored(centre.as_str()), crate::domain::roles::Role::Iqa) {
                li { a href={ "/centres/" (centre) "/sampling" } { "Sampling" } }
            }
        }
        @for centre in current.centre_ids() {
            @if [Role::Tutor, Role::CentreAdmin, Role::Learner].iter().any(|r| current.has_role(&CentreId::from_stored(centre.as_str()), *r)) {
                li { a href={ "/centres/" (centre) "/programmes" } { "Programmes" } }
            }
        }
        @if current.is_platform_admin() {
            li { a href="/admin" { "Administration" } }
        }
    }
}
