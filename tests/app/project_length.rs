//! S1 counts the whole project: the words typed into a project assignment and the words of every
//! file attached to it, added up, so a project over 3,500 words is flagged in the tracker (its
//! JSON and its page) however the learner split it.

use serde_json::json;

use crate::support::{Req, TestResult};
use crate::world::{World, show};

/// `n` words of plain text.
fn words(n: usize) -> String {
    "word ".repeat(n)
}

/// The learner's project assignment with `typed` words in the page and one file per entry of
/// `files`, each with that many words; the item's id.
async fn project(
    w: &World,
    typed: usize,
    files: &[usize],
) -> Result<String, Box<dyn std::error::Error>> {
    let r = &w.registration;
    let created = w
        .app
        .send(
            Req::post(&format!("/api/v1/registrations/{r}/evidence"))
                .bearer(&w.learner.token)
                .json(&json!({"kind": "project_assignment", "title": "My project",
                    "activity_date": "2027-01-12", "text": words(typed)})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let id = created.json()["id"].as_str().unwrap_or_default().to_owned();
    for (n, count) in files.iter().enumerate() {
        let uploaded = w
            .app
            .send(crate::support::upload(
                &format!("/api/v1/evidence/{id}/files"),
                &w.learner.token,
                &format!("part-{n}.txt"),
                words(*count).as_bytes(),
            ))
            .await;
        assert_eq!(uploaded.status, 201, "{}", show(&uploaded));
    }
    Ok(id)
}

async fn tracker_json(w: &World) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let r = &w.registration;
    let reply = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}/tracker")).bearer(&w.assessor.token))
        .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    Ok(reply.json())
}

fn words_of(tracker: &serde_json::Value, id: &str) -> Option<i64> {
    tracker["evidence"]
        .as_array()?
        .iter()
        .find(|e| e["id"] == id)?["word_count"]
        .as_i64()
}

const OVER: &str = "has 4000 words, over the 3500-word limit";

#[actix_web::test]
async fn s1_typed_words_and_a_file_are_added_up_and_flagged_over_the_limit() -> TestResult {
    let w = World::new().await?;
    let id = project(&w, 2_000, &[2_000]).await?;
    let tracker = tracker_json(&w).await?;
    assert_eq!(words_of(&tracker, &id), Some(4_000), "{tracker}");
    let gaps = tracker["tracker"]["gaps"].to_string();
    assert!(gaps.contains(OVER), "{gaps}");
    // The tracker page says the same, in words.
    let session = w.page_session(&w.assessor).await?;
    let page = w
        .app
        .send(
            Req::get(&format!("/registrations/{}/tracker", w.registration))
                .session(&session.cookie),
        )
        .await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(page.body.contains(OVER), "{}", show(&page));
    Ok(())
}

#[actix_web::test]
async fn s1_every_file_counts_and_a_project_within_the_limit_is_not_flagged() -> TestResult {
    let w = World::new().await?;
    // No words typed, three files: 1,000 + 1,200 + 1,300 = 3,500, exactly the limit.
    let id = project(&w, 0, &[1_000, 1_200, 1_300]).await?;
    let tracker = tracker_json(&w).await?;
    assert_eq!(words_of(&tracker, &id), Some(3_500), "{tracker}");
    let gaps = tracker["tracker"]["gaps"].to_string();
    assert!(!gaps.contains("over the 3500-word limit"), "{gaps}");
    // One word more in another file tips it over.
    let uploaded = w
        .app
        .send(crate::support::upload(
            &format!("/api/v1/evidence/{id}/files"),
            &w.learner.token,
            "afterword.txt",
            b"Thanks.",
        ))
        .await;
    assert_eq!(uploaded.status, 201, "{}", show(&uploaded));
    let tracker = tracker_json(&w).await?;
    let gaps = tracker["tracker"]["gaps"].to_string();
    assert!(
        gaps.contains("has 3501 words, over the 3500-word limit"),
        "{gaps}"
    );
    Ok(())
}
