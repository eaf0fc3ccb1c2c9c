//! A tampered audit trail is found: by `eportfolio::store::audit::verify` and by the
//! `eportfolio audit verify` command, which names the entry and exits 1.

use std::process::{Command, Output};

use diesel::connection::SimpleConnection;
use eportfolio::store::audit::{Verification, verify};
use serde_json::json;

use crate::support::{Req, TestResult};
use crate::world::{World, show};

fn audit_verify(world: &World) -> std::io::Result<Output> {
    Command::new(env!("CARGO_BIN_EXE_eportfolio"))
        .args(["audit", "verify", "--data-dir"])
        .arg(world.app.db.folder())
        .env_remove("EPORTFOLIO_DATA_DIR")
        .env("DATABASE_URL", world.app.db.db().url_for_child())
        .env("RUST_LOG", "off")
        .output()
}

#[actix_web::test]
async fn an_edited_audit_row_is_named_by_verify_and_the_command() -> TestResult {
    let world = World::new().await?;
    // A few entries of substance on top of the sign-ins.
    let add = Req::post(&format!("/api/v1/centres/{}/users", world.centre_a))
        .bearer(&world.centre_admin.token)
        .json(&json!({"name": "Audit Subject", "email": "subject@a.example.org", "roles": ["learner", "tutor"]}));
    let reply = world.app.send(add).await;
    assert_eq!(reply.status, 201, "{}", show(&reply));

    let entries = {
        let mut conn = world.app.db.db().get()?;
        match verify(&mut conn)? {
            Verification::Intact { entries } => entries,
            broken => return Err(format!("untouched chain reported {broken:?}").into()),
        }
    };
    assert!(entries >= 12, "{entries} entries");
    let intact = audit_verify(&world)?;
    let stdout = String::from_utf8_lossy(&intact.stdout);
    assert_eq!(
        intact.status.code(),
        Some(0),
        "{stdout} {}",
        String::from_utf8_lossy(&intact.stderr)
    );
    assert!(stdout.contains("audit trail intact"), "{stdout}");
    assert!(stdout.contains(&format!("{entries} entries")), "{stdout}");

    // Someone with database access rewrites who did something in entry 5.
    {
        let mut conn = world.app.db.db().get()?;
        conn.batch_execute("UPDATE audit_entries SET actor_name = 'Someone Else' WHERE seq = 5")?;
        assert_eq!(
            verify(&mut conn)?,
            Verification::Broken {
                seq: 5,
                problem: "its content does not match its hash (the row was changed)".to_owned()
            }
        );
    }
    let broken = audit_verify(&world)?;
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert_eq!(broken.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("audit trail broken at entry 5"), "{stderr}");
    Ok(())
}

#[actix_web::test]
async fn a_removed_audit_row_is_named_too() -> TestResult {
    let world = World::new().await?;
    {
        let mut conn = world.app.db.db().get()?;
        conn.batch_execute("DELETE FROM audit_entries WHERE seq = 3")?;
        assert_eq!(
            verify(&mut conn)?,
            Verification::Broken {
                seq: 3,
                problem: "entry 3 is missing (next is 4)".to_owned()
            }
        );
    }
    let broken = audit_verify(&world)?;
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("audit trail broken at entry 3"));
    Ok(())
}
