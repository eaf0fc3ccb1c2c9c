use super::*;

fn outcomes() -> BTreeSet<String> {
    ["q/o1".to_owned()].into()
}

fn input(kind: &str, url: Option<&str>) -> ResourceInput {
    ResourceInput {
        qualification_id: "q".to_owned(),
        kind: kind.to_owned(),
        title: "Direct payments".to_owned(),
        body: "What the four options mean".to_owned(),
        url: url.map(str::to_owned),
        outcome_ids: vec!["q/o1".to_owned()],
        ..ResourceInput::default()
    }
}

#[test]
fn links_are_http_or_https_only() {
    assert!(
        check_resource(
            &input(LINK, Some("https://example.org/a")),
            &outcomes(),
            false
        )
        .is_ok()
    );
    for bad in [
        "javascript:alert(1)",
        "ftp://example.org",
        "https://",
        "example.org",
    ] {
        let refused = check_resource(&input(LINK, Some(bad)), &outcomes(), false);
        assert!(refused.is_err_and(|e| e[0].field == "url"), "{bad}");
    }
}

#[test]
fn a_recording_is_a_file_or_a_link() {
    assert!(check_resource(&input(RECORDING, None), &outcomes(), false).is_err());
    assert!(check_resource(&input(RECORDING, None), &outcomes(), true).is_ok());
    assert!(is_recording_type("audio/mpeg") && !is_recording_type("application/pdf"));
}

#[test]
fn lived_experience_is_credited_as_wished_or_anonymous() {
    let mut i = input(TEXT, None);
    i.lived_experience = true;
    let credited = check_resource(&i, &outcomes(), false).map(|c| c.credit);
    assert_eq!(credited.ok().flatten().as_deref(), Some(ANONYMOUS));
    i.credit = Some("Mrs B, who uses Option 1".to_owned());
    let credited = check_resource(&i, &outcomes(), false).map(|c| c.credit);
    assert_eq!(
        credited.ok().flatten().as_deref(),
        Some("Mrs B, who uses Option 1")
    );
}

#[test]
fn resources_attach_to_outcomes_of_the_qualification() {
    let mut i = input(TEXT, None);
    i.outcome_ids = vec!["q/o7".to_owned()];
    assert!(check_resource(&i, &outcomes(), false).is_err_and(|e| e[0].field == "outcome_ids"));
}

/// The seed text with list markers, emphasis, angle brackets and colons taken out and the
/// spaces squashed (the seeds are text extracted from the documents, with some markup).
fn plain(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start().strip_prefix("- ").unwrap_or(l))
        .collect();
    lines
        .join("\n")
        .chars()
        .filter(|c| !matches!(c, '*' | '◆' | '<' | '>' | ':'))
        .map(|c| if c == '\u{a0}' { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn starter_set_is_word_for_word_from_the_seeds() {
    let set = starter_set();
    assert!(set.len() >= 20, "{} starter resources", set.len());
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        assert!(std::env::var("CI").is_err(), "CI must have ../shared/seeds");
        return;
    }
    let mut missing = Vec::new();
    for starter in &set {
        let seed = plain(&std::fs::read_to_string(seeds.join(&starter.source)).unwrap_or_default());
        assert!(!seed.is_empty(), "seed {} is missing", starter.source);
        for entry in &starter.entries {
            if !seed.contains(&plain(entry)) {
                missing.push(format!("{}: {entry}", starter.id));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not word for word:\n{}",
        missing.join("\n")
    );
}

#[test]
fn starter_set_serves_outcomes_of_the_curriculum() -> Result<(), crate::curriculum::CurriculumError>
{
    let curriculum = crate::curriculum::shipped()?;
    let set = starter_set();
    let ids: BTreeSet<&str> = set.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), set.len(), "starter ids are unique");
    for starter in &set {
        let (_, unit) = curriculum
            .unit(&starter.unit_id)
            .unwrap_or_else(|| panic!("{}: no unit {}", starter.id, starter.unit_id));
        assert!(!starter.outcome_ids.is_empty(), "{}", starter.id);
        for o in &starter.outcome_ids {
            assert!(
                unit.outcomes.iter().any(|u| &u.id == o),
                "{}: {o}",
                starter.id
            );
        }
        assert!(
            starter.url.as_deref().is_none_or(web_address),
            "{}",
            starter.id
        );
        assert!(
            starter
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{}",
            starter.id
        );
    }
    // Each unit has its reading lists, and the SDS values, principles and four options.
    for unit in ["cg-3085/u001", "cg-3085/u002", "sqa-fx35-35"] {
        for title in ["Values", "Principles", "What is Self-directed Support?"] {
            assert!(
                set.iter().any(|s| s.unit_id == unit && s.title == title),
                "{unit}: {title}"
            );
        }
    }
    Ok(())
}
