//! The proposed sample (Q1, Q2, C8). From the plan's rates and focus, the period's decisions, the
//! decisions already sampled, the IQA and a seed, it picks decisions so that every CAMERA value
//! the plan asks for (every one present, unless the plan's focus names some) and every unit is
//! covered, then tops each assessor up to their rate (at least one each), preferring decisions
//! not sampled before. It never picks a decision the IQA made as assessor (C8). The order of
//! preference is a seeded hash of each decision's id, so the same seed and data always give the
//! same proposal, whatever order the decisions arrive in. Cost: one sort, O(n log n).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::camera::{Decision, Dimension};
use super::plan::{PlanRates, RateBasis};
use crate::domain::rules::RuleViolation;

/// What a proposal is made from.
pub struct ProposalRequest<'a> {
    pub rates: &'a PlanRates,
    pub decisions: &'a [Decision],
    /// Judgement ids sampled before (they are picked only when nothing else will do).
    pub already_sampled: &'a HashSet<String>,
    pub iqa_id: &'a str,
    pub seed: u64,
}

/// Why a decision is in the proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// It is the first pick carrying this CAMERA value.
    Covers(Dimension, String),
    /// It is the first pick from this unit (every unit at least once a period).
    Unit(String),
    /// It tops its assessor up to their rate.
    Rate { rate: i32, basis: RateBasis },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// Index into the request's decisions.
    pub index: usize,
    pub judgement_id: String,
    pub reasons: Vec<Reason>,
    pub sampled_before: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub seed: u64,
    pub picks: Vec<Pick>,
    /// CAMERA values carried only by the IQA's own decisions: another IQA must sample them (C8).
    pub left_to_another_iqa: Vec<(Dimension, String)>,
    /// How many of the IQA's own decisions were left out (C8).
    pub own_decisions_left_out: usize,
}

/// A value to cover: a CAMERA dimension (by position in [`Dimension::ALL`]) or, at `UNIT`, a unit.
type Slot<'a> = (usize, &'a str);
const UNIT: usize = Dimension::ALL.len();

fn slots(decision: &Decision) -> Vec<Slot<'_>> {
    let mut out: Vec<Slot<'_>> = Dimension::ALL
        .iter()
        .enumerate()
        .flat_map(|(i, d)| decision.values(*d).into_iter().map(move |v| (i, v)))
        .collect();
    out.push((UNIT, decision.unit_id.as_str()));
    out
}

/// FNV-1a, then SplitMix64 with the seed: a fixed, portable order of preference.
pub fn preference(seed: u64, judgement_id: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in judgement_id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = (seed ^ hash).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The values the plan asks to be covered, from every decision (the IQA's own included).
fn wanted<'a>(rates: &PlanRates, decisions: &'a [Decision]) -> BTreeSet<Slot<'a>> {
    let present: BTreeSet<Slot<'a>> = decisions.iter().flat_map(slots).collect();
    present
        .into_iter()
        .filter(|(i, value)| {
            let focus = Dimension::ALL
                .get(*i)
                .map_or(&rates.focus.units[..], |d| rates.focus.of(*d));
            focus.is_empty() || focus.iter().any(|f| f == value)
        })
        .collect()
}

/// How many decisions each assessor should have in the sample: their rate of their decisions,
/// rounded up, and at least one.
fn quotas<'a>(
    rates: &PlanRates,
    eligible: &[&'a Decision],
) -> HashMap<&'a str, (usize, i32, RateBasis)> {
    let mut counts: HashMap<&'a str, usize> = HashMap::new();
    for d in eligible {
        *counts.entry(d.assessor_id.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(assessor, n)| {
            let (rate, basis) = rates.rate_for(assessor);
            let rate_n = usize::try_from(rate).unwrap_or(0);
            let quota = (n * rate_n).div_ceil(100).max(1);
            (assessor, (quota, rate, basis))
        })
        .collect()
}

/// A decision's place in the order of preference: not sampled before first, then the seeded hash,
/// then the id (for ties), and its index into the request's decisions.
type Ranked<'a> = (bool, u64, &'a str, usize);

/// Picks so far: the reasons for each chosen decision (by index), and how many per assessor.
#[derive(Default)]
struct Chosen<'a> {
    reasons: BTreeMap<usize, Vec<Reason>>,
    per_assessor: HashMap<&'a str, usize>,
}

/// Propose a sample. See the module comment for the rules it follows.
pub fn propose(request: &ProposalRequest<'_>) -> Proposal {
    let decisions = request.decisions;
    let order = rank_eligible(request);
    let own_decisions_left_out = decisions.len() - order.len();
    let eligible: Vec<&Decision> = order.iter().map(|o| &decisions[o.3]).collect();

    let mut uncovered = wanted(request.rates, decisions);
    let reachable: BTreeSet<Slot<'_>> = eligible.iter().flat_map(|d| slots(d)).collect();
    let left_to_another_iqa = uncovered
        .iter()
        .filter(|s| !reachable.contains(*s) && s.0 < UNIT)
        .map(|(i, v)| (Dimension::ALL[*i], (*v).to_owned()))
        .collect();
    uncovered.retain(|s| reachable.contains(s));

    let mut chosen = cover_values(&order, &eligible, uncovered);
    top_up_to_rates(request.rates, &order, &eligible, &mut chosen);
    Proposal {
        seed: request.seed,
        picks: into_picks(request, chosen.reasons),
        left_to_another_iqa,
        own_decisions_left_out,
    }
}

/// The decisions the IQA may sample (not their own, C8), in the order of preference.
fn rank_eligible<'a>(request: &ProposalRequest<'a>) -> Vec<Ranked<'a>> {
    let mut order: Vec<Ranked<'a>> = request
        .decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| d.assessor_id != request.iqa_id)
        .map(|(i, d)| {
            let before = request.already_sampled.contains(&d.judgement_id);
            (
                before,
                preference(request.seed, &d.judgement_id),
                d.judgement_id.as_str(),
                i,
            )
        })
        .collect();
    order.sort_unstable();
    order
}

/// Walk the order, picking each decision that carries a value not yet covered.
fn cover_values<'a>(
    order: &[Ranked<'_>],
    eligible: &[&'a Decision],
    mut uncovered: BTreeSet<Slot<'a>>,
) -> Chosen<'a> {
    let mut chosen = Chosen::default();
    for (&(_, _, _, index), decision) in order.iter().zip(eligible) {
        if uncovered.is_empty() {
            break;
        }
        let reasons: Vec<Reason> = slots(decision)
            .into_iter()
            .filter(|slot| uncovered.remove(slot))
            .map(|(i, value)| match Dimension::ALL.get(i) {
                Some(d) => Reason::Covers(*d, value.to_owned()),
                None => Reason::Unit(value.to_owned()),
            })
            .collect();
        if !reasons.is_empty() {
            *chosen
                .per_assessor
                .entry(decision.assessor_id.as_str())
                .or_default() += 1;
            chosen.reasons.insert(index, reasons);
        }
    }
    chosen
}

/// Walk the order again, topping each assessor up to their quota.
fn top_up_to_rates<'a>(
    rates: &PlanRates,
    order: &[Ranked<'_>],
    eligible: &[&'a Decision],
    chosen: &mut Chosen<'a>,
) {
    let quotas = quotas(rates, eligible);
    for (&(_, _, _, index), decision) in order.iter().zip(eligible) {
        let assessor = decision.assessor_id.as_str();
        let Some(&(quota, rate, basis)) = quotas.get(assessor) else {
            continue;
        };
        let taken = chosen.per_assessor.entry(assessor).or_default();
        if *taken < quota && !chosen.reasons.contains_key(&index) {
            *taken += 1;
            chosen
                .reasons
                .insert(index, vec![Reason::Rate { rate, basis }]);
        }
    }
}

/// The picks, ordered by assessor, learner, unit, item and judgement.
fn into_picks(request: &ProposalRequest<'_>, chosen: BTreeMap<usize, Vec<Reason>>) -> Vec<Pick> {
    let decisions = request.decisions;
    let mut picks: Vec<Pick> = chosen
        .into_iter()
        .map(|(index, reasons)| {
            let judgement_id = decisions[index].judgement_id.clone();
            Pick {
                sampled_before: request.already_sampled.contains(&judgement_id),
                index,
                judgement_id,
                reasons,
            }
        })
        .collect();
    picks.sort_by(|a, b| {
        let (x, y) = (&decisions[a.index], &decisions[b.index]);
        (
            &x.assessor_id,
            &x.learner_id,
            &x.unit_id,
            &x.item_id,
            &x.judgement_id,
        )
            .cmp(&(
                &y.assessor_id,
                &y.learner_id,
                &y.unit_id,
                &y.item_id,
                &y.judgement_id,
            ))
    });
    picks
}

/// C8 for a sample the IQA chose: none of the chosen decisions may be the IQA's own.
pub fn require_none_own<'a>(
    iqa_id: &str,
    chosen: impl IntoIterator<Item = &'a Decision>,
) -> Result<(), RuleViolation> {
    if chosen.into_iter().any(|d| d.assessor_id == iqa_id) {
        Err(RuleViolation::IqaOwnDecision)
    } else {
        Ok(())
    }
}

/// Whether the chosen judgement ids differ from the proposal's (then a reason is needed).
pub fn differs_from(proposal: &Proposal, chosen: &[String]) -> bool {
    let proposed: BTreeSet<&str> = proposal
        .picks
        .iter()
        .map(|p| p.judgement_id.as_str())
        .collect();
    let chosen: BTreeSet<&str> = chosen.iter().map(String::as_str).collect();
    proposed != chosen
}
