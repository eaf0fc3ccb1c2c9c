//! Reading curriculum files from a folder: parse each, then check the set as a whole.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::Curriculum;
use super::model::Specification;
use super::problem::{CurriculumError, Position, Problem};
use super::validate;

/// One curriculum file's name (as shown in messages) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// Load every `*.toml` file in `dir`, in name order.
pub fn load_dir(dir: &Path) -> Result<Curriculum, CurriculumError> {
    let folder_error = |source| CurriculumError::Folder {
        path: dir.display().to_string(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(folder_error)? {
        let path = entry.map_err(folder_error)?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => sources.push(SourceFile { name, text }),
            Err(e) => problems.push(Problem::new(&name, None, format!("cannot read: {e}"))),
        }
    }
    if sources.is_empty() && problems.is_empty() {
        problems.push(Problem::new(
            &dir.display().to_string(),
            None,
            "no curriculum files (*.toml) in this folder",
        ));
    }
    if !problems.is_empty() {
        return Err(CurriculumError::Invalid(problems));
    }
    load_sources(sources)
}

/// Parse and check a set of files given as text (the loader's core, used by tests directly).
pub fn load_sources(sources: Vec<SourceFile>) -> Result<Curriculum, CurriculumError> {
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for source in &sources {
        match toml::from_str::<Specification>(&source.text) {
            Ok(spec) => parsed.push((source, spec)),
            Err(e) => problems.push(parse_problem(source, &e)),
        }
    }
    if problems.is_empty() {
        problems = validate::check(&parsed);
    }
    if !problems.is_empty() {
        return Err(CurriculumError::Invalid(problems));
    }
    let version = version_of(&sources);
    let specs = parsed.into_iter().map(|(_, spec)| spec).collect();
    Ok(Curriculum::new(specs, version))
}

fn parse_problem(source: &SourceFile, error: &toml::de::Error) -> Problem {
    let position = error
        .span()
        .map(|span| Position::of_offset(&source.text, span.start));
    Problem::new(&source.name, position, error.message().trim().to_owned())
}

/// The SHA-256 of every file's name and text: what the database records as the loaded version.
fn version_of(sources: &[SourceFile]) -> String {
    let mut hasher = Sha256::new();
    for source in sources {
        let name = Path::new(&source.name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(source.text.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
