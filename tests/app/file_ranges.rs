//! Range requests on evidence files: a long recording seeks in the page, so the file route
//! answers `Range: bytes=…` with 206 and just those bytes, through the API and the page.

use crate::support::{Req, TestResult, upload};
use crate::world::World;

const TEXT: &str = "Mr B chose where we went and who came with him.";

/// The learner's evidence with one text file attached; the file's id.
async fn attached(w: &World) -> Result<String, Box<dyn std::error::Error>> {
    let e = &w.evidence;
    let sent = w
        .app
        .send(upload(
            &format!("/api/v1/evidence/{e}/files"),
            &w.learner.token,
            "visit.txt",
            TEXT.as_bytes(),
        ))
        .await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    Ok(sent.json()["file_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

#[actix_web::test]
async fn a_range_request_answers_206_with_just_those_bytes() -> TestResult {
    let w = World::new().await?;
    let file = attached(&w).await?;
    let path = format!("/api/v1/evidence/{}/files/{file}", w.evidence);
    let whole = w.app.send(Req::get(&path).bearer(&w.assessor.token)).await;
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("accept-ranges"), "bytes");
    assert_eq!(whole.body, TEXT);

    let part = w
        .app
        .send(
            Req::get(&path)
                .bearer(&w.assessor.token)
                .header("range", "bytes=5-9"),
        )
        .await;
    assert_eq!(part.status, 206, "{}", part.body);
    assert_eq!(part.body, &TEXT[5..=9]);
    assert_eq!(
        part.header("content-range"),
        format!("bytes 5-9/{}", TEXT.len())
    );

    let tail = w
        .app
        .send(
            Req::get(&path)
                .bearer(&w.assessor.token)
                .header("range", "bytes=-4"),
        )
        .await;
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, &TEXT[TEXT.len() - 4..]);
    Ok(())
}

#[actix_web::test]
async fn a_range_outside_the_file_is_refused_with_its_length() -> TestResult {
    let w = World::new().await?;
    let file = attached(&w).await?;
    let path = format!("/api/v1/evidence/{}/files/{file}", w.evidence);
    let beyond = w
        .app
        .send(
            Req::get(&path)
                .bearer(&w.learner.token)
                .header("range", "bytes=500-"),
        )
        .await;
    assert_eq!(beyond.status, 416, "{}", beyond.body);
    assert_eq!(beyond.json()["code"], "range_not_satisfiable");
    assert_eq!(
        beyond.header("content-range"),
        format!("bytes */{}", TEXT.len())
    );
    Ok(())
}

#[actix_web::test]
async fn the_page_shows_a_part_of_the_file_in_place_for_a_range() -> TestResult {
    let w = World::new().await?;
    let file = attached(&w).await?;
    let session = w.page_session(&w.assessor).await?;
    let part = w
        .app
        .send(
            Req::get(&format!("/evidence/{}/files/{file}?inline=1", w.evidence))
                .session(&session.cookie)
                .header("range", "bytes=0-3"),
        )
        .await;
    assert_eq!(part.status, 206, "{}", part.body);
    assert_eq!(part.body, &TEXT[..4]);
    // Plain text is not shown in place (it could be taken for the site's own page).
    assert!(part.header("content-disposition").starts_with("attachment"));
    Ok(())
}

#[actix_web::test]
async fn another_learner_gets_no_part_of_the_file() -> TestResult {
    let w = World::new().await?;
    let file = attached(&w).await?;
    let path = format!("/api/v1/evidence/{}/files/{file}", w.evidence);
    let other = w
        .app
        .send(
            Req::get(&path)
                .bearer(&w.other_learner.token)
                .header("range", "bytes=0-3"),
        )
        .await;
    assert_eq!(other.status, 404, "{}", other.body);
    Ok(())
}
