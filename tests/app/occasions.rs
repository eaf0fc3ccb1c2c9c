//! SQA FX35 35 occasions end to end (S2, S3): the question bank, sampling without repeats
//! across occasions, the bank running out, questions hidden until the occasion opens, answers
//! and marks, and the SQA sign-off that needs every sampled item satisfied.

use eportfolio::clock::Clock;
use eportfolio::domain::registration::RegistrationStatus;
use eportfolio::store::people::{self, StaffCredential};
use eportfolio::store::registrations::{self, Registration};
use eportfolio::store::write_transaction;
use serde_json::{Value, json};

mod adjustments;
mod journey;
mod refusals;
mod sampled_last_occasion;

use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

const KS1: &str = "sqa-fx35-35/o1/ks1";
const KS2: &str = "sqa-fx35-35/o2/ks1";
const KS3: &str = "sqa-fx35-35/o3/ks1";

fn refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", show(reply));
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
}

/// C6 for FX35 35: the assessor is occupationally knowledgeable.
pub fn make_assessor_eligible(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    make_eligible(w, &w.assessor.id)
}

/// Record `user_id` as occupationally knowledgeable (C6), as the centre administrator would.
pub fn make_eligible(w: &World, user_id: &str) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        people::insert_credential(
            conn,
            &StaffCredential {
                id: people::new_id(),
                user_id: user_id.to_owned(),
                kind: "competence".to_owned(),
                code: "occupationally_knowledgeable".to_owned(),
                statement: "Seen at the centre".to_owned(),
                dated_on: now.date(),
                recorded_by: w.centre_admin.id.clone(),
                created_at: now,
                centre_id: Some(w.centre_a.clone()),
            },
        )
    })?;
    Ok(())
}

/// The other learner on FX35 35 with the same assessor; the registration's id.
fn register_other_learner_on_sqa(w: &World) -> Result<String, Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let id = people::new_id();
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        registrations::insert(
            conn,
            &Registration {
                id: id.clone(),
                centre_id: w.centre_a.clone(),
                learner_id: w.other_learner.id.clone(),
                qualification_id: "sqa-fx35-35".to_owned(),
                awarding_body_ref: None,
                date_of_birth: date(1988, 2, 3),
                start_date: date(2027, 1, 4),
                planned_end_date: date(2027, 12, 17),
                employer: "Care at Home Ltd".to_owned(),
                workplace: "Inverness".to_owned(),
                assessor_id: w.assessor.id.clone(),
                iqa_id: w.iqa.id.clone(),
                tutor_id: None,
                support_needs: String::new(),
                reasonable_adjustments: String::new(),
                open_learning: false,
                authenticator: None,
                status: RegistrationStatus::Active,
                registered_on: now.date(),
                created_at: now,
            },
        )
    })?;
    Ok(id)
}

async fn add_question(w: &World, who: &Person, item: &str, text: &str) -> Reply {
    w.app
        .send(
            Req::post(&format!("/api/v1/centres/{}/question-bank", w.centre_a))
                .bearer(&who.token)
                .json(&json!({"item_id": item, "text": text})),
        )
        .await
}

/// The tutor puts `n` questions for each item in the bank.
async fn fill_bank(w: &World, items: &[&str], n: usize) -> TestResult {
    for item in items {
        for i in 1..=n {
            let reply = add_question(w, &w.tutor, item, &format!("Question {i} on {item}?")).await;
            assert_eq!(reply.status, 201, "{}", show(&reply));
        }
    }
    Ok(())
}

async fn schedule(w: &World, who: &Person, r: &str, body: Value) -> Reply {
    w.app
        .send(
            Req::post(&format!("/api/v1/registrations/{r}/occasions"))
                .bearer(&who.token)
                .json(&body),
        )
        .await
}

fn opens_in(w: &World, hours: i64) -> String {
    (w.app.clock().now() + chrono::Duration::hours(hours)).to_rfc3339()
}

async fn occasions(w: &World, who: &Person, r: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let reply = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}/occasions")).bearer(&who.token))
        .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    Ok(reply.json()["occasions"].clone())
}

async fn post(w: &World, who: &Person, path: &str, body: Value) -> Reply {
    w.app
        .send(Req::post(path).bearer(&who.token).json(&body))
        .await
}

fn questions_of(occasion: &Value) -> Vec<String> {
    occasion["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["question_id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The next occasion, a minute after the last one (occasions follow one another), opening now.
async fn next_occasion(w: &World, items: &[&str]) -> Reply {
    w.app.advance(chrono::Duration::minutes(1));
    let body = json!({"items": items, "opens_at": opens_in(w, 0), "seed": 7});
    schedule(w, &w.assessor, &w.registration, body).await
}

#[actix_web::test]
async fn s3_no_question_is_put_to_a_candidate_twice_until_the_bank_runs_out() -> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    fill_bank(&w, &[KS1, KS2, KS3], 2).await?;
    let r = &w.registration;
    // Occasions alternate between KS1 + KS2 and KS3 (S3: different items each occasion).
    let first = next_occasion(&w, &[KS1, KS2]).await;
    assert_eq!(first.status, 201, "{}", show(&first));
    let between = next_occasion(&w, &[KS3]).await;
    assert_eq!(between.status, 201, "{}", show(&between));
    let second = next_occasion(&w, &[KS1, KS2]).await;
    assert_eq!(second.status, 201, "{}", show(&second));
    let (a, b) = (questions_of(&first.json()), questions_of(&second.json()));
    assert_eq!((a.len(), b.len()), (2, 2), "{}", show(&first));
    assert!(a.iter().all(|q| !b.contains(q)), "repeated: {a:?} {b:?}");
    let between = next_occasion(&w, &[KS3]).await;
    assert_eq!(between.status, 201, "{}", show(&between));
    // Both questions of each item are used: a fifth occasion is refused, naming the item.
    let fifth = next_occasion(&w, &[KS1, KS2]).await;
    refused(&fifth, 422, "question_bank_exhausted");
    let detail = fifth.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(detail.contains(KS1), "{detail}");
    assert_eq!(
        occasions(&w, &w.assessor, r)
            .await?
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    // A new question for KS1 alone lets an occasion on KS1 go ahead, with that question.
    let added = add_question(&w, &w.assessor, KS1, "A third question on KS1?").await;
    assert_eq!(added.status, 201, "{}", show(&added));
    let sixth = next_occasion(&w, &[KS1]).await;
    assert_eq!(sixth.status, 201, "{}", show(&sixth));
    assert_eq!(
        questions_of(&sixth.json()),
        vec![added.json()["id"].as_str().unwrap_or_default().to_owned()]
    );
    Ok(())
}

#[actix_web::test]
async fn the_same_seed_draws_the_same_questions() -> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    fill_bank(&w, &[KS1], 6).await?;
    let other = register_other_learner_on_sqa(&w)?;
    let body = json!({"items": [KS1], "opens_at": opens_in(&w, 0), "seed": 99});
    let a = schedule(&w, &w.assessor, &w.registration, body.clone()).await;
    assert_eq!(a.status, 201, "{}", show(&a));
    // Another candidate, same bank and seed: the same draw.
    let b = schedule(&w, &w.assessor, &other, body).await;
    assert_eq!(b.status, 201, "{}", show(&b));
    assert_eq!(questions_of(&a.json()), questions_of(&b.json()));
    Ok(())
}

#[actix_web::test]
async fn questions_are_hidden_from_the_candidate_until_the_occasion_opens() -> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    fill_bank(&w, &[KS1], 1).await?;
    let r = &w.registration;
    let made = schedule(
        &w,
        &w.assessor,
        r,
        json!({"items": [KS1], "opens_at": opens_in(&w, 24)}),
    )
    .await;
    assert_eq!(made.status, 201, "{}", show(&made));
    let id = made.json()["id"].as_str().unwrap_or_default().to_owned();
    let seen = occasions(&w, &w.learner, r).await?;
    assert_eq!(seen[0]["status"], "scheduled");
    assert_eq!(seen[0]["items_hidden"], true);
    assert_eq!(seen[0]["items"], Value::Null);
    let page = w
        .app
        .send(
            Req::get(&format!("/registrations/{r}/occasions"))
                .session(&w.page_session(&w.learner).await?.cookie),
        )
        .await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(
        !page.body.contains("Question 1 on") && !page.body.contains(KS1),
        "{}",
        page.body
    );
    assert!(page.body.contains("shown when the occasion opens"));
    // Staff see them; the candidate cannot answer yet.
    assert_eq!(
        occasions(&w, &w.assessor, r).await?[0]["items"][0]["item_id"],
        KS1
    );
    let early = post(
        &w,
        &w.learner,
        &format!("/api/v1/occasions/{id}/answers"),
        json!({"item_id": KS1, "answer": "Too soon"}),
    )
    .await;
    refused(&early, 409, "conflict");
    let notices = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&w.learner.token))
        .await
        .json();
    assert!(notices.to_string().contains("scheduled"), "{notices}");
    assert!(!notices.to_string().contains("Question 1 on"), "{notices}");

    w.app.advance(chrono::Duration::days(1));
    // A day on, the morning's sign-in has expired: the candidate signs in again.
    let learner = Person {
        token: w.api_token(&w.learner).await?,
        ..w.learner.clone()
    };
    let w_learner = &learner;
    let open = occasions(&w, w_learner, r).await?;
    assert_eq!(open[0]["status"], "open");
    assert_eq!(
        open[0]["items"][0]["question"],
        format!("Question 1 on {KS1}?")
    );
    let answered = post(
        &w,
        w_learner,
        &format!("/api/v1/occasions/{id}/answers"),
        json!({"item_id": KS1, "answer": "Working as equals."}),
    )
    .await;
    assert_eq!(answered.status, 200, "{}", show(&answered));
    // The candidate is told once that it is open, however often it is read.
    occasions(&w, w_learner, r).await?;
    let notices = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&w_learner.token))
        .await
        .json();
    let opened = notices["notifications"].as_array().map_or(0, |n| {
        n.iter()
            .filter(|n| n["subject"] == "An assessment occasion is open for you")
            .count()
    });
    assert_eq!(opened, 1, "{notices}");
    Ok(())
}
