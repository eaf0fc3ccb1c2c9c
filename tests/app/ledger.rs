//! Q4, the ledger (issue 14 item 11): decisions made through the API are sealed by their audit
//! entries, and `audit verify` finds, naming what it found, an edited audit row, a tail removed
//! since a checkpoint, and a judgement, sign-off or IQA outcome edited in its own table. On
//! SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

use actix_web::http::Method;
use diesel::prelude::*;
use eportfolio::clock::Clock;
use eportfolio::domain::iqa_check::SampleStatus;
use eportfolio::domain::sampling::{PickedBy, Stage};
use eportfolio::ledger::{Finding, LedgerReport, verify};
use eportfolio::store::samples::{self, Sample};
use eportfolio::store::schema::{audit_entries, judgements, sample_checks, unit_sign_offs};
use eportfolio::store::{checkpoints, people, write_transaction};
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

const U002: &str = "cg-3085/u002";

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// What the fixture decided: the registration, a judgement, the sign-off and the IQA check.
struct Decided {
    w: World,
    judgement: String,
    sign_off: String,
    check: String,
}

async fn send(w: &World, who: &Person, method: Method, path: &str, body: Value) -> Reply {
    w.app
        .send(Req::new(method, path).bearer(&who.token).json(&body))
        .await
}

fn created(reply: &Reply) -> Fallible<String> {
    assert_eq!(reply.status, 201, "{}", show(reply));
    Ok(reply.json()["id"].as_str().ok_or("no id")?.to_owned())
}

/// Unit 002 judged met throughout, observed, signed off and countersigned through the API, and
/// one judgement sampled and agreed by the IQA through the API.
async fn decided() -> Fallible<Decided> {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let curriculum = eportfolio::curriculum::shipped()?;
    let (_, unit) = curriculum.unit(U002).ok_or("no Unit 002")?;
    let criteria = eportfolio::domain::sign_off::items_required(unit);
    let evidence = created(&send(&w, &w.learner, Method::POST, &format!("/api/v1/registrations/{r}/evidence"), json!({
        "kind": "work_product", "title": "My account", "activity_date": "2027-01-12", "text": "What I did with Mrs B."
    })).await)?;
    let mapped = send(
        &w,
        &w.learner,
        Method::PUT,
        &format!("/api/v1/evidence/{evidence}/mappings"),
        json!({"criteria": criteria}),
    )
    .await;
    assert_eq!(mapped.status, 200, "{}", show(&mapped));
    let declared = send(
        &w,
        &w.learner,
        Method::POST,
        &format!("/api/v1/evidence/{evidence}/declaration"),
        json!({"typed_name": w.learner.name}),
    )
    .await;
    assert_eq!(declared.status, 201, "{}", show(&declared));
    w.submit(&evidence).await;
    let mut judged = Vec::new();
    for item in &criteria {
        let body = json!({"criterion_id": item, "outcome": "met", "evidence_ids": [evidence], "feedback": "Shown clearly."});
        judged.push(created(
            &send(
                &w,
                &w.assessor,
                Method::POST,
                &format!("/api/v1/registrations/{r}/decisions"),
                body,
            )
            .await,
        )?);
    }
    created(&send(&w, &w.assessor, Method::POST, &format!("/api/v1/registrations/{r}/observations"), json!({
        "planned": true, "observed_on": "2027-01-10", "setting": "Mrs B's home, a support planning review",
        "people_present": [{"name": "Mrs B", "role": "person supported", "consent": true}],
        "narrative": "Lee led the review and checked each outcome with Mrs B.",
        "criteria": ["cg-3085/u002/lo2/ac2.1", "cg-3085/u002/lo3/ac3.2"], "range_items": ["cg-3085/u002/lo2/range1/3"]
    })).await)?;
    let unit_path = format!("/api/v1/registrations/{r}/units/{U002}");
    let sign_off = created(
        &send(
            &w,
            &w.assessor,
            Method::POST,
            &format!("{unit_path}/sign-off"),
            json!({}),
        )
        .await,
    )?;
    let countersigned = send(
        &w,
        &w.learner,
        Method::POST,
        &format!("{unit_path}/countersign"),
        json!({}),
    )
    .await;
    assert_eq!(countersigned.status, 201, "{}", show(&countersigned));
    let sample = sample_of(&w, &r, &judged[0])?;
    let check = created(
        &send(
            &w,
            &w.iqa,
            Method::POST,
            &format!("/api/v1/samples/{sample}/outcome"),
            json!({"outcome": "agree", "feedback": "Sound judgement, well evidenced."}),
        )
        .await,
    )?;
    Ok(Decided {
        w,
        judgement: judged[0].clone(),
        sign_off,
        check,
    })
}

/// An open sample of the judgement, written straight to the store (the sampling journeys take
/// samples through the API; here only the IQA's outcome matters).
fn sample_of(w: &World, registration_id: &str, judgement_id: &str) -> Fallible<String> {
    let now = w.app.clock().now().naive_utc();
    let mut conn = w.app.db.db().get()?;
    let registration = eportfolio::store::registrations::find(&mut conn, registration_id)?
        .ok_or("no such registration")?;
    let judgement = eportfolio::store::judgements::of_registration(&mut conn, registration_id)?
        .into_iter()
        .find(|j| j.id == judgement_id)
        .ok_or("no such judgement")?;
    let id = people::new_id();
    samples::insert(
        &mut conn,
        &Sample {
            id: id.clone(),
            centre_id: registration.centre_id,
            qualification_id: registration.qualification_id,
            plan_id: None,
            registration_id: registration_id.to_owned(),
            judgement_id: judgement.id,
            unit_id: judgement.unit_id,
            item_id: judgement.item_id,
            assessor_id: judgement.assessor_id,
            iqa_id: w.iqa.id.clone(),
            stage: Stage::Interim,
            seed: None,
            picked_by: PickedBy::Iqa,
            adjustment_reason: None,
            status: SampleStatus::Open,
            created_at: now,
        },
    )?;
    Ok(id)
}

fn ledger_report(
    w: &World,
    checkpoint: Option<&eportfolio::ledger::CheckpointFile>,
) -> Fallible<LedgerReport> {
    let mut conn = w.app.db.db().get()?;
    Ok(verify(&mut conn, checkpoint)?)
}

/// The seq of the entry the row names as its seal.
fn sealed_by(w: &World, hash: Option<String>) -> Fallible<i64> {
    let mut conn = w.app.db.db().get()?;
    let hash = hash.ok_or("the row is not sealed")?;
    Ok(audit_entries::table
        .filter(audit_entries::hash.eq(hash))
        .select(audit_entries::seq)
        .first(&mut *conn)?)
}

fn only(report: &LedgerReport) -> Fallible<&Finding> {
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    Ok(report.findings.first().ok_or("no finding")?)
}

#[actix_web::test]
async fn q4_a_clean_ledger_verifies_with_every_decision_sealed() -> TestResult {
    let d = decided().await?;
    let report = ledger_report(&d.w, None)?;
    assert!(report.holds(), "{:?}", report.findings);
    // 20 judgements, the observation, its signature, the sign-off, two signatures, the check.
    assert!(report.rows_sealed >= 25, "{report:?}");
    assert!(
        report.summary().starts_with("audit trail intact:"),
        "{}",
        report.summary()
    );
    let checkpoint = {
        let mut conn = d.w.app.db.db().get()?;
        let now = d.w.app.clock().now().naive_utc();
        let sealer = d.w.app.state().secrets.clone();
        write_transaction(&mut conn, |c| checkpoints::record(c, &sealer, now))?
    };
    checkpoint.verify_signature()?;
    assert_eq!(checkpoint.entry_count, report.entries);
    assert!(ledger_report(&d.w, Some(&checkpoint))?.holds());
    Ok(())
}

#[actix_web::test]
async fn q4_an_edited_audit_row_is_named() -> TestResult {
    let d = decided().await?;
    let mut conn = d.w.app.db.db().get()?;
    diesel::update(audit_entries::table.find(3_i64))
        .set(audit_entries::actor_name.eq("Somebody Else"))
        .execute(&mut *conn)?;
    drop(conn);
    let report = ledger_report(&d.w, None)?;
    assert!(
        report.findings.contains(&Finding::ChainBroken {
            seq: 3,
            problem: "its content does not match its hash (the row was changed)".into()
        }),
        "{:?}",
        report.findings
    );
    assert!(!report.holds());
    Ok(())
}

#[actix_web::test]
async fn q4_a_tail_deleted_since_a_checkpoint_is_found() -> TestResult {
    let d = decided().await?;
    let mut conn = d.w.app.db.db().get()?;
    let now = d.w.app.clock().now().naive_utc();
    let sealer = d.w.app.state().secrets.clone();
    let checkpoint = write_transaction(&mut conn, |c| checkpoints::record(c, &sealer, now))?;
    let counted = checkpoint.entry_count;
    // The last two entries go; the chain that is left holds by itself.
    diesel::delete(audit_entries::table.filter(audit_entries::seq.gt(counted - 2)))
        .execute(&mut *conn)?;
    drop(conn);
    let without = ledger_report(&d.w, None)?;
    assert!(
        !without
            .findings
            .iter()
            .any(|f| matches!(f, Finding::ChainBroken { .. } | Finding::Truncated { .. })),
        "{:?}",
        without.findings
    );
    let with = ledger_report(&d.w, Some(&checkpoint))?;
    let truncated = Finding::Truncated {
        entries: counted - 2,
        counted,
    };
    assert!(with.findings.contains(&truncated), "{:?}", with.findings);
    assert_eq!(
        truncated.to_string(),
        format!(
            "the audit trail has {} entries but the checkpoint counted {counted}: entries {} to {counted} were removed",
            counted - 2,
            counted - 1
        )
    );
    // A checkpoint altered to hide it is refused on its signature.
    let mut forged = checkpoint.clone();
    forged.entry_count = counted - 2;
    let refused = ledger_report(&d.w, Some(&forged))?;
    assert!(
        refused
            .findings
            .iter()
            .any(|f| matches!(f, Finding::Checkpoint(_))),
        "{:?}",
        refused.findings
    );
    Ok(())
}

#[actix_web::test]
async fn q4_a_judgement_edited_in_its_table_is_named() -> TestResult {
    let d = decided().await?;
    let mut conn = d.w.app.db.db().get()?;
    let hash: Option<String> = judgements::table
        .find(&d.judgement)
        .select(judgements::audit_hash)
        .first(&mut *conn)?;
    diesel::update(judgements::table.find(&d.judgement))
        .set(judgements::outcome.eq("not_yet_met"))
        .execute(&mut *conn)?;
    drop(conn);
    let seq = sealed_by(&d.w, hash)?;
    let report = ledger_report(&d.w, None)?;
    let found = only(&report)?;
    assert_eq!(
        found,
        &Finding::RowChanged {
            table: "judgements",
            id: d.judgement.clone(),
            seq
        }
    );
    assert_eq!(
        found.to_string(),
        format!(
            "judgements row {} was changed after audit entry {seq} recorded it (its content no longer matches the entry's hash of it)",
            d.judgement
        )
    );
    Ok(())
}

#[actix_web::test]
async fn q4_a_sign_off_edited_in_its_table_is_named() -> TestResult {
    let d = decided().await?;
    let mut conn = d.w.app.db.db().get()?;
    let hash: Option<String> = unit_sign_offs::table
        .find(&d.sign_off)
        .select(unit_sign_offs::audit_hash)
        .first(&mut *conn)?;
    let earlier = d.w.app.clock().now().naive_utc() - chrono::Duration::days(30);
    diesel::update(unit_sign_offs::table.find(&d.sign_off))
        .set(unit_sign_offs::signed_off_at.eq(earlier))
        .execute(&mut *conn)?;
    drop(conn);
    let seq = sealed_by(&d.w, hash)?;
    let report = ledger_report(&d.w, None)?;
    assert_eq!(
        only(&report)?,
        &Finding::RowChanged {
            table: "unit_sign_offs",
            id: d.sign_off.clone(),
            seq
        }
    );
    Ok(())
}

#[actix_web::test]
async fn q4_an_iqa_outcome_edited_in_its_table_is_named() -> TestResult {
    let d = decided().await?;
    let mut conn = d.w.app.db.db().get()?;
    let hash: Option<String> = sample_checks::table
        .find(&d.check)
        .select(sample_checks::audit_hash)
        .first(&mut *conn)?;
    diesel::update(sample_checks::table.find(&d.check))
        .set(sample_checks::outcome.eq("refer"))
        .execute(&mut *conn)?;
    drop(conn);
    let seq = sealed_by(&d.w, hash)?;
    let report = ledger_report(&d.w, None)?;
    assert_eq!(
        only(&report)?,
        &Finding::RowChanged {
            table: "sample_checks",
            id: d.check.clone(),
            seq
        }
    );
    Ok(())
}

#[actix_web::test]
async fn q4_a_removed_seal_is_named() -> TestResult {
    let d = decided().await?;
    let mut conn = d.w.app.db.db().get()?;
    let hash: Option<String> = judgements::table
        .find(&d.judgement)
        .select(judgements::audit_hash)
        .first(&mut *conn)?;
    diesel::update(judgements::table.find(&d.judgement))
        .set(judgements::audit_hash.eq(None::<String>))
        .execute(&mut *conn)?;
    drop(conn);
    let seq = sealed_by(&d.w, hash)?;
    assert_eq!(
        only(&ledger_report(&d.w, None)?)?,
        &Finding::SealRemoved {
            table: "judgements",
            id: d.judgement.clone(),
            seq
        }
    );
    Ok(())
}
