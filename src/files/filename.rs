//! The name a learner gave their file, made safe to show on a page and to offer as a download
//! name. It is never used to find the file on disk.

/// The longest cleaned name, in characters.
pub const MAX_FILENAME_CHARS: usize = 200;

/// Extensions longer than this are treated as part of the name when trimming.
const MAX_EXTENSION_CHARS: usize = 16;

/// Keeps the last path component, drops control characters and bidirectional overrides (which
/// can make `evil<U+202E>fdp.exe` look like `evil.exe.pdf`), replaces characters that Windows refuses in
/// names, trims leading dots and surrounding spaces, and cuts to [`MAX_FILENAME_CHARS`] keeping
/// the extension. Falls back to `file` when nothing is left.
pub fn clean_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            other => other,
        })
        .collect();
    let cleaned = cleaned
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let shortened = shorten(cleaned);
    if shortened.is_empty() {
        "file".to_owned()
    } else {
        shortened
    }
}

fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_FILENAME_CHARS {
        return name.to_owned();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension))
            if !stem.is_empty()
                && !extension.is_empty()
                && extension.chars().count() <= MAX_EXTENSION_CHARS =>
        {
            (stem, Some(extension))
        }
        _ => (name, None),
    };
    let Some(extension) = extension else {
        return name
            .chars()
            .take(MAX_FILENAME_CHARS)
            .collect::<String>()
            .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
            .to_owned();
    };
    let room = MAX_FILENAME_CHARS - 1 - extension.chars().count();
    let stem: String = stem.chars().take(room).collect();
    let stem = stem.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    format!("{stem}.{extension}")
}

/// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the invisible marks
/// that steer the same algorithm (U+200E, U+200F, U+061C).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_filename_drops_directories() {
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("..\\..\\Windows\\win.ini"), "win.ini");
        assert_eq!(
            clean_filename("C:\\Users\\Amy\\Reflection.docx"),
            "Reflection.docx"
        );
        assert_eq!(clean_filename(".."), "file");
        assert_eq!(clean_filename("../"), "file");
        assert_eq!(clean_filename("..."), "file");
    }

    #[test]
    fn clean_filename_drops_nul_and_control_characters() {
        assert_eq!(clean_filename("report\0.pdf"), "report.pdf");
        assert_eq!(clean_filename("evil.pdf\0.exe"), "evil.pdf.exe");
        assert_eq!(clean_filename("line\r\nbreak\t.txt"), "linebreak.txt");
        assert_eq!(clean_filename("\u{7f}\u{85}"), "file");
    }

    #[test]
    fn clean_filename_drops_bidi_overrides() {
        // Shown as "invoice_fdp.exe" reversed: "invoice_exe.pdf".
        assert_eq!(clean_filename("invoice_\u{202e}fdp.exe"), "invoice_fdp.exe");
        assert_eq!(clean_filename("a\u{2066}b\u{2069}\u{200f}.txt"), "ab.txt");
    }

    #[test]
    fn clean_filename_keeps_the_extension_when_cutting_to_200_characters() {
        let long = format!("{}.pdf", "a".repeat(300));
        let cleaned = clean_filename(&long);
        assert_eq!(cleaned.chars().count(), MAX_FILENAME_CHARS);
        assert!(cleaned.ends_with("aaa.pdf"));

        let long_emoji = format!("{}.md", "😊".repeat(300));
        let cleaned = clean_filename(&long_emoji);
        assert_eq!(cleaned.chars().count(), MAX_FILENAME_CHARS);
        assert!(cleaned.ends_with("😊.md"));

        let no_extension = "b".repeat(300);
        assert_eq!(
            clean_filename(&no_extension).chars().count(),
            MAX_FILENAME_CHARS
        );
    }

    #[test]
    fn clean_filename_keeps_emoji_and_other_scripts() {
        assert_eq!(
            clean_filename("My care plan 😊.docx"),
            "My care plan 😊.docx"
        );
        assert_eq!(clean_filename("تقرير.pdf"), "تقرير.pdf");
        assert_eq!(clean_filename("Zoë’s notes.md"), "Zoë’s notes.md");
    }

    #[test]
    fn clean_filename_replaces_characters_windows_refuses() {
        assert_eq!(clean_filename("what? \"now\".txt"), "what_ _now_.txt");
        assert_eq!(clean_filename("  .hidden.txt.  "), "hidden.txt");
        assert_eq!(clean_filename(""), "file");
    }
}
