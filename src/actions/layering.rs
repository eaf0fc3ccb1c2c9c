//! The application layer never climbs back up: no file under `src/actions/` may use actix or
//! anything in `crate::web`.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

#[test]
fn actions_never_import_actix_or_the_web_layer() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/actions");
    let mut files = Vec::new();
    rust_files(&root, &mut files)?;
    assert!(
        files.len() > 20,
        "the actions were not found under {root:?}"
    );
    let forbidden = ["actix", "crate::web", "HttpResponse", "HttpRequest"];
    let mut found = Vec::new();
    for file in &files {
        if file.ends_with("layering.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file)?;
        for (n, line) in text.lines().enumerate() {
            if forbidden.iter().any(|word| line.contains(word)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the application layer reaches up:\n{}",
        found.join("\n")
    );
    Ok(())
}
