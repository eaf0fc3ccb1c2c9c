//! The reference servers of `../shared/PERFORMANCE.md`, measured in the same run as the product so
//! that its targets can be checked as the ratios they are: C1, actix-web plaintext with no
//! middleware; C5, a tracker-shaped page (100 criteria and 300 evidence links read in two diesel
//! queries from SQLite through r2d2, rendered with maud) with no sign-in and no middleware.

use std::net::SocketAddr;
use std::path::Path;

use actix_web::{App, HttpResponse, HttpServer, web};
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::sql_types::Text;
use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection};
use maud::html;

use super::BenchError;

type SqlitePool = Pool<ConnectionManager<SqliteConnection>>;

#[derive(QueryableByName)]
struct Criterion {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    text: String,
}

#[derive(QueryableByName)]
struct Link {
    #[diesel(sql_type = Text)]
    criterion_id: String,
    #[diesel(sql_type = Text)]
    evidence_id: String,
}

/// Serve the references until killed (`eportfolio bench-reference`, started by the benchmark).
pub async fn serve(bind: SocketAddr, data_dir: &Path) -> Result<(), BenchError> {
    let pool = prepare(data_dir)?;
    let setup = |e: std::io::Error| BenchError::Server(format!("reference server: {e}"));
    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .route("/plaintext", web::get().to(plaintext))
            .route("/tracker-shaped", web::get().to(tracker_shaped))
    })
    .workers(2)
    .worker_max_blocking_threads(2)
    .bind(bind)
    .map_err(setup)?
    .run()
    .await
    .map_err(setup)
}

fn prepare(data_dir: &Path) -> Result<SqlitePool, BenchError> {
    let fail = |e: String| BenchError::Setup(format!("reference database: {e}"));
    std::fs::create_dir_all(data_dir).map_err(|e| fail(e.to_string()))?;
    let url = data_dir.join("reference.db").display().to_string();
    let mut conn = SqliteConnection::establish(&url).map_err(|e| fail(e.to_string()))?;
    let mut sql = String::from(
        "PRAGMA journal_mode=WAL; DROP TABLE IF EXISTS criteria; DROP TABLE IF EXISTS links;
         CREATE TABLE criteria (id TEXT PRIMARY KEY, text TEXT NOT NULL);
         CREATE TABLE links (criterion_id TEXT NOT NULL, evidence_id TEXT NOT NULL);
         CREATE INDEX links_criterion ON links (criterion_id); BEGIN;",
    );
    for c in 0..100 {
        sql.push_str(&format!(
            "INSERT INTO criteria VALUES ('c{c:03}', 'Explain how to support individuals to identify the outcomes they want, criterion {c}');"
        ));
    }
    for e in 0..300 {
        sql.push_str(&format!(
            "INSERT INTO links VALUES ('c{:03}', 'evidence-{e:04}');",
            e % 100
        ));
    }
    sql.push_str("COMMIT;");
    conn.batch_execute(&sql).map_err(|e| fail(e.to_string()))?;
    Pool::builder()
        .max_size(4)
        .build(ConnectionManager::new(url))
        .map_err(|e| fail(e.to_string()))
}

async fn plaintext() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain")
        .body("Hello, World!")
}

async fn tracker_shaped(pool: web::Data<SqlitePool>) -> HttpResponse {
    let pool = pool.get_ref().clone();
    let rows = web::block(move || -> Result<_, String> {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let criteria: Vec<Criterion> =
            diesel::sql_query("SELECT id, text FROM criteria ORDER BY id")
                .load(&mut conn)
                .map_err(|e| e.to_string())?;
        let links: Vec<Link> =
            diesel::sql_query("SELECT criterion_id, evidence_id FROM links ORDER BY criterion_id")
                .load(&mut conn)
                .map_err(|e| e.to_string())?;
        Ok((criteria, links))
    })
    .await;
    let Ok(Ok((criteria, links))) = rows else {
        return HttpResponse::InternalServerError().finish();
    };
    let page = html! {
        table {
            @for c in &criteria {
                tr {
                    th { (c.id) } td { (c.text) }
                    td { @for l in links.iter().filter(|l| l.criterion_id == c.id) { a href={ "/evidence/" (l.evidence_id) } { (l.evidence_id) } " " } }
                    td { "Evidence mapped, awaiting assessment. Some words to bring the row to the reference page's size." }
                }
            }
        }
    };
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}
