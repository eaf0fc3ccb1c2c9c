use crate::support::{TestApp, TestResult};

#[actix_web::test]
async fn lists_the_three_qualifications() -> TestResult {
    let app = TestApp::new()?;
    let reply = app.get("/api/v1/qualifications").await;
    assert_eq!(reply.status, 200);
    let ids: Vec<String> = reply.json()["qualifications"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|q| q["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(ids, ["cg-3085-01", "cg-3085-02", "sqa-fx35-35"]);
    Ok(())
}

#[actix_web::test]
async fn a_qualification_comes_with_its_whole_tree_and_rules() -> TestResult {
    let app = TestApp::new()?;
    let body = app.get("/api/v1/qualifications/cg-3085-02").await.json();
    assert_eq!(body["accreditation_number"], "600/5589/3");
    assert_eq!(body["credits_required"], 8);
    assert_eq!(body["entry"]["minimum_age"], 16);
    assert_eq!(body["entry"]["rpl_allowed"], false);
    let units = body["units"].as_array().cloned().unwrap_or_default();
    assert_eq!(units.len(), 2);
    assert_eq!(units[1]["id"], "cg-3085/u002");
    assert_eq!(
        units[1]["outcomes"][2]["criteria"][1]["id"],
        "cg-3085/u002/lo3/ac3.2"
    );
    assert_eq!(
        units[1]["evidence"]["required_any_of"],
        serde_json::json!(["observation_by_assessor", "observation_by_expert_witness"])
    );
    assert_eq!(
        units[0]["outcomes"][1]["range"][0]["heading"],
        "Types of budgets"
    );
    assert_eq!(body["iqa"]["may_quality_assure_own_assessments"], false);
    Ok(())
}

#[actix_web::test]
async fn the_sqa_unit_has_knowledge_skills_and_evidence_requirements() -> TestResult {
    let app = TestApp::new()?;
    let body = app.get("/api/v1/qualifications/sqa-fx35-35").await.json();
    let unit = &body["units"][0];
    assert_eq!(
        unit["outcomes"][1]["knowledge_skills"][3]["id"],
        "sqa-fx35-35/o2/ks4"
    );
    assert_eq!(
        unit["outcomes"][1]["knowledge_skills"][3]["text"],
        "Individual budget planning"
    );
    assert_eq!(
        unit["evidence_requirements"].as_array().map(Vec::len),
        Some(7)
    );
    assert_eq!(unit["project"]["max_words"], 3500);
    Ok(())
}

#[actix_web::test]
async fn the_sds_framework_has_12_standards() -> TestResult {
    let app = TestApp::new()?;
    let body = app.get("/api/v1/frameworks/sds-standards").await.json();
    let standards = body["framework"]["standards"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(standards.len(), 12);
    assert_eq!(standards[11]["components"][8]["id"], "sds/12/12.9");
    Ok(())
}

#[actix_web::test]
async fn unknown_ids_answer_404_problem_json() -> TestResult {
    let app = TestApp::new()?;
    for (path, detail) in [
        (
            "/api/v1/qualifications/cg-9999",
            "qualification cg-9999 was not found",
        ),
        ("/api/v1/frameworks/nope", "framework nope was not found"),
        (
            "/api/v1/no-such-thing",
            "the page /api/v1/no-such-thing was not found",
        ),
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(
            reply.header("content-type"),
            "application/problem+json",
            "{path}"
        );
        let body = reply.json();
        assert_eq!(body["code"], "not_found");
        assert_eq!(body["status"], 404);
        assert_eq!(body["detail"], detail);
    }
    Ok(())
}

#[actix_web::test]
async fn the_json_export_includes_every_text() -> TestResult {
    let app = TestApp::new()?;
    let body = app.get("/api/v1/curriculum").await.json();
    assert_eq!(body["specifications"].as_array().map(Vec::len), Some(3));
    assert!(
        app.get("/api/v1/curriculum")
            .await
            .body
            .contains("disabled peoples' movement")
    );
    Ok(())
}

#[actix_web::test]
async fn openapi_describes_every_api_route_and_no_page() -> TestResult {
    let app = TestApp::new()?;
    let doc = app.get("/api/v1/openapi.json").await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for path in [
        "/api/v1/qualifications",
        "/api/v1/qualifications/{qualification_id}",
        "/api/v1/frameworks/{framework_id}",
        "/api/v1/curriculum/case",
        "/api/v1/openapi.json",
        "/readyz",
        "/healthz",
    ] {
        assert!(paths.contains_key(path), "{path} missing from OpenAPI");
    }
    assert!(!paths.contains_key("/qualifications"));
    let params = &doc["paths"]["/api/v1/qualifications/{qualification_id}"]["get"]["parameters"][0];
    assert_eq!(params["name"], "qualification_id");
    // Every documented public GET answers (with its parameter filled in).
    let public_gets = paths.iter().filter(|(_, methods)| {
        methods["get"]["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("Public: no sign-in"))
    });
    for (path, _) in public_gets {
        let concrete = path
            .replace("{qualification_id}", "cg-3085-01")
            .replace("{framework_id}", "sds-standards");
        if concrete.contains('{') {
            // An issuer profile exists once a centre has issued a credential: tests/app/credentials.rs.
            assert_eq!(
                concrete, "/issuers/{centre_id}",
                "a public GET this test cannot fill"
            );
            continue;
        }
        assert_eq!(app.get(&concrete).await.status, 200, "{concrete}");
    }
    Ok(())
}
