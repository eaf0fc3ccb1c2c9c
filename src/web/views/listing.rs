//! What every list of learners read a page at a time shows: how many there are and which the
//! page holds, the choice of how many a page, and the links on to the next page and back.

use maud::{Markup, html};

use super::forms::select;
use super::words;

/// The page sizes a person can choose.
const PAGE_SIZES: [i64; 4] = [25, 50, 100, 200];

/// What a list counts, in words: one and many.
pub type Noun = (&'static str, &'static str);
pub const LEARNERS: Noun = ("learner", "learners");
pub const PEOPLE: Noun = ("person", "people");

/// "120 learners; this page shows 50, from Aisha Khan to Morag Reid."
pub fn summary(total: i64, names: &[&str], (one, many): Noun) -> String {
    let whole = match total {
        1 => format!("1 {one}"),
        n => format!("{} {many}", words::count(n)),
    };
    match (names.first(), names.last()) {
        (Some(first), Some(last)) if names.len() as i64 != total => format!(
            "{whole}; this page shows {}, from {first} to {last}.",
            names.len()
        ),
        _ => format!("{whole}."),
    }
}

/// The choice of how many a page (`many`: "Learners", "People").
pub fn page_size(per_page: i64, many: &str) -> Markup {
    let sizes: Vec<(String, String)> = PAGE_SIZES
        .iter()
        .map(|n| (n.to_string(), n.to_string()))
        .collect();
    select(
        "per_page",
        &format!("{many} a page"),
        &sizes,
        &per_page.to_string(),
        &[],
    )
}

/// The links on: to the next page (`next`: its address) and back to the first (`first`, when
/// this is not the first page).
pub fn pager(
    label: &str,
    (per_page, noun): (i64, Noun),
    next: Option<&str>,
    first: Option<&str>,
) -> Markup {
    html! {
        nav class="pages" aria-label=(label) {
            @if let Some(next) = next {
                a href=(next) { "Next " (per_page) " " (noun.1) }
            }
            @if let Some(first) = first {
                " " a href=(first) { "Back to the first page" }
            }
        }
    }
}

/// `path` with the query string `pairs` (empty values left out) and, for a later page, `after`.
pub fn link(path: &str, pairs: &[(&str, &str)], after: Option<&str>) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(name, value);
    }
    if let Some(after) = after {
        query.append_pair("after", after);
    }
    format!("{path}?{}", query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_the_first_and_last_learner_of_a_partial_page() {
        assert_eq!(summary(1, &["Ann"], LEARNERS), "1 learner.");
        assert_eq!(summary(2, &["Ann", "Bo"], PEOPLE), "2 people.");
        assert!(
            summary(120, &["Aisha Khan", "Morag Reid"], LEARNERS)
                .ends_with("this page shows 2, from Aisha Khan to Morag Reid.")
        );
    }

    #[test]
    fn a_link_keeps_the_search_and_leaves_out_what_is_empty() {
        assert_eq!(
            link(
                "/caseload",
                &[("q", "ann lee"), ("waiting", ""), ("per_page", "50")],
                Some("r1")
            ),
            "/caseload?q=ann+lee&per_page=50&after=r1"
        );
    }
}
