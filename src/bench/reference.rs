//! The reference servers of `../shared/PERFORMANCE.md`, measured in the same run as the product so
//! that its targets can be checked as the ratios they are, none with sign-in or middleware: C1,
//! actix-web plaintext; C3, one diesel query by primary key and a small maud page; C4, 200 rows
//! read by diesel and a 64 KB maud page; C5, a tracker-shaped page of 69 KB (100 criteria and
//! 300 evidence links read in two diesel queries). SQLite in WAL mode through r2d2, two workers
//! with `worker_max_blocking_threads(2)`, as the description tunes them.

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
            .route("/by-key", web::get().to(by_key))
            .route("/two-hundred-rows", web::get().to(two_hundred_rows))
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
         CREATE INDEX links_criterion ON links (criterion_id);
         DROP TABLE IF EXISTS people;
         CREATE TABLE people (id TEXT PRIMARY KEY, text TEXT NOT NULL); BEGIN;",
    );
    for p in 0..1000 {
        sql.push_str(&format!(
            "INSERT INTO people VALUES ('p{p:04}', 'Learner {p}, registered on the Level 4 Award in Delivering Personalisation in Practice, at the Day service');"
        ));
    }
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
        .connection_customizer(Box::new(BusyTimeout))
        .build(ConnectionManager::new(url))
        .map_err(|e| fail(e.to_string()))
}

/// Connections wait for one another rather than fail while the pool opens them together.
#[derive(Debug)]
struct BusyTimeout;

impl diesel::r2d2::CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for BusyTimeout {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute("PRAGMA busy_timeout = 5000;")
            .map_err(diesel::r2d2::Error::QueryError)
    }
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
                    td { (PADDING) }
                }
            }
        }
    };
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}

/// Words that bring each row of the tracker-shaped page to the description's 69 KB.
const PADDING: &str = "Evidence mapped, awaiting assessment. The assessor has not yet judged the items mapped to this criterion; the learner may add more, and the criterion is met once an item is judged to meet it with the range covered. Some words to bring the row to the reference page's size, as the tracker's rows carry the criterion's guidance and its gaps in words, and the range items still to show.";

/// The rows of `people` that `sql` selects, read on the blocking pool.
async fn people(pool: &web::Data<SqlitePool>, sql: &'static str) -> Option<Vec<Criterion>> {
    let pool = pool.get_ref().clone();
    web::block(move || -> Result<Vec<Criterion>, String> {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        diesel::sql_query(sql)
            .load(&mut conn)
            .map_err(|e| e.to_string())
    })
    .await
    .ok()?
    .ok()
}

/// C3: one query by primary key and a small page.
async fn by_key(pool: web::Data<SqlitePool>) -> HttpResponse {
    let Some(found) = people(&pool, "SELECT id, text FROM people WHERE id = 'p0500'").await else {
        return HttpResponse::InternalServerError().finish();
    };
    let page = html! {
        main { @for p in &found { h1 { (p.id) } p { (p.text) } } }
    };
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}

/// C4: 200 rows and a 64 KB page.
async fn two_hundred_rows(pool: web::Data<SqlitePool>) -> HttpResponse {
    let Some(rows) = people(&pool, "SELECT id, text FROM people ORDER BY id LIMIT 200").await
    else {
        return HttpResponse::InternalServerError().finish();
    };
    let page = html! {
        table {
            @for p in &rows {
                tr {
                    th { a href={ "/people/" (p.id) } { (p.id) } }
                    td { (p.text) }
                    td { "Waiting: 2 items to judge. Last evidence 3 December 2026. Progress 40% of criteria met, two units open; next review due 14 January 2027." }
                }
            }
        }
    };
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}
