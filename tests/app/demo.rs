//! `serve --demo`: every demo account's home shows work waiting, with its count; the work is
//! seeded through the actions, so the audit trail and every sealed row verify; a second seed
//! writes nothing.

use diesel::prelude::*;
use eportfolio::auth::tokens::Audience;
use eportfolio::store::people;
use eportfolio::store::schema::{audit_entries, evidence_items, judgements, samples};
use eportfolio::testing::ready_session;

use crate::support::{Req, TestApp, TestResult};

/// Every demo account, with a few words its home must show.
const HOMES: &[(&str, &str)] = &[
    (
        "admin@demo.example",
        "1 centre without a centre administrator",
    ),
    (
        "exams@demo.example",
        "1 claim submitted, waiting for its certificates",
    ),
    ("tutor@demo.example", "1 session to run this week"),
    (
        "assessor@demo.example",
        "1 piece of evidence waiting for your judgement",
    ),
    (
        "assessor2@demo.example",
        "1 signed witness testimony to accept or reject",
    ),
    (
        "assessor2@demo.example",
        "to judge blind in a standardisation exercise",
    ),
    (
        "iqa@demo.example",
        "1 sampled decision waiting for your check",
    ),
    (
        "iqa2@demo.example",
        "1 sampled decision waiting for your check",
    ),
    ("eqa@demo.example", "1 qualification to review"),
    ("learner1@demo.example", "criteria still without evidence"),
    ("learner2@demo.example", "criteria still without evidence"),
    (
        "learner3@demo.example",
        "Evidence Requirements still without evidence",
    ),
    ("learner4@demo.example", "1 piece of evidence in draft"),
    ("learner5@demo.example", "criteria still without evidence"),
    ("learner6@demo.example", "criteria still without evidence"),
    ("learner7@demo.example", "1 piece of evidence in draft"),
    (
        "learner8@demo.example",
        "1 unit signed off by your assessor to read and countersign: Unit 001",
    ),
    ("learner9@demo.example", "1 training session this week"),
    ("learner10@demo.example", "1 training session this week"),
    ("learner11@demo.example", "1 training session this week"),
    ("learner12@demo.example", "criteria still without evidence"),
];

/// The home page of the demo account with this email.
async fn home(app: &TestApp, email: &str) -> Result<String, Box<dyn std::error::Error>> {
    let state = app.state();
    let address = email.to_owned();
    let user = state
        .db
        .run(move |conn| people::find_user_by_email(conn, &address))
        .await?
        .ok_or_else(|| format!("no demo account {email}"))?;
    let session = ready_session(state, &user.id, Audience::Session).await?;
    let reply = app.send(Req::get("/home").session(&session.token)).await;
    assert_eq!(reply.status, 200, "{email}: {}", reply.body);
    Ok(reply.body)
}

/// The waiting section of a home page.
fn waiting_section(body: &str) -> &str {
    let start = body.find("id=\"waiting-for-you\"").unwrap_or(0);
    let rest = &body[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[actix_web::test]
async fn every_demo_home_shows_work_waiting_with_its_count() -> TestResult {
    let app = TestApp::new()?;
    eportfolio::demo::seed(app.state()).await?;
    for (email, shown) in HOMES {
        let body = home(&app, email).await?;
        let waiting = waiting_section(&body);
        assert!(waiting.contains(shown), "{email}'s home: {waiting}");
        assert!(
            !waiting.contains("Nothing is waiting for you now."),
            "{email}: {waiting}"
        );
        let counted = waiting.split("<li>").skip(1).any(|item| {
            item.split('>')
                .nth(1)
                .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))
        });
        assert!(counted, "{email}'s home shows a count: {waiting}");
    }
    Ok(())
}

/// (audit entries, evidence items, judgements, samples).
fn counts(app: &TestApp) -> Result<(i64, i64, i64, i64), Box<dyn std::error::Error>> {
    let mut conn = app.db.db().get()?;
    Ok((
        audit_entries::table.count().get_result(&mut conn)?,
        evidence_items::table.count().get_result(&mut conn)?,
        judgements::table.count().get_result(&mut conn)?,
        samples::table.count().get_result(&mut conn)?,
    ))
}

#[actix_web::test]
async fn the_demo_is_audited_and_verifies_and_a_second_seed_writes_nothing() -> TestResult {
    let app = TestApp::new()?;
    let first = eportfolio::demo::seed(app.state()).await?;
    assert!(first.contains("Demo centre created"), "{first}");
    assert!(first.contains("eqa@demo.example"), "{first}");
    let before = counts(&app)?;
    assert!(before.0 > 100, "the work is audited: {before:?}");
    assert!(before.2 > 20, "judgements were made: {before:?}");
    let report = {
        let mut conn = app.db.db().get()?;
        eportfolio::ledger::verify(&mut conn, None)?
    };
    assert!(report.holds(), "{:?}", report.findings);
    assert!(report.rows_sealed > 20, "{report:?}");
    let again = eportfolio::demo::seed(app.state()).await?;
    assert!(again.contains("already present"), "{again}");
    assert_eq!(counts(&app)?, before, "a second seed writes nothing");
    Ok(())
}
