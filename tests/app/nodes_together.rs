//! Issue 18 (item 2): nodes that start together on an empty database migrate it one at a time
//! (an advisory lock on PostgreSQL, the write lock on SQLite): every migration runs once, and no
//! node fails with a duplicate table or key.

use eportfolio::store::run_migrations;
use eportfolio::store::testing::TestDb;

use crate::support::TestResult;

/// Ten times over, three nodes started at the same instant on an empty database all come up.
#[test]
fn three_nodes_migrate_an_empty_database_together() -> TestResult {
    for attempt in 1..=10 {
        three_nodes_start_together().map_err(|e| format!("attempt {attempt}: {e}"))?;
    }
    Ok(())
}

fn three_nodes_start_together() -> TestResult {
    let test_db = TestDb::empty()?;
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(3));
    let nodes: Vec<_> = (0..3)
        .map(|_| {
            let (db, barrier) = (test_db.db().clone(), barrier.clone());
            std::thread::spawn(move || -> Result<usize, String> {
                let mut conn = db.get().map_err(|e| e.to_string())?;
                barrier.wait();
                run_migrations(&mut conn).map_err(|e| e.to_string())
            })
        })
        .collect();
    let mut ran = Vec::new();
    for node in nodes {
        let result = node.join().map_err(|_| "a node panicked")?;
        ran.push(result.map_err(|e| format!("a node failed to start: {e}"))?);
    }
    ran.sort_unstable();
    assert_eq!(
        ran[0], 0,
        "{ran:?}: two nodes should find nothing left to run"
    );
    assert_eq!(ran[1], 0, "{ran:?}");
    assert!(ran[2] > 20, "{ran:?}: one node runs every migration");
    let mut conn = test_db.db().get()?;
    assert!(!eportfolio::store::migrations_pending(&mut conn)?);
    Ok(())
}

/// Every node runs the checkpoint loop; while one holds a round (its transaction open), another
/// node's claim fails and it skips the round (PostgreSQL; SQLite has one writer at a time).
#[test]
fn a_checkpoint_round_is_claimed_by_one_node() -> TestResult {
    use eportfolio::store::jobs::{Job, claim};
    let test_db = TestDb::new()?;
    let mut first = test_db.db().get()?;
    let postgres = matches!(&*first, eportfolio::store::DbConnection::Postgresql(_));
    let claimed = eportfolio::store::write_transaction(&mut first, |conn| {
        let mine = claim(conn, Job::Checkpoint)?;
        if !postgres {
            return Ok::<_, eportfolio::store::StoreError>((mine, false));
        }
        // Another node, in its own transaction, at the same moment.
        let mut second = test_db.db().get()?;
        let theirs =
            eportfolio::store::write_transaction(&mut second, |c| claim(c, Job::Checkpoint))?;
        Ok((mine, theirs))
    })?;
    assert_eq!(claimed, (true, false), "one node claims the round");
    // Once the first transaction ended, the next round can be claimed again.
    let again = eportfolio::store::write_transaction(&mut first, |c| claim(c, Job::Checkpoint))?;
    assert!(again);
    Ok(())
}
