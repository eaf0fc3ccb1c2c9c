//! Checks that a parsed set of curriculum files holds together: unique ids, ids under their parents,
//! numbering without gaps, references that resolve, credits that add up to the rule of combination.

use std::collections::{HashMap, HashSet};

use super::load::SourceFile;
use super::model::{Outcome, Qualification, Specification, Unit};
use super::problem::{Position, Problem};

/// Every problem in the set; empty when the set is valid.
pub fn check(files: &[(&SourceFile, Specification)]) -> Vec<Problem> {
    let mut checker = Checker::default();
    for (source, spec) in files {
        checker.file(source, spec);
    }
    checker.references(files);
    checker.problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    /// Item ids seen so far, with the file that first used them.
    ids: HashMap<String, String>,
    /// Qualification and framework ids (their own namespace).
    top_ids: HashMap<String, String>,
    spec_ids: HashMap<String, String>,
    /// How often each quoted string was looked up per file, to point at the right occurrence.
    occurrences: HashMap<(String, String), usize>,
}

impl Checker {
    fn problem(&mut self, source: &SourceFile, needle: Option<&str>, message: String) {
        let position = needle.and_then(|n| self.locate(source, n));
        self.problems
            .push(Problem::new(&source.name, position, message));
    }

    /// Where `needle` stands in the file: the next unreported `id = "needle"` (an item's own id)
    /// or, failing that, the first `"needle"` (a reference). The position is that of the value.
    fn locate(&mut self, source: &SourceFile, needle: &str) -> Option<Position> {
        let definition = format!("id = \"{needle}\"");
        let nth = *self
            .occurrences
            .get(&(source.name.clone(), needle.to_owned()))
            .unwrap_or(&0);
        let at_definition = source
            .text
            .match_indices(&definition)
            .nth(nth)
            .or_else(|| source.text.match_indices(&definition).next())
            .map(|(i, _)| i + "id = \"".len());
        let offset =
            at_definition.or_else(|| source.text.find(&format!("\"{needle}\"")).map(|i| i + 1))?;
        Some(Position::of_offset(&source.text, offset))
    }

    fn note_seen(&mut self, source: &SourceFile, id: &str) {
        *self
            .occurrences
            .entry((source.name.clone(), id.to_owned()))
            .or_insert(0) += 1;
    }

    /// Register an item id; report a duplicate, an empty id, or one not under its parent.
    fn item(&mut self, source: &SourceFile, id: &str, parent: Option<&str>) {
        if id.trim().is_empty() {
            self.problem(source, None, "an item has an empty id".to_owned());
            return;
        }
        if let Some(parent) = parent
            && !id.starts_with(&format!("{parent}/"))
        {
            self.problem(
                source,
                Some(id),
                format!("id \"{id}\" does not sit under its parent \"{parent}\""),
            );
        }
        if let Some(first) = self.ids.get(id).cloned() {
            self.problem(
                source,
                Some(id),
                format!("duplicate id \"{id}\" (first used in {first})"),
            );
        } else {
            self.ids.insert(id.to_owned(), source.name.clone());
        }
        self.note_seen(source, id);
    }

    fn top(&mut self, source: &SourceFile, kind: &str, id: &str) {
        if let Some(first) = self.top_ids.get(id).cloned() {
            self.problem(
                source,
                Some(id),
                format!("duplicate {kind} id \"{id}\" (first used in {first})"),
            );
        } else {
            self.top_ids.insert(id.to_owned(), source.name.clone());
        }
        self.note_seen(source, id);
    }

    fn text(&mut self, source: &SourceFile, id: &str, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.problem(source, Some(id), format!("\"{id}\" has an empty {field}"));
        }
    }

    /// Numbers must run 1, 2, 3… in file order.
    fn sequence(&mut self, source: &SourceFile, what: &str, numbered: &[(&str, u32)]) {
        for (expected, (id, number)) in (1..).zip(numbered) {
            if *number != expected {
                self.problem(
                    source,
                    Some(id),
                    format!("{what} \"{id}\" is numbered {number}, expected {expected} (numbers must run 1, 2, 3… without gaps)"),
                );
                return;
            }
        }
    }

    /// Dotted numbers (`3.2`) must start with the parent's number and run .1, .2, .3….
    fn dotted_sequence(
        &mut self,
        source: &SourceFile,
        what: &str,
        parent: u32,
        numbered: &[(&str, &str)],
    ) {
        for (expected, (id, number)) in (1..).zip(numbered) {
            let wanted = format!("{parent}.{expected}");
            if *number != wanted {
                self.problem(
                    source,
                    Some(id),
                    format!("{what} \"{id}\" is numbered {number}, expected {wanted} (numbers must start with the parent's and run without gaps)"),
                );
                return;
            }
        }
    }

    fn file(&mut self, source: &SourceFile, spec: &Specification) {
        let spec_id = spec.specification.id.clone();
        if let Some(first) = self.spec_ids.get(&spec_id).cloned() {
            self.problem(
                source,
                Some(&spec_id),
                format!("duplicate specification id \"{spec_id}\" (first used in {first})"),
            );
        } else {
            self.spec_ids.insert(spec_id.clone(), source.name.clone());
        }
        self.note_seen(source, &spec_id);
        if spec.qualifications.is_empty() && spec.units.is_empty() && spec.framework.is_none() {
            self.problem(
                source,
                None,
                "the file has no qualifications, units or framework".to_owned(),
            );
        }
        for q in &spec.qualifications {
            self.top(source, "qualification", &q.id);
            self.text(source, &q.id, "title", &q.title);
        }
        let mut staff = HashSet::new();
        for sq in &spec.staff_qualifications {
            if !staff.insert(sq.id.as_str()) {
                self.problem(
                    source,
                    Some(&sq.id),
                    format!("duplicate staff qualification id \"{}\"", sq.id),
                );
            }
        }
        for unit in &spec.units {
            self.unit(source, unit);
        }
        if let Some(framework) = &spec.framework {
            self.top(source, "framework", &framework.id);
            let standards: Vec<_> = framework
                .standards
                .iter()
                .map(|s| (s.id.as_str(), s.number))
                .collect();
            self.sequence(source, "standard", &standards);
            for standard in &framework.standards {
                self.item(source, &standard.id, None);
                self.text(source, &standard.id, "statement", &standard.statement);
                let components: Vec<_> = standard
                    .components
                    .iter()
                    .map(|c| (c.id.as_str(), c.number.as_str()))
                    .collect();
                self.dotted_sequence(source, "core component", standard.number, &components);
                for component in &standard.components {
                    self.item(source, &component.id, Some(&standard.id));
                    self.text(source, &component.id, "text", &component.text);
                }
            }
        }
    }

    fn unit(&mut self, source: &SourceFile, unit: &Unit) {
        self.item(source, &unit.id, None);
        self.text(source, &unit.id, "title", &unit.title);
        if unit.outcomes.is_empty() {
            self.problem(
                source,
                Some(&unit.id),
                format!("unit \"{}\" has no outcomes", unit.id),
            );
        }
        self.evidence_methods(source, unit);
        let outcomes: Vec<_> = unit
            .outcomes
            .iter()
            .map(|o| (o.id.as_str(), o.number))
            .collect();
        self.sequence(source, "outcome", &outcomes);
        for outcome in &unit.outcomes {
            self.outcome(source, &unit.id, outcome);
        }
        let ers: Vec<_> = unit
            .evidence_requirements
            .iter()
            .map(|e| (e.id.as_str(), e.number))
            .collect();
        self.sequence(source, "Evidence Requirement", &ers);
        for er in &unit.evidence_requirements {
            self.item(source, &er.id, Some(&unit.id));
            self.text(source, &er.id, "text", &er.text);
        }
    }

    /// A unit permits some evidence method, and every method it requires.
    fn evidence_methods(&mut self, source: &SourceFile, unit: &Unit) {
        if unit.evidence.permitted.is_empty() {
            self.problem(
                source,
                Some(&unit.id),
                format!("unit \"{}\" permits no evidence method", unit.id),
            );
        }
        for required in &unit.evidence.required_any_of {
            if !unit.evidence.permitted.contains(required) {
                self.problem(
                    source,
                    Some(&unit.id),
                    format!(
                        "unit \"{}\" requires \"{}\" evidence but does not permit it",
                        unit.id,
                        required.code()
                    ),
                );
            }
        }
    }

    /// An outcome's criteria, range and Knowledge and/or Skills items.
    fn outcome(&mut self, source: &SourceFile, unit_id: &str, outcome: &Outcome) {
        self.item(source, &outcome.id, Some(unit_id));
        self.text(source, &outcome.id, "text", &outcome.text);
        let criteria: Vec<_> = outcome
            .criteria
            .iter()
            .map(|c| (c.id.as_str(), c.number.as_str()))
            .collect();
        self.dotted_sequence(source, "criterion", outcome.number, &criteria);
        for criterion in &outcome.criteria {
            self.item(source, &criterion.id, Some(&outcome.id));
            self.text(source, &criterion.id, "text", &criterion.text);
        }
        for range in &outcome.range {
            self.item(source, &range.id, Some(&outcome.id));
            self.text(source, &range.id, "heading", &range.heading);
        }
        let ks: Vec<_> = outcome
            .knowledge_skills
            .iter()
            .map(|k| (k.id.as_str(), k.number))
            .collect();
        self.sequence(source, "Knowledge and/or Skills item", &ks);
        for item in &outcome.knowledge_skills {
            self.item(source, &item.id, Some(&outcome.id));
            self.text(source, &item.id, "text", &item.text);
        }
    }

    /// References across the whole set: mandatory units, staff qualifications, credits.
    fn references(&mut self, files: &[(&SourceFile, Specification)]) {
        let units: HashMap<&str, &Unit> = files
            .iter()
            .flat_map(|(_, spec)| spec.units.iter().map(|u| (u.id.as_str(), u)))
            .collect();
        let staff: HashSet<&str> = files
            .iter()
            .flat_map(|(_, s)| s.staff_qualifications.iter().map(|q| q.id.as_str()))
            .collect();
        for (source, spec) in files {
            for q in &spec.qualifications {
                self.mandatory_units(source, q, &units);
            }
            self.staffing_references(source, spec, &staff);
        }
    }

    /// A qualification's mandatory units exist, and their credits add up to what it requires.
    fn mandatory_units(
        &mut self,
        source: &SourceFile,
        q: &Qualification,
        units: &HashMap<&str, &Unit>,
    ) {
        let mut credits = 0;
        for unit_id in &q.mandatory_units {
            match units.get(unit_id.as_str()) {
                Some(unit) => credits += unit.credits,
                None => self.problem(
                    source,
                    Some(unit_id),
                    format!(
                        "qualification \"{}\" refers to unit \"{unit_id}\", which does not exist",
                        q.id
                    ),
                ),
            }
        }
        if q.mandatory_units.is_empty() {
            self.problem(
                source,
                Some(&q.id),
                format!("qualification \"{}\" has no units", q.id),
            );
        } else if credits != q.credits_required
            && q.mandatory_units
                .iter()
                .all(|u| units.contains_key(u.as_str()))
        {
            self.problem(
                source,
                Some(&q.id),
                format!(
                    "qualification \"{}\" requires {} credits but its mandatory units add up to {credits}",
                    q.id, q.credits_required
                ),
            );
        }
    }

    /// Staffing rules (assessors, expert witnesses, IQAs) name staff qualifications that exist.
    fn staffing_references(
        &mut self,
        source: &SourceFile,
        spec: &Specification,
        staff: &HashSet<&str>,
    ) {
        let mut refs: Vec<&String> = Vec::new();
        for unit in &spec.units {
            if let Some(rule) = &unit.assessor {
                refs.extend(&rule.qualifications_any_of);
            }
        }
        if let Some(rule) = &spec.expert_witness {
            refs.extend(&rule.qualifications_any_of);
        }
        if let Some(rule) = &spec.iqa {
            refs.extend(&rule.recommended_qualifications_any_of);
        }
        for reference in refs {
            if !staff.contains(reference.as_str()) {
                self.problem(
                    source,
                    Some(reference),
                    format!("staffing rule refers to staff qualification \"{reference}\", which does not exist"),
                );
            }
        }
    }
}
