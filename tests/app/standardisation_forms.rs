//! The standardisation page's forms (issue 15). A refused activity keeps what was typed and
//! ticked. A blind double-marking exercise is set up without typing an id:
//! the IQA picks the evidence item from the centre's submitted, mapped items (named in words),
//! ticks the criteria (its mapped criteria, in the specification's words, start ticked) and the
//! markers; a refusal keeps what was ticked; the API judges every mapped criterion when the
//! request names none, and the invited marker's home counts the criteria left to judge.

use serde_json::json;

use crate::standardisation::{KS, assessors};
use crate::support::{Req, TestResult};
use crate::world::{PageSession, World, show};

async fn post_exercise(
    w: &World,
    session: &PageSession,
    pairs: &[(&str, &str)],
) -> crate::support::Reply {
    let mut form = vec![("csrf_token", session.csrf.as_str())];
    form.extend_from_slice(pairs);
    w.app
        .send(
            Req::post(&format!("/centres/{}/double-marking", w.centre_a))
                .session(&session.cookie)
                .same_origin()
                .form(&form),
        )
        .await
}

#[actix_web::test]
async fn the_iqa_chooses_the_evidence_and_its_criteria_in_words() -> TestResult {
    let w = World::new().await?;
    let second = assessors(&w, &["Ayo Second"]).await?.remove(0);
    w.map_declare_and_submit(&w.evidence, &[KS[0], KS[1]]).await;
    let session = w.page_session(&w.iqa).await?;
    let page = format!("/centres/{}/standardisation", w.centre_a);

    // Step 1: the item is listed by title and learner, with no id to type.
    let choose = w.app.send(Req::get(&page).session(&session.cookie)).await;
    assert_eq!(choose.status, 200, "{}", show(&choose));
    assert!(
        choose
            .body
            .contains(&format!(r#"<option value="{}">"#, w.evidence)),
        "{}",
        show(&choose)
    );
    assert!(choose.body.contains("— Lee Learner, "), "the learner named");
    assert!(!choose.body.contains("one id per line"), "no id to type");

    // Step 2: its mapped criteria in the specification's words, all ticked.
    let chosen = w
        .app
        .send(Req::get(&format!("{page}?evidence={}", w.evidence)).session(&session.cookie))
        .await;
    assert_eq!(chosen.status, 200, "{}", show(&chosen));
    assert!(
        chosen
            .body
            .contains("Knowledge/Skills 1: Definition(s) and principles of Co-Production")
    );
    for c in &KS[..2] {
        assert!(
            chosen.body.contains(&format!(r#"value="{c}" checked"#)),
            "{c} ticked"
        );
    }
    assert!(
        !chosen.body.contains(&format!(r#"value="{}""#, KS[2])),
        "unmapped criteria not offered"
    );

    // Nothing ticked: refused, the item still chosen and the markers still ticked.
    let refused = post_exercise(
        &w,
        &session,
        &[("evidence_id", &w.evidence), ("markers", &w.assessor.id)],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused.body.contains("Choose at least one criterion"),
        "{}",
        show(&refused)
    );
    assert!(
        refused
            .body
            .contains(&format!(r#"name="evidence_id" value="{}""#, w.evidence))
    );
    assert!(
        refused
            .body
            .contains(&format!(r#"value="{}" checked"#, w.assessor.id))
    );
    assert!(
        !refused
            .body
            .contains(&format!(r#"value="{}" checked"#, KS[0])),
        "what was sent is shown"
    );

    // One criterion and two markers: the exercise judges that criterion only.
    let made = post_exercise(
        &w,
        &session,
        &[
            ("evidence_id", &w.evidence),
            ("criteria", KS[1]),
            ("markers", &w.assessor.id),
            ("markers", &second.id),
        ],
    )
    .await;
    assert_eq!(made.status, 303, "{}", show(&made));
    let location = made.header("location").to_owned();
    let id = location
        .strip_prefix("/double-marking/")
        .and_then(|rest| rest.split('?').next())
        .ok_or("no exercise address")?;
    let seen = w
        .app
        .send(Req::get(&format!("/api/v1/double-marking/{id}")).bearer(&w.iqa.token))
        .await;
    let criteria: Vec<serde_json::Value> = seen.json()["criteria"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(criteria, [json!(KS[1])], "{}", show(&seen));
    Ok(())
}

/// The person's home page.
async fn home(w: &World, who: &crate::world::Person) -> Result<String, Box<dyn std::error::Error>> {
    let session = w.page_session(who).await?;
    Ok(w.app
        .send(Req::get("/home").session(&session.cookie))
        .await
        .body)
}

#[actix_web::test]
async fn an_api_request_naming_no_criteria_judges_every_mapped_criterion() -> TestResult {
    let w = World::new().await?;
    let second = assessors(&w, &["Ayo Second"]).await?.remove(0);
    w.map_declare_and_submit(&w.evidence, &[KS[1], KS[0]]).await;
    let made = w
        .app
        .send(
            Req::post(&format!("/api/v1/centres/{}/double-marking", w.centre_a))
                .bearer(&w.iqa.token)
                .json(&json!({"evidence_id": w.evidence, "markers": [w.assessor.id, second.id]})),
        )
        .await;
    assert_eq!(made.status, 201, "{}", show(&made));
    assert_eq!(made.json()["criteria"], json!([KS[0], KS[1]]));
    let id = made.json()["id"].as_str().unwrap_or_default().to_owned();

    // The invited marker's home counts the criteria left to judge and links to the exercise.
    let waiting = home(&w, &second).await?;
    assert!(
        waiting.contains("2 criteria to judge blind in a standardisation exercise")
            && waiting.contains(&format!(r#"href="/double-marking/{id}""#)),
        "{waiting}"
    );
    let judge = |criterion: &str| {
        Req::post(&format!("/api/v1/double-marking/{id}/judgements"))
            .bearer(&second.token)
            .json(&json!({"judgements": [{"criterion_id": criterion, "outcome": "met", "comment": "Shown"}]}))
    };
    assert_eq!(w.app.send(judge(KS[0])).await.status, 201);
    let waiting = home(&w, &second).await?;
    assert!(
        waiting.contains("1 criterion to judge blind in a standardisation exercise"),
        "{waiting}"
    );
    assert_eq!(w.app.send(judge(KS[1])).await.status, 201);
    assert!(
        !home(&w, &second).await?.contains("to judge blind"),
        "all judged"
    );

    // An empty list is a choice of nothing, and refused.
    let empty = w
        .app
        .send(
            Req::post(&format!("/api/v1/centres/{}/double-marking", w.centre_a))
                .bearer(&w.iqa.token)
                .json(&json!({"evidence_id": w.evidence, "criteria": [], "markers": [w.assessor.id, second.id]})),
        )
        .await;
    assert_eq!(empty.status, 422, "{}", show(&empty));
    assert_eq!(empty.json()["errors"][0]["field"], "criteria");
    Ok(())
}

#[actix_web::test]
async fn a_refused_activity_keeps_what_was_typed_and_ticked() -> TestResult {
    let w = World::new().await?;
    let session = w.page_session(&w.iqa).await?;
    let refused = w
        .app
        .send(
            Req::post(&format!("/centres/{}/standardisation", w.centre_a))
                .session(&session.cookie)
                .same_origin()
                .form(&[
                    ("csrf_token", session.csrf.as_str()),
                    ("qualification_id", "sqa-fx35-35"),
                    ("held_on", "not a date"),
                    ("title", "Co-production sampling meeting"),
                    ("attendees", &w.assessor.id),
                    ("units", "sqa-fx35-35"),
                    ("agreed", "Reflective accounts need the person's own words."),
                    ("action_description", "Share the agreed examples"),
                ]),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    let body = &refused.body;
    assert!(
        body.contains(r#"value="Co-production sampling meeting""#),
        "{body}"
    );
    assert!(body.contains(r#"value="not a date""#), "{body}");
    assert!(
        body.contains(&format!(r#"value="{}" checked"#, w.assessor.id)),
        "{body}"
    );
    assert!(body.contains(r#"value="sqa-fx35-35" checked"#), "{body}");
    assert!(
        body.contains("Reflective accounts need the person&#39;s own words.")
            || body.contains("Reflective accounts need the person's own words."),
        "{body}"
    );
    assert!(
        body.contains(r#"value="Share the agreed examples""#),
        "{body}"
    );
    Ok(())
}
