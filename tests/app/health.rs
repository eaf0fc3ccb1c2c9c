use crate::support::{TestApp, TestResult};

#[actix_web::test]
async fn healthz_answers_while_the_process_is_up() -> TestResult {
    let app = TestApp::new()?;
    let reply = app.get("/healthz").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["status"], "ok");
    Ok(())
}

#[actix_web::test]
async fn readyz_reports_the_database_and_curriculum_version() -> TestResult {
    let app = TestApp::new()?;
    let reply = app.get("/readyz").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["status"], "ready");
    let expected = if std::env::var("TEST_DATABASE_URL").is_ok() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"], expected);
    assert_eq!(body["curriculum_version"].as_str().map(str::len), Some(64));
    Ok(())
}

#[actix_web::test]
async fn readyz_is_503_until_migrations_have_run() -> TestResult {
    let app = TestApp::new()?;
    let mut conn = app.db.db().get()?;
    diesel::connection::SimpleConnection::batch_execute(
        &mut *conn,
        "DELETE FROM __diesel_schema_migrations",
    )?;
    let reply = app.get("/readyz").await;
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("content-type"), "application/problem+json");
    assert_eq!(reply.json()["code"], "not_ready");
    assert_eq!(
        reply.json()["detail"],
        "the service is not ready: database migrations are pending"
    );
    Ok(())
}

#[actix_web::test]
async fn every_response_carries_the_security_headers() -> TestResult {
    let app = TestApp::new()?;
    for path in [
        "/",
        "/healthz",
        "/api/v1/qualifications",
        "/no-such-page",
        "/api/v1/nothing",
    ] {
        let reply = app.get(path).await;
        let csp = reply.header("content-security-policy");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(reply.header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(reply.header("x-request-id").len(), 32, "{path}");
    }
    Ok(())
}
