//! 1EdTech CASE 1.0 export: one CFPackage per specification, a CFItem for every item with an id,
//! and an `isChildOf` association for every edge of the tree. Identifiers are UUIDv5 of the
//! readable ids, so they never change between exports.

use serde_json::{Value, json};
use uuid::Uuid;

use super::Curriculum;
use super::model::{Specification, Unit};

/// The namespace for this platform's CASE identifiers (a random UUID fixed once).
const NAMESPACE: Uuid = Uuid::from_u128(0x6f1d_2c3a_8b4e_4f5a_9c7d_1e2f_3a4b_5c6d);

pub struct CaseOptions<'a> {
    /// Base for `uri` fields, e.g. `https://portfolio.example.org/api/v1/curriculum/case`.
    pub base_uri: &'a str,
    /// `lastChangeDateTime` for specifications whose publication month cannot be read.
    pub fallback_date: &'a str,
}

/// Every specification as a CASE package, wrapped as `{"CFPackages": [...]}`.
pub fn case_packages(curriculum: &Curriculum, options: &CaseOptions<'_>) -> Value {
    let packages: Vec<Value> = curriculum
        .specifications()
        .iter()
        .map(|spec| Package::new(spec, options).build(spec))
        .collect();
    json!({ "CFPackages": packages })
}

pub fn uuid_for(id: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, id.as_bytes())
}

struct Package<'a> {
    options: &'a CaseOptions<'a>,
    date: String,
    document: Value,
    document_ref: Value,
    items: Vec<Value>,
    associations: Vec<Value>,
}

impl<'a> Package<'a> {
    fn new(spec: &Specification, options: &'a CaseOptions<'a>) -> Self {
        let info = &spec.specification;
        let date =
            published_date(&info.published).unwrap_or_else(|| options.fallback_date.to_owned());
        let identifier = uuid_for(&format!("document:{}", info.id));
        let uri = format!("{}/CFDocuments/{identifier}", options.base_uri);
        let document = json!({
            "identifier": identifier,
            "uri": uri,
            "creator": info.awarding_body,
            "title": info.title,
            "lastChangeDateTime": date,
            "version": info.version,
            "adoptionStatus": "Adopted",
            "language": "en",
            "notes": format!("{}; source {}", info.document, info.source),
            "humanCodingScheme": info.id,
        });
        let document_ref = json!({"title": info.title, "identifier": identifier, "uri": uri});
        Self {
            options,
            date,
            document,
            document_ref,
            items: Vec::new(),
            associations: Vec::new(),
        }
    }

    fn build(mut self, spec: &Specification) -> Value {
        let root = self.document_ref.clone();
        for unit in &spec.units {
            self.unit(unit, &root);
        }
        if let Some(framework) = &spec.framework {
            let node = self.item(
                &framework.id,
                &framework.title,
                "Framework",
                &framework.id,
                &root,
            );
            for standard in &framework.standards {
                let statement = format!("{}: {}", standard.title, standard.statement);
                let s = self.item(
                    &standard.id,
                    &statement,
                    "Standard",
                    &standard.number.to_string(),
                    &node,
                );
                for c in &standard.components {
                    self.item(&c.id, &c.text, "Core Component", &c.number, &s);
                }
            }
        }
        json!({
            "CFDocument": self.document,
            "CFItems": self.items,
            "CFAssociations": self.associations,
        })
    }

    fn unit(&mut self, unit: &Unit, root: &Value) {
        let node = self.item(&unit.id, &unit.title, "Unit", &unit.number, root);
        for outcome in &unit.outcomes {
            let o = self.item(
                &outcome.id,
                &outcome.text,
                "Learning Outcome",
                &outcome.number.to_string(),
                &node,
            );
            for c in &outcome.criteria {
                let statement = if c.points.is_empty() {
                    c.text.clone()
                } else {
                    format!("{} {}", c.text, c.points.join("; "))
                };
                self.item(&c.id, &statement, "Assessment Criterion", &c.number, &o);
            }
            for (k, range) in outcome.range.iter().enumerate() {
                let r = self.item(
                    &range.id,
                    &range.text,
                    "Range",
                    &format!("range {}", k + 1),
                    &o,
                );
                for (i, text) in range.items.iter().enumerate() {
                    self.item(
                        &range.item_id(i),
                        text,
                        "Range Item",
                        &(i + 1).to_string(),
                        &r,
                    );
                }
            }
            for ks in &outcome.knowledge_skills {
                self.item(
                    &ks.id,
                    &ks.text,
                    "Knowledge and/or Skills",
                    &ks.number.to_string(),
                    &o,
                );
            }
        }
        for er in &unit.evidence_requirements {
            self.item(
                &er.id,
                &er.text,
                "Evidence Requirement",
                &er.number.to_string(),
                &node,
            );
        }
    }

    /// Add a CFItem and its `isChildOf` association; return a node reference for its children.
    fn item(
        &mut self,
        id: &str,
        statement: &str,
        kind: &str,
        coding: &str,
        parent: &Value,
    ) -> Value {
        let identifier = uuid_for(id);
        let uri = format!("{}/CFItems/{identifier}", self.options.base_uri);
        self.items.push(json!({
            "identifier": identifier,
            "uri": uri,
            "fullStatement": statement,
            "humanCodingScheme": coding,
            "abbreviatedStatement": id,
            "CFItemType": kind,
            "language": "en",
            "lastChangeDateTime": self.date,
            "CFDocumentURI": self.document_ref,
        }));
        let node = json!({"title": id, "identifier": identifier, "uri": uri});
        let association = uuid_for(&format!("isChildOf:{id}"));
        self.associations.push(json!({
            "identifier": association,
            "uri": format!("{}/CFAssociations/{association}", self.options.base_uri),
            "associationType": "isChildOf",
            "originNodeURI": node,
            "destinationNodeURI": parent,
            "lastChangeDateTime": self.date,
            "CFDocumentURI": self.document_ref,
        }));
        node
    }
}

/// "August 2012" → "2012-08-01T00:00:00Z".
fn published_date(published: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let mut words = published.split_whitespace();
    let month = words.next()?.to_lowercase();
    let year: u16 = words.next()?.parse().ok()?;
    let m = MONTHS.iter().position(|name| *name == month)? + 1;
    Some(format!("{year:04}-{m:02}-01T00:00:00Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_month_becomes_a_date_time() {
        assert_eq!(
            published_date("August 2012").as_deref(),
            Some("2012-08-01T00:00:00Z")
        );
        assert_eq!(published_date("undated"), None);
    }

    #[test]
    fn identifiers_are_stable() {
        assert_eq!(uuid_for("sds/12/12.9"), uuid_for("sds/12/12.9"));
        assert_ne!(uuid_for("sds/12/12.9"), uuid_for("sds/12/12.8"));
    }
}
