//! The learner's e-portfolio through the API, on the database under test: registration rules,
//! evidence, mapping, declaration, submission, files and the tracker, with the bad inputs.

use serde_json::json;

use crate::support::{Req, TestResult, UPLOAD_LIMIT, upload};
use crate::world::World;

fn files_on_disk(w: &World) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        if e.path().is_dir() {
                            count(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    count(&w.app.db.folder().join("files"))
}

#[actix_web::test]
async fn a_learner_evidences_maps_declares_submits_and_the_tracker_follows() -> TestResult {
    let w = World::new().await?;
    let (app, learner, r) = (&w.app, &w.learner, &w.registration);
    let created = app
        .send(Req::post(&format!("/api/v1/registrations/{r}/evidence")).bearer(&learner.token).json(&json!({
            "kind": "project_assignment", "title": "My project", "activity_date": "2027-01-12", "text": "Co-production with Mr B: we planned outcomes together."
        })))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap_or_default().to_owned();
    let mapped = app
        .send(
            Req::new(
                actix_web::http::Method::PUT,
                &format!("/api/v1/evidence/{id}/mappings"),
            )
            .bearer(&learner.token)
            .json(&json!({"criteria": ["sqa-fx35-35/o1/ks1", "sqa-fx35-35/er1"]})),
        )
        .await;
    assert_eq!(mapped.status, 200, "{}", mapped.body);
    let unsigned = app
        .send(Req::post(&format!("/api/v1/evidence/{id}/submit")).bearer(&learner.token))
        .await;
    assert_eq!(unsigned.status, 422);
    assert_eq!(unsigned.json()["errors"][0]["field"], "typed_name");
    let signed = app
        .send(
            Req::post(&format!("/api/v1/evidence/{id}/declaration"))
                .bearer(&learner.token)
                .json(&json!({"typed_name": learner.name})),
        )
        .await;
    assert_eq!(signed.status, 201, "{}", signed.body);
    let submitted = app
        .send(Req::post(&format!("/api/v1/evidence/{id}/submit")).bearer(&learner.token))
        .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    assert_eq!(submitted.json()["status"], "submitted");
    let tracker = app
        .send(Req::get(&format!("/api/v1/registrations/{r}/tracker")).bearer(&learner.token))
        .await
        .json();
    let o1 = &tracker["tracker"]["units"][0]["outcomes"][0];
    assert_eq!(o1["items"][0]["status"], "submitted");
    assert_eq!(o1["items"][1]["status"], "no_evidence");
    assert_eq!(
        tracker["tracker"]["units"][0]["evidence_requirements"][0]["status"],
        "submitted"
    );
    // Submitted, it is read-only for the learner until the assessor returns it.
    let change = json!({
        "kind": "project_assignment", "title": "My project", "activity_date": "2027-01-12", "text": "Changed after signing."
    });
    let refused = app
        .send(
            Req::new(
                actix_web::http::Method::PUT,
                &format!("/api/v1/evidence/{id}"),
            )
            .bearer(&learner.token)
            .json(&change),
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("cannot be changed until your assessor returns it")
    );
    // The assessor's edit after signing keeps the old version and voids the signature.
    let edited = app
        .send(
            Req::new(
                actix_web::http::Method::PUT,
                &format!("/api/v1/evidence/{id}"),
            )
            .bearer(&w.assessor.token)
            .json(&change),
        )
        .await
        .json();
    assert_eq!(edited["status"], "draft");
    assert_eq!(edited["versions"].as_array().map(Vec::len), Some(2));
    assert_eq!(edited["declaration"]["valid"], false);
    Ok(())
}

#[actix_web::test]
async fn mapping_outside_the_qualification_is_refused_and_nothing_changes() -> TestResult {
    let w = World::new().await?;
    let (app, e) = (&w.app, &w.evidence);
    let refused = app
        .send(
            Req::new(
                actix_web::http::Method::PUT,
                &format!("/api/v1/evidence/{e}/mappings"),
            )
            .bearer(&w.learner.token)
            .json(&json!({"criteria": ["sqa-fx35-35/er2", "cg-3085/u002/lo1/ac1.1"]})),
        )
        .await;
    assert_eq!(refused.status, 422);
    assert_eq!(
        refused.json()["errors"][0]["message"],
        "cg-3085/u002/lo1/ac1.1 is not part of this learner's qualification, so evidence cannot be mapped to it"
    );
    let item = app
        .send(Req::get(&format!("/api/v1/evidence/{e}")).bearer(&w.learner.token))
        .await
        .json();
    assert_eq!(item["criteria"], json!([]));
    Ok(())
}

#[actix_web::test]
async fn another_learner_cannot_see_or_map_the_evidence() -> TestResult {
    let w = World::new().await?;
    let (app, e, f) = (&w.app, &w.evidence, &w.file);
    let other = &w.other_learner.token;
    assert_eq!(
        app.send(Req::get(&format!("/api/v1/evidence/{e}")).bearer(other))
            .await
            .status,
        404
    );
    assert_eq!(
        app.send(Req::get(&format!("/api/v1/evidence/{e}/files/{f}")).bearer(other))
            .await
            .status,
        404
    );
    let map = app
        .send(
            Req::new(
                actix_web::http::Method::PUT,
                &format!("/api/v1/evidence/{e}/mappings"),
            )
            .bearer(other)
            .json(&json!({"criteria": ["sqa-fx35-35/er1"]})),
        )
        .await;
    assert_eq!(map.status, 404);
    assert_eq!(map.json()["code"], "not_found");
    Ok(())
}

#[actix_web::test]
async fn files_are_checked_by_their_bytes_and_sent_back_as_attachments() -> TestResult {
    let w = World::new().await?;
    let (app, e, token) = (&w.app, &w.evidence, &w.learner.token);
    let before = files_on_disk(&w);
    let path = format!("/api/v1/evidence/{e}/files");

    let empty = app.send(upload(&path, token, "empty.txt", b"")).await;
    assert_eq!(
        (
            empty.status.as_u16(),
            empty.json()["errors"][0]["message"].clone()
        ),
        (422, json!("The file is empty."))
    );

    let elf = app
        .send(upload(
            &path,
            token,
            "report.pdf",
            b"\x7fELF\x02\x01\x01\x00rest of a program",
        ))
        .await;
    assert_eq!(elf.status, 415, "{}", elf.body);
    assert_eq!(elf.json()["code"], "unsupported_media_type");

    let zip = app
        .send(upload(
            &path,
            token,
            "report.pdf",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00some zip",
        ))
        .await;
    assert_eq!(zip.status, 415, "{}", zip.body);

    let limit = usize::try_from(UPLOAD_LIMIT)?;
    let big = app
        .send(upload(&path, token, "big.txt", &vec![b'a'; limit + 1]))
        .await;
    assert_eq!(big.status, 413, "{}", big.body);
    assert_eq!(big.json()["code"], "payload_too_large");
    assert_eq!(
        files_on_disk(&w),
        before,
        "refused uploads leave nothing behind"
    );

    let ok = app
        .send(upload(
            &path,
            token,
            "../../etc/notes\u{202e}txt.md",
            b"# Notes\n\nWe agreed three outcomes.",
        ))
        .await;
    assert_eq!(ok.status, 201, "{}", ok.body);
    let body = ok.json();
    assert_eq!(body["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(body["word_count"], 5);
    let file_id = body["file_id"].as_str().unwrap_or_default().to_owned();
    let item = app
        .send(Req::get(&format!("/api/v1/evidence/{e}")).bearer(token))
        .await
        .json();
    let name = item["files"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["file_id"] == file_id.as_str()))
        .map(|x| x["filename"].clone());
    let name = name
        .and_then(|n| n.as_str().map(str::to_owned))
        .unwrap_or_default();
    assert!(!name.contains('/') && !name.contains('\u{202e}'), "{name}");

    let download = app
        .send(Req::get(&format!("/api/v1/evidence/{e}/files/{file_id}")).bearer(&w.assessor.token))
        .await;
    assert_eq!(download.status, 200);
    assert_eq!(download.header("x-content-type-options"), "nosniff");
    assert!(
        download
            .header("content-disposition")
            .starts_with("attachment"),
        "{}",
        download.header("content-disposition")
    );
    assert_eq!(download.body, "# Notes\n\nWe agreed three outcomes.");
    Ok(())
}

#[actix_web::test]
async fn registration_rules_are_enforced_through_the_api_and_nothing_is_stored() -> TestResult {
    let w = World::new().await?;
    let (app, a) = (&w.app, &w.centre_a);
    make_staff_eligible(&w)?;
    // C8 needs someone who holds both roles: make the assessor an IQA too.
    w.ensure_role(&w.assessor.id, a, eportfolio::domain::roles::Role::Iqa)?;
    let base = json!({
        "learner": {"name": "Mòrag O'Neill", "email": "morag.learner@example.org", "date_of_birth": "1990-01-01"},
        "qualification_id": "cg-3085-02", "start_date": "2027-02-01", "planned_end_date": "2027-12-01",
        "workplace": "Day service", "assessor_id": w.assessor.id, "iqa_id": w.iqa.id,
    });
    let post = |body: serde_json::Value| {
        Req::post(&format!("/api/v1/centres/{a}/registrations"))
            .bearer(&w.centre_admin.token)
            .json(&body)
    };
    let cases = [
        (
            json!({"learner": {"name": "Young", "email": "young@example.org", "date_of_birth": "2011-01-16"}}),
            "under_minimum_age",
        ),
        (json!({"prior_learning": "NVQ 3"}), "rpl_not_allowed"),
        (json!({"iqa_id": w.assessor.id}), "iqa_own_decision"),
        (json!({"assessor_id": w.tutor.id}), "invalid"),
    ];
    let count = |w: &World| -> Result<usize, Box<dyn std::error::Error>> {
        let mut conn = w.app.db.db().get()?;
        Ok(eportfolio::store::registrations::of_centre(&mut conn, &w.centre_a)?.len())
    };
    let before = count(&w)?;
    for (change, code) in cases {
        let mut body = base.clone();
        if let (Some(target), Some(changes)) = (body.as_object_mut(), change.as_object()) {
            for (k, v) in changes {
                target.insert(k.clone(), v.clone());
            }
        }
        let reply = app.send(post(body)).await;
        assert_eq!(reply.status, 422, "{code}: {}", reply.body);
        assert_eq!(reply.json()["code"], code, "{}", reply.body);
    }
    assert_eq!(count(&w)?, before, "refused registrations store nothing");
    let ok = app.send(post(base)).await;
    assert_eq!(ok.status, 201, "{}", ok.body);
    assert_eq!(count(&w)?, before + 1);
    Ok(())
}

#[actix_web::test]
async fn removing_a_role_ends_that_persons_sessions_at_once() -> TestResult {
    let w = World::new().await?;
    let (app, a, spare) = (&w.app, &w.centre_a, &w.spare);
    assert_eq!(
        app.send(Req::get(&format!("/api/v1/centres/{a}")).bearer(&spare.token))
            .await
            .status,
        200
    );
    let removed = app
        .send(
            Req::delete(&format!(
                "/api/v1/centres/{a}/users/{}/roles/tutor",
                spare.id
            ))
            .bearer(&w.centre_admin.token),
        )
        .await;
    assert_eq!(removed.status, 204, "{}", removed.body);
    let after = app
        .send(Req::get("/api/v1/registrations").bearer(&spare.token))
        .await;
    assert_eq!(after.status, 401);
    assert_eq!(after.json()["code"], "unauthenticated");
    Ok(())
}

/// The centre's assessor and IQA made eligible (credentials recorded), for registration tests.
pub(crate) fn make_staff_eligible(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = w.app.db.db().get()?;
    let credentials = [
        (&w.assessor.id, "competence", "occupationally_competent"),
        (&w.assessor.id, "qualification", "a1"),
        (&w.iqa.id, "competence", "occupationally_knowledgeable"),
    ];
    for (user, kind, code) in credentials {
        eportfolio::store::people::insert_credential(
            &mut conn,
            &eportfolio::store::people::StaffCredential {
                id: eportfolio::store::people::new_id(),
                user_id: user.clone(),
                kind: kind.into(),
                code: code.into(),
                statement: "seen".into(),
                dated_on: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default(),
                recorded_by: w.centre_admin.id.clone(),
                created_at: chrono::NaiveDateTime::default(),
                centre_id: Some(w.centre_a.clone()),
            },
        )?;
    }
    Ok(())
}

fn csv_rows(w: &World, rows: usize, bad_row: Option<usize>) -> String {
    let mut csv = String::from(
        "\u{feff}learner_name,learner_email,date_of_birth,qualification_id,start_date,planned_end_date,assessor_email,iqa_email,workplace\n",
    );
    for i in 0..rows {
        let born = if Some(i) == bad_row {
            "2012-01-01"
        } else {
            "1990-01-01"
        };
        csv.push_str(&format!(
            "Learner {i},learner{i}@import.example.org,{born},cg-3085-02,2027-02-01,2027-12-01,{},{},Day service\n",
            w.assessor.email, w.iqa.email
        ));
    }
    csv
}

fn registered(w: &World) -> Result<usize, Box<dyn std::error::Error>> {
    let mut conn = w.app.db.db().get()?;
    Ok(eportfolio::store::registrations::of_centre(&mut conn, &w.centre_a)?.len())
}

#[actix_web::test]
async fn a_csv_with_one_bad_row_among_a_hundred_imports_nothing_and_names_the_row() -> TestResult {
    let w = World::new().await?;
    make_staff_eligible(&w)?;
    let before = registered(&w)?;
    let path = format!("/api/v1/centres/{}/registrations/import", w.centre_a);
    let import = |csv: String| {
        Req::post(&path)
            .bearer(&w.centre_admin.token)
            .header("content-type", "text/csv")
            .body(csv.into_bytes())
    };
    let refused = w.app.send(import(csv_rows(&w, 100, Some(57)))).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let rows = refused.json()["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let bad: Vec<_> = rows.iter().filter(|r| r["ok"] == false).collect();
    assert_eq!(bad.len(), 1);
    // Row 59: the header is row 1, so learner 57 is on row 59.
    assert_eq!(
        (bad[0]["row"].clone(), bad[0]["code"].clone()),
        (json!(59), json!("under_minimum_age"))
    );
    assert_eq!(registered(&w)?, before, "nothing was imported");

    let accepted = w.app.send(import(csv_rows(&w, 100, None))).await;
    assert_eq!(accepted.status, 201, "{}", accepted.body);
    assert_eq!(accepted.json()["imported"], 100);
    assert_eq!(registered(&w)?, before + 100);
    Ok(())
}

#[actix_web::test]
async fn a_csv_missing_a_column_is_refused_with_its_name() -> TestResult {
    let w = World::new().await?;
    let path = format!("/api/v1/centres/{}/registrations/import", w.centre_a);
    let csv = "learner_name,learner_email\nA,a@example.org\n";
    let reply = w
        .app
        .send(
            Req::post(&path)
                .bearer(&w.centre_admin.token)
                .header("content-type", "text/csv")
                .body(csv.as_bytes().to_vec()),
        )
        .await;
    assert_eq!(reply.status, 422);
    let errors = reply.json()["errors"].to_string();
    assert!(
        errors.contains("The column \\\"date_of_birth\\\" is missing from the first row"),
        "{errors}"
    );
    Ok(())
}

/// The tracker's SQL statements do not grow with the number of evidence items (no N+1).
#[actix_web::test]
async fn the_tracker_issues_the_same_statements_for_1_or_40_evidence_items() -> TestResult {
    let w = World::new().await?;
    let (app, r) = (&w.app, &w.registration);
    let tracker =
        || Req::get(&format!("/api/v1/registrations/{r}/tracker")).bearer(&w.learner.token);
    // Warm up (the session's idle timer may be touched once).
    assert_eq!(app.send(tracker()).await.status, 200);
    let before = app.db.statements();
    assert_eq!(app.send(tracker()).await.status, 200);
    let with_one = app.db.statements() - before;
    // Session, user, roles, grants, registration, items, mappings, file words: all counted.
    assert!(with_one >= 6, "only {with_one} statements were counted");
    for i in 0..39 {
        let created = app
            .send(Req::post(&format!("/api/v1/registrations/{r}/evidence")).bearer(&w.learner.token).json(&json!({
                "kind": "work_product", "title": format!("Item {i}"), "activity_date": "2027-01-11", "text": "A rota."
            })))
            .await;
        let id = created.json()["id"].as_str().unwrap_or_default().to_owned();
        let mapped = app
            .send(
                Req::new(
                    actix_web::http::Method::PUT,
                    &format!("/api/v1/evidence/{id}/mappings"),
                )
                .bearer(&w.learner.token)
                .json(&json!({"criteria": ["sqa-fx35-35/o1/ks2", "sqa-fx35-35/er2"]})),
            )
            .await;
        assert_eq!(mapped.status, 200);
    }
    let before = app.db.statements();
    let reply = app.send(tracker()).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["evidence"].as_array().map(Vec::len), Some(40));
    let with_forty = app.db.statements() - before;
    assert_eq!(
        with_forty, with_one,
        "statements for the tracker with 1 item: {with_one}, with 40: {with_forty}"
    );
    Ok(())
}

#[actix_web::test]
async fn the_assessors_caseload_shows_progress_and_what_waits() -> TestResult {
    let w = World::new().await?;
    let (app, learner) = (&w.app, &w.learner);
    let e = &w.evidence;
    app.send(
        Req::new(
            actix_web::http::Method::PUT,
            &format!("/api/v1/evidence/{e}/mappings"),
        )
        .bearer(&learner.token)
        .json(&json!({"criteria": ["sqa-fx35-35/er1"]})),
    )
    .await;
    app.send(
        Req::post(&format!("/api/v1/evidence/{e}/declaration"))
            .bearer(&learner.token)
            .json(&json!({"typed_name": learner.name})),
    )
    .await;
    let submitted = app
        .send(Req::post(&format!("/api/v1/evidence/{e}/submit")).bearer(&learner.token))
        .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let caseload = app
        .send(Req::get("/api/v1/caseload").bearer(&w.assessor.token))
        .await
        .json();
    let row = &caseload["learners"][0];
    assert_eq!(row["registration_id"], w.registration.as_str());
    assert_eq!(row["awaiting_assessment"], 1);
    assert_eq!(
        row["percent_evidenced"], 2,
        "1 of 36 items (29 Knowledge/Skills and 7 Evidence Requirements)"
    );
    let learner_view = app
        .send(Req::get("/api/v1/caseload").bearer(&learner.token))
        .await
        .json();
    assert_eq!(learner_view["learners"], json!([]));
    Ok(())
}

/// Polls `done` every 20 ms for up to 10 s (the server works on its own threads).
async fn wait_until(what: &str, mut done: impl FnMut() -> bool) -> TestResult {
    for _ in 0..500 {
        if done() {
            return Ok(());
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    Err(format!("timed out waiting until {what}").into())
}

#[actix_web::test]
async fn an_upload_cut_off_half_way_leaves_nothing_behind() -> TestResult {
    use tokio::io::AsyncWriteExt;

    let w = World::new().await?;
    let (e, token) = (&w.evidence, &w.learner.token);
    let addr = w.app.serve()?;
    let before = files_on_disk(&w);
    let item_before = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{e}")).bearer(token))
        .await
        .json();

    const BOUNDARY: &str = "cut-off-boundary";
    let mut body = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\n").into_bytes();
    body.extend(std::iter::repeat_n(b'a', 512 * 1024));
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let head = format!(
        "POST /api/v1/evidence/{e}/files HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&body[..body.len() / 2]).await?;
    stream.flush().await?;
    // The server is streaming the file into a temporary file…
    wait_until("the upload has begun", || files_on_disk(&w) > before).await?;
    // …when the client goes away with half the bytes sent.
    drop(stream);
    wait_until("the partial file is removed", || {
        files_on_disk(&w) == before
    })
    .await?;

    let item_after = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{e}")).bearer(token))
        .await
        .json();
    assert!(item_before["files"].is_array() && item_before["current_version"].is_number());
    assert_eq!(item_after["files"], item_before["files"], "no file row");
    assert_eq!(
        item_after["current_version"], item_before["current_version"],
        "no new version"
    );
    Ok(())
}

#[actix_web::test]
async fn an_id_that_cannot_be_one_answers_404_as_a_problem_and_as_a_page() -> TestResult {
    let w = World::new().await?;
    let (app, learner) = (&w.app, &w.learner);
    let too_long = "x".repeat(200);
    for id in [too_long.as_str(), "a%20b"] {
        let api = app
            .send(Req::get(&format!("/api/v1/evidence/{id}")).bearer(&learner.token))
            .await;
        assert_eq!(api.status, 404, "{id}: {}", api.body);
        assert_eq!(api.header("content-type"), "application/problem+json");
        // The issuer profile is JSON outside /api/v1: its 404 is a problem too.
        let issuer = app.send(Req::get(&format!("/issuers/{id}"))).await;
        assert_eq!(issuer.status, 404, "{id}: {}", issuer.body);
        assert_eq!(issuer.header("content-type"), "application/problem+json");
        let session = w.page_session(learner).await?;
        let page = app
            .send(Req::get(&format!("/registrations/{id}/tracker")).session(&session.cookie))
            .await;
        assert_eq!(page.status, 404, "{id}");
        assert!(page.header("content-type").starts_with("text/html"));
    }
    Ok(())
}
