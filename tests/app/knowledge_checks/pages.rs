//! Knowledge checks through the pages: written with an error shown on the form, taken by the
//! learner with feedback at once, offered as evidence, and the cohort page.

use super::{AC11, LO1, setup};
use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

async fn page_post(
    w: &World,
    who: &Person,
    path: &str,
    fields: &[(&str, &str)],
) -> Result<Reply, Box<dyn std::error::Error>> {
    let page = w.page_session(who).await?;
    let mut pairs = fields.to_vec();
    pairs.push(("csrf_token", &page.csrf));
    Ok(w.app
        .send(
            Req::post(path)
                .session(&page.cookie)
                .same_origin()
                .form(&pairs),
        )
        .await)
}

async fn page_get(
    w: &World,
    who: &Person,
    path: &str,
) -> Result<Reply, Box<dyn std::error::Error>> {
    let page = w.page_session(who).await?;
    Ok(w.app.send(Req::get(path).session(&page.cookie)).await)
}

#[actix_web::test]
async fn a_tutor_writes_a_check_and_a_learner_takes_it_in_the_pages() -> TestResult {
    let (w, f) = setup(false).await?;
    let list = page_get(&w, &w.tutor, &format!("/programmes/{}/checks", f.programme)).await?;
    assert_eq!(list.status, 200, "{}", show(&list));
    assert!(list.body.contains("Write a check"));
    let made = page_post(
        &w,
        &w.tutor,
        &format!("/programmes/{}/checks", f.programme),
        &[
            ("title", "Values"),
            ("outcome_id", LO1),
            ("pass_mark", "100"),
        ],
    )
    .await?;
    assert_eq!(made.status, 303, "{}", show(&made));
    let check_path = made
        .header("location")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let questions = format!("{check_path}/questions");
    let no_correct = [
        ("kind", "single_choice"),
        ("prompt", "Who leads?"),
        ("option", "The person"),
        ("feedback", "Yes"),
        ("option", "The manager"),
        ("feedback", "No"),
    ];
    let bad = page_post(&w, &w.tutor, &questions, &no_correct).await?;
    assert_eq!(bad.status, 422, "{}", show(&bad));
    assert!(bad.body.contains("no correct option"), "{}", show(&bad));
    let mut good = no_correct.to_vec();
    good.push(("correct", "0"));
    let added = page_post(&w, &w.tutor, &questions, &good).await?;
    assert_eq!(added.status, 303, "{}", show(&added));
    let short = [
        ("kind", "short_answer"),
        ("prompt", "Why?"),
        ("option", ""),
        ("feedback", ""),
        ("guidance", "Choice"),
    ];
    assert_eq!(
        page_post(&w, &w.tutor, &questions, &short).await?.status,
        303
    );
    // The learner takes it: an answer left out is shown on the form.
    let started = page_post(&w, &w.learner, &format!("{check_path}/attempts"), &[]).await?;
    assert_eq!(started.status, 303, "{}", show(&started));
    let attempt_path = started.header("location").to_owned();
    let form = page_get(&w, &w.learner, &attempt_path).await?;
    assert!(
        form.body.contains("Submit my answers") && !form.body.contains("Feedback"),
        "{}",
        show(&form)
    );
    let missing = page_post(
        &w,
        &w.learner,
        &format!("{attempt_path}/submit"),
        &[("answer-0", "0")],
    )
    .await?;
    assert_eq!(missing.status, 422, "{}", show(&missing));
    let done = page_post(
        &w,
        &w.learner,
        &format!("{attempt_path}/submit"),
        &[("answer-0", "0"), ("answer-1", "The person chooses.")],
    )
    .await?;
    assert_eq!(done.status, 303, "{}", show(&done));
    let result = page_get(&w, &w.learner, &attempt_path).await?;
    assert!(
        result.body.contains("Feedback: Yes") && result.body.contains("Awaiting the tutor"),
        "{}",
        show(&result)
    );
    let twice = page_post(
        &w,
        &w.learner,
        &format!("{attempt_path}/submit"),
        &[("answer-0", "0"), ("answer-1", "Again")],
    )
    .await?;
    assert_eq!(twice.status, 409, "{}", show(&twice));
    assert!(twice.body.contains("already been submitted"));
    // The tutor finds it in the cohort page's queue and marks it.
    let cohort = page_get(&w, &w.tutor, &format!("/programmes/{}/cohort", f.programme)).await?;
    assert!(
        cohort.status == 200 && cohort.body.contains(&attempt_path),
        "{}",
        show(&cohort)
    );
    let marked = page_post(
        &w,
        &w.tutor,
        &format!("{attempt_path}/marks"),
        &[
            ("question", "1"),
            ("outcome", "correct"),
            ("feedback", "Yes, the person chooses."),
        ],
    )
    .await?;
    assert_eq!(marked.status, 303, "{}", show(&marked));
    let passed = page_get(&w, &w.learner, &attempt_path).await?;
    assert!(
        passed.body.contains("Passed") && passed.body.contains("Add it to my evidence"),
        "{}",
        show(&passed)
    );
    let offered = page_post(
        &w,
        &w.learner,
        &format!("{attempt_path}/evidence"),
        &[("criteria", AC11)],
    )
    .await?;
    assert_eq!(offered.status, 303, "{}", show(&offered));
    assert!(offered.header("location").starts_with("/evidence/"));
    Ok(())
}
