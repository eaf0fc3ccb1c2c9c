//! The programme, resource and learning-hours pages: built and used through their forms.

use super::{O1, O2};
use crate::support::{Reply, Req, TestResult};
use crate::world::{EQA_QUALIFICATION, PageSession, World, show};

async fn page(w: &World, who: &PageSession, path: &str) -> Reply {
    w.app.send(Req::get(path).session(&who.cookie)).await
}

async fn submit(w: &World, who: &PageSession, path: &str, fields: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf_token", who.csrf.as_str())];
    all.extend_from_slice(fields);
    w.app
        .send(
            Req::post(path)
                .session(&who.cookie)
                .same_origin()
                .form(&all),
        )
        .await
}

fn after_redirect(reply: &Reply) -> String {
    assert_eq!(reply.status, 303, "{}", show(reply));
    reply.header("location").to_owned()
}

/// The tutor builds a programme with two sessions and adds the learner, all through the pages.
async fn built(w: &World, tutor: &PageSession) -> Result<String, Box<dyn std::error::Error>> {
    let list = page(w, tutor, &format!("/centres/{}/programmes", w.centre_a)).await;
    assert_eq!(list.status, 200, "{}", show(&list));
    assert!(list.body.contains("Build a programme"), "{}", show(&list));
    let created = submit(
        w,
        tutor,
        &format!("/centres/{}/programmes", w.centre_a),
        &[
            ("qualification_id", EQA_QUALIFICATION),
            ("title", "Implementing SDS"),
            ("description", "Ten weeks"),
            ("pacing", "self_paced"),
        ],
    )
    .await;
    let location = after_redirect(&created);
    let id = location
        .trim_start_matches("/programmes/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    for (title, outcome) in [("Co-production", O1), ("Funding", O2)] {
        let added = submit(
            w,
            tutor,
            &format!("/programmes/{id}/sessions"),
            &[
                ("title", title),
                ("summary", "Read"),
                ("outcome_ids", outcome),
            ],
        )
        .await;
        after_redirect(&added);
    }
    let member = submit(
        w,
        tutor,
        &format!("/programmes/{id}/members"),
        &[("registration_id", w.registration.as_str())],
    )
    .await;
    after_redirect(&member);
    Ok(id)
}

#[actix_web::test]
async fn a_tutor_builds_a_programme_and_the_learner_marks_the_next_session_done() -> TestResult {
    let w = World::new().await?;
    let tutor = w.page_session(&w.tutor).await?;
    let id = built(&w, &tutor).await?;
    let seen = page(&w, &tutor, &format!("/programmes/{id}")).await;
    assert_eq!(seen.status, 200, "{}", show(&seen));
    for text in [
        "Session 1: Co-production",
        "Session 2: Funding",
        "Move session 2 up",
        "<legend>Outcomes the session covers</legend>",
        &format!("/programmes/{id}/cohort"),
    ] {
        assert!(seen.body.contains(text), "{text}: {}", show(&seen));
    }
    // An empty title is refused on the re-rendered form.
    let refused = submit(
        &w,
        &tutor,
        &format!("/programmes/{id}/sessions"),
        &[("title", "")],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused.body.contains("There is a problem"),
        "{}",
        show(&refused)
    );

    let learner = w.page_session(&w.learner).await?;
    let mine = page(&w, &learner, &format!("/programmes/{id}")).await;
    assert_eq!(mine.status, 200, "{}", show(&mine));
    assert!(
        mine.body.contains("Next: <strong>Co-production</strong>"),
        "{}",
        show(&mine)
    );
    assert!(!mine.body.contains("Add a session"), "{}", show(&mine));
    let listed = page(&w, &learner, &format!("/centres/{}/programmes", w.centre_a)).await;
    assert!(
        listed.body.contains("Implementing SDS"),
        "{}",
        show(&listed)
    );
    assert!(listed.body.contains(">Programmes</a>"), "{}", show(&listed));
    let tracker = page(
        &w,
        &learner,
        &format!("/registrations/{}/tracker", w.registration),
    )
    .await;
    assert!(
        tracker
            .body
            .contains("/learning-hours\">Learning hours</a>"),
        "{}",
        show(&tracker)
    );
    let marker = "/sessions/";
    let start = mine.body.find(marker).ok_or("no session form")? + marker.len();
    let session: String = mine.body[start..]
        .chars()
        .take_while(|c| *c != '/')
        .collect();
    let done = submit(
        &w,
        &learner,
        &format!("/programmes/{id}/sessions/{session}/done"),
        &[],
    )
    .await;
    after_redirect(&done);
    let after = page(&w, &learner, &format!("/programmes/{id}")).await;
    assert!(
        after.body.contains("You have done 1 of 2 sessions"),
        "{}",
        show(&after)
    );
    assert!(
        after.body.contains("Next: <strong>Funding</strong>"),
        "{}",
        show(&after)
    );

    let other = w.page_session(&w.other_learner).await?;
    let not_on = page(&w, &other, &format!("/programmes/{id}")).await;
    assert_eq!(not_on.status, 404, "{}", show(&not_on));
    Ok(())
}

#[actix_web::test]
async fn the_resources_page_shows_starters_and_a_tutor_adds_markdown() -> TestResult {
    let w = World::new().await?;
    let tutor = w.page_session(&w.tutor).await?;
    let path = format!("/centres/{}/resources", w.centre_a);
    let list = page(&w, &tutor, &format!("{path}?qualification_id=cg-3085-02")).await;
    assert_eq!(list.status, 200, "{}", show(&list));
    assert!(
        list.body
            .contains("Guidance: Assessment criteria 2.1 and 2.4"),
        "{}",
        show(&list)
    );
    let added = submit(
        &w,
        &tutor,
        &path,
        &[
            ("qualification_id", EQA_QUALIFICATION),
            ("kind", "text"),
            ("title", "Careful reading"),
            ("body", "Read **this** <script>alert(1)</script>"),
            ("outcome_ids", O1),
            ("lived_experience", "true"),
            ("credit", "Morag"),
        ],
    )
    .await;
    let location = after_redirect(&added);
    let shown = page(&w, &tutor, &location).await;
    assert!(
        shown.body.contains("<strong>this</strong>"),
        "{}",
        show(&shown)
    );
    assert!(!shown.body.contains("<script>alert"), "{}", show(&shown));
    assert!(
        shown
            .body
            .contains("Contributed by a person with lived experience: Morag."),
        "{}",
        show(&shown)
    );
    // A file that fails the evidence file checks is refused on the page.
    let refused = w
        .app
        .send(
            Req::post(&format!("{path}/upload"))
                .session(&tutor.cookie)
                .same_origin()
                .multipart(&[
                    ("csrf_token", None, tutor.csrf.as_str()),
                    ("qualification_id", None, EQA_QUALIFICATION),
                    ("kind", None, "file"),
                    ("title", None, "Handout"),
                    ("outcome_ids", None, O1),
                    (
                        "file",
                        Some("handout.pdf"),
                        "MZ\u{0}\u{0}This program cannot be run in DOS mode.",
                    ),
                ]),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused.body.contains("There is a problem"),
        "{}",
        show(&refused)
    );
    Ok(())
}

#[actix_web::test]
async fn a_learner_logs_hours_and_bad_entries_are_refused_on_the_form() -> TestResult {
    use eportfolio::clock::Clock;
    let w = World::new().await?;
    let day = w.app.clock().now().date_naive().to_string();
    let cg = w.register_on_cg_3085_02()?;
    let learner = w.page_session(&w.learner).await?;
    let path = format!("/registrations/{cg}/learning-hours");
    let empty = page(&w, &learner, &path).await;
    assert_eq!(empty.status, 200, "{}", show(&empty));
    assert!(empty.body.contains("26 guided hours"), "{}", show(&empty));
    for (minutes, message) in [
        ("1500", "cannot be longer than 24 hours"),
        ("-30", "Enter how long the activity took"),
    ] {
        let refused = submit(
            &w,
            &learner,
            &path,
            &[
                ("activity_on", day.as_str()),
                ("minutes", minutes),
                ("description", "Reading"),
                ("outcome_ids", "cg-3085/u001/lo2"),
            ],
        )
        .await;
        assert_eq!(refused.status, 422, "{}", show(&refused));
        assert!(
            refused.body.contains(message),
            "{message}: {}",
            show(&refused)
        );
        assert!(refused.body.contains("Reading"), "{}", show(&refused));
    }
    let logged = submit(
        &w,
        &learner,
        &path,
        &[
            ("activity_on", day.as_str()),
            ("minutes", "78"),
            ("description", "Person-centred tools"),
            ("outcome_ids", "cg-3085/u001/lo2"),
        ],
    )
    .await;
    let location = after_redirect(&logged);
    let totals = page(&w, &learner, &location).await;
    assert!(totals.body.contains("1h 18m"), "{}", show(&totals));
    assert!(totals.body.contains("26 guided hours"), "{}", show(&totals));
    assert!(totals.body.contains("5%"), "{}", show(&totals));
    Ok(())
}
