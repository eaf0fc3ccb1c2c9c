//! Resources attached to outcomes: Markdown text, files, links (http/https only) and recordings
//! (an audio or video file, or a link), optionally contributed by a person with lived
//! experience of self-directed support and credited as they wish. The starter set shipped in
//! `curriculum/starter-resources.json` is generated from the specifications, word for word.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::people::FieldError;

pub const TEXT: &str = "text";
pub const FILE: &str = "file";
pub const LINK: &str = "link";
pub const RECORDING: &str = "recording";
pub const KINDS: [&str; 4] = [TEXT, FILE, LINK, RECORDING];
pub const ANONYMOUS: &str = "anonymous";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResourceInput {
    pub qualification_id: String,
    pub kind: String,
    pub title: String,
    /// Markdown: the text of a `text` resource, a description for the others.
    pub body: String,
    pub url: Option<String>,
    pub outcome_ids: Vec<String>,
    pub lived_experience: bool,
    /// How the contributor wishes to be credited; empty means "anonymous".
    pub credit: Option<String>,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedResource {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub url: Option<String>,
    pub outcome_ids: Vec<String>,
    pub lived_experience: bool,
    pub credit: Option<String>,
    pub hidden: bool,
}

/// True for an absolute http or https address with a host.
pub fn web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !url.chars().any(char::is_whitespace)
    })
}

/// A resource's fields. `has_file` says whether a file came with it (files and recordings
/// uploaded); links need an http(s) address, a recording a file or an address.
pub fn check_resource(
    input: &ResourceInput,
    outcomes: &BTreeSet<String>,
    has_file: bool,
) -> Result<CheckedResource, Vec<FieldError>> {
    let mut errors = Vec::new();
    if !KINDS.contains(&input.kind.as_str()) {
        errors.push(FieldError::new(
            "kind",
            "Choose text, file, link or recording",
        ));
    }
    let title = input.title.trim();
    if title.is_empty() {
        errors.push(FieldError::new("title", "Enter a title"));
    } else if title.chars().count() > 300 {
        errors.push(FieldError::new(
            "title",
            "Keep the title to 300 characters or fewer",
        ));
    }
    if input.body.chars().count() > 50_000 {
        errors.push(FieldError::new(
            "body",
            "Keep the text to 50,000 characters or fewer",
        ));
    }
    let url = check_content(input, has_file, &mut errors);
    let outcome_ids = check_outcomes(&input.outcome_ids, outcomes, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let credit = input.lived_experience.then(|| {
        let c = input.credit.as_deref().map(str::trim).unwrap_or("");
        if c.is_empty() { ANONYMOUS } else { c }.to_owned()
    });
    Ok(CheckedResource {
        kind: input.kind.clone(),
        title: title.to_owned(),
        body: input.body.trim().to_owned(),
        url: url.map(str::to_owned),
        outcome_ids,
        lived_experience: input.lived_experience,
        credit,
        hidden: input.hidden,
    })
}

/// What each kind needs (text, an address, a file), and the address when one is given.
fn check_content<'a>(
    input: &'a ResourceInput,
    has_file: bool,
    errors: &mut Vec<FieldError>,
) -> Option<&'a str> {
    let url = input
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    match (input.kind.as_str(), url) {
        (TEXT, _) if input.body.trim().is_empty() => {
            errors.push(FieldError::new("body", "Write the text of the resource"));
        }
        (LINK, None) => errors.push(FieldError::new("url", "Give the address to link to")),
        (FILE, _) if !has_file => errors.push(FieldError::new("file", "Choose a file to upload")),
        (RECORDING, None) if !has_file => errors.push(FieldError::new(
            "file",
            "Upload an audio or video file, or give the address of the recording",
        )),
        _ => {}
    }
    if url.is_some_and(|u| !web_address(u)) {
        errors.push(FieldError::new(
            "url",
            "Give a web address starting http:// or https://",
        ));
    }
    url
}

/// The outcomes named, without blanks or repeats: at least one, all of the qualification.
fn check_outcomes(
    ids: &[String],
    outcomes: &BTreeSet<String>,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let outcome_ids: Vec<String> = ids
        .iter()
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty() && seen.insert(o.clone()))
        .collect();
    if outcome_ids.is_empty() {
        errors.push(FieldError::new(
            "outcome_ids",
            "Attach the resource to at least one outcome",
        ));
    }
    let bad: Vec<&str> = outcome_ids
        .iter()
        .filter(|o| !outcomes.contains(*o))
        .map(String::as_str)
        .collect();
    if !bad.is_empty() {
        errors.push(FieldError::new(
            "outcome_ids",
            &format!("Not an outcome of this qualification: {}", bad.join(", ")),
        ));
    }
    outcome_ids
}

/// A recording file must be audio or video.
pub fn is_recording_type(mime: &str) -> bool {
    mime.starts_with("audio/") || mime.starts_with("video/")
}

/// One resource of the shipped starter set.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Starter {
    pub id: String,
    pub unit_id: String,
    pub kind: String,
    pub title: String,
    /// Word for word from the seed named in `source`.
    pub entries: Vec<String>,
    pub url: Option<String>,
    pub outcome_ids: Vec<String>,
    pub source: String,
}

impl Starter {
    /// The entries as a Markdown list (one entry: as it is).
    pub fn body(&self) -> String {
        match self.entries.as_slice() {
            [one] => one.clone(),
            many => many.iter().map(|e| format!("- {e}\n")).collect(),
        }
    }
}

#[derive(Deserialize)]
struct StarterFile {
    resources: Vec<Starter>,
}

const STARTER_JSON: &str = include_str!("../../curriculum/starter-resources.json");

/// The whole starter set (empty only if the shipped file were unreadable, which a test rules out).
pub fn starter_set() -> Vec<Starter> {
    serde_json::from_str::<StarterFile>(STARTER_JSON)
        .map(|f| f.resources)
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "resource_tests.rs"]
mod tests;
