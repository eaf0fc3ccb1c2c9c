use super::*;
use crate::domain::evidence::EvidenceStatus;

fn summary(
    id: &str,
    kind: &str,
    status: EvidenceStatus,
    items: &[&str],
    words: Option<i32>,
) -> EvidenceSummary {
    EvidenceSummary {
        id: id.into(),
        title: format!("Evidence {id}"),
        kind: kind.into(),
        status,
        word_count: words,
        items: items.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn curriculum() -> Result<Curriculum, Box<dyn std::error::Error>> {
    Ok(crate::curriculum::shipped()?)
}

#[test]
fn with_no_evidence_every_criterion_is_a_gap() -> Result<(), Box<dyn std::error::Error>> {
    let c = curriculum()?;
    let t = tracker(&c, "cg-3085-01", &[], &BTreeMap::new()).ok_or("no tracker")?;
    assert_eq!(t.percent_evidenced, 0);
    assert_eq!(
        t.gaps
            .iter()
            .filter(|g| g.contains("no evidence yet"))
            .count(),
        24
    );
    Ok(())
}

#[test]
fn mapped_and_submitted_evidence_change_the_status() -> Result<(), Box<dyn std::error::Error>> {
    let c = curriculum()?;
    let evidence = [
        summary(
            "e1",
            "reflective_account",
            EvidenceStatus::Draft,
            &["cg-3085/u001/lo1/ac1.1"],
            None,
        ),
        summary(
            "e2",
            "written_assignment",
            EvidenceStatus::Submitted,
            &["cg-3085/u001/lo1/ac1.2", "cg-3085/u001/lo1/ac1.3"],
            None,
        ),
    ];
    let t = tracker(&c, "cg-3085-01", &evidence, &BTreeMap::new()).ok_or("no tracker")?;
    let lo1 = &t.units[0].outcomes[0];
    assert_eq!(
        lo1.items.iter().map(|i| i.status).collect::<Vec<_>>(),
        [
            ItemStatus::EvidenceMapped,
            ItemStatus::Submitted,
            ItemStatus::Submitted
        ]
    );
    assert_eq!(lo1.percent_evidenced, 100);
    assert_eq!(t.percent_evidenced, (3 * 100 / 24) as u8);
    Ok(())
}

#[test]
fn c5_unit_002_without_an_observation_is_a_gap() -> Result<(), Box<dyn std::error::Error>> {
    let c = curriculum()?;
    let t = tracker(&c, "cg-3085-02", &[], &BTreeMap::new()).ok_or("no tracker")?;
    assert!(
        t.gaps
            .iter()
            .any(|g| g.starts_with("Unit 002 needs an observation"))
    );
    let observed = [summary(
        "o",
        "observation_record",
        EvidenceStatus::Submitted,
        &["cg-3085/u002/lo1/ac1.2"],
        None,
    )];
    let t = tracker(&c, "cg-3085-02", &observed, &BTreeMap::new()).ok_or("no tracker")?;
    assert!(
        !t.gaps
            .iter()
            .any(|g| g.starts_with("Unit 002 needs an observation"))
    );
    Ok(())
}

#[test]
fn s1_an_over_length_project_is_a_gap() -> Result<(), Box<dyn std::error::Error>> {
    let c = curriculum()?;
    let long = [summary(
        "p",
        "project_assignment",
        EvidenceStatus::Submitted,
        &["sqa-fx35-35/er1"],
        Some(3501),
    )];
    let t = tracker(&c, "sqa-fx35-35", &long, &BTreeMap::new()).ok_or("no tracker")?;
    assert!(
        t.gaps
            .iter()
            .any(|g| g.contains("3501 words, over the 3500-word limit")),
        "{:?}",
        t.gaps
    );
    let ok = [summary(
        "p",
        "project_assignment",
        EvidenceStatus::Submitted,
        &["sqa-fx35-35/er1"],
        Some(3500),
    )];
    let t = tracker(&c, "sqa-fx35-35", &ok, &BTreeMap::new()).ok_or("no tracker")?;
    assert!(!t.gaps.iter().any(|g| g.contains("over the")));
    Ok(())
}

#[test]
fn sqa_evidence_requirements_not_covered_are_gaps() -> Result<(), Box<dyn std::error::Error>> {
    let c = curriculum()?;
    let t = tracker(&c, "sqa-fx35-35", &[], &BTreeMap::new()).ok_or("no tracker")?;
    assert_eq!(
        t.gaps
            .iter()
            .filter(|g| g.contains("Evidence Requirement"))
            .count(),
        7
    );
    assert_eq!(
        t.units[0]
            .outcomes
            .iter()
            .map(|o| o.items.len())
            .sum::<usize>(),
        29
    );
    Ok(())
}

#[test]
fn untouched_range_items_are_listed() -> Result<(), Box<dyn std::error::Error>> {
    let c = curriculum()?;
    let t = tracker(
        &c,
        "cg-3085-01",
        &[summary(
            "e",
            "work_product",
            EvidenceStatus::Draft,
            &["cg-3085/u001/lo2/range1/1"],
            None,
        )],
        &BTreeMap::new(),
    )
    .ok_or("no tracker")?;
    let budgets = t
        .gaps
        .iter()
        .find(|g| g.contains("\"Types of budgets\""))
        .ok_or("no range gap")?;
    assert!(
        !budgets.contains("not yet touched: individual budgets;"),
        "{budgets}"
    );
    assert!(budgets.contains("indirect payments"), "{budgets}");
    Ok(())
}

#[test]
fn progress_counts_as_the_tracker_does() -> Result<(), Box<dyn std::error::Error>> {
    let c = curriculum()?;
    let evidence = [
        summary(
            "e1",
            "reflective_account",
            EvidenceStatus::Draft,
            &["cg-3085/u001/lo1/ac1.1"],
            None,
        ),
        summary(
            "e2",
            "written_assignment",
            EvidenceStatus::Submitted,
            &["cg-3085/u002/lo2/ac2.1", "sqa-fx35-35/er1", "sds/1/1.1"],
            None,
        ),
    ];
    let decisions: BTreeMap<String, bool> = [
        ("cg-3085/u001/lo1/ac1.2".to_owned(), true),
        ("cg-3085/u001/lo1/ac1.3".to_owned(), false),
        ("cg-3085/u002/lo2/ac2.1".to_owned(), true),
    ]
    .into();
    for qualification in ["cg-3085-01", "cg-3085-02", "sqa-fx35-35"] {
        let t = tracker(&c, qualification, &evidence, &decisions).ok_or("no tracker")?;
        assert_eq!(
            progress(&c, qualification, &evidence, &decisions),
            Some((t.percent_evidenced, t.percent_met)),
            "{qualification}"
        );
    }
    assert_eq!(
        progress(&c, "no-such-qualification", &evidence, &decisions),
        None
    );
    Ok(())
}

#[test]
fn percent_mapped_is_what_progress_counts_before_any_decision()
-> Result<(), Box<dyn std::error::Error>> {
    let c = curriculum()?;
    let items = [
        "cg-3085/u001/lo1/ac1.1",
        "cg-3085/u002/lo2/ac2.1",
        "sqa-fx35-35/er1",
        "sds/1/1.1",
    ];
    let evidence = [summary(
        "e1",
        "reflective_account",
        EvidenceStatus::Submitted,
        &items,
        None,
    )];
    let mapped: std::collections::HashSet<&str> = items.into_iter().collect();
    for qualification in ["cg-3085-01", "cg-3085-02", "sqa-fx35-35"] {
        let (evidenced, _) =
            progress(&c, qualification, &evidence, &BTreeMap::new()).ok_or("no progress")?;
        assert!(evidenced > 0, "{qualification}");
        assert_eq!(
            percent_mapped(&c, qualification, &mapped),
            Some(evidenced),
            "{qualification}"
        );
    }
    assert_eq!(percent_mapped(&c, "no-such-qualification", &mapped), None);
    Ok(())
}
