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
    let chosen = default_items(unit, &decisions, &satisfied, &BTreeSet::new())
        .map_err(|e| e.message.clone())?;
    assert_eq!(chosen.len(), 29 - 2);
    assert!(chosen.contains(&KS2.to_owned()) && !chosen.contains(&KS1.to_owned()));
    Ok(())
}

fn occasion(opens: &str, scheduled: &str, ids: &[&str]) -> EarlierOccasion {
    EarlierOccasion {
        opens_at: at(opens),
        scheduled_at: at(scheduled),
        items: ids.iter().map(|id| (*id).to_owned()).collect(),
    }
}

#[test]
fn s3_an_item_sampled_last_occasion_is_not_sampled_again() {
    let last: BTreeSet<String> = [KS1.to_owned()].into();
    let refused = refuse_sampled_last_occasion(&items(&[KS2, KS1]), &last);
    assert_eq!(
        refused,
        Err(RuleViolation::ItemSampledLastOccasion {
            item_id: KS1.to_owned(),
            item_text: format!("text of {KS1}"),
        })
    );
    assert_eq!(
        refused.map_err(|e| e.code()),
        Err("item_sampled_last_occasion")
    );
    assert_eq!(refuse_sampled_last_occasion(&items(&[KS2]), &last), Ok(()));
}

#[test]
fn s3_the_last_occasion_is_the_latest_opening_before_this_one() {
    let earlier = [
        occasion("2027-02-01 09:00", "2027-01-20 10:00", &[KS1]),
        occasion("2027-03-01 09:00", "2027-01-21 10:00", &[KS2]),
        occasion(
            "2027-05-01 09:00",
            "2027-01-22 10:00",
            &["sqa-fx35-35/o1/ks3"],
        ),
    ];
    // An occasion opening in April follows the March one: only its items are left out.
    let last = last_occasion_items(&earlier, at("2027-04-01 09:00"));
    assert_eq!(last, [KS2.to_owned()].into());
    // One opening in mid-February follows the February one.
    let last = last_occasion_items(&earlier, at("2027-02-15 09:00"));
    assert_eq!(last, [KS1.to_owned()].into());
    // The first occasion has none before it.
    assert!(last_occasion_items(&earlier, at("2027-01-25 09:00")).is_empty());
    assert!(last_occasion_items(&[], at("2027-01-25 09:00")).is_empty());
}

#[test]
fn s3_occasions_opening_together_are_told_apart_by_when_they_were_scheduled() {
    let same = "2027-02-01 09:00";
    let earlier = [
        occasion(same, "2027-01-20 10:00", &[KS1]),
        occasion(same, "2027-01-21 10:00", &[KS2]),
    ];
    assert_eq!(
        last_occasion_items(&earlier, at(same)),
        [KS2.to_owned()].into()
    );
    // Opened and scheduled at the same instant: both count.
    let twins = [
        occasion(same, "2027-01-20 10:00", &[KS1]),
        occasion(same, "2027-01-20 10:00", &[KS2]),
    ];
    assert_eq!(
        last_occasion_items(&twins, at(same)),
        [KS1.to_owned(), KS2.to_owned()].into()
    );
}

#[test]
fn s3_the_default_pick_leaves_out_the_last_occasions_items() -> Result<(), String> {
    let curriculum = crate::curriculum::shipped().map_err(|e| e.to_string())?;
    let (_, unit) = curriculum.unit(SQA_UNIT).ok_or("no FX35 35")?;
    let last: BTreeSet<String> = [KS1.to_owned()].into();
    let chosen = default_items(unit, &BTreeMap::new(), &BTreeSet::new(), &last)
        .map_err(|e| e.message.clone())?;
    assert_eq!(chosen.len(), 29 - 1);
    assert!(!chosen.contains(&KS1.to_owned()));
    Ok(())
}

#[test]
fn s3_when_every_item_left_was_sampled_last_occasion_the_default_pick_is_refused()
-> Result<(), String> {
    let curriculum = crate::curriculum::shipped().map_err(|e| e.to_string())?;
    let (_, unit) = curriculum.unit(SQA_UNIT).ok_or("no FX35 35")?;
    let all: Vec<String> = knowledge_skills(unit)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    // Every item but KS1 is satisfied; KS1 was sampled last time.
    let satisfied: BTreeSet<String> = all.iter().filter(|id| *id != KS1).cloned().collect();
    let last: BTreeSet<String> = [KS1.to_owned()].into();
    let refused = default_items(unit, &BTreeMap::new(), &satisfied, &last);
    let Err(error) = refused else {
        return Err(format!("not refused: {refused:?}"));
    };
    assert_eq!(error.field, "items");
    assert!(
        error
            .message
            .contains("Definition(s) and principles of Co-Production")
            && error.message.contains("last assessment occasion")
            && !error.message.contains(KS1),
        "{}",
        error.message
    );
    // With KS1 satisfied too, nothing is left at all: the older refusal.
    let everything: BTreeSet<String> = all.into_iter().collect();
    let none = default_items(unit, &BTreeMap::new(), &everything, &BTreeSet::new());
    assert!(none.is_err_and(|e| e.message.contains("Every Knowledge/Skills item is met")));
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

#[test]
fn s5_occasion_adjustments_are_whole_minutes_up_to_four_hours() {
    assert_eq!(parse_adjustments("", ""), Ok((0, String::new())));
    assert_eq!(
        parse_adjustments(" 25 ", " Large print "),
        Ok((25, "Large print".to_owned()))
    );
    for bad in ["-5", "241", "ten", "1.5"] {
        let Err(errors) = parse_adjustments(bad, "") else {
            panic!("{bad} was accepted");
        };
        assert_eq!(errors[0].field, "extra_time_minutes");
    }
    let long = "x".repeat(2001);
    assert!(parse_adjustments("", &long).is_err());
}

#[test]
fn s5_occasion_adjustments_read_as_a_sentence() {
    assert_eq!(adjustments_sentence(0, " "), None);
    assert_eq!(
        adjustments_sentence(15, "Questions read aloud."),
        Some("15 minutes of extra time; Questions read aloud.".to_owned())
    );
    assert_eq!(
        adjustments_sentence(1, ""),
        Some("1 minute of extra time.".to_owned())
    );
}
