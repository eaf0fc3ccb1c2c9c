//! `TestApp`: the application built as `serve` builds it, on its own fresh database.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::{test, web};
use eportfolio::clock::FixedClock;
use eportfolio::curriculum;
use eportfolio::store::testing::TestDb;
use eportfolio::web::auth::SessionPolicy;
use eportfolio::web::auth::tokens::Tokens;
use eportfolio::web::{AppState, build_app};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub struct TestApp {
    pub db: TestDb,
    state: web::Data<AppState>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

impl TestApp {
    pub fn new() -> Result<Self, Box<dyn std::error::Error>> {
        let db = TestDb::new()?;
        let state = web::Data::new(AppState {
            curriculum: Arc::new(curriculum::shipped()?),
            db: db.db().clone(),
            started_at: "2026-01-01T00:00:00Z".to_owned(),
            clock: Arc::new(FixedClock::at(
                chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default(),
            )),
            tokens: Arc::new(Tokens::new(b"test signing key, at least 32 bytes long")),
            sessions: SessionPolicy::default(),
            public_url: "http://localhost".to_owned(),
        });
        Ok(Self { db, state })
    }

    pub async fn get(&self, path: &str) -> Reply {
        let app = test::init_service(build_app(self.state.clone())).await;
        let response =
            test::call_service(&app, test::TestRequest::get().uri(path).to_request()).await;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = test::read_body(response).await;
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}
