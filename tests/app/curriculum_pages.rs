use crate::support::{TestApp, TestResult};

#[actix_web::test]
async fn home_lists_the_qualifications_and_the_framework() -> TestResult {
    let app = TestApp::new()?;
    let page = app.get("/").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    for text in [
        "Level 4 Award in Principles of Personalisation in Health and Social Care",
        "Level 4 Award in Delivering Personalisation in Practice in Health and Social Care",
        "HN Unit FX35 35 Health and Social Care: Implementing Personalisation and Self-Directed Support",
        "href=\"/frameworks/sds-standards\"",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    Ok(())
}

#[actix_web::test]
async fn pages_have_landmarks_a_skip_link_and_one_heading() -> TestResult {
    let app = TestApp::new()?;
    for path in [
        "/",
        "/qualifications",
        "/qualifications/cg-3085-02",
        "/units/cg-3085/u001",
        "/units/sqa-fx35-35",
        "/frameworks/sds-standards",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.body
                .starts_with("<!DOCTYPE html><html lang=\"en-GB\">"),
            "{path}"
        );
        assert!(
            page.body.contains("<a class=\"skip-link\" href=\"#main\">"),
            "{path}"
        );
        assert!(page.body.contains("<main id=\"main\""), "{path}");
        assert!(page.body.contains("<header"), "{path}");
        assert!(page.body.contains("<footer"), "{path}");
        assert_eq!(page.body.matches("<h1>").count(), 1, "{path}");
        assert!(!page.body.contains("<script"), "{path}: no script");
        assert!(!page.body.contains(" style=\""), "{path}: no inline style");
    }
    Ok(())
}

#[actix_web::test]
async fn a_unit_page_shows_outcomes_criteria_and_range_with_ids() -> TestResult {
    let app = TestApp::new()?;
    let page = app.get("/units/cg-3085/u001").await;
    for text in [
        "Know the historical and legislative background to personalisation",
        "describe the implications of key phases in the development of welfare policy in the UK:",
        "disabled peoples' movement",
        "Types of budgets",
        "individual budgets for families who have children with disabilities",
        "id=\"cg-3085/u001/lo2/ac2.3\"",
        "R/504/0232",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    Ok(())
}

#[actix_web::test]
async fn the_sqa_page_shows_knowledge_skills_and_evidence_requirements() -> TestResult {
    let app = TestApp::new()?;
    let page = app.get("/units/sqa-fx35-35").await;
    for text in [
        "Knowledge and/or Skills",
        "Evidence Requirements",
        "Individual budget planning",
        "sqa-fx35-35/er7",
        "3500 words",
        "FM96 34",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    Ok(())
}

#[actix_web::test]
async fn the_framework_page_shows_every_core_component() -> TestResult {
    let app = TestApp::new()?;
    let page = app.get("/frameworks/sds-standards").await;
    assert_eq!(page.body.matches("<span class=\"id\">sds/").count(), 121);
    Ok(())
}

#[actix_web::test]
async fn unknown_pages_answer_404_as_a_page() -> TestResult {
    let app = TestApp::new()?;
    for path in [
        "/qualifications/cg-9999",
        "/units/cg-3085/u009",
        "/frameworks/nope",
        "/nowhere",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, 404, "{path}");
        assert_eq!(
            page.header("content-type"),
            "text/html; charset=utf-8",
            "{path}"
        );
        assert!(page.body.contains("<h1>Not found</h1>"), "{path}");
    }
    Ok(())
}

#[actix_web::test]
async fn ids_in_urls_are_escaped_in_pages() -> TestResult {
    let app = TestApp::new()?;
    let page = app
        .get("/qualifications/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert_eq!(page.status, 404);
    assert!(!page.body.contains("<script>"));
    assert!(page.body.contains("&lt;script&gt;"));
    Ok(())
}
