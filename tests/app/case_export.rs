use std::collections::{HashMap, HashSet};

use crate::support::{TestApp, TestResult};

/// One CFItem per curriculum item, and an `isChildOf` chain from every item up to its document.
#[actix_web::test]
async fn case_packages_hold_every_item_and_a_complete_tree() -> TestResult {
    let app = TestApp::new()?;
    let reply = app.get("/api/v1/curriculum/case").await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    let packages = body["CFPackages"].as_array().cloned().unwrap_or_default();
    assert_eq!(packages.len(), 3);

    let expected = expected_ids()?;
    let mut seen = HashSet::new();
    for package in &packages {
        let document = package["CFDocument"]["identifier"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let items = package["CFItems"].as_array().cloned().unwrap_or_default();
        let associations = package["CFAssociations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut parent: HashMap<String, String> = HashMap::new();
        for a in &associations {
            assert_eq!(a["associationType"], "isChildOf");
            let origin = a["originNodeURI"]["identifier"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let destination = a["destinationNodeURI"]["identifier"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(
                parent.insert(origin, destination).is_none(),
                "an item has two parents"
            );
        }
        let identifiers: HashSet<String> = items
            .iter()
            .filter_map(|i| i["identifier"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(identifiers.len(), items.len(), "identifiers are unique");
        for item in &items {
            let id = item["identifier"].as_str().unwrap_or_default().to_owned();
            assert!(
                !item["fullStatement"]
                    .as_str()
                    .unwrap_or_default()
                    .is_empty()
            );
            assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id} is a UUID");
            seen.insert(
                item["abbreviatedStatement"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
            // Walk up: every item reaches its document without a loop.
            let mut node = id.clone();
            for _ in 0..10 {
                match parent.get(&node) {
                    Some(p) if *p == document => break,
                    Some(p) => {
                        assert!(
                            identifiers.contains(p),
                            "{p} is not an item of this package"
                        );
                        node = p.clone();
                    }
                    None => panic!("{id} has no isChildOf association"),
                }
            }
            assert_eq!(parent.len(), items.len());
        }
    }
    assert_eq!(seen, expected);
    Ok(())
}

#[actix_web::test]
async fn case_identifiers_are_stable_between_exports() -> TestResult {
    let app = TestApp::new()?;
    let first = app.get("/api/v1/curriculum/case").await.json();
    let second = app.get("/api/v1/curriculum/case").await.json();
    assert_eq!(first, second);
    Ok(())
}

/// Every id the curriculum defines, counted from the model rather than from the export.
fn expected_ids() -> Result<HashSet<String>, Box<dyn std::error::Error>> {
    let c = eportfolio::curriculum::shipped()?;
    let mut ids = HashSet::new();
    for spec in c.specifications() {
        for u in &spec.units {
            ids.insert(u.id.clone());
            for o in &u.outcomes {
                ids.insert(o.id.clone());
                ids.extend(o.criteria.iter().map(|x| x.id.clone()));
                ids.extend(o.knowledge_skills.iter().map(|x| x.id.clone()));
                for r in &o.range {
                    ids.insert(r.id.clone());
                    ids.extend((0..r.items.len()).map(|i| r.item_id(i)));
                }
            }
            ids.extend(u.evidence_requirements.iter().map(|x| x.id.clone()));
        }
        if let Some(f) = &spec.framework {
            ids.insert(f.id.clone());
            for s in &f.standards {
                ids.insert(s.id.clone());
                ids.extend(s.components.iter().map(|x| x.id.clone()));
            }
        }
    }
    // 24 + 20 criteria, 29 Knowledge/Skills items, 7 Evidence Requirements, 121 components at least.
    assert!(ids.len() > 24 + 20 + 29 + 7 + 121 + 12);
    Ok(ids)
}

/// Issue 18: every node exports the same CASE document; an undated specification (the SDS
/// framework) carries the curriculum's newest publication date, not the process's start.
#[actix_web::test]
async fn two_nodes_export_the_same_case_document() -> TestResult {
    let (first, second) = (TestApp::new()?, TestApp::new()?);
    second.advance(chrono::Duration::days(3));
    let (a, b) = (
        first.get("/api/v1/curriculum/case").await,
        second.get("/api/v1/curriculum/case").await,
    );
    assert_eq!(a.status, 200);
    assert_eq!(a.body, b.body, "two nodes gave different CASE documents");
    let packages = a.json()["CFPackages"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let dates: Vec<String> = packages
        .iter()
        .map(|p| {
            p["CFDocument"]["lastChangeDateTime"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert!(
        dates.contains(&"2011-10-01T00:00:00Z".to_owned()),
        "{dates:?}"
    );
    assert_eq!(
        dates
            .iter()
            .filter(|d| *d == "2012-08-01T00:00:00Z")
            .count(),
        2,
        "City & Guilds 3085 and the undated SDS framework: {dates:?}"
    );
    Ok(())
}
