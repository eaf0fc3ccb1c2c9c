//! Issue 18 (item 2): nodes that start together on an empty database migrate it one at a time
//! (an advisory lock on PostgreSQL, the write lock on SQLite): every migration runs once, and no
//! node fails with a duplicate table or key.

use eportfolio::store::run_migrations;
use eportfolio::store::testing::TestDb;

use crate::support::TestResult;

#[test]
fn three_nodes_migrate_an_empty_database_together() -> TestResult {
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
