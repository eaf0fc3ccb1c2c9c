//! The Unit 001 assignment (C4) through the pages, as each person would use it: the centre
//! records a version on its assignments page, the learner starts their submission on their
//! assignment page, the assessor marks every task in one submission, and the centre records the
//! external verification from the registration page. Each refusal shows its message and keeps
//! what was typed.

use serde_json::json;

use crate::support::{Reply, Req, TestResult};
use crate::world::{PageSession, World, show};

const U001: &str = "cg-3085/u001";

type Fail = Box<dyn std::error::Error>;

fn criteria(w: &World) -> Result<Vec<String>, Fail> {
    let state = w.app.state();
    let unit = state.curriculum.unit(U001).ok_or("no Unit 001")?.1.clone();
    Ok(eportfolio::domain::assignment::criteria_of(&unit))
}

/// The recording form's fields: task 1 covers outcomes 1 to 3, task 2 the rest (less `leave_out`).
fn recording_fields(
    w: &World,
    page: &PageSession,
    label: &str,
    leave_out: Option<&str>,
) -> Result<Vec<(String, Option<String>, String)>, Fail> {
    let mut fields: Vec<(String, Option<String>, String)> = vec![
        ("csrf_token".into(), None, page.csrf.clone()),
        ("unit_id".into(), None, U001.into()),
        ("version_label".into(), None, label.into()),
        ("in_force".into(), None, "true".into()),
        ("task-0-number".into(), None, "1".into()),
        ("task-0-title".into(), None, "The policy context".into()),
        ("task-1-number".into(), None, "2".into()),
        (
            "task-1-title".into(),
            None,
            "Personalisation in practice".into(),
        ),
    ];
    for c in criteria(w)? {
        if Some(c.as_str()) == leave_out {
            continue;
        }
        let first = ["/lo1/", "/lo2/", "/lo3/"].iter().any(|lo| c.contains(lo));
        let row = if first {
            "task-0-criteria"
        } else {
            "task-1-criteria"
        };
        fields.push((row.into(), None, c));
    }
    Ok(fields)
}

async fn post_recording(
    w: &World,
    page: &PageSession,
    mut fields: Vec<(String, Option<String>, String)>,
    with_files: bool,
) -> Reply {
    if with_files {
        fields.push((
            "brief".into(),
            Some("brief.txt".into()),
            "Task 1: the policy context.\n".into(),
        ));
        fields.push((
            "guidance".into(),
            Some("guidance.txt".into()),
            "Look for the policy context.\n".into(),
        ));
    }
    let parts: Vec<(&str, Option<&str>, &str)> = fields
        .iter()
        .map(|(n, f, v)| (n.as_str(), f.as_deref(), v.as_str()))
        .collect();
    w.app
        .send(
            Req::post(&format!("/centres/{}/assignments", w.centre_a))
                .session(&page.cookie)
                .same_origin()
                .multipart(&parts),
        )
        .await
}

/// The centre administrator records version `label` through the page.
async fn recorded(w: &World, label: &str) -> Result<(), Fail> {
    let admin = w.page_session(&w.centre_admin).await?;
    let fields = recording_fields(w, &admin, label, None)?;
    let reply = post_recording(w, &admin, fields, true).await;
    assert_eq!(reply.status, 303, "{}", show(&reply));
    Ok(())
}

async fn page_get(w: &World, page: &PageSession, path: &str) -> Reply {
    w.app.send(Req::get(path).session(&page.cookie)).await
}

async fn page_post(w: &World, page: &PageSession, path: &str, fields: &[(&str, &str)]) -> Reply {
    let mut all = fields.to_vec();
    all.push(("csrf_token", &page.csrf));
    w.app
        .send(
            Req::post(path)
                .session(&page.cookie)
                .same_origin()
                .form(&all),
        )
        .await
}

#[actix_web::test]
async fn the_centre_records_a_version_on_its_assignments_page() -> TestResult {
    let w = World::new().await?;
    let admin = w.page_session(&w.centre_admin).await?;
    let path = format!("/centres/{}/assignments", w.centre_a);
    let empty = page_get(&w, &admin, &path).await;
    assert_eq!(empty.status, 200, "{}", show(&empty));
    assert!(empty.body.contains("No version is recorded yet"));
    assert!(empty.body.contains("1.1 "), "criteria in words");
    let centre = page_get(&w, &admin, &format!("/centres/{}", w.centre_a)).await;
    assert!(
        centre.body.contains(&format!("href=\"{path}\"")),
        "the centre page links to it"
    );
    // "Add another task" draws the form again with a third row, keeping what was typed.
    let mut fields = recording_fields(&w, &admin, "2027 v1", None)?;
    fields.push(("intent".into(), None, "add_task".into()));
    let added = post_recording(&w, &admin, fields, false).await;
    assert_eq!(added.status, 200, "{}", show(&added));
    assert!(added.body.contains("name=\"task-2-title\""), "a third row");
    assert!(added.body.contains("value=\"Personalisation in practice\""));
    assert!(added.body.contains("value=\"2027 v1\""));
    // A criterion no task covers: refused, everything typed kept.
    let fields = recording_fields(&w, &admin, "2027 v1", Some("cg-3085/u001/lo1/ac1.1"))?;
    let refused = post_recording(&w, &admin, fields, true).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(refused.body.contains("There is a problem"));
    assert!(
        refused.body.contains("no task covers 1.1"),
        "{}",
        show(&refused)
    );
    assert!(refused.body.contains("value=\"The policy context\""));
    assert!(refused.body.contains("value=\"2027 v1\""));
    // Recorded, the added row left as drawn (only its number): listed in words, in force.
    let mut fields = recording_fields(&w, &admin, "2027 v1", None)?;
    fields.push(("task-2-number".into(), None, "3".into()));
    fields.push(("task-2-title".into(), None, String::new()));
    let saved = post_recording(&w, &admin, fields, true).await;
    assert_eq!(saved.status, 303, "{}", show(&saved));
    let listed = page_get(&w, &admin, &format!("{path}?done=recorded")).await;
    assert!(listed.body.contains("The version is recorded"));
    assert!(listed.body.contains("version 2027 v1"));
    assert!(listed.body.contains("In force"));
    assert!(listed.body.contains("Task 2: Personalisation in practice"));
    assert!(
        !listed.body.contains(">cg-3085/u001"),
        "no criterion ids shown as text"
    );
    // The same label again: refused at the label, typed kept.
    let fields = recording_fields(&w, &admin, "2027 v1", None)?;
    let again = post_recording(&w, &admin, fields, true).await;
    assert_eq!(again.status, 409, "{}", show(&again));
    assert!(again.body.contains("already recorded"), "{}", show(&again));
    assert!(again.body.contains("href=\"#version_label\""));
    assert!(again.body.contains("value=\"The policy context\""));
    // The learner may not record one.
    let learner = w.page_session(&w.learner).await?;
    let fields = recording_fields(&w, &learner, "2027 v2", None)?;
    assert_eq!(post_recording(&w, &learner, fields, true).await.status, 403);
    Ok(())
}

#[actix_web::test]
async fn a_recorded_versions_files_download_from_the_centre_page() -> TestResult {
    let w = World::new().await?;
    recorded(&w, "2027 v1").await?;
    let admin = w.page_session(&w.centre_admin).await?;
    let listed = page_get(&w, &admin, &format!("/centres/{}/assignments", w.centre_a)).await;
    let href = listed
        .body
        .split("href=\"")
        .find(|s| s.contains("/brief\""))
        .and_then(|s| s.split('"').next())
        .ok_or("no brief link")?
        .to_owned();
    let brief = page_get(&w, &admin, &href).await;
    assert_eq!(brief.status, 200, "{}", show(&brief));
    assert!(brief.body.contains("the policy context"));
    let guidance = page_get(&w, &admin, &href.replace("/brief", "/guidance")).await;
    assert!(guidance.body.contains("Look for the policy context"));
    Ok(())
}

#[actix_web::test]
async fn the_learner_starts_their_submission_on_their_assignment_page() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let learner = w.page_session(&w.learner).await?;
    let path = format!("/registrations/{r}/assignment");
    let none = page_get(&w, &learner, &path).await;
    assert_eq!(none.status, 200, "{}", show(&none));
    assert!(
        none.body
            .contains("has not recorded the assignment in force")
    );
    recorded(&w, "2027 v1").await?;
    let registration = page_get(&w, &learner, &format!("/registrations/{r}")).await;
    assert!(
        registration.body.contains(&format!("href=\"{path}\"")),
        "linked from the registration"
    );
    let shown = page_get(&w, &learner, &path).await;
    assert!(shown.body.contains("Your assignment: Unit 001"));
    assert!(shown.body.contains("Download the brief (brief.txt)"));
    assert!(shown.body.contains("Task 1: The policy context"));
    assert!(shown.body.contains("Start your submission"));
    let brief = page_get(&w, &learner, &format!("{path}/brief")).await;
    assert_eq!(brief.status, 200, "{}", show(&brief));
    assert_eq!(
        page_get(&w, &learner, &format!("{path}/guidance"))
            .await
            .status,
        403
    );
    // A missing title: refused, the text kept.
    let submission = format!("{path}/submission");
    let fields = [
        ("title", ""),
        ("activity_date", "2027-01-12"),
        ("text", "Personalisation puts the person first."),
    ];
    let refused = page_post(&w, &learner, &submission, &fields).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(refused.body.contains("There is a problem"));
    assert!(
        refused
            .body
            .contains("Personalisation puts the person first.")
    );
    let fields = [
        ("title", "My Unit 001 assignment"),
        ("activity_date", "2027-01-12"),
        ("text", "Personalisation puts the person first."),
    ];
    let started = page_post(&w, &learner, &submission, &fields).await;
    assert_eq!(started.status, 303, "{}", show(&started));
    let to = started.header("location").to_owned();
    assert!(
        to.starts_with("/evidence/") && to.ends_with("/one-step"),
        "{to}"
    );
    let one_step = page_get(&w, &learner, &to).await;
    assert_eq!(one_step.status, 200, "{}", show(&one_step));
    let after = page_get(&w, &learner, &path).await;
    assert!(after.body.contains("a draft"), "{}", show(&after));
    assert!(
        after
            .body
            .contains("Add your files, sign the declaration and submit")
    );
    // A second start is refused, in words.
    let twice = page_post(&w, &learner, &submission, &fields).await;
    assert_eq!(twice.status, 409, "{}", show(&twice));
    assert!(twice.body.contains("already made your submission"));
    Ok(())
}

/// The learner's submission started, declared and submitted (through the API): its id.
async fn submitted(w: &World, r: &str) -> Result<String, Fail> {
    let made = w
        .app
        .send(
            Req::post(&format!("/api/v1/registrations/{r}/assignment/submission"))
                .bearer(&w.learner.token)
                .json(&json!({"title": "My Unit 001 assignment", "activity_date": "2027-01-12", "text": "Personalisation puts the person first."})),
        )
        .await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let e = made.json()["evidence_id"]
        .as_str()
        .ok_or("no id")?
        .to_owned();
    let declared = w
        .app
        .send(
            Req::post(&format!("/api/v1/evidence/{e}/declaration"))
                .bearer(&w.learner.token)
                .json(&json!({"typed_name": w.learner.name})),
        )
        .await;
    assert_eq!(declared.status, 201, "{}", show(&declared));
    w.submit(&e).await;
    Ok(e)
}

#[actix_web::test]
async fn the_assessor_marks_every_task_in_one_submission() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    recorded(&w, "2027 v1").await?;
    let assessor = w.page_session(&w.assessor).await?;
    let path = format!("/registrations/{r}/assignment/marking");
    let nothing = page_get(&w, &assessor, &path).await;
    assert_eq!(nothing.status, 200, "{}", show(&nothing));
    assert!(nothing.body.contains("has not started their submission"));
    submitted(&w, &r).await?;
    let record = page_get(&w, &assessor, &format!("/registrations/{r}/assessment")).await;
    assert!(
        record.body.contains(&format!("href=\"{path}\"")),
        "linked from the assessment page"
    );
    let shown = page_get(&w, &assessor, &path).await;
    assert!(
        shown
            .body
            .contains("Personalisation puts the person first.")
    );
    assert!(
        shown
            .body
            .contains("Download the marking guidance (guidance.txt)")
    );
    assert!(shown.body.contains("Task 2: Personalisation in practice"));
    // A task not yet met without feedback: refused, what was chosen and typed kept.
    let marks = format!("/registrations/{r}/assignment/marks");
    let fields = [
        ("outcome-1", "met"),
        ("feedback-1", "Clear on the policy context."),
        ("outcome-2", "not_yet_met"),
        ("feedback-2", ""),
    ];
    let refused = page_post(&w, &assessor, &marks, &fields).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused.body.contains("Tell the learner what is missing"),
        "{}",
        show(&refused)
    );
    assert!(refused.body.contains("href=\"#task_2\""));
    assert!(refused.body.contains("Clear on the policy context."));
    let fields = [
        ("outcome-1", "met"),
        ("feedback-1", "Clear on the policy context."),
        ("outcome-2", "met"),
        ("feedback-2", "Good examples."),
    ];
    let marked = page_post(&w, &assessor, &marks, &fields).await;
    assert_eq!(marked.status, 303, "{}", show(&marked));
    let after = page_get(&w, &assessor, marked.header("location")).await;
    assert!(after.body.contains("The marks are recorded"));
    let n = criteria(&w)?.len();
    assert!(
        after
            .body
            .contains(&format!("Criteria met on this submission ({n})")),
        "{}",
        show(&after)
    );
    // The learner reads the marks with the feedback.
    let learner = w.page_session(&w.learner).await?;
    let theirs = page_get(&w, &learner, &format!("/registrations/{r}/assignment")).await;
    assert!(theirs.body.contains("Good examples."));
    assert!(
        theirs.body.contains("Marked <strong>Met</strong>"),
        "{}",
        show(&theirs)
    );
    // The learner may not mark.
    assert_eq!(page_post(&w, &learner, &marks, &fields).await.status, 403);
    Ok(())
}

#[actix_web::test]
async fn the_centre_records_the_external_verification_from_the_registration_page() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let admin = w.page_session(&w.centre_admin).await?;
    let registration = page_get(&w, &admin, &format!("/registrations/{r}")).await;
    assert!(
        registration.body.contains("Record the verification"),
        "{}",
        show(&registration)
    );
    let path = format!("/registrations/{r}/assignment/verification");
    let refused = page_post(
        &w,
        &admin,
        &path,
        &[("unit_id", U001), ("note", "EV visit 3 March")],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused
            .body
            .contains("Choose awaiting, verified or not accepted")
    );
    assert!(refused.body.contains("EV visit 3 March"));
    let done = page_post(
        &w,
        &admin,
        &path,
        &[
            ("unit_id", U001),
            ("status", "verified"),
            ("note", "EV visit 3 March"),
        ],
    )
    .await;
    assert_eq!(done.status, 303, "{}", show(&done));
    let after = page_get(&w, &admin, done.header("location")).await;
    assert!(
        after
            .body
            .contains("The external verification is recorded.")
    );
    let overview = page_get(&w, &admin, &format!("/registrations/{r}/assignment")).await;
    assert!(overview.body.contains("Verified externally"));
    assert!(overview.body.contains("EV visit 3 March"));
    let assessor = w.page_session(&w.assessor).await?;
    let fields = [("unit_id", U001), ("status", "verified")];
    assert_eq!(page_post(&w, &assessor, &path, &fields).await.status, 403);
    Ok(())
}
