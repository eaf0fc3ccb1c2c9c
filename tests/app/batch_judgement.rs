//! Issue 16: judging many criteria in one submission, through the batch API and the marking
//! workspace. All or none; "not yet met" on some keeps the others; a judgement against a draft
//! is refused; the learner gets one message (in the app and by email) listing the criteria in
//! words.

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::{World, show};

type Error = Box<dyn std::error::Error>;

const U002: &str = "cg-3085/u002";

/// Unit 002's criteria, in order, with their "1.1 wording" words.
fn unit_002() -> Result<Vec<(String, String)>, Error> {
    let curriculum = eportfolio::curriculum::shipped()?;
    let (_, unit) = curriculum.unit(U002).ok_or("no unit 002")?;
    Ok(unit
        .outcomes
        .iter()
        .flat_map(|o| o.criteria.iter())
        .map(|c| (c.id.clone(), format!("{} {}", c.number, c.text.trim())))
        .collect())
}

/// The learner's work product mapped to `criteria`, declared and submitted; its id.
async fn submitted(w: &World, r: &str, criteria: &[&str]) -> Result<String, Error> {
    let learner = &w.learner.token;
    let created = w.app.send(Req::post(&format!("/api/v1/registrations/{r}/evidence")).bearer(learner).json(&json!({
        "kind": "work_product", "title": "Mrs B's support plan", "activity_date": "2027-01-12", "text": "The plan I wrote with Mrs B."
    }))).await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let e = created.json()["id"].as_str().ok_or("no id")?.to_owned();
    let steps = [
        Req::new(Method::PUT, &format!("/api/v1/evidence/{e}/mappings"))
            .json(&json!({"criteria": criteria})),
        Req::post(&format!("/api/v1/evidence/{e}/declaration"))
            .json(&json!({"typed_name": w.learner.name})),
        Req::post(&format!("/api/v1/evidence/{e}/submit")).json(&json!({})),
    ];
    for step in steps {
        let reply = w.app.send(step.bearer(learner)).await;
        assert!(reply.status.as_u16() < 300, "{}", show(&reply));
    }
    Ok(e)
}

fn judgement(criterion: &str, outcome: &str, e: &str) -> Value {
    let feedback = if outcome == "met" {
        ""
    } else {
        "Say how you checked Mrs B's wishes."
    };
    json!({"criterion_id": criterion, "outcome": outcome, "evidence_ids": [e], "feedback": feedback})
}

async fn batch(w: &World, r: &str, judgements: Vec<Value>) -> Reply {
    let body = json!({"judgements": judgements, "overall_feedback": "A thoughtful plan."});
    w.app
        .send(
            Req::post(&format!("/api/v1/registrations/{r}/judgements"))
                .bearer(&w.assessor.token)
                .json(&body),
        )
        .await
}

async fn rounds(w: &World, r: &str) -> Result<usize, Error> {
    let record = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}/assessment")).bearer(&w.assessor.token))
        .await;
    assert_eq!(record.status, 200, "{}", show(&record));
    Ok(record.json()["judgements"]
        .as_array()
        .ok_or("no judgements")?
        .len())
}

#[actix_web::test]
async fn not_yet_met_on_two_keeps_the_others_and_the_learner_gets_one_message() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let criteria = unit_002()?;
    let ids: Vec<&str> = criteria.iter().map(|(id, _)| id.as_str()).collect();
    let e = submitted(&w, &r, &ids).await?;
    let judgements = ids
        .iter()
        .enumerate()
        .map(|(i, id)| judgement(id, if i < 2 { "not_yet_met" } else { "met" }, &e))
        .collect();
    let judged = batch(&w, &r, judgements).await;
    assert_eq!(judged.status, 201, "{}", show(&judged));
    let list = judged.json()["judgements"].clone();
    assert_eq!(list.as_array().map(Vec::len), Some(ids.len()));
    assert_eq!(rounds(&w, &r).await?, ids.len());

    // The item is back with the learner for the two; the others stay met.
    let tracker = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}/tracker")).bearer(&w.learner.token))
        .await
        .json();
    let unit = tracker["tracker"]["units"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["id"] == U002)
        .cloned()
        .ok_or("no unit 002")?;
    let met = unit["outcomes"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|o| o["items"].as_array().into_iter().flatten())
        .filter(|c| c["status"] == "met")
        .count();
    assert_eq!(met, ids.len() - 2, "{unit}");
    let item = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{e}")).bearer(&w.learner.token))
        .await
        .json();
    assert_eq!(item["status"], "draft", "{item}");

    // One notification and one email, naming the criteria in words.
    let notices = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&w.learner.token))
        .await
        .json();
    let judged_notices: Vec<&Value> = notices["notifications"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| {
            n["subject"]
                .as_str()
                .is_some_and(|s| s.starts_with("Your work has been judged"))
        })
        .collect();
    assert_eq!(judged_notices.len(), 1, "{notices}");
    let notice = judged_notices[0];
    let met_count = ids.len() - 2;
    assert_eq!(
        notice["subject"],
        format!("Your work has been judged: {met_count} criteria met, 2 not yet met")
    );
    let body = notice["body"].as_str().ok_or("no body")?;
    for (_, words) in &criteria {
        assert!(body.contains(words.as_str()), "{words} missing from {body}");
    }
    assert!(!body.contains("cg-3085/"), "{body}");
    assert!(body.contains("A thoughtful plan."), "{body}");
    let mail = w
        .app
        .send(Req::get("/api/v1/mail").bearer(&w.platform_admin.token))
        .await
        .json();
    let mails = mail["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["to"] == w.learner.email.as_str() && m["subject"] == notice["subject"])
        .count();
    assert_eq!(mails, 1, "{mail}");
    Ok(())
}

#[actix_web::test]
async fn a_judgement_against_a_draft_is_refused() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let criteria = unit_002()?;
    let (first, second) = (criteria[0].0.as_str(), criteria[1].0.as_str());
    let e = submitted(&w, &r, &[first, second]).await?;
    let referred = batch(&w, &r, vec![judgement(first, "not_yet_met", &e)]).await;
    assert_eq!(referred.status, 201, "{}", show(&referred));
    // Back with the learner as a draft (still declared): neither outcome may be recorded on it.
    for outcome in ["met", "not_yet_met"] {
        let reply = w
            .app
            .send(
                Req::post(&format!("/api/v1/registrations/{r}/decisions"))
                    .bearer(&w.assessor.token)
                    .json(&judgement(second, outcome, &e)),
            )
            .await;
        assert_eq!(reply.status, 422, "{}", show(&reply));
        assert_eq!(reply.json()["code"], "evidence_not_submitted");
        assert_eq!(
            reply.json()["detail"],
            "\u{201c}Mrs B's support plan\u{201d} is with the learner as a draft, so it cannot be judged. Judge it when the learner has submitted it again."
        );
    }
    Ok(())
}

#[actix_web::test]
async fn the_batch_is_refused_whole_naming_each_bad_item() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let criteria = unit_002()?;
    let ids: Vec<&str> = criteria.iter().map(|(id, _)| id.as_str()).collect();
    let e = submitted(&w, &r, &ids[..3]).await?;
    let judgements = vec![
        judgement(ids[0], "met", &e),
        judgement("sqa-fx35-35/er1", "met", &e),
        judgement(ids[1], "not_yet_met", &e)
            .as_object()
            .map(|o| {
                let mut o = o.clone();
                o.insert("feedback".to_owned(), json!(""));
                Value::Object(o)
            })
            .ok_or("no object")?,
        judgement(ids[2], "met", &e),
        judgement(ids[3], "met", &e),
    ];
    let refused = batch(&w, &r, judgements).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    let problem = refused.json();
    assert_eq!(problem["code"], "batch_refused");
    let items = problem["items"].as_array().ok_or("no items")?;
    let named: Vec<(u64, &str)> = items
        .iter()
        .map(|i| {
            (
                i["index"].as_u64().unwrap_or(99),
                i["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        named,
        [(1, "invalid"), (2, "invalid"), (4, "evidence_not_mapped")],
        "{problem}"
    );
    assert_eq!(
        items[2]["criterion"],
        format!("Unit 002, {}", criteria[3].1)
    );
    assert!(
        items[1]["message"] == "Tell the learner what is missing and what to do next",
        "{problem}"
    );
    assert_eq!(rounds(&w, &r).await?, 0, "nothing recorded");
    Ok(())
}

#[actix_web::test]
async fn the_marking_workspace_judges_many_criteria_in_one_submission() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let criteria = unit_002()?;
    let ids: Vec<&str> = criteria.iter().map(|(id, _)| id.as_str()).collect();
    let e = submitted(&w, &r, &ids[..3]).await?;
    let page = w.page_session(&w.assessor).await?;
    let shown = w
        .app
        .send(Req::get(&format!("/evidence/{e}/marking?all=met")).session(&page.cookie))
        .await;
    assert_eq!(shown.status, 200, "{}", show(&shown));
    for (_, words) in &criteria[..3] {
        assert!(
            shown.body.contains(&maud::html!((words)).into_string()),
            "{words}"
        );
    }
    // Not yet met without feedback: refused, with everything typed kept.
    let (o0, o1, o3) = (
        format!("outcome:{}", ids[0]),
        format!("outcome:{}", ids[1]),
        format!("outcome:{}", ids[3]),
    );
    let (f0, f1) = (
        format!("feedback:{}", ids[0]),
        format!("feedback:{}", ids[1]),
    );
    let mut fields = vec![
        (o0.as_str(), "met"),
        (f0.as_str(), "Kept as I typed it."),
        (o1.as_str(), "not_yet_met"),
        (f1.as_str(), ""),
        (o3.as_str(), "met"),
        ("csrf_token", page.csrf.as_str()),
    ];
    let post = |fields: &[(&str, &str)]| {
        Req::post(&format!("/evidence/{e}/judgements"))
            .session(&page.cookie)
            .same_origin()
            .form(fields)
    };
    let refused = w.app.send(post(&fields)).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused.body.contains("Kept as I typed it."),
        "{}",
        show(&refused)
    );
    assert!(
        refused.body.contains("There is a problem"),
        "{}",
        show(&refused)
    );
    assert_eq!(rounds(&w, &r).await?, 0);
    // With feedback: two criteria and one the learner did not map (mapped as the assessor's).
    fields[3] = (f1.as_str(), "Say how you checked Mrs B's wishes.");
    let done = w.app.send(post(&fields)).await;
    assert_eq!(done.status, 303, "{}", show(&done));
    assert_eq!(rounds(&w, &r).await?, 3);
    let item = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{e}")).bearer(&w.assessor.token))
        .await
        .json();
    assert!(
        item["criteria"].to_string().contains(ids[3]),
        "the assessor's mapping is kept: {item}"
    );
    Ok(())
}

#[actix_web::test]
async fn the_assessors_own_record_mapped_to_nothing_offers_every_criterion() -> TestResult {
    let w = World::new().await?;
    let created = w
        .app
        .send(
            Req::post(&format!("/api/v1/registrations/{}/evidence", w.registration))
                .bearer(&w.assessor.token)
                .json(&json!({"kind": "professional_discussion", "title": "Discussion of outcomes",
                    "activity_date": "2027-01-12", "text": "We discussed how Mr B's outcomes were agreed."})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let e = created.json()["id"].as_str().unwrap_or_default().to_owned();
    let page = w.page_session(&w.assessor).await?;
    let shown = w
        .app
        .send(Req::get(&format!("/evidence/{e}/marking")).session(&page.cookie))
        .await;
    assert_eq!(shown.status, 200, "{}", show(&shown));
    assert!(
        shown
            .body
            .contains("has not mapped this item to any criterion")
    );
    assert!(
        shown.body.contains("Evidence Requirement 1:"),
        "every criterion of the qualification is offered to map and judge"
    );
    Ok(())
}

#[actix_web::test]
async fn the_workspace_shows_the_text_of_a_file_the_browser_cannot() -> TestResult {
    let w = World::new().await?;
    let e = &w.evidence;
    let note = "Mr B chose who came to his review.\nHis sister read the plan aloud.";
    let sent = w
        .app
        .send(crate::support::upload(
            &format!("/api/v1/evidence/{e}/files"),
            &w.learner.token,
            "review notes.txt",
            note.as_bytes(),
        ))
        .await;
    assert_eq!(sent.status, 201, "{}", show(&sent));
    w.map_declare_and_submit(e, &["sqa-fx35-35/er1"]).await;
    let page = w.page_session(&w.assessor).await?;
    let shown = w
        .app
        .send(Req::get(&format!("/evidence/{e}/marking")).session(&page.cookie))
        .await;
    assert_eq!(shown.status, 200, "{}", show(&shown));
    assert!(
        shown.body.contains("The text of review notes.txt"),
        "{}",
        shown.body
    );
    assert!(shown.body.contains("His sister read the plan aloud."));
    Ok(())
}
