//! SQA FX35 35 assessment occasions (S2, S3): Knowledge/Skills items not shown by the project
//! are assessed by short-response questions drawn from the centre's question bank. An occasion
//! samples one question per item, never one the candidate has had before, reproducibly from a
//! seed; the questions stay hidden from the candidate until the occasion opens.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;

use super::people::FieldError;
use super::rules::RuleViolation;
use crate::curriculum::Curriculum;
use crate::curriculum::model::Unit;

/// The unit whose Knowledge/Skills items occasions sample.
pub const SQA_UNIT: &str = "sqa-fx35-35";

/// How the sampled items are put to the candidate (S2).
pub const METHODS: [(&str, &str); 2] = [
    ("short_response", "Short-response questions"),
    (
        "professional_discussion",
        "Recorded professional discussion",
    ),
];

/// Every Knowledge/Skills item of a unit, in curriculum order, with its text.
pub fn knowledge_skills(unit: &Unit) -> Vec<(String, String)> {
    unit.outcomes
        .iter()
        .flat_map(|o| o.knowledge_skills.iter())
        .map(|k| (k.id.clone(), k.text.clone()))
        .collect()
}

/// A Knowledge/Skills item id of FX35 35 as the curriculum has it (`sqa-fx35-35/oN/ksM`);
/// anything else is refused.
pub fn parse_item(curriculum: &Curriculum, field: &str, raw: &str) -> Result<String, FieldError> {
    let raw = raw.trim();
    let known = curriculum
        .unit(SQA_UNIT)
        .is_some_and(|(_, unit)| knowledge_skills(unit).iter().any(|(id, _)| id == raw));
    if known {
        Ok(raw.to_owned())
    } else {
        Err(FieldError::new(
            field,
            &format!(
                "{raw} is not a Knowledge/Skills item of SQA Unit FX35 35 (for example sqa-fx35-35/o2/ks4)"
            ),
        ))
    }
}

/// A bank question's text: 1 to 2,000 characters.
pub fn parse_question(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.is_empty() || text.chars().count() > 2000 {
        return Err(FieldError::new(
            "text",
            "Write the question (at most 2,000 characters)",
        ));
    }
    Ok(text.to_owned())
}

/// A candidate's answer or an assessor's feedback: 1 to 10,000 characters.
pub fn parse_text(field: &str, raw: &str, what: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.is_empty() || text.chars().count() > 10_000 {
        return Err(FieldError::new(
            field,
            &format!("Write {what} (at most 10,000 characters)"),
        ));
    }
    Ok(text.to_owned())
}

/// The most extra time an occasion may allow, in minutes.
pub const EXTRA_TIME_MAX: i32 = 240;
const ADJUSTMENTS_MAX: usize = 2_000;

/// S5: an occasion's adjustments as typed: extra time in whole minutes (empty: none, at most
/// four hours) and other arrangements in words (at most 2,000 characters).
pub fn parse_adjustments(
    extra_time: &str,
    adjustments: &str,
) -> Result<(i32, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let extra = extra_time.trim();
    let minutes = if extra.is_empty() {
        0
    } else {
        match extra.parse::<i32>() {
            Ok(m) if (0..=EXTRA_TIME_MAX).contains(&m) => m,
            _ => {
                errors.push(FieldError::new(
                    "extra_time_minutes",
                    "Give the extra time as whole minutes from 0 to 240, or leave it empty for none",
                ));
                0
            }
        }
    };
    let text = adjustments.trim();
    if text.chars().count() > ADJUSTMENTS_MAX {
        errors.push(FieldError::new(
            "adjustments",
            "Keep the adjustments to 2,000 characters or fewer",
        ));
    }
    if errors.is_empty() {
        Ok((minutes, text.to_owned()))
    } else {
        Err(errors)
    }
}

/// An occasion's adjustments in words, or `None` when it has none.
pub fn adjustments_sentence(extra_time_minutes: i32, adjustments: &str) -> Option<String> {
    let mut parts = Vec::new();
    match extra_time_minutes {
        0 => {}
        1 => parts.push("1 minute of extra time".to_owned()),
        m => parts.push(format!("{m} minutes of extra time")),
    }
    let text = adjustments.trim().trim_end_matches('.');
    if !text.is_empty() {
        parts.push(text.to_owned());
    }
    (!parts.is_empty()).then(|| format!("{}.", parts.join("; ")))
}

crate::codes! {
    /// The marking of one sampled item.
    pub enum Mark { Satisfied = "satisfied", NotSatisfied = "not_satisfied" }
}

impl Mark {
    /// The mark in words, as the learner is told it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Satisfied => "satisfied",
            Self::NotSatisfied => "not satisfied",
        }
    }
}

/// The mark as the assessor sent it.
pub fn parse_mark(raw: &str) -> Result<Mark, FieldError> {
    Mark::parse(raw.trim())
        .ok_or_else(|| FieldError::new("outcome", "Choose satisfied or not satisfied"))
}

/// The items an occasion samples when the assessor names none: every Knowledge/Skills item not
/// met by a judgement (the project) and not already satisfied on an earlier occasion, less those
/// sampled on the candidate's last occasion (S3). When nothing is left the pick is refused, in
/// words, rather than an empty occasion scheduled.
pub fn default_items(
    unit: &Unit,
    decisions: &BTreeMap<String, bool>,
    satisfied: &BTreeSet<String>,
    last_occasion: &BTreeSet<String>,
) -> Result<Vec<String>, FieldError> {
    let (again, fresh): (Vec<_>, Vec<_>) = knowledge_skills(unit)
        .into_iter()
        .filter(|(id, _)| decisions.get(id) != Some(&true) && !satisfied.contains(id))
        .partition(|(id, _)| last_occasion.contains(id));
    if !fresh.is_empty() {
        return Ok(fresh.into_iter().map(|(id, _)| id).collect());
    }
    if again.is_empty() {
        return Err(FieldError::new(
            "items",
            "Every Knowledge/Skills item is met by the project or satisfied on an occasion already; choose the items to sample",
        ));
    }
    let texts: Vec<String> = again.into_iter().map(|(_, text)| text).collect();
    Err(FieldError::new(
        "items",
        &format!(
            "Every Knowledge/Skills item still to assess was sampled on this candidate's last assessment occasion ({}), and different items are sampled on each occasion; choose other items for this occasion",
            texts.join("; ")
        ),
    ))
}

/// One of the candidate's earlier occasions for the unit, as S3 compares occasions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierOccasion {
    pub opens_at: NaiveDateTime,
    pub scheduled_at: NaiveDateTime,
    pub items: BTreeSet<String>,
}

/// S3: the items sampled on the candidate's last occasion before one opening at `opens_at`: of
/// the occasions opening no later, the one opening last (and, among those opening together,
/// the one scheduled last). Occasions opening and scheduled at the same instant cannot be told
/// apart, so the items of each of them count.
pub fn last_occasion_items(
    earlier: &[EarlierOccasion],
    opens_at: NaiveDateTime,
) -> BTreeSet<String> {
    let before = || earlier.iter().filter(|o| o.opens_at <= opens_at);
    let Some(last) = before().map(|o| (o.opens_at, o.scheduled_at)).max() else {
        return BTreeSet::new();
    };
    before()
        .filter(|o| (o.opens_at, o.scheduled_at) == last)
        .flat_map(|o| o.items.iter().cloned())
        .collect()
}

/// S3: "different items should be sampled on each assessment occasion". An item the assessor
/// chose that was sampled on the candidate's last occasion refuses the occasion, naming the
/// item in the specification's words.
pub fn refuse_sampled_last_occasion(
    chosen: &[(String, String)],
    last_occasion: &BTreeSet<String>,
) -> Result<(), RuleViolation> {
    match chosen.iter().find(|(id, _)| last_occasion.contains(id)) {
        Some((item_id, item_text)) => Err(RuleViolation::ItemSampledLastOccasion {
            item_id: item_id.clone(),
            item_text: item_text.clone(),
        }),
        None => Ok(()),
    }
}

/// A question in the bank, as sampling sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankQuestion {
    pub id: String,
    pub item_id: String,
}

/// SplitMix64: a small, fixed generator, so the same seed always draws the same questions.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// S3: one question per item, drawn with `seed` from the bank's questions for that item that
/// the candidate has not had (`used`). An item whose questions are all used (or that has none)
/// refuses the whole occasion with `question_bank_exhausted`, naming the item.
pub fn sample_questions(
    items: &[(String, String)],
    bank: &[BankQuestion],
    used: &BTreeSet<String>,
    seed: u64,
) -> Result<Vec<(String, String)>, RuleViolation> {
    let mut state = seed;
    let mut drawn = Vec::with_capacity(items.len());
    for (item_id, item_text) in items {
        let mut unused: Vec<&str> = bank
            .iter()
            .filter(|q| &q.item_id == item_id && !used.contains(&q.id))
            .map(|q| q.id.as_str())
            .collect();
        unused.sort_unstable();
        if unused.is_empty() {
            return Err(RuleViolation::QuestionBankExhausted {
                item_id: item_id.clone(),
                item_text: item_text.clone(),
            });
        }
        let len = u64::try_from(unused.len()).unwrap_or(u64::MAX);
        let index = usize::try_from(next(&mut state) % len).unwrap_or(0);
        drawn.push((item_id.clone(), unused[index].to_owned()));
    }
    Ok(drawn)
}

/// Who is looking at an occasion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Candidate,
    Staff,
}

/// S3: the candidate sees the sampled items and questions only once the occasion opens; staff
/// always do.
pub fn questions_visible(viewer: Viewer, opens_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    viewer == Viewer::Staff || now >= opens_at
}

/// Why an answer or a mark is refused (the web answers 409).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OccasionRefused {
    #[error("This occasion opens at {0} UTC; answers can be given once it is open.")]
    NotOpenYet(String),
    #[error("{0} has been marked, so its answer cannot change.")]
    AlreadyMarked(String),
    #[error("{0} has not been answered yet, so it cannot be marked.")]
    NotAnswered(String),
}

/// The candidate may answer an item once the occasion is open and until the item is marked.
pub fn check_answer(
    opens_at: NaiveDateTime,
    now: NaiveDateTime,
    item_id: &str,
    marked: bool,
) -> Result<(), OccasionRefused> {
    if now < opens_at {
        return Err(OccasionRefused::NotOpenYet(
            opens_at.format("%Y-%m-%d %H:%M").to_string(),
        ));
    }
    if marked {
        return Err(OccasionRefused::AlreadyMarked(item_id.to_owned()));
    }
    Ok(())
}

/// The assessor marks an item once it is answered.
pub fn check_mark(item_id: &str, answered: bool) -> Result<(), OccasionRefused> {
    if answered {
        Ok(())
    } else {
        Err(OccasionRefused::NotAnswered(item_id.to_owned()))
    }
}

/// One sampled item and its mark so far, in the order occasions were scheduled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampledFact {
    pub item_id: String,
    pub mark: Option<Mark>,
}

/// The sampled items whose latest sampling is not satisfied (unanswered, unmarked or marked not
/// satisfied), in order, without repeats. A later occasion may sample an item again with a new
/// question; its latest mark counts.
pub fn sampled_not_satisfied(sampled: &[SampledFact]) -> Vec<String> {
    let mut latest: Vec<(&str, Option<Mark>)> = Vec::new();
    for fact in sampled {
        match latest.iter_mut().find(|(id, _)| *id == fact.item_id) {
            Some(entry) => entry.1 = fact.mark,
            None => latest.push((&fact.item_id, fact.mark)),
        }
    }
    latest
        .into_iter()
        .filter(|(_, mark)| *mark != Some(Mark::Satisfied))
        .map(|(id, _)| id.to_owned())
        .collect()
}

#[cfg(test)]
#[path = "occasion_tests.rs"]
mod tests;
