//! Every kind of broken curriculum file the loader must refuse, each with the message a centre
//! would see. The fixture is a small valid file; each test breaks one thing in it.

use super::{CurriculumError, SourceFile, load_sources};

const VALID: &str = r#"
[specification]
id = "xx"
awarding_body = "Example Body"
title = "Example handbook"
document = "Qualification handbook"
version = "1.0"
published = "August 2012"
source = "example.txt"
level_framework = "QCF"

[[qualifications]]
id = "xx-01"
number = "01"
title = "Example award"
level = 4
credits_required = 4
mandatory_units = ["xx/u001"]
rule_of_combination = "Achieve 4 credits."

[[staff_qualifications]]
id = "a1"
title = "A1 Assess Candidate Performance Using a Range of Methods"
kind = "assessment"

[[units]]
id = "xx/u001"
number = "001"
title = "Example unit"
level = 4
credits = 4
guided_learning_hours = 26
aim = "An aim."
assessment_method = "portfolio"

[units.evidence]
real_work_environment = true
required_any_of = ["observation_by_assessor"]
permitted = ["observation_by_assessor", "work_product"]

[units.assessor]
competence = "occupationally_competent"
qualifications_any_of = ["a1"]

[[units.outcomes]]
id = "xx/u001/lo1"
number = 1
text = "Know something"

[[units.outcomes.criteria]]
id = "xx/u001/lo1/ac1.1"
number = "1.1"
text = "describe it"

[[units.outcomes.criteria]]
id = "xx/u001/lo1/ac1.2"
number = "1.2"
text = "explain it"

[[units.outcomes]]
id = "xx/u001/lo2"
number = 2
text = "Be able to do something"

[[units.outcomes.criteria]]
id = "xx/u001/lo2/ac2.1"
number = "2.1"
text = "do it"
"#;

fn load(text: &str) -> Result<super::Curriculum, CurriculumError> {
    load_sources(vec![SourceFile {
        name: "curriculum/xx.toml".to_owned(),
        text: text.to_owned(),
    }])
}

/// The problems reported for `text`, one line each.
fn problems(text: &str) -> Vec<String> {
    match load(text) {
        Ok(_) => vec![],
        Err(e) => e.problems(),
    }
}

fn broken(from: &str, to: &str) -> Vec<String> {
    assert!(VALID.contains(from), "fixture lacks {from:?}");
    problems(&VALID.replacen(from, to, 1))
}

#[test]
fn the_fixture_is_valid() {
    assert_eq!(problems(VALID), Vec::<String>::new());
}

#[test]
fn toml_syntax_error_names_file_line_and_column() {
    let p = broken("text = \"describe it\"", "text = \"describe it");
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        p[0],
        "curriculum/xx.toml:53:20: invalid basic string, expected `\"`"
    );
}

#[test]
fn missing_field_is_named() {
    let p = broken("aim = \"An aim.\"\n", "");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("curriculum/xx.toml:"), "{p:?}");
    assert!(p[0].contains("missing field `aim`"), "{p:?}");
}

#[test]
fn unknown_field_is_named() {
    let p = broken("aim = \"An aim.\"", "aim = \"An aim.\"\nglh = 26");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("curriculum/xx.toml:34:1: unknown field `glh`, expected one of `id`"),
        "{p:?}"
    );
}

#[test]
fn unknown_evidence_method_is_refused() {
    let p = broken("\"work_product\"]", "\"carrier_pigeon\"]");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("curriculum/xx.toml:39:41: "), "{p:?}");
    assert!(p[0].contains("unknown variant `carrier_pigeon`"), "{p:?}");
}

#[test]
fn wrong_type_is_refused() {
    let p = broken("credits = 4", "credits = \"four\"");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("curriculum/xx.toml:31:11: invalid type: string \"four\", expected u32"),
        "{p:?}"
    );
}

#[test]
fn duplicate_id_points_at_the_second_use() {
    let p = broken("id = \"xx/u001/lo1/ac1.2\"", "id = \"xx/u001/lo1/ac1.1\"");
    assert_eq!(
        p,
        vec![
            "curriculum/xx.toml:56:7: duplicate id \"xx/u001/lo1/ac1.1\" (first used in curriculum/xx.toml)"
        ]
    );
}

#[test]
fn duplicate_id_across_files_is_refused() {
    let other = VALID.replacen("id = \"xx\"", "id = \"yy\"", 1).replacen(
        "id = \"xx-01\"",
        "id = \"yy-01\"",
        1,
    );
    let result = load_sources(vec![
        SourceFile {
            name: "a.toml".into(),
            text: VALID.into(),
        },
        SourceFile {
            name: "b.toml".into(),
            text: other,
        },
    ]);
    let p = result.err().map(|e| e.problems()).unwrap_or_default();
    assert!(
        p.iter()
            .any(|l| l == "b.toml:27:7: duplicate id \"xx/u001\" (first used in a.toml)"),
        "{p:?}"
    );
}

#[test]
fn reference_to_a_missing_unit_is_refused() {
    let p = broken(
        "mandatory_units = [\"xx/u001\"]",
        "mandatory_units = [\"xx/u009\"]",
    );
    assert_eq!(
        p,
        vec![
            "curriculum/xx.toml:18:21: qualification \"xx-01\" refers to unit \"xx/u009\", which does not exist"
        ]
    );
}

#[test]
fn reference_to_a_missing_staff_qualification_is_refused() {
    let p = broken(
        "qualifications_any_of = [\"a1\"]",
        "qualifications_any_of = [\"d32\"]",
    );
    assert_eq!(
        p,
        vec![
            "curriculum/xx.toml:43:27: staffing rule refers to staff qualification \"d32\", which does not exist"
        ]
    );
}

#[test]
fn numbering_gap_in_outcomes_is_refused() {
    let p = broken("number = 2", "number = 3");
    assert_eq!(
        p,
        vec![
            "curriculum/xx.toml:61:7: outcome \"xx/u001/lo2\" is numbered 3, expected 2 (numbers must run 1, 2, 3… without gaps)",
            "curriculum/xx.toml:66:7: criterion \"xx/u001/lo2/ac2.1\" is numbered 2.1, expected 3.1 (numbers must start with the parent's and run without gaps)",
        ]
    );
}

#[test]
fn criterion_number_must_follow_its_outcome() {
    let p = broken("number = \"1.2\"", "number = \"1.3\"");
    assert_eq!(
        p,
        vec![
            "curriculum/xx.toml:56:7: criterion \"xx/u001/lo1/ac1.2\" is numbered 1.3, expected 1.2 (numbers must start with the parent's and run without gaps)"
        ]
    );
}

#[test]
fn credits_must_add_up_to_the_rule_of_combination() {
    let p = broken("credits_required = 4", "credits_required = 8");
    assert_eq!(
        p,
        vec![
            "curriculum/xx.toml:13:7: qualification \"xx-01\" requires 8 credits but its mandatory units add up to 4"
        ]
    );
}

#[test]
fn id_outside_its_parent_is_refused() {
    let p = broken("id = \"xx/u001/lo2/ac2.1\"", "id = \"xx/u001/lo1/ac2.1\"");
    assert_eq!(
        p,
        vec![
            "curriculum/xx.toml:66:7: id \"xx/u001/lo1/ac2.1\" does not sit under its parent \"xx/u001/lo2\""
        ]
    );
}

#[test]
fn empty_text_is_refused() {
    let p = broken("text = \"do it\"", "text = \"  \"");
    assert_eq!(
        p,
        vec!["curriculum/xx.toml:66:7: \"xx/u001/lo2/ac2.1\" has an empty text"]
    );
}

#[test]
fn required_method_must_be_permitted() {
    let p = broken(
        "permitted = [\"observation_by_assessor\", \"work_product\"]",
        "permitted = [\"work_product\"]",
    );
    assert_eq!(
        p,
        vec![
            "curriculum/xx.toml:27:7: unit \"xx/u001\" requires \"observation_by_assessor\" evidence but does not permit it"
        ]
    );
}

#[test]
fn a_file_with_nothing_in_it_is_refused() {
    let header_only = &VALID[..VALID.find("[[qualifications]]").unwrap_or(VALID.len())];
    assert_eq!(
        problems(header_only),
        vec!["curriculum/xx.toml: the file has no qualifications, units or framework"]
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = VALID
        .replacen("credits_required = 4", "credits_required = 8", 1)
        .replacen("number = 2", "number = 3", 1);
    assert_eq!(problems(&text).len(), 3);
}

#[test]
fn an_empty_folder_is_refused() {
    let dir = std::env::temp_dir().join(format!(
        "eportfolio-empty-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let made = std::fs::create_dir_all(&dir);
    assert!(made.is_ok());
    let p = super::load_dir(&dir)
        .err()
        .map(|e| e.problems())
        .unwrap_or_default();
    assert_eq!(
        p,
        vec![format!(
            "{}: no curriculum files (*.toml) in this folder",
            dir.display()
        )]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_folder_is_refused() {
    let p = super::load_dir(std::path::Path::new("/nonexistent/curriculum"))
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        p.as_deref(),
        Some(
            "cannot read the curriculum folder /nonexistent/curriculum: No such file or directory (os error 2)"
        )
    );
}
