//! The proposal's rules, named after them.

use std::collections::{BTreeSet, HashSet};

use proptest::prelude::*;

use super::Stage;
use super::camera::{Decision, Dimension};
use super::plan::{Focus, PlanRates, RateBasis, Risk};
use super::proposal::{Proposal, ProposalRequest, Reason, differs_from, propose, require_none_own};

const METHODS: [&str; 3] = ["observation", "questioning", "assignment"];
const TYPES: [&str; 3] = ["document", "image", "written_in_platform"];
const PLACES: [&str; 2] = ["Care home", "Day centre"];

fn decision(n: usize, assessor: &str, learner: usize) -> Decision {
    Decision {
        judgement_id: format!("j{n:04}"),
        registration_id: format!("r{learner}"),
        learner_id: format!("learner{learner}"),
        assessor_id: assessor.to_owned(),
        unit_id: format!("u{}", n % 2),
        item_id: format!("i{}", n % 7),
        workplace: PLACES[learner % 2].to_owned(),
        stage: Stage::Interim,
        methods: BTreeSet::from([METHODS[n % 3].to_owned()]),
        evidence_types: BTreeSet::from([TYPES[(n / 3) % 3].to_owned()]),
        records: BTreeSet::from(["written_feedback".to_owned()]),
    }
}

/// Three assessors (the IQA "iqa" is one of them), six learners, 60 decisions.
fn centre() -> Vec<Decision> {
    let assessors = ["ann", "bob", "iqa"];
    (0..60)
        .map(|n| decision(n, assessors[n % 3], n % 6))
        .collect()
}

fn rates(experienced: i32) -> PlanRates {
    PlanRates {
        experienced_rate: experienced,
        rates: [
            ("ann".to_owned(), (Risk::Experienced, experienced)),
            ("bob".to_owned(), (Risk::New, 100)),
        ]
        .into_iter()
        .collect(),
        focus: Focus::default(),
    }
}

fn run(
    rates: &PlanRates,
    decisions: &[Decision],
    sampled: &HashSet<String>,
    seed: u64,
) -> Proposal {
    propose(&ProposalRequest {
        rates,
        decisions,
        already_sampled: sampled,
        iqa_id: "iqa",
        seed,
    })
}

fn picked<'a>(p: &Proposal, decisions: &'a [Decision]) -> Vec<&'a Decision> {
    p.picks.iter().map(|pick| &decisions[pick.index]).collect()
}

#[test]
fn c8_proposal_never_includes_iqa_own_decision() {
    let decisions = centre();
    let p = run(&rates(10), &decisions, &HashSet::new(), 7);
    assert!(
        picked(&p, &decisions)
            .iter()
            .all(|d| d.assessor_id != "iqa")
    );
    assert_eq!(p.own_decisions_left_out, 20);
}

#[test]
fn q1_proposal_covers_every_camera_dimension() {
    let decisions = centre();
    let p = run(&rates(0), &decisions, &HashSet::new(), 3);
    let chosen = picked(&p, &decisions);
    let eligible: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.assessor_id != "iqa")
        .collect();
    for dimension in Dimension::ALL {
        let present: BTreeSet<&str> = eligible.iter().flat_map(|d| d.values(dimension)).collect();
        let covered: BTreeSet<&str> = chosen.iter().flat_map(|d| d.values(dimension)).collect();
        assert_eq!(present, covered, "{dimension:?}");
    }
    let units: BTreeSet<&str> = chosen.iter().map(|d| d.unit_id.as_str()).collect();
    assert_eq!(units.len(), 2, "every unit at least once");
}

#[test]
fn q1_new_assessor_sampled_at_100_percent() {
    let decisions = centre();
    let p = run(&rates(0), &decisions, &HashSet::new(), 11);
    let bob = picked(&p, &decisions)
        .iter()
        .filter(|d| d.assessor_id == "bob")
        .count();
    assert_eq!(bob, 20);
}

#[test]
fn q1_experienced_rate_honoured_and_every_assessor_at_least_once() {
    let decisions = centre();
    let p = run(&rates(50), &decisions, &HashSet::new(), 11);
    let ann = picked(&p, &decisions)
        .iter()
        .filter(|d| d.assessor_id == "ann")
        .count();
    assert!(ann >= 10, "50% of 20 decisions, got {ann}");
    let p = run(&rates(0), &decisions, &HashSet::new(), 11);
    assert!(
        picked(&p, &decisions)
            .iter()
            .any(|d| d.assessor_id == "ann")
    );
}

#[test]
fn q1_assessor_not_in_plan_is_sampled_in_full() {
    let decisions = centre();
    let mut plan = rates(10);
    plan.rates.remove("ann");
    let p = run(&plan, &decisions, &HashSet::new(), 5);
    assert_eq!(
        picked(&p, &decisions)
            .iter()
            .filter(|d| d.assessor_id == "ann")
            .count(),
        20
    );
    assert!(
        p.picks
            .iter()
            .any(|pick| pick.reasons.contains(&Reason::Rate {
                rate: 100,
                basis: RateBasis::NotInPlan
            }))
    );
}

#[test]
fn same_seed_same_proposal() {
    let decisions = centre();
    let a = run(&rates(20), &decisions, &HashSet::new(), 42);
    let mut shuffled = decisions.clone();
    shuffled.reverse();
    let b = run(&rates(20), &shuffled, &HashSet::new(), 42);
    let ids = |p: &Proposal| {
        p.picks
            .iter()
            .map(|x| x.judgement_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&a),
        ids(&run(&rates(20), &decisions, &HashSet::new(), 42))
    );
    assert_eq!(
        ids(&a),
        ids(&b),
        "the order the decisions arrive in does not matter"
    );
    let other =
        (0..20u64).any(|s| ids(&run(&rates(20), &decisions, &HashSet::new(), s)) != ids(&a));
    assert!(other, "another seed can give another proposal");
}

#[test]
fn prefers_decisions_not_yet_sampled() {
    let decisions = centre();
    let first = run(&rates(10), &decisions, &HashSet::new(), 1);
    let sampled: HashSet<String> = first
        .picks
        .iter()
        .filter(|p| decisions[p.index].assessor_id == "ann")
        .map(|p| p.judgement_id.clone())
        .collect();
    let second = run(&rates(10), &decisions, &sampled, 1);
    let ann_again = second
        .picks
        .iter()
        .filter(|p| decisions[p.index].assessor_id == "ann" && p.sampled_before)
        .count();
    assert_eq!(ann_again, 0);
}

#[test]
fn c8_values_only_the_iqa_carries_are_left_to_another_iqa() {
    let mut decisions = centre();
    decisions[2].workplace = "Only the IQA assessed here".into();
    let p = run(&rates(10), &decisions, &HashSet::new(), 9);
    assert!(
        p.left_to_another_iqa
            .contains(&(Dimension::Location, "Only the IQA assessed here".into()))
    );
}

#[test]
fn focus_limits_the_values_to_cover() {
    let decisions = centre();
    let mut plan = rates(0);
    plan.rates.insert("bob".into(), (Risk::Experienced, 0));
    plan.focus.learners = vec!["learner1".into()];
    let p = run(&plan, &decisions, &HashSet::new(), 9);
    let learners: BTreeSet<&str> = picked(&p, &decisions)
        .iter()
        .map(|d| d.learner_id.as_str())
        .collect();
    assert!(learners.contains("learner1"));
    assert!(!p.picks.iter().any(|pick| {
        pick.reasons
            .contains(&Reason::Covers(Dimension::Candidate, "learner0".into()))
    }));
}

#[test]
fn focus_units_limit_the_units_to_cover() {
    let decisions = centre();
    let mut plan = rates(0);
    plan.rates.insert("bob".into(), (Risk::Experienced, 0));
    plan.focus.units = vec!["u1".into()];
    let p = run(&plan, &decisions, &HashSet::new(), 9);
    let for_units: Vec<&Reason> = p
        .picks
        .iter()
        .flat_map(|pick| &pick.reasons)
        .filter(|r| matches!(r, Reason::Unit(_)))
        .collect();
    assert_eq!(for_units, [&Reason::Unit("u1".into())]);
}

#[test]
fn c8_chosen_sample_with_own_decision_is_refused() {
    let decisions = centre();
    assert!(require_none_own("iqa", &decisions[..2]).is_ok());
    let refused = require_none_own("iqa", &decisions[..3]);
    assert_eq!(refused.map_err(|e| e.code()), Err("iqa_own_decision"));
}

#[test]
fn a_change_to_the_proposal_is_noticed() {
    let decisions = centre();
    let p = run(&rates(10), &decisions, &HashSet::new(), 2);
    let mut ids: Vec<String> = p.picks.iter().map(|x| x.judgement_id.clone()).collect();
    ids.reverse();
    assert!(!differs_from(&p, &ids));
    ids.pop();
    assert!(differs_from(&p, &ids));
}

fn random_centre() -> impl Strategy<Value = (Vec<Decision>, Vec<String>, u64)> {
    (1usize..6, 1usize..4, 0usize..120, any::<u64>()).prop_flat_map(|(assessors, iqas, n, seed)| {
        let people = assessors + iqas;
        let rows =
            proptest::collection::vec((0..people, 0usize..30, 0usize..3, 0usize..3, 0usize..2), n);
        (rows, Just(assessors), Just(iqas), Just(seed)).prop_map(|(rows, assessors, iqas, seed)| {
            let decisions = rows
                .into_iter()
                .enumerate()
                .map(|(k, (who, learner, m, t, place))| {
                    let mut d = decision(k, &format!("p{who}"), learner);
                    d.methods = BTreeSet::from([METHODS[m].to_owned()]);
                    d.evidence_types = BTreeSet::from([TYPES[t].to_owned()]);
                    d.workplace = PLACES[place].to_owned();
                    d
                })
                .collect();
            // The IQAs are people who may also assess: the last `iqas` people.
            let iqa_ids = (assessors..assessors + iqas)
                .map(|p| format!("p{p}"))
                .collect();
            (decisions, iqa_ids, seed)
        })
    })
}

proptest! {
    #[test]
    fn c8_holds_for_random_centres((decisions, iqas, seed) in random_centre(), rate in 0i32..=100) {
        let plan = PlanRates { experienced_rate: rate, ..PlanRates::default() };
        for iqa in &iqas {
            let p = propose(&ProposalRequest {
                rates: &plan, decisions: &decisions, already_sampled: &HashSet::new(), iqa_id: iqa, seed,
            });
            for pick in &p.picks {
                prop_assert_ne!(&decisions[pick.index].assessor_id, iqa);
            }
            let own = decisions.iter().filter(|d| &d.assessor_id == iqa).count();
            prop_assert_eq!(p.own_decisions_left_out, own);
            let others = decisions.len() - own;
            prop_assert_eq!(p.picks.is_empty(), others == 0);
        }
    }
}
