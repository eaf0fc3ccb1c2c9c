//! Issue 18: first-use creations and first judgements that race. Run on PostgreSQL (where the
//! requests really overlap) as well as SQLite: 40 first credential requests for a new centre all
//! succeed, and 32 first judgements of one item that name no earlier round all succeed, numbered
//! one after another, with no 409.

use futures_util::future::join_all;
use serde_json::json;

use crate::claims::ready::sign_off;
use crate::support::{Req, TestResult};
use crate::world::{World, show};

const U001: &str = "cg-3085/u001";
const ITEM: &str = "cg-3085/u002/lo1/ac1.1";

#[actix_web::test]
async fn forty_first_credential_requests_for_a_new_centre_all_succeed() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    sign_off(&w, &r, U001, true)?;
    let path = format!("/api/v1/registrations/{r}/units/{U001}/credential");
    let replies =
        join_all((0..40).map(|_| w.app.send(Req::get(&path).bearer(&w.learner.token)))).await;
    for reply in &replies {
        assert_eq!(reply.status, 200, "{}", show(reply));
    }
    let keys: std::collections::BTreeSet<String> = replies
        .iter()
        .filter_map(|r| r.json()["credential"].as_str().map(str::to_owned))
        .filter_map(|c| c.split('.').next().map(str::to_owned))
        .collect();
    assert_eq!(
        keys.len(),
        1,
        "every credential names the one key: {keys:?}"
    );
    Ok(())
}

/// The race itself, made certain: the second first use reads no key, and its insert waits on
/// the first's until that commits; it must then read the first's key, not fail (on PostgreSQL
/// the unique violation used to abort its whole transaction).
#[actix_web::test]
async fn a_second_first_use_waiting_on_the_first_reads_its_key() -> TestResult {
    use eportfolio::store::signing_keys::{StoredKey, find_or_insert};
    use eportfolio::store::{StoreError, write_transaction};
    let w = World::new().await?;
    let key = |seed: &str| StoredKey {
        centre_id: w.centre_b.clone(),
        seed: seed.to_owned(),
        public_x: format!("x-{seed}"),
        created_at: chrono::NaiveDateTime::default(),
    };
    let (first, second) = (key("first"), key("second"));
    let (db_a, db_b) = (w.app.db.db().clone(), w.app.db.db().clone());
    let (sealer_a, sealer_b) = (w.app.state().secrets.clone(), w.app.state().secrets.clone());
    let (inserted, go) = std::sync::mpsc::channel::<()>();
    let a = std::thread::spawn(move || -> Result<StoredKey, StoreError> {
        let mut conn = db_a.get()?;
        write_transaction(&mut conn, |conn| {
            let stored = find_or_insert(conn, &sealer_a, &first)?;
            let _ = inserted.send(());
            std::thread::sleep(std::time::Duration::from_millis(300));
            Ok(stored)
        })
    });
    let b = std::thread::spawn(move || -> Result<StoredKey, StoreError> {
        let _ = go.recv();
        let mut conn = db_b.get()?;
        write_transaction(&mut conn, |conn| find_or_insert(conn, &sealer_b, &second))
    });
    let (a, b) = (
        a.join().map_err(|_| "first thread")??,
        b.join().map_err(|_| "second thread")??,
    );
    assert_eq!(a.seed, "first");
    assert_eq!(b.seed, "first", "the second reads the key stored first");
    Ok(())
}

#[actix_web::test]
async fn thirty_two_first_judgements_naming_no_round_are_numbered_not_refused() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let created = w
        .app
        .send(
            Req::post(&format!("/api/v1/registrations/{r}/evidence"))
                .bearer(&w.learner.token)
                .json(
                    &json!({"kind": "work_product", "title": "Mrs B's support plan",
                    "activity_date": "2027-01-12", "text": "The plan I wrote with Mrs B."}),
                ),
        )
        .await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let e = created.json()["id"].as_str().ok_or("no id")?.to_owned();
    w.map_declare_and_submit(&e, &[ITEM]).await;
    let path = format!("/api/v1/registrations/{r}/decisions");
    let body = json!({"criterion_id": ITEM, "outcome": "met", "evidence_ids": [e],
        "feedback": "Shown clearly."});
    let replies = join_all((0..32).map(|_| {
        w.app
            .send(Req::post(&path).bearer(&w.assessor.token).json(&body))
    }))
    .await;
    let mut rounds: Vec<i64> = Vec::new();
    for reply in &replies {
        assert_eq!(reply.status, 201, "{}", show(reply));
        rounds.push(reply.json()["round"].as_i64().ok_or("a round")?);
    }
    rounds.sort_unstable();
    assert_eq!(rounds, (1..=32).collect::<Vec<i64>>());
    Ok(())
}
