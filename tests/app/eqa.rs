//! External quality assurance: an EQA sees only the qualification granted, read-only; every
//! record they open is logged for the centre; their own sample creates no IQA work; the sample
//! pack is one ZIP with a folder per sampled learner that works without the platform.

use eportfolio::domain::iqa_check::SampleStatus;
use eportfolio::domain::judgement::JudgementOutcome;
use eportfolio::domain::registration::RegistrationStatus;
use eportfolio::domain::sampling::{PickedBy, Stage};
use std::io::Read;

use chrono::NaiveDate;
use eportfolio::clock::Clock;
use eportfolio::store::judgements::{self, Judgement};
use eportfolio::store::registrations::{self, Registration};
use eportfolio::store::samples::{self, Sample};
use eportfolio::store::signatures::{self, Signature};
use eportfolio::store::{eqa, people, write_transaction};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::{Req, TestResult};
use crate::world::{EQA_QUALIFICATION, World, show};

/// Something the learner wrote that must come out escaped.
const AWKWARD_NAME: &str = "Zoë <O'Brien> & \"Co\"";
const UPLOADED: &str = "Reflective account.\nWhat I did — and why.\n";

fn now(w: &World) -> chrono::NaiveDateTime {
    w.app.clock().now().naive_utc()
}

/// Register `learner_id` on `qualification` at centre A, assessed by the assessor.
fn register(
    w: &World,
    learner_id: &str,
    qualification: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let id = people::new_id();
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let mut conn = w.app.db.db().get()?;
    registrations::insert(
        &mut conn,
        &Registration {
            id: id.clone(),
            centre_id: w.centre_a.clone(),
            learner_id: learner_id.to_owned(),
            qualification_id: qualification.to_owned(),
            awarding_body_ref: None,
            date_of_birth: date(1991, 2, 3),
            start_date: date(2027, 1, 4),
            planned_end_date: date(2027, 12, 17),
            employer: "Care at Home Ltd".to_owned(),
            workplace: "Nairn".to_owned(),
            assessor_id: w.assessor.id.clone(),
            iqa_id: w.iqa.id.clone(),
            tutor_id: None,
            support_needs: String::new(),
            reasonable_adjustments: String::new(),
            open_learning: false,
            authenticator: None,
            status: RegistrationStatus::Active,
            registered_on: date(2027, 1, 4),
            created_at: now(w),
        },
    )?;
    Ok(id)
}

/// A judgement (a decision) on a registration's item, with feedback.
fn judge(
    w: &World,
    registration: &str,
    item: &str,
    unit: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let id = people::new_id();
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        judgements::insert(
            conn,
            &Judgement {
                id: id.clone(),
                registration_id: registration.to_owned(),
                item_id: item.to_owned(),
                unit_id: unit.to_owned(),
                round: 1,
                outcome: JudgementOutcome::Met,
                feedback: "Clear <b>account</b> of the support plan.".to_owned(),
                assessor_id: w.assessor.id.clone(),
                judged_at: now(w),
            },
            &[],
        )
    })?;
    Ok(id)
}

/// The IQA samples a decision (as H1's sampling would store it).
fn iqa_sample(
    w: &World,
    registration: &str,
    judgement: &str,
    qualification: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let id = people::new_id();
    let mut conn = w.app.db.db().get()?;
    samples::insert(
        &mut conn,
        &Sample {
            id: id.clone(),
            centre_id: w.centre_a.clone(),
            qualification_id: qualification.to_owned(),
            plan_id: None,
            registration_id: registration.to_owned(),
            judgement_id: judgement.to_owned(),
            unit_id: "sqa-fx35-35".to_owned(),
            item_id: "sqa-fx35-35/o1/ks1".to_owned(),
            assessor_id: w.assessor.id.clone(),
            iqa_id: w.iqa.id.clone(),
            stage: Stage::Interim,
            seed: Some(7),
            picked_by: PickedBy::Iqa,
            adjustment_reason: None,
            status: SampleStatus::Open,
            created_at: now(w),
        },
    )?;
    Ok(id)
}

fn viewed(w: &World) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let mut conn = w.app.db.db().get()?;
    Ok(eqa::views_at(&mut conn, &w.centre_a, 1000)?
        .into_iter()
        .map(|e| (e.record_type, e.record_id))
        .collect())
}

#[actix_web::test]
async fn eqa_sees_only_their_qualification_and_every_record_opened_is_logged() -> TestResult {
    let w = World::new().await?;
    let (a, r, e, f) = (&w.centre_a, &w.registration, &w.evidence, &w.file);
    let other = w.register_on_cg_3085_02()?;
    let eqa = &w.eqa.token;

    let reply = w
        .app
        .send(Req::get(&format!("/api/v1/centres/{a}/eqa")).bearer(eqa))
        .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    let body = reply.json();
    let ids: Vec<&str> = body["qualifications"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|q| q["id"].as_str())
        .collect();
    assert_eq!(ids, [EQA_QUALIFICATION]);
    let learners = body["qualifications"][0]["learners"].to_string();
    assert!(learners.contains(r.as_str()) && !learners.contains(other.as_str()));
    assert!(
        body["eqa_access_log"].is_null(),
        "the log is the centre's, not the EQA's"
    );

    // Another qualification, by every door: 404.
    for path in [
        format!("/api/v1/centres/{a}/eqa?qualification_id=cg-3085-02"),
        format!("/api/v1/registrations/{other}"),
        format!("/api/v1/registrations/{other}/tracker"),
        format!("/api/v1/registrations/{other}/assessment"),
        format!("/api/v1/centres/{a}/sample-pack.zip?qualification_id=cg-3085-02"),
    ] {
        let reply = w.app.send(Req::get(&path).bearer(eqa)).await;
        assert_eq!(
            (reply.status.as_u16(), reply.json()["code"].clone()),
            (404, json!("not_found")),
            "{path}"
        );
    }

    // Each record opened, through the API and the pages, is in the centre's log.
    let page = w.page_session(&w.eqa).await?;
    for path in [
        format!("/api/v1/registrations/{r}"),
        format!("/api/v1/registrations/{r}/tracker"),
        format!("/api/v1/evidence/{e}"),
        format!("/api/v1/evidence/{e}/files/{f}"),
        format!("/api/v1/registrations/{r}/assessment"),
    ] {
        let reply = w.app.send(Req::get(&path).bearer(eqa)).await;
        assert_eq!(reply.status, 200, "{path}: {}", show(&reply));
    }
    for path in [
        format!("/registrations/{r}/tracker"),
        format!("/centres/{a}/eqa"),
    ] {
        let reply = w.app.send(Req::get(&path).session(&page.cookie)).await;
        assert_eq!(reply.status, 200, "{path}: {}", show(&reply));
    }
    let log = viewed(&w)?;
    for (kind, id) in [
        ("registration", r.clone()),
        ("evidence_item", e.clone()),
        ("evidence_file", f.clone()),
        ("page", format!("/api/v1/centres/{a}/eqa")),
        ("page", format!("/centres/{a}/eqa")),
    ] {
        assert!(
            log.contains(&(kind.to_owned(), id.clone())),
            "{kind} {id} not logged: {log:?}"
        );
    }
    assert_eq!(
        log.iter()
            .filter(|(k, id)| k == "registration" && id == r)
            .count(),
        4,
        "registration, tracker (API and page), assessment"
    );
    // Refused reads are not "opened"; staff reads are not EQA reads.
    let before = log.len();
    w.app
        .send(Req::get(&format!("/api/v1/registrations/{r}")).bearer(&w.centre_admin.token))
        .await;
    assert_eq!(viewed(&w)?.len(), before);

    // The centre administrator sees the log; the IQA sees the overview without it.
    let admin = w
        .app
        .send(Req::get(&format!("/api/v1/centres/{a}/eqa")).bearer(&w.centre_admin.token))
        .await
        .json();
    let entries = admin["eqa_access_log"].as_array().map_or(0, Vec::len);
    assert_eq!(entries, before, "{admin}");
    assert_eq!(admin["eqa_access_log"][0]["eqa_name"], json!(w.eqa.name));
    let iqa = w
        .app
        .send(Req::get(&format!("/api/v1/centres/{a}/eqa")).bearer(&w.iqa.token))
        .await
        .json();
    assert!(iqa["eqa_access_log"].is_null());
    let page = w.page_session(&w.centre_admin).await?;
    let html = w
        .app
        .send(Req::get(&format!("/centres/{a}/eqa")).session(&page.cookie))
        .await;
    assert!(html.body.contains("What EQAs opened") && html.body.contains(&w.eqa.name));
    Ok(())
}

#[actix_web::test]
async fn eqa_writes_are_refused_and_other_qualifications_are_not_found() -> TestResult {
    let w = World::new().await?;
    let (a, r, e) = (&w.centre_a, &w.registration, &w.evidence);
    let eqa = &w.eqa.token;
    let writes = [
        (
            format!("/api/v1/registrations/{r}/evidence"),
            json!({"kind": "reflective_account", "title": "By the EQA", "activity_date": "2027-01-10"}),
        ),
        (
            format!("/api/v1/registrations/{r}/decisions"),
            json!({"criterion_id": "sqa-fx35-35/o1/ks1", "outcome": "met", "evidence_ids": [e], "feedback": "x"}),
        ),
        (format!("/api/v1/evidence/{e}/submit"), json!({})),
        (
            format!("/api/v1/registrations/{r}/withdraw"),
            json!({"reason": "x"}),
        ),
        (
            format!("/api/v1/centres/{a}/samples"),
            json!({"judgement_ids": [], "stage": "interim"}),
        ),
    ];
    for (path, body) in &writes {
        let reply = w.app.send(Req::post(path).bearer(eqa).json(body)).await;
        assert_eq!(
            (reply.status.as_u16(), reply.json()["code"].clone()),
            (403, json!("forbidden")),
            "{path}"
        );
    }
    // A page form post too.
    let page = w.page_session(&w.eqa).await?;
    let reply = w
        .app
        .send(
            Req::post(&format!("/registrations/{r}/evidence"))
                .session(&page.cookie)
                .same_origin()
                .form(&[
                    ("csrf_token", &page.csrf),
                    ("kind", "reflective_account"),
                    ("title", "x"),
                ]),
        )
        .await;
    assert_eq!(reply.status, 403, "{}", show(&reply));
    // The EQA's own sample is theirs: the centre's staff cannot write it.
    for who in [&w.centre_admin, &w.iqa] {
        let reply = w
            .app
            .send(
                Req::post(&format!("/api/v1/centres/{a}/eqa-samples"))
                    .bearer(&who.token)
                    .json(&json!({"judgement_ids": ["x"]})),
            )
            .await;
        assert_eq!(reply.status, 403, "{}", show(&reply));
    }
    // Another qualification's decision and sample: 404, as if they did not exist.
    let other = w.register_on_cg_3085_02()?;
    let decision = judge(&w, &other, "cg-3085/u002/lo1/ac1.1", "cg-3085/u002")?;
    iqa_sample(&w, &other, &decision, "cg-3085-02")?;
    let reply = w
        .app
        .send(
            Req::post(&format!("/api/v1/centres/{a}/eqa-samples"))
                .bearer(eqa)
                .json(&json!({"judgement_ids": [decision]})),
        )
        .await;
    assert_eq!(
        (reply.status.as_u16(), reply.json()["code"].clone()),
        (404, json!("not_found")),
        "{}",
        show(&reply)
    );
    let overview = w
        .app
        .send(Req::get(&format!("/api/v1/centres/{a}/eqa")).bearer(eqa))
        .await;
    assert!(
        !overview.body.contains(&decision),
        "another qualification's sample is not shown"
    );
    // Centre B: nothing at all.
    let reply = w
        .app
        .send(Req::get(&format!("/api/v1/centres/{}/eqa", w.centre_b)).bearer(eqa))
        .await;
    assert_eq!(reply.status, 404);
    Ok(())
}

#[actix_web::test]
async fn eqa_picks_their_own_sample_without_making_iqa_work() -> TestResult {
    let w = World::new().await?;
    let (a, r) = (&w.centre_a, &w.registration);
    let decision = judge(&w, r, "sqa-fx35-35/o1/ks1", "sqa-fx35-35")?;
    let path = format!("/api/v1/centres/{a}/eqa-samples");

    let reply = w
        .app
        .send(
            Req::post(&path)
                .bearer(&w.eqa.token)
                .json(&json!({"judgement_ids": []})),
        )
        .await;
    assert_eq!(
        (
            reply.status.as_u16(),
            reply.json()["errors"][0]["field"].clone()
        ),
        (422, json!("judgement_ids"))
    );
    let reply = w
        .app
        .send(
            Req::post(&path)
                .bearer(&w.eqa.token)
                .json(&json!({"judgement_ids": [decision], "note": "Interim check of o1"})),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    assert_eq!(
        reply.json()["eqa_samples"][0]["judgement_id"],
        json!(decision)
    );
    // Picking again keeps one pick.
    let again = w
        .app
        .send(
            Req::post(&path)
                .bearer(&w.eqa.token)
                .json(&json!({"judgement_ids": [decision]})),
        )
        .await;
    assert_eq!(
        (again.status.as_u16(), again.json()["eqa_samples"].clone()),
        (201, json!([]))
    );

    let mut conn = w.app.db.db().get()?;
    assert!(
        samples::of_centre(&mut conn, a)?.is_empty(),
        "no IQA sample was made"
    );
    assert_eq!(
        eqa::samples_of(&mut conn, a, &[EQA_QUALIFICATION.to_owned()])?.len(),
        1
    );
    drop(conn);
    let iqa = w
        .app
        .send(Req::get(&format!("/api/v1/centres/{a}/eqa")).bearer(&w.iqa.token))
        .await
        .json();
    let q = &iqa["qualifications"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|q| q["id"] == json!(EQA_QUALIFICATION))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(q["samples"], json!([]), "the IQA has no new sample");
    assert_eq!(q["eqa_samples"][0]["note"], json!("Interim check of o1"));
    let eqa_view = w
        .app
        .send(Req::get(&format!("/api/v1/centres/{a}/eqa")).bearer(&w.eqa.token))
        .await
        .json();
    assert_eq!(
        eqa_view["qualifications"][0]["pickable_decisions"],
        json!([]),
        "a picked decision is not offered again"
    );

    // The page form does the same, and shows the problem by the field.
    judge(&w, r, "sqa-fx35-35/o1/ks2", "sqa-fx35-35")?;
    let page = w.page_session(&w.eqa).await?;
    let reply = w
        .app
        .send(
            Req::post(&format!("/centres/{a}/eqa-samples"))
                .session(&page.cookie)
                .same_origin()
                .form(&[("csrf_token", &page.csrf), ("note", "none chosen")]),
        )
        .await;
    assert_eq!(reply.status, 422, "{}", show(&reply));
    assert!(
        reply.body.contains("Choose at least one decision.") && reply.body.contains("none chosen")
    );
    Ok(())
}

async fn download(
    w: &World,
    path: &str,
    token: &str,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let addr = w.app.serve()?;
    let mut response = awc::Client::default()
        .get(format!("http://{addr}{path}"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .map_err(|e| format!("{e}"))?;
    if response.status() != 200 {
        return Err(format!("{path} answered {}", response.status()).into());
    }
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_eq!(kind, "application/zip");
    Ok(response.body().limit(64 * 1024 * 1024).await?.to_vec())
}

fn entry(
    zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
    name: &str,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut bytes = Vec::new();
    zip.by_name(name)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[actix_web::test]
async fn the_sample_pack_has_a_folder_per_learner_that_works_offline() -> TestResult {
    let w = World::new().await?;
    let (a, r, e) = (&w.centre_a, &w.registration, &w.evidence);
    {
        use diesel::prelude::*;
        use eportfolio::store::schema::users;
        let mut conn = w.app.db.db().get()?;
        diesel::update(users::table.find(&w.learner.id))
            .set(users::name.eq(AWKWARD_NAME))
            .execute(&mut *conn)?;
    }
    // An upload through the API, a decision, a signature, and the IQA's samples of two learners.
    let reply = w
        .app
        .send(crate::support::upload(
            &format!("/api/v1/evidence/{e}/files"),
            &w.learner.token,
            "account.txt",
            UPLOADED.as_bytes(),
        ))
        .await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    let uploaded_sha = reply.json()["sha256"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(uploaded_sha, hex(UPLOADED.as_bytes()));
    let decision = judge(&w, r, "sqa-fx35-35/o1/ks1", "sqa-fx35-35")?;
    iqa_sample(&w, r, &decision, EQA_QUALIFICATION)?;
    let second = register(&w, &w.other_learner.id, EQA_QUALIFICATION)?;
    let second_decision = judge(&w, &second, "sqa-fx35-35/o1/ks2", "sqa-fx35-35")?;
    iqa_sample(&w, &second, &second_decision, EQA_QUALIFICATION)?;
    let signed_hash = "ab".repeat(32);
    {
        let mut conn = w.app.db.db().get()?;
        signatures::insert(
            &mut conn,
            &Signature {
                id: people::new_id(),
                registration_id: r.clone(),
                record_type: "unit_sign_off".to_owned(),
                record_id: "matrix-sign-off".to_owned(),
                signer_role: "assessor".to_owned(),
                signer_id: Some(w.assessor.id.clone()),
                signer_name: w.assessor.name.clone(),
                signed_at: now(&w),
                client_address: "127.0.0.1".to_owned(),
                content_sha256: signed_hash.clone(),
            },
        )?;
    }

    let path = format!(
        "/api/v1/centres/{a}/sample-pack.zip?qualification_id={EQA_QUALIFICATION}&sample=iqa"
    );
    for token in [&w.centre_admin.token, &w.iqa.token] {
        download(&w, &path, token).await?;
    }
    let bytes = download(&w, &path, &w.eqa.token).await?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    let top = String::from_utf8(entry(&mut zip, "index.html")?)?;
    let folders: Vec<&str> = names
        .iter()
        .filter_map(|n| n.strip_suffix("/index.html"))
        .collect();
    assert_eq!(
        folders.len(),
        2,
        "one folder per sampled learner: {names:?}"
    );
    let mine = folders
        .iter()
        .find(|f| f.ends_with(&r.replace('-', "")[..8]))
        .ok_or("no folder for the learner")?
        .to_string();
    assert!(top.contains(&format!("href=\"{mine}/index.html\"")));
    let index = String::from_utf8(entry(&mut zip, &format!("{mine}/index.html"))?)?;
    assert!(
        index.contains("Zoë &lt;O'Brien&gt; &amp; &quot;Co&quot;"),
        "the name is escaped"
    );
    assert!(!index.contains("<O'Brien>") && !index.contains("<b>account</b>"));
    assert!(
        !index.contains("<script") && !index.contains("http://") && !index.contains("https://"),
        "nothing external"
    );
    // Each evidence file, byte for byte, linked by a relative path and shown with its SHA-256.
    let file_entries: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with(&format!("{mine}/files/")))
        .collect();
    assert_eq!(file_entries.len(), 2, "{names:?}");
    let mut found = Vec::new();
    for name in file_entries {
        let bytes = entry(&mut zip, name)?;
        let relative = name.trim_start_matches(&format!("{mine}/"));
        assert!(
            index.contains(&format!("href=\"{relative}\"")),
            "{relative} is linked"
        );
        assert!(
            index.contains(&hex(&bytes)),
            "the sha256 of {relative} is shown"
        );
        found.push(bytes);
    }
    assert!(found.contains(&UPLOADED.as_bytes().to_vec()));
    assert!(found.contains(&b"Notes from the review meeting.".to_vec()));
    // The mapping, the judgement with its feedback, the IQA record, the signature hash, the audit.
    assert!(
        index.contains("Outcome 1, Knowledge/Skills 1: ")
            && !index.contains("sqa-fx35-35/o1/ks1")
            && index.contains("Clear &lt;b&gt;account&lt;/b&gt; of the support plan.")
    );
    assert!(index.contains("IQA interim sample (open)"));
    assert!(index.contains(&signed_hash));
    assert!(
        index.contains("Audit entries about these records")
            && index.contains("Evidence file added")
    );
    // Q4: a signed checkpoint of the whole chain, its public key and how to check them.
    let checkpoint = String::from_utf8(entry(&mut zip, "ledger/checkpoint.json")?)?;
    let checkpoint = eportfolio::ledger::CheckpointFile::parse(&checkpoint)?;
    checkpoint.verify_signature()?;
    assert!(checkpoint.entry_count > 0);
    let key = String::from_utf8(entry(&mut zip, "ledger/public-key.jwk.json")?)?;
    assert!(key.contains(&checkpoint.public_key.x));
    let readme = String::from_utf8(entry(&mut zip, "ledger/README.txt")?)?;
    assert!(readme.contains("eportfolio audit verify --checkpoint checkpoint.json"));

    // The EQA's own sample is a pack of its own: empty until they pick.
    let eqa_pack = download(
        &w,
        &format!(
            "/api/v1/centres/{a}/sample-pack.zip?qualification_id={EQA_QUALIFICATION}&sample=eqa"
        ),
        &w.eqa.token,
    )
    .await?;
    let zip = zip::ZipArchive::new(std::io::Cursor::new(eqa_pack))?;
    let mut listed: Vec<&str> = zip.file_names().collect();
    listed.sort_unstable();
    assert_eq!(
        listed,
        [
            "index.html",
            "ledger/README.txt",
            "ledger/checkpoint.json",
            "ledger/public-key.jwk.json"
        ]
    );
    // Bad input: no qualification, an unknown sample.
    for (query, field) in [
        ("", "qualification_id"),
        ("?qualification_id=sqa-fx35-35&sample=all", "sample"),
    ] {
        let reply = w
            .app
            .send(
                Req::get(&format!("/api/v1/centres/{a}/sample-pack.zip{query}"))
                    .bearer(&w.iqa.token),
            )
            .await;
        assert_eq!(
            (
                reply.status.as_u16(),
                reply.json()["errors"][0]["field"].clone()
            ),
            (422, json!(field)),
            "{}",
            show(&reply)
        );
    }
    // Learners and tutors may not have it.
    let reply = w.app.send(Req::get(&path).bearer(&w.learner.token)).await;
    assert_eq!(reply.status, 403);
    Ok(())
}
