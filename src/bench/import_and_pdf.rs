//! The CSV import and a PDF report with its database reads, each measured in-process through
//! the application (the real route, the counting connection) against the reference
//! `../shared/PERFORMANCE.md` holds it to, timed in the same run: C6, SQLite inserts through
//! diesel in one transaction; C8, pdf-writer writing 100 A4 pages of 4,500 table rows in
//! built-in Helvetica, Flate-compressed.

use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use actix_web::web;
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, RunQueryDsl, SqliteConnection};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

use super::{BenchError, seed};
use crate::web::{AppState, build_app};

/// Rows C6 inserts, and learners the import registers.
const C6_ROWS: i64 = 100_000;
pub const IMPORT_LEARNERS: usize = 1_000;
const RUNS: usize = 3;

/// One document or import measured through the application.
#[derive(Debug, Clone)]
pub struct Measured {
    pub what: String,
    pub best: Duration,
    pub statements: u64,
    /// Learners imported, or the PDF's pages.
    pub count: usize,
}

#[derive(Debug, Clone)]
pub struct Figures {
    pub c6_rows_per_second: f64,
    pub c8: Duration,
    pub import: Measured,
    pub record_pdf: Measured,
}

/// A request made in-process as `headers` say, with the statements it issued and its time.
pub(super) struct InProcess<'a> {
    pub state: web::Data<AppState>,
    pub counter: &'a AtomicU64,
}

impl InProcess<'_> {
    async fn send(
        &self,
        request: actix_web::test::TestRequest,
    ) -> Result<(Vec<u8>, u64, Duration), BenchError> {
        let app = actix_web::test::init_service(build_app(self.state.clone())).await;
        let (before, started) = (self.counter.load(Ordering::Relaxed), Instant::now());
        let response = actix_web::test::call_service(&app, request.to_request()).await;
        let status = response.status();
        let body = actix_web::test::read_body(response).await.to_vec();
        let took = started.elapsed();
        if !status.is_success() {
            let said: String = String::from_utf8_lossy(&body).chars().take(600).collect();
            return Err(BenchError::Setup(format!("{status}: {said}")));
        }
        Ok((body, self.counter.load(Ordering::Relaxed) - before, took))
    }
}

/// The figures: the references first, then the product's import and record PDF.
pub(super) async fn measure(
    app: &InProcess<'_>,
    dir: &Path,
    admin_bearer: &str,
    learner_cookie: &(String, String),
    registration: &str,
) -> Result<Figures, BenchError> {
    let c6_rows_per_second = c6(dir)?;
    let c8 = (0..RUNS)
        .map(|_| c8())
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .min()
        .unwrap_or_default();
    let import = import(app, admin_bearer).await?;
    let mut record_pdf = Measured {
        what: "learner achievement record PDF (heavy learner), with its reads".to_owned(),
        best: Duration::MAX,
        statements: 0,
        count: 0,
    };
    for _ in 0..RUNS {
        let request = actix_web::test::TestRequest::get()
            .uri(&format!("/registrations/{registration}/record.pdf"))
            .insert_header(("host", "127.0.0.1"))
            .insert_header((learner_cookie.0.as_str(), learner_cookie.1.as_str()));
        let (pdf, statements, took) = app.send(request).await?;
        record_pdf.best = record_pdf.best.min(took);
        record_pdf.statements = statements;
        record_pdf.count = pages_of(&pdf);
    }
    Ok(Figures {
        c6_rows_per_second,
        c8,
        import,
        record_pdf,
    })
}

/// C6: rows per second inserted through diesel into SQLite (WAL, `synchronous=FULL`, as the
/// product runs it) in one transaction.
fn c6(dir: &Path) -> Result<f64, BenchError> {
    let fail = |e: String| BenchError::Setup(format!("C6 reference: {e}"));
    std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
    let url = dir.join("c6.db").display().to_string();
    let mut conn = SqliteConnection::establish(&url).map_err(|e| fail(e.to_string()))?;
    conn.batch_execute(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; DROP TABLE IF EXISTS rows;
         CREATE TABLE rows (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, n BIGINT NOT NULL);",
    )
    .map_err(|e| fail(e.to_string()))?;
    let started = Instant::now();
    conn.transaction(|c| {
        for i in 0..C6_ROWS {
            diesel::sql_query("INSERT INTO rows (id, name, email, n) VALUES (?, ?, ?, ?)")
                .bind::<Text, _>(format!("row-{i:06}"))
                .bind::<Text, _>(format!("Learner {i}"))
                .bind::<Text, _>(format!("learner{i}@reference.example"))
                .bind::<BigInt, _>(i)
                .execute(c)?;
        }
        diesel::QueryResult::Ok(())
    })
    .map_err(|e| fail(e.to_string()))?;
    Ok(C6_ROWS as f64 / started.elapsed().as_secs_f64().max(f64::EPSILON))
}

/// C8: 100 A4 pages of 45 table rows each in built-in Helvetica, content Flate-compressed.
fn c8() -> Result<Duration, BenchError> {
    let started = Instant::now();
    let (catalog, tree, font) = (Ref::new(1), Ref::new(2), Ref::new(3));
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    let pages: Vec<(Ref, Ref)> = (0..100)
        .map(|p| (Ref::new(4 + 2 * p), Ref::new(5 + 2 * p)))
        .collect();
    pdf.pages(tree)
        .kids(pages.iter().map(|(page, _)| *page))
        .count(100);
    pdf.type1_font(font).base_font(Name(b"Helvetica"));
    for (p, (page_ref, content_ref)) in pages.iter().enumerate() {
        let mut content = Content::new();
        content.begin_text();
        content.set_font(Name(b"F1"), 9.0);
        for row in 0..45 {
            let y = 800.0 - row as f32 * 17.0;
            content.set_text_matrix([1.0, 0.0, 0.0, 1.0, 40.0, y]);
            let line = format!(
                "ABC{:04}   Learner {}   3085-02   Unit 001 achieved 4 January 2027   Unit 002 achieved 3 February 2027",
                p * 45 + row,
                p * 45 + row
            );
            content.show(Str(line.as_bytes()));
        }
        content.end_text();
        let compressed = deflate(&content.finish())?;
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(0.0, 0.0, 595.0, 842.0))
            .parent(tree)
            .contents(*content_ref);
        page.resources().fonts().pair(Name(b"F1"), font);
        page.finish();
        pdf.stream(*content_ref, &compressed)
            .filter(Filter::FlateDecode);
    }
    let bytes = pdf.finish();
    std::hint::black_box(bytes);
    Ok(started.elapsed())
}

fn deflate(data: &[u8]) -> Result<Vec<u8>, BenchError> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map_err(|e| BenchError::Setup(format!("C8 reference: {e}")))
}

/// A PDF's pages, counted by their page objects (`/Type /Page`, not `/Type /Pages`).
fn pages_of(pdf: &[u8]) -> usize {
    const PAGE: &[u8] = b"/Type /Page";
    pdf.windows(PAGE.len() + 1)
        .filter(|w| w.starts_with(PAGE) && w[PAGE.len()] != b's')
        .count()
}

/// The import of [`IMPORT_LEARNERS`] new learners through `POST …/registrations/import`, as
/// the centre administrator (one run: it writes).
async fn import(app: &InProcess<'_>, admin_bearer: &str) -> Result<Measured, BenchError> {
    let mut csv = String::from(
        "learner_name,learner_email,date_of_birth,qualification_id,start_date,planned_end_date,assessor_email,iqa_email,workplace\n",
    );
    let (assessor, iqa) = (seed::email_of("assessor", 0), seed::email_of("iqa", 0));
    for i in 0..IMPORT_LEARNERS {
        csv.push_str(&format!(
            "Imported learner {i},imported{i}@bench.example,1990-01-01,cg-3085-02,2027-02-01,2027-12-01,{assessor},{iqa},Day service\n"
        ));
    }
    let request = actix_web::test::TestRequest::post()
        .uri(&format!(
            "/api/v1/centres/{}/registrations/import",
            seed::CENTRE
        ))
        .insert_header(("host", "127.0.0.1"))
        .insert_header(("authorization", format!("Bearer {admin_bearer}")))
        .insert_header(("content-type", "text/csv"))
        .set_payload(csv);
    let (_, statements, best) = app.send(request).await?;
    Ok(Measured {
        what: format!("CSV import of {IMPORT_LEARNERS} learners (one request)"),
        best,
        statements,
        count: IMPORT_LEARNERS,
    })
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let per_second = self.import.count as f64 / self.import.best.as_secs_f64().max(1e-9);
        let share = per_second / self.c6_rows_per_second.max(f64::EPSILON);
        let per_page = |d: Duration, pages: usize| ms(d) / pages.max(1) as f64;
        let pdf_times = per_page(self.record_pdf.best, self.record_pdf.count)
            / per_page(self.c8, 100).max(f64::EPSILON);
        writeln!(
            f,
            "| measured | time | SQL statements | rate | reference | ratio | holds |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|---|")?;
        writeln!(
            f,
            "| {} | {:.1} ms | {} | {per_second:.0} learners/s | C6: {:.0} rows/s in one transaction | {:.1}% (target ≥ 50%) | {} |",
            self.import.what,
            ms(self.import.best),
            self.import.statements,
            self.c6_rows_per_second,
            share * 100.0,
            if share >= 0.5 { "yes" } else { "no" }
        )?;
        writeln!(
            f,
            "| {} | {:.1} ms for {} pages | {} | {:.2} ms a page | C8: {:.1} ms for 100 pages | {pdf_times:.1}× C8 a page (target ≤ 7×) | {} |",
            self.record_pdf.what,
            ms(self.record_pdf.best),
            self.record_pdf.count,
            self.record_pdf.statements,
            per_page(self.record_pdf.best, self.record_pdf.count),
            ms(self.c8),
            if pdf_times <= 7.0 { "yes" } else { "no" }
        )
    }
}
