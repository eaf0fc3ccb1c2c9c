//! Issue 19, item 2: the claim file and the claim summary PDF read their learners set-based, so
//! a claim of four learners costs the same statements as a claim of one (counted, not timed).

use actix_web::http::Method;
use serde_json::{Value, json};

use super::{admin, with_ready};
use crate::support::TestResult;
use crate::world::World;

/// A draft claim of `ids`; its id.
async fn claim(w: &World, ids: &[String]) -> Result<String, Box<dyn std::error::Error>> {
    let path = format!("/api/v1/centres/{}/claims", w.centre_a);
    let made = admin(w, Method::POST, &path, json!({ "registration_ids": ids })).await;
    if made.status != 201 {
        return Err(format!("{}: {}", made.status, made.body).into());
    }
    Ok(made.json()["id"].as_str().unwrap_or_default().to_owned())
}

/// The statements of the claim's file and of its summary PDF.
async fn statements(w: &World, claim: &str) -> Result<(u64, u64), Box<dyn std::error::Error>> {
    let mut counted = Vec::new();
    for document in ["export.csv", "summary.pdf"] {
        let path = format!("/api/v1/claims/{claim}/{document}");
        let before = w.app.db.statements();
        let reply = admin(w, Method::GET, &path, Value::Null).await;
        if reply.status != 200 {
            return Err(format!("{document}: {} {}", reply.status, reply.body).into());
        }
        counted.push(w.app.db.statements() - before);
    }
    Ok((counted[0], counted[1]))
}

#[actix_web::test]
async fn the_claim_documents_cost_the_same_statements_for_one_or_four_learners() -> TestResult {
    let w = World::new().await?;
    let ids = with_ready(
        &w,
        &[
            "Ailsa One",
            "Beth Two",
            "Cara Three",
            "Dana Four",
            "Eve Five",
        ],
    )
    .await?;
    let one = claim(&w, &ids[..1]).await?;
    let four = claim(&w, &ids[1..]).await?;
    // Warm up (the session's idle timer may be touched once).
    statements(&w, &one).await?;
    let (csv_one, pdf_one) = statements(&w, &one).await?;
    let (csv_four, pdf_four) = statements(&w, &four).await?;
    assert!(csv_one >= 4, "only {csv_one} statements were counted");
    assert_eq!(
        (csv_four, pdf_four),
        (csv_one, pdf_one),
        "statements (file, PDF) for one learner: ({csv_one}, {pdf_one}); for four: ({csv_four}, {pdf_four})"
    );
    Ok(())
}
