//! Curriculum items as people read them: the number the specification gives an item and its
//! full wording ("1.1 Explain …", "Outcome 2, Knowledge/Skills 3: …"), never our ids.

use super::Curriculum;
use super::model::Unit;

impl Unit {
    /// A judgeable item of this unit in the specification's words, with its number; `None` when
    /// the item is not one of this unit's criteria, Knowledge/Skills items or Evidence
    /// Requirements.
    pub fn item_words(&self, item_id: &str) -> Option<String> {
        for o in &self.outcomes {
            if let Some(c) = o.criteria.iter().find(|c| c.id == item_id) {
                return Some(format!("{} {}", c.number, c.text.trim()));
            }
            if let Some(k) = o.knowledge_skills.iter().find(|k| k.id == item_id) {
                return Some(format!(
                    "Outcome {}, Knowledge/Skills {}: {}",
                    o.number,
                    k.number,
                    k.text.trim()
                ));
            }
        }
        self.evidence_requirements
            .iter()
            .find(|e| e.id == item_id)
            .map(|e| format!("Evidence Requirement {}: {}", e.number, e.text.trim()))
    }
}

impl Curriculum {
    /// Every unit of every qualification once, as (id, words), for choosing units on a form.
    pub fn unit_choices(&self) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = Vec::new();
        for unit in self.qualifications().flat_map(|(_, q)| self.units_of(q)) {
            if !all.iter().any(|(id, _)| *id == unit.id) {
                all.push((
                    unit.id.clone(),
                    format!("Unit {}: {}", unit.number, unit.title),
                ));
            }
        }
        all
    }

    /// An item of whichever unit holds it, prefixed by that unit ("Unit 001, 1.1 Explain …").
    pub fn any_item_words(&self, item_id: &str) -> Option<String> {
        self.specifications
            .iter()
            .flat_map(|s| s.units.iter())
            .find_map(|unit| {
                unit.item_words(item_id)
                    .map(|words| format!("Unit {}, {words}", unit.number))
            })
    }

    /// An item of any unit in words, prefixed by its unit ("Unit 001, 1.1 Explain …"); the id
    /// itself only when no unit knows it (a curriculum change under stored records).
    pub fn item_words(&self, unit_id: &str, item_id: &str) -> String {
        self.unit(unit_id)
            .and_then(|(_, unit)| {
                unit.item_words(item_id)
                    .map(|words| format!("Unit {}, {words}", unit.number))
            })
            .unwrap_or_else(|| item_id.to_owned())
    }
}

#[cfg(test)]
mod tests {
    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn words_give_the_number_and_the_specification_wording() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let (_, unit) = c.unit("cg-3085/u001").ok_or("no unit 001")?;
        let first = &unit.outcomes[0].criteria[0];
        assert_eq!(
            unit.item_words(&first.id),
            Some(format!("{} {}", first.number, first.text.trim()))
        );
        assert_eq!(
            c.item_words("cg-3085/u001", &first.id),
            format!(
                "Unit {}, {} {}",
                unit.number,
                first.number,
                first.text.trim()
            )
        );
        assert_eq!(unit.item_words("cg-3085/u001/lo9/ac9.9"), None);
        assert_eq!(c.item_words("nowhere", "x/y"), "x/y");
        Ok(())
    }
}
