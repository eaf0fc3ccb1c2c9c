//! Issue 13 (item 3): JSON kept in a TEXT column is decoded when its row is read. A corrupt value
//! fails the read with a store error, answered as a 500 "Something went wrong", instead of
//! reading as an empty list.

use diesel::RunQueryDsl;
use eportfolio::store::{DbConnection, StoreError, plans};
use serde_json::json;

use crate::access_samples::plans::{PLAN, prepare};
use crate::support::{Req, TestResult};
use crate::world::{World, show};

/// Overwrite a plan's stored criteria with text that is not JSON (a truncated array).
fn corrupt_criteria(w: &World) -> Result<usize, Box<dyn std::error::Error>> {
    let sql = format!(
        "UPDATE assessment_plans SET criteria = '[\"sqa-fx35-35/er1\"' WHERE id = '{PLAN}'"
    );
    let mut conn = w.app.db.db().get()?;
    Ok(match &mut *conn {
        DbConnection::Sqlite(c) => diesel::sql_query(sql).execute(c)?,
        DbConnection::Postgresql(c) => diesel::sql_query(sql).execute(c)?,
    })
}

#[actix_web::test]
async fn a_corrupt_json_column_fails_the_read_instead_of_reading_as_empty() -> TestResult {
    let w = World::new().await?;
    prepare(&w)?;
    let api = format!("/api/v1/registrations/{}/plans", w.registration);
    let read = || w.app.send(Req::get(&api).bearer(&w.assessor.token));
    let before = read().await;
    assert_eq!(before.status, 200, "{}", show(&before));
    assert_eq!(
        before.json()["plans"][0]["criteria"],
        json!(["sqa-fx35-35/er1"])
    );

    assert_eq!(corrupt_criteria(&w)?, 1);

    let stored = plans::find(&mut *w.app.db.db().get()?, PLAN);
    assert!(
        matches!(
            stored,
            Err(StoreError::Query(
                diesel::result::Error::DeserializationError(_)
            ))
        ),
        "the store read the corrupt row as {stored:?}"
    );
    let after = read().await;
    assert_eq!(after.status, 500, "{}", show(&after));
    assert_eq!(after.json()["code"], "internal", "{}", show(&after));
    assert_eq!(
        after.json()["title"],
        "Something went wrong",
        "{}",
        show(&after)
    );
    assert!(after.json()["plans"].is_null(), "{}", show(&after));

    let page = w.page_session(&w.assessor).await?;
    let html = w
        .app
        .send(Req::get(&format!("/registrations/{}/plans", w.registration)).session(&page.cookie))
        .await;
    assert_eq!(html.status, 500, "{}", show(&html));
    assert!(
        html.body.contains("Something went wrong"),
        "{}",
        show(&html)
    );
    Ok(())
}
