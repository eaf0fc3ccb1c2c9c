//! 1EdTech CASE 1.0 export: one CFPackage per specification, a CFItem for every item with an id,
//! and an `isChildOf` association for every edge of the tree. Identifiers are UUIDv5 of the
//! readable ids, so they never change between exports.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::Curriculum;
use super::model::{Specification, Unit};

/// The namespace for this platform's CASE identifiers (a random UUID fixed once).
const NAMESPACE: Uuid = Uuid::from_u128(0x6f1d_2c3a_8b4e_4f5a_9c7d_1e2f_3a4b_5c6d);

pub struct CaseOptions<'a> {
    /// Base for `uri` fields, e.g. `https://portfolio.example.org/api/v1/curriculum/case`.
    pub base_uri: &'a str,
}

/// A reference to a CASE node (CASE `LinkURI`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseLink {
    pub title: String,
    /// UUID.
    pub identifier: String,
    pub uri: String,
}

/// A CASE `CFDocument`: one specification.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseDocument {
    pub identifier: String,
    pub uri: String,
    pub creator: String,
    pub title: String,
    /// RFC 3339.
    pub last_change_date_time: String,
    pub version: String,
    pub adoption_status: String,
    pub language: String,
    pub notes: String,
    pub human_coding_scheme: String,
}

/// A CASE `CFItem`: a unit, outcome, criterion, range item, standard...
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseItem {
    pub identifier: String,
    pub uri: String,
    pub full_statement: String,
    pub human_coding_scheme: String,
    /// The readable curriculum id.
    pub abbreviated_statement: String,
    #[serde(rename = "CFItemType")]
    #[schema(example = "Assessment Criterion")]
    pub cf_item_type: String,
    pub language: String,
    pub last_change_date_time: String,
    #[serde(rename = "CFDocumentURI")]
    pub cf_document_uri: CaseLink,
}

/// A CASE `CFAssociation`: here always `isChildOf`, one per edge of the tree.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseAssociation {
    pub identifier: String,
    pub uri: String,
    #[schema(example = "isChildOf")]
    pub association_type: String,
    #[serde(rename = "originNodeURI")]
    pub origin_node_uri: CaseLink,
    #[serde(rename = "destinationNodeURI")]
    pub destination_node_uri: CaseLink,
    pub last_change_date_time: String,
    #[serde(rename = "CFDocumentURI")]
    pub cf_document_uri: CaseLink,
}

/// A CASE `CFPackage`: a document with its items and associations.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CasePackage {
    #[serde(rename = "CFDocument")]
    pub cf_document: CaseDocument,
    #[serde(rename = "CFItems")]
    pub cf_items: Vec<CaseItem>,
    #[serde(rename = "CFAssociations")]
    pub cf_associations: Vec<CaseAssociation>,
}

/// `GET /api/v1/curriculum/case`: every specification as a CASE 1.0 package.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseExport {
    #[serde(rename = "CFPackages")]
    pub cf_packages: Vec<CasePackage>,
}

/// Every specification as a CASE package.
pub fn case_export(curriculum: &Curriculum, options: &CaseOptions<'_>) -> CaseExport {
    let undated = newest_publication(curriculum);
    CaseExport {
        cf_packages: curriculum
            .specifications()
            .iter()
            .map(|spec| Package::new(spec, options, &undated).build(spec))
            .collect(),
    }
}

/// `lastChangeDateTime` for a specification whose publication month cannot be read: the newest
/// publication date of the curriculum, so every node (and every run) exports the same document.
fn newest_publication(curriculum: &Curriculum) -> String {
    curriculum
        .specifications()
        .iter()
        .filter_map(|s| published_date(&s.specification.published))
        .max()
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".to_owned())
}

/// Every specification as a CASE package, wrapped as `{"CFPackages": [...]}`, as JSON.
pub fn case_packages(curriculum: &Curriculum, options: &CaseOptions<'_>) -> serde_json::Value {
    serde_json::to_value(case_export(curriculum, options)).unwrap_or_default()
}

pub fn uuid_for(id: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, id.as_bytes())
}

struct Package<'a> {
    options: &'a CaseOptions<'a>,
    date: String,
    document: CaseDocument,
    document_ref: CaseLink,
    items: Vec<CaseItem>,
    associations: Vec<CaseAssociation>,
}

impl<'a> Package<'a> {
    fn new(spec: &Specification, options: &'a CaseOptions<'a>, undated: &str) -> Self {
        let info = &spec.specification;
        let date = published_date(&info.published).unwrap_or_else(|| undated.to_owned());
        let identifier = uuid_for(&format!("document:{}", info.id)).to_string();
        let uri = format!("{}/CFDocuments/{identifier}", options.base_uri);
        let document = CaseDocument {
            identifier: identifier.clone(),
            uri: uri.clone(),
            creator: info.awarding_body.clone(),
            title: info.title.clone(),
            last_change_date_time: date.clone(),
            version: info.version.clone(),
            adoption_status: "Adopted".to_owned(),
            language: "en".to_owned(),
            notes: format!("{}; source {}", info.document, info.source),
            human_coding_scheme: info.id.clone(),
        };
        let document_ref = CaseLink {
            title: info.title.clone(),
            identifier,
            uri,
        };
        Self {
            options,
            date,
            document,
            document_ref,
            items: Vec::new(),
            associations: Vec::new(),
        }
    }

    fn build(mut self, spec: &Specification) -> CasePackage {
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
        CasePackage {
            cf_document: self.document,
            cf_items: self.items,
            cf_associations: self.associations,
        }
    }

    fn unit(&mut self, unit: &Unit, root: &CaseLink) {
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
        parent: &CaseLink,
    ) -> CaseLink {
        let identifier = uuid_for(id).to_string();
        let uri = format!("{}/CFItems/{identifier}", self.options.base_uri);
        self.items.push(CaseItem {
            identifier: identifier.clone(),
            uri: uri.clone(),
            full_statement: statement.to_owned(),
            human_coding_scheme: coding.to_owned(),
            abbreviated_statement: id.to_owned(),
            cf_item_type: kind.to_owned(),
            language: "en".to_owned(),
            last_change_date_time: self.date.clone(),
            cf_document_uri: self.document_ref.clone(),
        });
        let node = CaseLink {
            title: id.to_owned(),
            identifier,
            uri,
        };
        let association = uuid_for(&format!("isChildOf:{id}"));
        self.associations.push(CaseAssociation {
            identifier: association.to_string(),
            uri: format!("{}/CFAssociations/{association}", self.options.base_uri),
            association_type: "isChildOf".to_owned(),
            origin_node_uri: node.clone(),
            destination_node_uri: parent.clone(),
            last_change_date_time: self.date.clone(),
            cf_document_uri: self.document_ref.clone(),
        });
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
