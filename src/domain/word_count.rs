//! Word counts for text written in the page and for uploaded documents, and the SQA S1 rule: "a
//! project assignment of no more than 3,500 words (or equivalent)... Count the words and flag an
//! over-length project." The limit itself is data (`units[].project.max_words` in the
//! curriculum, [`crate::curriculum::model::ProjectRules`]); this module only counts and compares.
//!
//! A word is counted the way a word processor counts (LibreOffice Writer's defaults): the text is
//! split at white space and at em and en dashes, and a piece counts as one word when it holds at
//! least one letter or digit, in any script. So "person-centred", "O'Neill", "don't", "3,500",
//! "A&E" and "e.g." are one word each, and a dash, bullet or ellipsis standing alone is none. Han,
//! Hiragana and Katakana characters, written without spaces, count one word each.
//!
//! Pure: no I/O. Documents are read in [`crate::files_text`], which feeds a [`WordCounter`].

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// Counts words in text fed to it piece by piece, so a document can be streamed through it: a
/// word split across two pieces ("care" then "giver") is one word, as in the document.
#[derive(Debug, Clone, Default)]
pub struct WordCounter {
    words: usize,
    /// Whether the piece of text being read (since the last separator) is already counted.
    counted: bool,
}

impl WordCounter {
    pub fn new() -> Self {
        Self::default()
    }

    /// The words counted so far, including a word still being read.
    pub fn words(&self) -> usize {
        self.words
    }

    /// Ends the current word, as a paragraph end, tab or line break does.
    pub fn separate(&mut self) {
        self.counted = false;
    }

    pub fn push_str(&mut self, text: &str) {
        for c in text.chars() {
            self.push_char(c);
        }
    }

    pub fn push_char(&mut self, c: char) {
        if is_separator(c) {
            self.counted = false;
        } else if is_ideograph(c) {
            self.words += 1;
            self.counted = false;
        } else if c.is_alphanumeric() && !self.counted {
            self.words += 1;
            self.counted = true;
        }
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{2013}' | '\u{2014}' | '\u{200B}')
}

/// Characters of scripts written without spaces between words, each counted as one word.
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'     // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}'   // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{3134F}' // CJK Extensions B–G
    )
}

/// The number of words in plain text (a text area in the page, a .txt upload).
pub fn count_words(text: &str) -> usize {
    let mut counter = WordCounter::new();
    counter.push_str(text);
    counter.words()
}

/// The number of words a reader sees in Markdown: heading marks, list markers, emphasis marks,
/// code fence markers, link and image URLs and HTML tags are not words. Link text and code are
/// counted; an image (its alternative text included) is not, as the page shows a picture.
pub fn count_markdown_words(markdown: &str) -> usize {
    // The extensions the page renders with (`web::views::markdown`), so the count is of what
    // is shown.
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut counter = WordCounter::new();
    let mut html = HtmlText::default();
    let mut in_image = 0usize;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Text(text) | Event::Code(text) => counter.push_str(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => counter.push_str(&text),
            Event::Html(text) | Event::InlineHtml(text) => html.push(&mut counter, &text),
            Event::Start(tag) if is_inline(&tag) => {}
            Event::End(tag) if is_inline_end(tag) => {}
            Event::Start(_)
            | Event::End(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::TaskListMarker(_)
            | Event::FootnoteReference(_) => counter.separate(),
        }
    }
    counter.words()
}

/// Emphasis and links sit inside a word ("**care**giver" is one word); every other tag is a block
/// (paragraph, heading, list item, table cell, code block) and ends the word before it.
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

/// Strips tags and comments from raw HTML met in Markdown, which pulldown-cmark hands over in
/// pieces (one per line or tag), so the state carries from one piece to the next.
#[derive(Debug, Default)]
enum HtmlText {
    #[default]
    Text,
    /// Inside `<...>`; counts how much of a comment opening `!--` has been seen.
    Tag { comment_prefix: u8 },
    /// Inside `<!-- ... -->`; counts the dashes just seen.
    Comment { dashes: u8 },
}

impl HtmlText {
    fn push(&mut self, counter: &mut WordCounter, html: &str) {
        for c in html.chars() {
            *self = match (&*self, c) {
                (HtmlText::Text, '<') => {
                    counter.separate();
                    HtmlText::Tag { comment_prefix: 0 }
                }
                (HtmlText::Text, c) => {
                    counter.push_char(c);
                    HtmlText::Text
                }
                (HtmlText::Tag { .. }, '>') => HtmlText::Text,
                (HtmlText::Tag { comment_prefix: 0 }, '!') => HtmlText::Tag { comment_prefix: 1 },
                (HtmlText::Tag { comment_prefix: 1 }, '-') => HtmlText::Tag { comment_prefix: 2 },
                (HtmlText::Tag { comment_prefix: 2 }, '-') => HtmlText::Comment { dashes: 0 },
                (HtmlText::Tag { .. }, _) => HtmlText::Tag { comment_prefix: 3 },
                (HtmlText::Comment { dashes }, '>') if *dashes >= 2 => HtmlText::Text,
                (HtmlText::Comment { dashes }, '-') => HtmlText::Comment {
                    dashes: dashes.saturating_add(1),
                },
                (HtmlText::Comment { .. }, _) => HtmlText::Comment { dashes: 0 },
            };
        }
    }
}

/// The S1 length check of a project: over when it has more words than the curriculum's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LengthCheck {
    pub words: usize,
    pub limit: u32,
    pub over: bool,
}

/// S1: flags a project assignment longer than `limit` words (3,500 for SQA FX35 35, from
/// `units[].project.max_words`). Exactly at the limit is not over.
pub fn s1_project_length(words: usize, limit: u32) -> LengthCheck {
    let over = u64::try_from(words).unwrap_or(u64::MAX) > u64::from(limit);
    LengthCheck { words, limit, over }
}

/// S1 counts the whole project: the words typed into the item and the words of every file
/// attached to it, added up. `None` when nothing was counted at all.
pub fn s1_project_words(typed: Option<i32>, files: &[i32]) -> Option<i32> {
    if typed.is_none() && files.is_empty() {
        return None;
    }
    Some(
        files
            .iter()
            .fold(typed.unwrap_or(0), |sum, words| sum.saturating_add(*words)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s1_adds_the_typed_words_and_every_file() {
        assert_eq!(s1_project_words(Some(2_000), &[2_000]), Some(4_000));
        assert_eq!(s1_project_words(None, &[1_000, 2_600]), Some(3_600));
        assert_eq!(s1_project_words(Some(120), &[]), Some(120));
        assert_eq!(s1_project_words(None, &[]), None);
        assert!(s1_project_length(4_000, 3_500).over);
    }

    #[test]
    fn s1_flags_a_project_over_3500_words() {
        let project = "word ".repeat(3_501);
        let check = s1_project_length(count_words(&project), 3_500);
        assert_eq!(
            check,
            LengthCheck {
                words: 3_501,
                limit: 3_500,
                over: true
            }
        );
    }

    #[test]
    fn s1_3500_words_exactly_is_not_over() {
        let project = "person-centred care ".repeat(1_750);
        let check = s1_project_length(count_words(&project), 3_500);
        assert_eq!(check.words, 3_500);
        assert!(!check.over);
        assert!(!s1_project_length(0, 3_500).over);
    }

    #[test]
    fn apostrophes_keep_one_word() {
        assert_eq!(count_words("O'Neill don't can’t carers' rights"), 5);
    }

    #[test]
    fn hyphens_keep_one_word() {
        assert_eq!(count_words("person-centred self-directed support"), 3);
    }

    #[test]
    fn numbers_with_commas_and_points_are_one_word() {
        assert_eq!(count_words("no more than 3,500 words or 3.5 pages"), 8);
        assert_eq!(count_words("£1,250.00 and 50%"), 3);
    }

    #[test]
    fn punctuation_alone_is_not_a_word() {
        assert_eq!(
            count_words("Care - dignity – respect — choice ... ! • ?"),
            4
        );
        assert_eq!(count_words("dignity—respect"), 2);
    }

    #[test]
    fn empty_and_blank_text_have_no_words() {
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words(" \n\t\u{00A0} "), 0);
        assert_eq!(count_markdown_words(""), 0);
    }

    #[test]
    fn gaelic_and_accents_count_as_letters() {
        assert_eq!(count_words("Mòrag's àite"), 2);
        assert_eq!(count_words("café naïve e\u{0301}te Ελλάδα Москва"), 5);
    }

    #[test]
    fn scripts_without_spaces_count_each_character() {
        assert_eq!(count_words("日本語"), 3);
        assert_eq!(count_words("care 介護"), 3);
    }

    #[test]
    fn a_word_split_across_pieces_is_one_word() {
        let mut counter = WordCounter::new();
        counter.push_str("care");
        counter.push_str("giver works");
        counter.separate();
        counter.push_str("nights");
        assert_eq!(counter.words(), 3);
    }

    #[test]
    fn markdown_syntax_is_not_counted() {
        let markdown = "# My project\n\n\
            * first point\n\
            - second point\n\
            1. third point\n\n\
            Some **bold** and _emphasised_ text with a [link to care](https://example.org/a-b-c).\n\n\
            ![A photo of the garden](images/garden-photo.png)\n\n\
            ```rust\nlet care = plan;\n```\n\n\
            <div class=\"note\">Html words</div>\n\n\
            <!-- a hidden comment -->\n\n\
            ---\n";
        // My project (2) + 6 list words + 10 in the paragraph + let care = plan (3) + Html words (2)
        assert_eq!(count_markdown_words(markdown), 23);
    }

    #[test]
    fn markdown_emphasis_inside_a_word_and_breaks_between_lines() {
        assert_eq!(count_markdown_words("**care**giver\nworks  \nnights"), 3);
        assert_eq!(
            count_markdown_words("| Need | Support |\n|---|---|\n| Food | Help |"),
            4
        );
        assert_eq!(count_markdown_words("plain text, no syntax"), 4);
    }
}
