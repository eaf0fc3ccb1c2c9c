//! The learner's submission in one flow (issue 16): the one-step page posts fields, several
//! files, the mapping and the declaration at once, all or nothing; bad input keeps what was
//! typed and chosen; submitted evidence is read-only for the learner; the kinds offered are the
//! learner's awarding body's; old and new Office files are accepted.

mod form;

use serde_json::json;

use crate::support::{Reply, Req, TestResult, UPLOAD_LIMIT};
use crate::world::{PageSession, World, show};
use form::{Part, doc_bytes, post, pptx_bytes};

/// Outcome 1's seven Knowledge/Skills items as a whole, and three of outcome 2's: ten.
const O1: &str = "sqa-fx35-35/o1";
const O2: [&str; 3] = [
    "sqa-fx35-35/o2/ks1",
    "sqa-fx35-35/o2/ks2",
    "sqa-fx35-35/o2/ks3",
];

fn fields<'a>(typed_name: &'a str, intent: &'a str) -> Vec<Part<'a>> {
    vec![
        Part::Field("kind", "reflective_account"),
        Part::Field("title", "Reviewing Mr B's plan"),
        Part::Field("activity_date", "2027-01-12"),
        Part::Field("text", "I reviewed Mr B's plan with him and his sister."),
        Part::Field("whole_outcomes", O1),
        Part::Field("criteria", O2[0]),
        Part::Field("criteria", O2[1]),
        Part::Field("criteria", O2[2]),
        Part::Field("typed_name", typed_name),
        Part::Field("intent", intent),
    ]
}

async fn evidence_of(
    w: &World,
    location: &str,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let id = location
        .strip_prefix("/evidence/")
        .and_then(|rest| rest.split('?').next())
        .ok_or("no evidence in the location")?;
    let got = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{id}")).bearer(&w.learner.token))
        .await;
    assert_eq!(got.status, 200, "{}", show(&got));
    Ok(got.json())
}

/// The items listed on the registration's page.
async fn evidence_count(w: &World, r: &str, session: &PageSession) -> usize {
    let page = w
        .app
        .send(Req::get(&format!("/registrations/{r}")).session(&session.cookie))
        .await;
    page.body
        .matches("<td data-label=\"Title\"><a href=\"/evidence/")
        .count()
}

#[actix_web::test]
async fn three_files_mapped_to_ten_criteria_are_signed_and_submitted_in_one_post() -> TestResult {
    let w = World::new().await?;
    let (r, learner) = (&w.registration, &w.learner);
    let session = w.page_session(learner).await?;
    let page = w
        .app
        .send(Req::get(&format!("/registrations/{r}/evidence/new")).session(&session.cookie))
        .await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(page.body.contains("All criteria of this outcome"));
    assert!(
        page.body
            .contains("type=\"file\" id=\"files\" name=\"files\" multiple")
    );

    let mut parts = fields(&learner.name, "submit");
    parts.push(Part::File(
        "notes.txt",
        b"Notes from the review with Mr B.".to_vec(),
    ));
    parts.push(Part::File("old plan.doc", doc_bytes()));
    parts.push(Part::File("slides.pptx", pptx_bytes()?));
    let sent = w
        .app
        .send(post(
            &format!("/registrations/{r}/evidence/new"),
            &session,
            &parts,
        ))
        .await;
    assert_eq!(sent.status, 303, "{}", show(&sent));
    let location = sent.header("location").to_owned();
    assert!(location.ends_with("?done=submitted#main"), "{location}");

    let item = evidence_of(&w, &location).await?;
    assert_eq!(item["status"], "submitted");
    assert_eq!(item["criteria"].as_array().map(Vec::len), Some(10));
    assert_eq!(item["declaration"]["typed_name"], json!(learner.name));
    let files = item["files"].as_array().cloned().unwrap_or_default();
    let types: Vec<&str> = files
        .iter()
        .filter_map(|f| f["media_type"].as_str())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(types.contains(&"application/msword"), "{types:?}");
    let slides = files.iter().find(|f| f["filename"] == "slides.pptx");
    assert_eq!(slides.map(|f| f["word_count"].clone()), Some(json!(5)));
    Ok(())
}

fn assert_kept(page: &Reply, criteria: &[&str]) {
    assert_eq!(page.status, 422, "{}", show(page));
    for kept in [
        "value=\"Reviewing Mr B's plan\"",
        "value=\"2027-01-12\"",
        "I reviewed Mr B's plan with him and his sister.",
        "class=\"error-summary\"",
    ] {
        assert!(
            page.body.contains(kept),
            "{kept} is not kept: {}",
            page.body
        );
    }
    for id in criteria {
        assert!(
            page.body.contains(&format!("value=\"{id}\" checked")),
            "{id} is not ticked any more"
        );
    }
}

#[actix_web::test]
async fn bad_input_saves_nothing_and_keeps_what_was_typed_and_chosen() -> TestResult {
    let w = World::new().await?;
    let (r, learner) = (&w.registration, &w.learner);
    let session = w.page_session(learner).await?;
    let path = format!("/registrations/{r}/evidence/new");
    let before = evidence_count(&w, r, &session).await;

    // One file over the limit among several: named, and nothing is saved.
    let mut parts = fields(&learner.name, "submit");
    parts.push(Part::File("notes.txt", b"Notes.".to_vec()));
    let limit = usize::try_from(UPLOAD_LIMIT)?;
    parts.push(Part::File("video-notes.txt", vec![b'a'; limit + 1]));
    let big = w.app.send(post(&path, &session, &parts)).await;
    assert_kept(&big, &O2);
    assert!(
        big.body
            .contains("video-notes.txt: The file is larger than"),
        "{}",
        big.body
    );
    assert!(big.body.contains(&format!("value=\"{O1}\" checked")));

    // A file whose bytes are not on the allow-list, among others: named, nothing saved.
    let mut parts = fields(&learner.name, "submit");
    parts.push(Part::File(
        "report.pdf",
        b"\x7fELF\x02\x01\x01\x00a program".to_vec(),
    ));
    parts.push(Part::File("notes.txt", b"Notes.".to_vec()));
    let program = w.app.send(post(&path, &session, &parts)).await;
    assert_kept(&program, &O2);
    assert!(
        program
            .body
            .contains("report.pdf: Files of this type cannot be uploaded"),
        "{}",
        program.body
    );

    // No criterion when submitting.
    let none: Vec<Part<'_>> = fields(&learner.name, "submit")
        .into_iter()
        .filter(|p| !matches!(p, Part::Field("criteria" | "whole_outcomes", _)))
        .collect();
    let unmapped = w.app.send(post(&path, &session, &none)).await;
    assert_kept(&unmapped, &[]);
    assert!(
        unmapped
            .body
            .contains("Choose at least one criterion this evidence shows before submitting")
    );

    // No name on the declaration.
    let unsigned = w
        .app
        .send(post(&path, &session, &fields("", "submit")))
        .await;
    assert_kept(&unsigned, &O2);
    assert!(
        unsigned
            .body
            .contains("Type your name as it is on your account")
    );

    assert_eq!(
        evidence_count(&w, r, &session).await,
        before,
        "nothing was saved"
    );
    Ok(())
}

#[actix_web::test]
async fn submitted_evidence_is_read_only_for_the_learner_until_returned() -> TestResult {
    let w = World::new().await?;
    let (r, learner) = (&w.registration, &w.learner);
    let session = w.page_session(learner).await?;
    let sent = w
        .app
        .send(post(
            &format!("/registrations/{r}/evidence/new"),
            &session,
            &fields(&learner.name, "submit"),
        ))
        .await;
    assert_eq!(sent.status, 303, "{}", show(&sent));
    let item = evidence_of(&w, sent.header("location")).await?;
    let e = item["id"].as_str().ok_or("no id")?;

    let page = w
        .app
        .send(Req::get(&format!("/evidence/{e}")).session(&session.cookie))
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("cannot be changed until they return it to you")
    );
    assert!(!page.body.contains("Save a new version"));
    assert!(!page.body.contains("Save mapping"));

    let edit = w
        .app
        .send(Req::new(actix_web::http::Method::PUT, &format!("/api/v1/evidence/{e}")).bearer(&learner.token).json(&json!({
            "kind": "reflective_account", "title": "Changed", "activity_date": "2027-01-12", "text": "Changed."
        })))
        .await;
    assert_eq!(edit.status, 409, "{}", show(&edit));
    assert!(
        edit.body
            .contains("cannot be changed until your assessor returns it")
    );
    let still = evidence_of(&w, &format!("/evidence/{e}")).await?;
    assert_eq!(still["status"], "submitted");
    Ok(())
}

#[actix_web::test]
async fn the_assessor_saves_a_draft_but_only_the_learner_submits() -> TestResult {
    let w = World::new().await?;
    let r = &w.registration;
    let session = w.page_session(&w.assessor).await?;
    let path = format!("/registrations/{r}/evidence/new");
    let submit = w
        .app
        .send(post(&path, &session, &fields("Someone", "submit")))
        .await;
    assert_eq!(submit.status, 403, "{}", show(&submit));
    let draft = w
        .app
        .send(post(&path, &session, &fields("", "draft")))
        .await;
    assert_eq!(draft.status, 303, "{}", show(&draft));
    let item = evidence_of(&w, draft.header("location")).await?;
    assert_eq!(item["status"], "draft");
    assert_eq!(item["declaration"], serde_json::Value::Null);
    Ok(())
}

#[actix_web::test]
async fn sqa_only_kinds_are_not_offered_to_city_and_guilds_learners() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let session = w.page_session(&w.learner).await?;
    let page = w
        .app
        .send(Req::get(&format!("/registrations/{r}/evidence/new")).session(&session.cookie))
        .await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(!page.body.contains("Project assignment"));
    assert!(!page.body.contains("Short-response answers"));
    assert!(page.body.contains("Observation record"));
    let sqa_page = w
        .app
        .send(
            Req::get(&format!("/registrations/{}/evidence/new", w.registration))
                .session(&session.cookie),
        )
        .await;
    assert!(sqa_page.body.contains("Project assignment"));

    let parts = [
        Part::Field("kind", "project_assignment"),
        Part::Field("title", "My project"),
        Part::Field("activity_date", "2027-01-12"),
        Part::Field("intent", "draft"),
    ];
    let refused = w
        .app
        .send(post(
            &format!("/registrations/{r}/evidence/new"),
            &session,
            &parts,
        ))
        .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused
            .body
            .contains("Choose one of the kinds of evidence your qualification takes")
    );
    Ok(())
}

#[actix_web::test]
async fn a_draft_is_changed_given_more_files_mapped_signed_and_submitted_on_one_page() -> TestResult
{
    let w = World::new().await?;
    let (r, learner) = (&w.registration, &w.learner);
    let session = w.page_session(learner).await?;
    let mut parts = fields("", "draft");
    parts.push(Part::File("first.txt", b"The first notes.".to_vec()));
    let draft = w
        .app
        .send(post(
            &format!("/registrations/{r}/evidence/new"),
            &session,
            &parts,
        ))
        .await;
    assert_eq!(draft.status, 303, "{}", show(&draft));
    let item = evidence_of(&w, draft.header("location")).await?;
    assert_eq!(item["status"], "draft");
    let e = item["id"].as_str().ok_or("no id")?.to_owned();

    let page = w
        .app
        .send(Req::get(&format!("/evidence/{e}/one-step")).session(&session.cookie))
        .await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(page.body.contains("Files attached already"));
    assert!(page.body.contains("first.txt"));
    assert!(page.body.contains(&format!("value=\"{}\" checked", O2[0])));

    let mut parts = fields(&learner.name, "submit");
    parts.push(Part::File("second.txt", b"More notes.".to_vec()));
    let sent = w
        .app
        .send(post(&format!("/evidence/{e}/one-step"), &session, &parts))
        .await;
    assert_eq!(sent.status, 303, "{}", show(&sent));
    assert!(sent.header("location").ends_with("?done=submitted#main"));
    let item = evidence_of(&w, &format!("/evidence/{e}")).await?;
    assert_eq!(item["status"], "submitted");
    assert_eq!(item["current_version"], 2);
    assert_eq!(item["files"].as_array().map(Vec::len), Some(2));
    assert_eq!(item["declaration"]["valid"], true);

    // Submitted, the page is refused until the assessor returns it.
    let again = w
        .app
        .send(Req::get(&format!("/evidence/{e}/one-step")).session(&session.cookie))
        .await;
    assert_eq!(again.status, 409, "{}", show(&again));
    Ok(())
}

#[actix_web::test]
async fn a_draft_submitted_as_it_is_keeps_its_version() -> TestResult {
    let w = World::new().await?;
    let (r, learner) = (&w.registration, &w.learner);
    let session = w.page_session(learner).await?;
    let draft = w
        .app
        .send(post(
            &format!("/registrations/{r}/evidence/new"),
            &session,
            &fields("", "draft"),
        ))
        .await;
    assert_eq!(draft.status, 303, "{}", show(&draft));
    let e = evidence_of(&w, draft.header("location")).await?["id"]
        .as_str()
        .ok_or("no id")?
        .to_owned();
    let sent = w
        .app
        .send(post(
            &format!("/evidence/{e}/one-step"),
            &session,
            &fields(&learner.name, "submit"),
        ))
        .await;
    assert_eq!(sent.status, 303, "{}", show(&sent));
    let item = evidence_of(&w, &format!("/evidence/{e}")).await?;
    assert_eq!(item["status"], "submitted");
    assert_eq!(item["current_version"], 1);
    assert_eq!(item["declaration"]["valid"], true);
    Ok(())
}
