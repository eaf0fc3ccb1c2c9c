//! Issue 19: a CSV import is checked row by row in Rust, then written set-based in one
//! transaction: its statements do not grow with the rows, and it writes what registering each
//! learner one at a time would (accounts, links, welcome mails, roles, registrations, history,
//! an audit chain that still holds).

use diesel::prelude::*;
use eportfolio::store::audit::{self, Verification};
use eportfolio::store::schema::{audit_entries, mail_queue, memberships, registrations, users};
use serde_json::json;

use crate::portfolio::make_staff_eligible;
use crate::support::{Req, TestResult};
use crate::world::World;

const HEADER: &str = "learner_name,learner_email,date_of_birth,qualification_id,start_date,planned_end_date,assessor_email,iqa_email,workplace,open_learning,authenticator,authenticator_role,authenticator_email\n";

/// One row of the file; `authenticator` is "name,role,email" for open learning, or three empty
/// fields.
fn row(w: &World, name: &str, email: &str, authenticator: &str) -> String {
    let open = if authenticator == ",," { "no" } else { "yes" };
    format!(
        "{name},{email},1990-01-01,cg-3085-02,2027-02-01,2027-12-01,{},{},Day service,{open},{authenticator}\n",
        w.assessor.email, w.iqa.email
    )
}

pub(crate) fn learners(w: &World, batch: &str, count: usize) -> String {
    let mut csv = HEADER.to_owned();
    for i in 0..count {
        let (name, email) = (
            format!("Learner {batch} {i}"),
            format!("{batch}{i}@bulk.example.org"),
        );
        csv.push_str(&row(w, &name, &email, ",,"));
    }
    csv
}

pub(crate) fn import(w: &World, csv: String) -> Req {
    Req::post(&format!(
        "/api/v1/centres/{}/registrations/import",
        w.centre_a
    ))
    .bearer(&w.centre_admin.token)
    .header("content-type", "text/csv")
    .body(csv.into_bytes())
}

/// The statements an import of `count` new learners issues, and that it imported them all.
async fn statements_of_import(w: &World, batch: &str, count: usize) -> Result<u64, String> {
    let before = w.app.db.statements();
    let reply = w.app.send(import(w, learners(w, batch, count))).await;
    if reply.status != 201 || reply.json()["imported"] != json!(count) {
        return Err(format!("{}: {}", reply.status, reply.body));
    }
    Ok(w.app.db.statements() - before)
}

#[actix_web::test]
async fn a_csv_import_costs_the_same_statements_for_10_or_300_learners() -> TestResult {
    let w = World::new().await?;
    make_staff_eligible(&w)?;
    let ten = statements_of_import(&w, "a", 10).await?;
    let three_hundred = statements_of_import(&w, "b", 300).await?;
    assert_eq!(
        ten, three_hundred,
        "10 learners cost {ten} statements, 300 cost {three_hundred}"
    );
    // Sign-in, the staff, the accounts read, then one multi-row insert per table.
    assert!(ten < 40, "an import costs {ten} statements");
    let mut conn = w.app.db.db().get()?;
    let imported: i64 = users::table
        .filter(users::email.like("%@bulk.example.org"))
        .count()
        .get_result(&mut conn)?;
    assert_eq!(imported, 310);
    assert!(matches!(
        audit::verify(&mut conn)?,
        Verification::Intact { .. }
    ));
    Ok(())
}

#[actix_web::test]
async fn a_csv_import_writes_what_registering_each_learner_would() -> TestResult {
    let w = World::new().await?;
    make_staff_eligible(&w)?;
    let mut csv = HEADER.to_owned();
    csv.push_str(&row(
        &w,
        "Mòrag Ó Súilleabháin",
        "morag@bulk.example.org",
        "Aileen Grant,Team leader,aileen@care.example.org",
    ));
    // Someone at the centre already (a tutor), and someone whose account is at another centre.
    csv.push_str(&row(&w, &w.spare.name, &w.spare.email, ",,"));
    csv.push_str(&row(&w, "Centre B admin", &w.admin_b.email, ",,"));
    let reply = w.app.send(import(&w, csv)).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        (
            reply.json()["imported"].clone(),
            reply.json()["invited"].clone()
        ),
        (json!(2), json!(1))
    );

    let mut conn = w.app.db.db().get()?;
    let morag: String = users::table
        .filter(users::email.eq("morag@bulk.example.org"))
        .select(users::id)
        .first(&mut conn)?;
    let (role, email): (Option<String>, Option<String>) = registrations::table
        .filter(registrations::learner_id.eq(&morag))
        .select((
            registrations::authenticator_role,
            registrations::authenticator_email,
        ))
        .first(&mut conn)?;
    assert_eq!(
        (role.as_deref(), email.as_deref()),
        (Some("Team leader"), Some("aileen@care.example.org"))
    );
    let welcome: String = mail_queue::table
        .filter(mail_queue::to_address.eq("morag@bulk.example.org"))
        .select(mail_queue::body_text)
        .first(&mut conn)?;
    assert!(
        welcome
            .contains("Delivering Personalisation in Practice in Health and Social Care (3085-02)")
            && !welcome.contains("cg-3085-02"),
        "the welcome mail names the qualification in words: {welcome}"
    );
    for learner in [&morag, &w.spare.id] {
        let roles: Vec<String> = memberships::table
            .filter(memberships::user_id.eq(learner))
            .filter(memberships::centre_id.eq(&w.centre_a))
            .select(memberships::role)
            .load(&mut conn)?;
        assert!(roles.iter().any(|r| r == "learner"), "{learner}: {roles:?}");
    }
    let actions: Vec<String> = audit_entries::table
        .order(audit_entries::seq.desc())
        .limit(4)
        .select(audit_entries::action)
        .load(&mut conn)?;
    assert_eq!(
        actions,
        [
            "registrations_imported",
            "learner_registered",
            "learner_registered",
            "learner_invited"
        ]
    );
    assert!(matches!(
        audit::verify(&mut conn)?,
        Verification::Intact { .. }
    ));
    Ok(())
}

/// An account made between the import's look-up and its insert (another registration of the
/// same email) is told apart from other failures, so the import says so in words (409).
#[actix_web::test]
async fn an_email_taken_meanwhile_is_a_duplicate_not_a_failure() -> TestResult {
    let w = World::new().await?;
    let mut conn = w.app.db.db().get()?;
    let taken = eportfolio::store::people::User {
        id: eportfolio::store::people::new_id(),
        email: w.learner.email.clone(),
        name: "Someone else".to_owned(),
        password_hash: None,
        is_platform_admin: false,
        password_changed_at: None,
        disabled_at: None,
        created_at: chrono::NaiveDateTime::default(),
    };
    let refused = eportfolio::store::people::insert_users(&mut conn, &[taken]);
    assert!(
        matches!(refused, Err(eportfolio::store::StoreError::Duplicate(ref what)) if what == "email"),
        "{refused:?}"
    );
    Ok(())
}
