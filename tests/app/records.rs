//! Records: the retention purge (Q3), the learner's portfolio ZIP, backup and restore. On SQLite,
//! and on PostgreSQL when `TEST_DATABASE_URL` is set.

use std::io::Read;

use chrono::NaiveDate;
use diesel::prelude::*;
use eportfolio::clock::Clock;
use eportfolio::records::objects::FolderObjects;
use eportfolio::records::{RecordsError, backup, purge, restore};
use eportfolio::store::schema::{audit_entries, claim_learners, claims, evidence_items};
use eportfolio::store::testing::TestDb;
use eportfolio::store::{audit, write_transaction};

use crate::support::{Req, TestResult};
use crate::world::World;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A certificated claim for the registration, certificated on `on`.
fn certify(w: &World, registration: &str, on: NaiveDate) -> TestResult {
    let now = w.app.clock().naive();
    let claim = format!("claim-{registration}");
    let mut conn = w.app.db.db().get()?;
    write_transaction(
        &mut conn,
        |conn| -> Result<_, eportfolio::store::StoreError> {
            diesel::insert_into(claims::table)
                .values((
                    claims::id.eq(&claim),
                    claims::centre_id.eq(&w.centre_a),
                    claims::qualification_id.eq("cg-3085-02"),
                    claims::awarding_body.eq("cg"),
                    claims::status.eq("certificated"),
                    claims::created_by.eq(&w.centre_admin.id),
                    claims::created_at.eq(now),
                ))
                .execute(conn)?;
            diesel::insert_into(claim_learners::table)
                .values((
                    claim_learners::id.eq(format!("{claim}-1")),
                    claim_learners::claim_id.eq(&claim),
                    claim_learners::registration_id.eq(registration),
                    claim_learners::claim_kind.eq("qualification"),
                    claim_learners::claim_key.eq("cg-3085-02"),
                    claim_learners::units.eq("[]"),
                    claim_learners::live.eq(true),
                    claim_learners::certificate_number.eq(Some("C1")),
                    claim_learners::certificated_on.eq(Some(on)),
                    claim_learners::created_at.eq(now),
                ))
                .execute(conn)?;
            Ok(())
        },
    )?;
    Ok(())
}

fn evidence_of(w: &World, registration: &str) -> Result<i64, Box<dyn std::error::Error>> {
    let mut conn = w.app.db.db().get()?;
    Ok(evidence_items::table
        .filter(evidence_items::registration_id.eq(registration))
        .count()
        .get_result(&mut *conn)?)
}

fn purges_audited(w: &World) -> Result<i64, Box<dyn std::error::Error>> {
    let mut conn = w.app.db.db().get()?;
    Ok(audit_entries::table
        .filter(audit_entries::action.eq("records_purged"))
        .count()
        .get_result(&mut *conn)?)
}

async fn run_purge(
    w: &World,
    dry_run: bool,
) -> Result<purge::PurgeReport, Box<dyn std::error::Error>> {
    let now = w.app.clock().now();
    let state = w.app.state();
    Ok(purge::run(
        &state.db,
        state.files.as_ref(),
        now.date_naive(),
        now.naive_utc(),
        dry_run,
    )
    .await?)
}

#[actix_web::test]
async fn purge_dry_run_lists_what_would_go_and_removes_nothing() -> TestResult {
    let w = World::new().await?;
    certify(&w, &w.registration, day(2020, 1, 10))?;
    let report = run_purge(&w, true).await?;
    assert_eq!(report.purged.len(), 1);
    assert_eq!(report.purged[0].registration_id, w.registration);
    assert!(
        report
            .to_string()
            .contains("would remove the records of registration")
    );
    assert_eq!(evidence_of(&w, &w.registration)?, 1);
    assert_eq!(purges_audited(&w)?, 0);
    Ok(())
}

#[actix_web::test]
async fn purge_removes_only_expired_records_and_writes_audit_entries() -> TestResult {
    let w = World::new().await?;
    certify(&w, &w.registration, day(2020, 1, 10))?;
    let recent = w.register_on_cg_3085_02()?;
    certify(&w, &recent, day(2026, 6, 1))?;
    let report = run_purge(&w, false).await?;
    assert_eq!(report.purged.len(), 1, "{report}");
    assert_eq!(report.purged[0].files, 1);
    assert!(
        report
            .kept
            .iter()
            .any(|(id, why)| id == &recent && why.contains("in retention"))
    );
    assert_eq!(evidence_of(&w, &w.registration)?, 0);
    // The file is gone from the store.
    let reply = w
        .app
        .send(
            Req::get(&format!("/api/v1/evidence/{}/files/{}", w.evidence, w.file))
                .bearer(&w.learner.token),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 404);
    assert_eq!(purges_audited(&w)?, 1);
    let mut conn = w.app.db.db().get()?;
    assert!(matches!(
        audit::verify(&mut conn)?,
        audit::Verification::Intact { .. }
    ));
    // The tombstone stays: the registration and its claim.
    let claimed: i64 = claim_learners::table.count().get_result(&mut *conn)?;
    assert_eq!(claimed, 2);
    drop(conn);
    // A second run finds nothing more.
    let again = run_purge(&w, false).await?;
    assert!(again.purged.is_empty());
    Ok(())
}

#[actix_web::test]
async fn purge_of_records_still_in_retention_removes_nothing() -> TestResult {
    let w = World::new().await?;
    certify(&w, &w.registration, day(2026, 1, 10))?;
    let report = run_purge(&w, false).await?;
    assert!(report.purged.is_empty());
    assert!(report.to_string().contains("nothing to purge"), "{report}");
    assert_eq!(evidence_of(&w, &w.registration)?, 1);
    assert_eq!(purges_audited(&w)?, 0);
    Ok(())
}

#[actix_web::test]
async fn retention_period_is_set_by_a_centre_admin_and_checked() -> TestResult {
    let w = World::new().await?;
    let path = format!("/api/v1/centres/{}/retention", w.centre_a);
    let ok = w
        .app
        .send(
            Req::new(actix_web::http::Method::PUT, &path)
                .bearer(&w.centre_admin.token)
                .json(&serde_json::json!({"years": 1})),
        )
        .await;
    assert_eq!(ok.status.as_u16(), 200, "{}", ok.body);
    for bad in [
        serde_json::json!({"years": 0}),
        serde_json::json!({"years": 51}),
        serde_json::json!({"years": "many"}),
    ] {
        let reply = w
            .app
            .send(
                Req::new(actix_web::http::Method::PUT, &path)
                    .bearer(&w.centre_admin.token)
                    .json(&bad),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
        assert_eq!(reply.json()["code"], "invalid");
        assert_eq!(reply.json()["errors"][0]["field"], "years");
    }
    // One year: a certification in 2025 is past retention on 2027-01-15.
    certify(&w, &w.registration, day(2025, 6, 1))?;
    assert_eq!(run_purge(&w, true).await?.purged.len(), 1);
    Ok(())
}

#[actix_web::test]
async fn portfolio_zip_holds_index_records_and_the_files() -> TestResult {
    let w = World::new().await?;
    let path = format!("/api/v1/registrations/{}/portfolio.zip", w.registration);
    let reply = w.app.send(Req::get(&path).bearer(&w.learner.token)).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    assert_eq!(reply.header("content-type"), "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(reply.bytes.clone()))?;
    let mut index = String::new();
    zip.by_name("index.html")?.read_to_string(&mut index)?;
    assert!(index.contains("notes.txt") && index.contains("<style>"));
    let mut json = String::new();
    zip.by_name("records.json")?.read_to_string(&mut json)?;
    let records: serde_json::Value = serde_json::from_str(&json)?;
    assert_eq!(records["registration"]["id"], w.registration.as_str());
    assert_eq!(records["evidence"].as_array().map(Vec::len), Some(1));
    assert!(records["evidence_files"][0].get("store_key").is_none());
    let name = (0..zip.len())
        .filter_map(|i| zip.by_index(i).ok().map(|f| f.name().to_owned()))
        .find(|n| n.starts_with("files/"))
        .ok_or("no evidence file in the ZIP")?;
    let mut bytes = Vec::new();
    zip.by_name(&name)?.read_to_end(&mut bytes)?;
    assert_eq!(bytes, b"Notes from the review meeting.");
    // Others who may see the registration: 403; another centre's admin: 404.
    let assessor = w.app.send(Req::get(&path).bearer(&w.assessor.token)).await;
    assert_eq!(assessor.status.as_u16(), 403);
    let stranger = w.app.send(Req::get(&path).bearer(&w.admin_b.token)).await;
    assert_eq!(stranger.status.as_u16(), 404);
    Ok(())
}

fn objects(db: &TestDb) -> std::path::PathBuf {
    db.folder().join("files").join("objects")
}

fn count(db: &TestDb, table: &str) -> Result<i64, Box<dyn std::error::Error>> {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = db.db().get()?;
    let sql = format!("SELECT COUNT(*) AS n FROM {table}");
    let rows: Vec<N> = match &mut *conn {
        eportfolio::store::DbConnection::Sqlite(c) => diesel::sql_query(sql).load(c)?,
        eportfolio::store::DbConnection::Postgresql(c) => diesel::sql_query(sql).load(c)?,
    };
    Ok(rows.first().map_or(0, |r| r.n))
}

#[actix_web::test]
async fn backup_and_restore_round_trip() -> TestResult {
    let w = World::new().await?;
    let archive = w.app.db.folder().join("backup.zip");
    let summary = backup::write(
        &mut *w.app.db.db().get()?,
        &FolderObjects(&objects(&w.app.db)),
        &archive,
        "2027-01-15T08:00:00Z",
    )?;
    assert_eq!(summary.files, 1);
    // Into an empty database and store: everything comes back.
    let fresh = TestDb::new()?;
    let restored = restore::restore(
        &mut *fresh.db().get()?,
        &FolderObjects(&objects(&fresh)),
        &archive,
        false,
    )?;
    assert_eq!(restored.files, 1);
    for table in [
        "users",
        "registrations",
        "evidence_items",
        "evidence_files",
        "audit_entries",
    ] {
        assert_eq!(count(&fresh, table)?, count(&w.app.db, table)?, "{table}");
    }
    let mut conn = fresh.db().get()?;
    assert!(matches!(
        audit::verify(&mut conn)?,
        audit::Verification::Intact { .. }
    ));
    drop(conn);
    // A database holding data is replaced only with --force.
    let refused = restore::restore(
        &mut *fresh.db().get()?,
        &FolderObjects(&objects(&fresh)),
        &archive,
        false,
    );
    assert!(matches!(refused, Err(RecordsError::Refused(_))));
    // Erase the original's evidence, then restore over it with force: it is back.
    let mut conn = w.app.db.db().get()?;
    write_transaction(
        &mut conn,
        |conn| -> Result<_, eportfolio::store::StoreError> {
            diesel::delete(eportfolio::store::schema::evidence_mappings::table).execute(conn)?;
            Ok(())
        },
    )?;
    std::fs::remove_dir_all(objects(&w.app.db))?;
    let before = count(&w.app.db, "evidence_mappings")?;
    assert_eq!(before, 0);
    restore::restore(
        &mut conn,
        &FolderObjects(&objects(&w.app.db)),
        &archive,
        true,
    )?;
    drop(conn);
    assert_eq!(count(&w.app.db, "evidence_items")?, 1);
    let reply = w
        .app
        .send(
            Req::get(&format!("/api/v1/evidence/{}/files/{}", w.evidence, w.file))
                .bearer(&w.learner.token),
        )
        .await;
    assert_eq!(reply.bytes, b"Notes from the review meeting.");
    Ok(())
}

#[actix_web::test]
async fn truncated_or_altered_backup_is_refused_and_nothing_changes() -> TestResult {
    let w = World::new().await?;
    let archive = w.app.db.folder().join("backup.zip");
    backup::write(
        &mut *w.app.db.db().get()?,
        &FolderObjects(&objects(&w.app.db)),
        &archive,
        "t",
    )?;
    let bytes = std::fs::read(&archive)?;
    let truncated = w.app.db.folder().join("truncated.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2])?;
    let fresh = TestDb::new()?;
    let outcome = restore::restore(
        &mut *fresh.db().get()?,
        &FolderObjects(&objects(&fresh)),
        &truncated,
        true,
    );
    assert!(
        matches!(outcome, Err(RecordsError::Altered { .. })),
        "{outcome:?}"
    );
    assert_eq!(count(&fresh, "users")?, 0);
    // Over the live database with --force: refused before anything is touched.
    let users = count(&w.app.db, "users")?;
    let outcome = restore::restore(
        &mut *w.app.db.db().get()?,
        &FolderObjects(&objects(&w.app.db)),
        &truncated,
        true,
    );
    assert!(outcome.is_err());
    assert_eq!(count(&w.app.db, "users")?, users);
    assert_eq!(evidence_of(&w, &w.registration)?, 1);
    Ok(())
}
