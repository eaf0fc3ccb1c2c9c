//! The copy of an evidence item that markers see in blind double-marking: the learner's name
//! (in full or any part of it) becomes "the learner", email addresses are removed, and files are
//! listed by neutral names ("File 1.pdf") so no file name gives the learner away.

/// What replaces the learner's name.
pub const THE_LEARNER: &str = "the learner";
/// What replaces an email address.
pub const EMAIL_REMOVED: &str = "[email address removed]";

/// A file as markers see it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NeutralFile {
    pub name: String,
    pub media_type: String,
    pub size_bytes: i64,
}

/// `text` with every email address removed and the learner's full name, then each part of it
/// (two letters or more), replaced by "the learner", matched as whole words, any case.
pub fn anonymise_text(text: &str, learner_name: &str, learner_email: &str) -> String {
    let mut out = remove_emails(text, learner_email);
    let mut names: Vec<&str> = vec![learner_name.trim()];
    names.extend(
        learner_name
            .split_whitespace()
            .filter(|p| p.chars().count() >= 2),
    );
    // A placeholder first, so "the learner" is not itself matched by a part of the name.
    for name in names.into_iter().filter(|n| !n.is_empty()) {
        out = replace_words(&out, name, PLACEHOLDER);
    }
    out.replace(PLACEHOLDER, THE_LEARNER)
}

const PLACEHOLDER: &str = "\u{E000}";

fn remove_emails(text: &str, learner_email: &str) -> String {
    let text = if learner_email.is_empty() {
        text.to_owned()
    } else {
        replace_words(text, learner_email, EMAIL_REMOVED)
    };
    text.split_inclusive(char::is_whitespace)
        .map(|token| {
            let word = token.trim_end();
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            if core.contains('@') && core.contains('.') {
                token.replacen(core, EMAIL_REMOVED, 1)
            } else {
                token.to_owned()
            }
        })
        .collect()
}

/// Replace whole-word, case-insensitive occurrences of `needle` in `haystack`.
fn replace_words(haystack: &str, needle: &str, with: &str) -> String {
    let lower_hay = haystack.to_lowercase();
    let lower_needle = needle.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; then match on the original only.
    let (hay, pat) = if lower_hay.len() == haystack.len() && lower_needle.len() == needle.len() {
        (lower_hay.as_str(), lower_needle.as_str())
    } else {
        (haystack, needle)
    };
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut out = String::with_capacity(haystack.len());
    let mut from = 0;
    while let Some(found) = hay.get(from..).and_then(|rest| rest.find(pat)) {
        let start = from + found;
        let end = start + pat.len();
        let before = haystack.get(..start).and_then(|s| s.chars().next_back());
        let after = haystack.get(end..).and_then(|s| s.chars().next());
        out.push_str(haystack.get(from..start).unwrap_or_default());
        if word(before) || word(after) {
            out.push_str(haystack.get(start..end).unwrap_or_default());
        } else {
            out.push_str(with);
        }
        from = end;
    }
    out.push_str(haystack.get(from..).unwrap_or_default());
    out
}

/// Files by neutral names, in order: "File 1.pdf", "File 2.txt" (the extension kept only when
/// it is a short run of letters and digits).
pub fn neutral_files(files: &[(String, String, i64)]) -> Vec<NeutralFile> {
    files
        .iter()
        .enumerate()
        .map(|(i, (filename, media_type, size_bytes))| {
            let extension = filename
                .rsplit_once('.')
                .map(|(_, ext)| ext)
                .filter(|ext| {
                    (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
                })
                .map(|ext| format!(".{}", ext.to_ascii_lowercase()))
                .unwrap_or_default();
            NeutralFile {
                name: format!("File {}{extension}", i + 1),
                media_type: media_type.clone(),
                size_bytes: *size_bytes,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymised_copy_replaces_the_learners_name() {
        let text = "Lee Learner supported Mr B. LEE explained the plan; Learner's notes follow. Leeds is a city.";
        let out = anonymise_text(text, "Lee Learner", "lee@example.org");
        assert_eq!(
            out,
            "the learner supported Mr B. the learner explained the plan; the learner's notes follow. Leeds is a city."
        );
    }

    #[test]
    fn anonymised_copy_removes_email_addresses() {
        let out = anonymise_text(
            "Write to lee@example.org or (team@care.example).",
            "Lee Learner",
            "lee@example.org",
        );
        assert_eq!(
            out,
            "Write to [email address removed] or ([email address removed])."
        );
    }

    #[test]
    fn anonymised_copy_lists_files_by_neutral_names() {
        let files = vec![
            (
                "Lee Learner reflective account.PDF".to_owned(),
                "application/pdf".to_owned(),
                10,
            ),
            ("notes".to_owned(), "text/plain".to_owned(), 5),
            ("a.weird extension".to_owned(), "text/plain".to_owned(), 5),
        ];
        let names: Vec<String> = neutral_files(&files).into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["File 1.pdf", "File 2", "File 3"]);
    }

    #[test]
    fn anonymised_copy_keeps_text_without_the_name() {
        assert_eq!(
            anonymise_text("Nothing here.", "Lee Learner", ""),
            "Nothing here."
        );
        assert_eq!(
            anonymise_text("Über Ärger", "ärger", ""),
            "Über the learner"
        );
    }
}
