//! What is wrong with a curriculum file, said so that a person can find and fix it.

use std::fmt;

/// One problem in one file, at a line and column where the loader can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub position: Option<Position>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The 1-based line and column of a byte offset in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Self { line, column }
    }
}

impl Problem {
    pub fn new(file: &str, position: Option<Position>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            position,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{}:{}:{}: {}", self.file, p.line, p.column, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CurriculumError {
    #[error("cannot read the curriculum folder {path}: {source}")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", summarise(.0))]
    Invalid(Vec<Problem>),
}

impl CurriculumError {
    /// Every problem found, one per line.
    pub fn problems(&self) -> Vec<String> {
        match self {
            Self::Invalid(problems) => problems.iter().map(ToString::to_string).collect(),
            other => vec![other.to_string()],
        }
    }
}

fn summarise(problems: &[Problem]) -> String {
    match problems {
        [] => "the curriculum is invalid".to_owned(),
        [one] => format!("invalid curriculum: {one}"),
        [first, rest @ ..] => format!(
            "invalid curriculum: {first} (and {} more problem{})",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_columns_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        assert_eq!(
            Position::of_offset(text, 9),
            Position { line: 2, column: 4 }
        );
    }

    #[test]
    fn problem_names_file_line_and_column() {
        let p = Problem::new(
            "x.toml",
            Some(Position { line: 3, column: 7 }),
            "duplicate id",
        );
        assert_eq!(p.to_string(), "x.toml:3:7: duplicate id");
    }
}
