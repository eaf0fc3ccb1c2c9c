use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;

use super::*;

fn bank(ids: &[(&str, &str)]) -> Vec<BankQuestion> {
    ids.iter()
        .map(|(id, item)| BankQuestion {
            id: (*id).to_owned(),
            item_id: (*item).to_owned(),
        })
        .collect()
}

fn items(ids: &[&str]) -> Vec<(String, String)> {
    ids.iter()
        .map(|id| ((*id).to_owned(), format!("text of {id}")))
        .collect()
}

const KS1: &str = "sqa-fx35-35/o1/ks1";
const KS2: &str = "sqa-fx35-35/o1/ks2";

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap_or_default()
}

#[test]
fn s3_an_occasion_never_repeats_a_question() {
    let bank = bank(&[("q1", KS1), ("q2", KS1), ("q3", KS1), ("q4", KS2)]);
    let mut used = BTreeSet::new();
    // Three occasions on KS1 use its three questions, each once.
    for seed in [7, 8, 9] {
        let drawn = sample_questions(&items(&[KS1]), &bank, &used, seed);
        let Ok(drawn) = drawn else {
            panic!("refused with questions left: {drawn:?}");
        };
        assert_eq!(drawn.len(), 1);
        assert!(used.insert(drawn[0].1.clone()), "{drawn:?} repeats");
    }
    assert_eq!(used.len(), 3);
}

#[test]
fn sampling_is_reproducible_from_its_seed() {
    let bank = bank(&[("q1", KS1), ("q2", KS1), ("q3", KS1), ("q4", KS1)]);
    let used = BTreeSet::new();
    let first = sample_questions(&items(&[KS1]), &bank, &used, 42);
    assert_eq!(first, sample_questions(&items(&[KS1]), &bank, &used, 42));
    let draws: BTreeSet<String> = (0..40)
        .filter_map(|seed| sample_questions(&items(&[KS1]), &bank, &used, seed).ok())
        .map(|d| d[0].1.clone())
        .collect();
    assert!(draws.len() > 1, "every seed drew the same question");
}

#[test]
fn s3_bank_exhausted_is_refused() {
    let bank = bank(&[("q1", KS1), ("q2", KS2)]);
    let used: BTreeSet<String> = ["q2".to_owned()].into();
    let refused = sample_questions(&items(&[KS1, KS2]), &bank, &used, 1);
    let Err(rule) = refused else {
        panic!("sampled from an exhausted bank: {refused:?}");
    };
    assert_eq!(rule.code(), "question_bank_exhausted");
    assert!(rule.to_string().contains(KS2), "{rule}");
    // An item with no questions at all is refused the same way.
    let empty = sample_questions(&items(&[KS1]), &[], &BTreeSet::new(), 1);
    assert!(empty.is_err_and(|r| r.to_string().contains(KS1)));
}

#[test]
fn questions_hidden_until_the_occasion_opens() {
    let opens = at("2027-03-01 09:00");
    assert!(!questions_visible(
        Viewer::Candidate,
        opens,
        at("2027-03-01 08:59")
    ));
    assert!(questions_visible(Viewer::Candidate, opens, opens));
    assert!(questions_visible(
        Viewer::Staff,
        opens,
        at("2027-02-01 00:00")
    ));
    assert!(check_answer(opens, at("2027-02-28 12:00"), KS1, false).is_err());
    assert_eq!(check_answer(opens, opens, KS1, false), Ok(()));
    assert!(check_answer(opens, opens, KS1, true).is_err());
}

#[test]
fn default_items_leave_out_what_the_project_or_an_occasion_showed() -> Result<(), String> {
    let curriculum = crate::curriculum::shipped().map_err(|e| e.to_string())?;
    let (_, unit) = curriculum.unit(SQA_UNIT).ok_or("no FX35 35")?;
    let decisions: BTreeMap<String, bool> =
        [(KS1.to_owned(), true), (KS2.to_owned(), false)].into();
    let satisfied: BTreeSet<String> = ["sqa-fx35-35/o1/ks3".to_owned()].into();
    let chosen = default_items(unit, &decisions, &satisfied);
    assert_eq!(chosen.len(), 29 - 2);
    assert!(chosen.contains(&KS2.to_owned()) && !chosen.contains(&KS1.to_owned()));
    Ok(())
}

#[test]
fn only_knowledge_skills_items_of_fx35_35_are_accepted() -> Result<(), String> {
    let curriculum = crate::curriculum::shipped().map_err(|e| e.to_string())?;
    assert_eq!(
        parse_item(&curriculum, "item_id", " sqa-fx35-35/o2/ks4 "),
        Ok("sqa-fx35-35/o2/ks4".to_owned())
    );
    for bad in [
        "sqa-fx35-35/er1",
        "cg-3085/u002/lo1/ac1.1",
        "sqa-fx35-35/o9/ks1",
        "",
    ] {
        assert!(parse_item(&curriculum, "item_id", bad).is_err(), "{bad}");
    }
    Ok(())
}

#[test]
fn the_latest_sampling_of_an_item_counts() {
    let fact = |id: &str, mark| SampledFact {
        item_id: id.to_owned(),
        mark,
    };
    let sampled = [
        fact(KS1, Some(Mark::NotSatisfied)),
        fact(KS2, None),
        fact(KS1, Some(Mark::Satisfied)),
    ];
    assert_eq!(sampled_not_satisfied(&sampled), vec![KS2.to_owned()]);
    assert_eq!(sampled_not_satisfied(&[]), Vec::<String>::new());
}
