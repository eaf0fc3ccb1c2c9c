//! Each refusal of the question bank, scheduling, answering and marking, with its status and
//! code.

use serde_json::json;

use super::{
    KS1, KS2, add_question, fill_bank, make_assessor_eligible, opens_in, post, refused, schedule,
};
use crate::support::{Req, TestResult};
use crate::world::{World, show};

#[actix_web::test]
async fn the_bank_is_kept_by_tutors_and_assessors_for_fx35_35_items_only() -> TestResult {
    let w = World::new().await?;
    let by_learner = add_question(&w, &w.learner, KS1, "Mine?").await;
    refused(&by_learner, 403, "forbidden");
    let by_other_centre = add_question(&w, &w.admin_b, KS1, "Theirs?").await;
    refused(&by_other_centre, 404, "not_found");
    let bank = format!("/api/v1/centres/{}/question-bank", w.centre_a);
    let learner_reads = w.app.send(Req::get(&bank).bearer(&w.learner.token)).await;
    refused(&learner_reads, 403, "forbidden");
    for bad in [
        "sqa-fx35-35/er1",
        "cg-3085/u002/lo1/ac1.1",
        "sqa-fx35-35/o9/ks1",
    ] {
        let reply = add_question(&w, &w.tutor, bad, "What?").await;
        refused(&reply, 422, "invalid");
        assert_eq!(
            reply.json()["errors"][0]["field"],
            "item_id",
            "{}",
            show(&reply)
        );
    }
    refused(&add_question(&w, &w.tutor, KS1, "  ").await, 422, "invalid");
    let added = add_question(&w, &w.assessor, KS1, "What is co-production?").await;
    assert_eq!(added.status, 201, "{}", show(&added));
    let read = w.app.send(Req::get(&bank).bearer(&w.iqa.token)).await;
    assert_eq!(
        read.json()["questions"][0]["item_id"],
        KS1,
        "{}",
        show(&read)
    );
    Ok(())
}

#[actix_web::test]
async fn only_the_allocated_eligible_assessor_schedules_on_fx35_35() -> TestResult {
    let w = World::new().await?;
    let r = &w.registration;
    fill_bank(&w, &[KS1], 1).await?;
    let body = json!({"items": [KS1], "opens_at": opens_in(&w, 0)});
    // C6 before the assessor is occupationally knowledgeable.
    let ineligible = schedule(&w, &w.assessor, r, body.clone()).await;
    refused(&ineligible, 422, "assessor_not_eligible");
    make_assessor_eligible(&w)?;
    for (who, status, code) in [
        (&w.learner, 403, "forbidden"),
        (&w.iqa, 403, "forbidden"),
        (&w.tutor, 404, "not_found"),
        (&w.admin_b, 404, "not_found"),
    ] {
        refused(&schedule(&w, who, r, body.clone()).await, status, code);
    }
    let not_ks = json!({"items": ["sqa-fx35-35/er2"], "opens_at": opens_in(&w, 0)});
    refused(&schedule(&w, &w.assessor, r, not_ks).await, 422, "invalid");
    let no_time = json!({"items": [KS1], "opens_at": "next week"});
    refused(&schedule(&w, &w.assessor, r, no_time).await, 422, "invalid");
    let cg = w.register_on_cg_3085_02()?;
    refused(&schedule(&w, &w.assessor, &cg, body).await, 422, "invalid");
    // The bank has nothing for KS2: refused, naming it.
    let none = json!({"items": [KS2], "opens_at": opens_in(&w, 0)});
    let empty = schedule(&w, &w.assessor, r, none).await;
    refused(&empty, 422, "question_bank_exhausted");
    let detail = empty.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(detail.contains(KS2), "{detail}");
    Ok(())
}

#[actix_web::test]
async fn the_candidate_answers_and_the_assessor_marks_in_turn() -> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    fill_bank(&w, &[KS1], 1).await?;
    let body = json!({"items": [KS1], "opens_at": opens_in(&w, 0)});
    let made = schedule(&w, &w.assessor, &w.registration, body).await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let id = made.json()["id"].as_str().unwrap_or_default().to_owned();
    let answers = format!("/api/v1/occasions/{id}/answers");
    let marks = format!("/api/v1/occasions/{id}/marks");
    let answer = |item: &str, text: &str| json!({"item_id": item, "answer": text});
    let mark = json!({"item_id": KS1, "outcome": "satisfied", "feedback": "Good."});
    refused(
        &post(&w, &w.assessor, &marks, mark.clone()).await,
        409,
        "conflict",
    );
    refused(
        &post(&w, &w.assessor, &answers, answer(KS1, "Me")).await,
        403,
        "forbidden",
    );
    refused(
        &post(&w, &w.learner, &answers, answer(KS2, "Not asked")).await,
        422,
        "invalid",
    );
    refused(
        &post(&w, &w.learner, &answers, answer(KS1, "")).await,
        422,
        "invalid",
    );
    refused(
        &post(&w, &w.admin_b, &answers, answer(KS1, "x")).await,
        404,
        "not_found",
    );
    let answered = post(&w, &w.learner, &answers, answer(KS1, "Working as equals.")).await;
    assert_eq!(answered.status, 200, "{}", show(&answered));
    refused(
        &post(&w, &w.learner, &marks, mark.clone()).await,
        403,
        "forbidden",
    );
    let odd = json!({"item_id": KS1, "outcome": "great", "feedback": ""});
    let bad_mark = post(&w, &w.assessor, &marks, odd).await;
    refused(&bad_mark, 422, "invalid");
    assert_eq!(bad_mark.json()["errors"].as_array().map(Vec::len), Some(2));
    let marked = post(&w, &w.assessor, &marks, mark).await;
    assert_eq!(marked.status, 200, "{}", show(&marked));
    // Marked: the answer cannot change; the learner was told.
    refused(
        &post(&w, &w.learner, &answers, answer(KS1, "Changed")).await,
        409,
        "conflict",
    );
    let notices = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&w.learner.token))
        .await;
    assert!(
        notices.body.contains("Your answer has been marked"),
        "{}",
        show(&notices)
    );
    Ok(())
}
