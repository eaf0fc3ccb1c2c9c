//! The searchable decision log: agreed outcomes found by criterion (the id itself, or any id
//! under it such as a whole unit) and by words in the criterion, the outcome or the rationale.

/// One entry as the search sees it.
pub struct LogEntry<'a> {
    pub criterion_id: &'a str,
    /// The criterion as the specification words it ("Unit 002, 3.2 Explain …").
    pub criterion_words: &'a str,
    pub outcome: &'a str,
    pub rationale: &'a str,
}

/// True when the entry matches both filters (an empty filter matches everything). Words in `q`
/// must all appear, in any case.
pub fn matches(entry: &LogEntry, q: &str, criterion: &str) -> bool {
    let criterion = criterion.trim().trim_end_matches('/');
    let by_criterion = criterion.is_empty()
        || entry.criterion_id == criterion
        || entry
            .criterion_id
            .strip_prefix(criterion)
            .is_some_and(|rest| rest.starts_with('/'));
    let haystack = format!(
        "{} {} {} {}",
        entry.criterion_id,
        entry.criterion_words,
        entry.outcome.replace('_', " "),
        entry.rationale
    )
    .to_lowercase();
    by_criterion
        && q.split_whitespace()
            .all(|word| haystack.contains(&word.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: LogEntry = LogEntry {
        criterion_id: "cg-3085/u002/lo3/ac3.2",
        criterion_words: "Unit 002, 3.2 Explain how to support individuals to direct their own support",
        outcome: "not_yet_met",
        rationale: "The account describes the plan but not how the person led it.",
    };

    #[test]
    fn decision_log_finds_by_criterion_and_by_unit() {
        assert!(matches(&ENTRY, "", "cg-3085/u002/lo3/ac3.2"));
        assert!(matches(&ENTRY, "", "cg-3085/u002"));
        assert!(matches(&ENTRY, "", "cg-3085/u002/"));
        assert!(!matches(&ENTRY, "", "cg-3085/u002/lo3/ac3"));
        assert!(!matches(&ENTRY, "", "cg-3085/u001"));
    }

    #[test]
    fn decision_log_finds_by_words_in_any_case() {
        assert!(matches(&ENTRY, "person LED", ""));
        assert!(matches(&ENTRY, "not yet met", "cg-3085/u002"));
        assert!(
            matches(&ENTRY, "direct their own", ""),
            "the criterion's wording"
        );
        assert!(!matches(&ENTRY, "signature", ""));
        assert!(matches(&ENTRY, "", ""));
    }
}
