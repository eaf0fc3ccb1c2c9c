//! Markdown a learner wrote, rendered safely: raw HTML in the source is shown as text, and links
//! and images may only point to http(s), mailto or relative addresses. Everything else is escaped
//! by pulldown-cmark's HTML writer.

use maud::{Markup, PreEscaped};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _))
            if !scheme.contains('/') && !scheme.contains('?') && !scheme.contains('#') =>
        {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Sanitised HTML for `markdown`. The only place user text becomes `PreEscaped`: raw HTML is
/// turned into text before rendering, and unsafe link targets are dropped.
pub fn render(markdown: &str) -> Markup {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    PreEscaped(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_tags_are_shown_as_text() {
        let html = render("Hello <script>alert(1)</script> **world**").into_string();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<strong>world</strong>"), "{html}");
    }

    #[test]
    fn javascript_links_are_dropped() {
        let html = render("[click](javascript:alert(1)) [ok](https://example.org)").into_string();
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
    }

    #[test]
    fn attribute_injection_is_escaped() {
        let html = render("[x](https://e.org/\"onmouseover=\"alert(1))").into_string();
        assert!(!html.contains("\"onmouseover"), "{html}");
    }
}
