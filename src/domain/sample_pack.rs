//! The sample pack for an external quality assurer who would rather not learn another system:
//! one folder per sampled learner. This module owns the names inside the ZIP, which must be
//! safe on every file system, unique, and unable to step outside their folder whatever a
//! learner called their file.

/// Whose sample the pack holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackSample {
    /// The IQA's samples (the default).
    Iqa,
    /// The EQA's own picks.
    Eqa,
}

impl PackSample {
    /// `iqa` or `eqa`; anything else is refused with the message shown.
    pub fn parse(raw: Option<&str>) -> Result<Self, &'static str> {
        match raw.map(str::trim) {
            None | Some("") | Some("iqa") => Ok(Self::Iqa),
            Some("eqa") => Ok(Self::Eqa),
            Some(_) => Err("sample must be iqa or eqa"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Iqa => "iqa",
            Self::Eqa => "eqa",
        }
    }
}

/// Lower-case ASCII letters and digits joined by single dashes, at most `max` characters.
fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The first eight letters and digits of an id (ids are UUIDs: unique enough in one pack).
fn short(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect()
}

/// A learner's folder: their name as a slug and the registration's short id, so two learners
/// with the same name get two folders.
pub fn learner_folder(learner_name: &str, registration_id: &str) -> String {
    let name = slug(learner_name, 40);
    let name = if name.is_empty() {
        "learner".to_owned()
    } else {
        name
    };
    format!("{name}-{}", short(registration_id))
}

/// Where an evidence file goes inside its learner's folder: `files/<short id>-<clean name>`.
/// The name keeps its extension so the file opens offline; it never holds a path separator,
/// a leading dot or a control character.
pub fn file_entry(file_id: &str, filename: &str) -> String {
    let (stem, extension) = match filename.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=10).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            (stem, ext.to_ascii_lowercase())
        }
        _ => (filename, String::new()),
    };
    let stem = slug(stem, 60);
    let stem = if stem.is_empty() {
        "file".to_owned()
    } else {
        stem
    };
    let name = if extension.is_empty() {
        stem
    } else {
        format!("{stem}.{extension}")
    };
    format!("files/{}-{name}", short(file_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_sample_is_iqa_unless_eqa_is_asked_for() {
        assert_eq!(PackSample::parse(None), Ok(PackSample::Iqa));
        assert_eq!(PackSample::parse(Some("eqa")), Ok(PackSample::Eqa));
        assert!(PackSample::parse(Some("everyone")).is_err());
    }

    #[test]
    fn pack_learner_folders_are_safe_and_unique_per_registration() {
        let a = learner_folder("Zoë <b>O'Brien</b>", "0a1b2c3d-4e5f");
        assert_eq!(a, "zo-b-o-brien-b-0a1b2c3d");
        assert_ne!(
            learner_folder("Sam Smith", "11111111-aaaa"),
            learner_folder("Sam Smith", "22222222-aaaa")
        );
        assert_eq!(learner_folder("../..", "abc"), "learner-abc");
    }

    #[test]
    fn pack_file_names_cannot_leave_their_folder() {
        assert_eq!(
            file_entry("f00d-cafe-1234", "../../etc/passwd"),
            "files/f00dcafe-etc-passwd"
        );
        assert_eq!(
            file_entry("abc", "My Reflective Account.DOCX"),
            "files/abc-my-reflective-account.docx"
        );
        assert_eq!(file_entry("abc", ".hidden"), "files/abc-hidden");
        assert_eq!(file_entry("abc", "\u{0}\n.pdf"), "files/abc-file.pdf");
        for name in ["a/b.txt", "a\\b.txt", "..", "C:\\x.pdf"] {
            let entry = file_entry("id", name);
            let inner = entry.trim_start_matches("files/");
            assert!(!inner.contains('/') && !inner.contains('\\') && !inner.starts_with('.'));
        }
    }
}
