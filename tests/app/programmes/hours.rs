//! Learning hours: logged by the learner, totalled against notional hours (FX35 35: 40) and
//! guided learning hours (C&G 3085 Units 001 and 002: 26 and 25), seen by the assessor; bad
//! entries refused with field errors.

use chrono::Duration;
use serde_json::json;

use super::{O1, post, refused, send};
use crate::support::{Req, TestResult};
use crate::world::{World, show};

fn path(r: &str) -> String {
    format!("/api/v1/registrations/{r}/learning-hours")
}

fn today(w: &World) -> chrono::NaiveDate {
    use eportfolio::clock::Clock;
    w.app.clock().now().date_naive()
}

#[actix_web::test]
async fn hours_are_totalled_against_notional_and_guided_hours() -> TestResult {
    let w = World::new().await?;
    let day = today(&w).to_string();
    for minutes in [600, 600] {
        let reply = post(&w, &w.learner, &path(&w.registration), json!({"activity_on": day, "minutes": minutes, "description": "Read the SDS strategy", "outcome_ids": [O1]})).await;
        assert_eq!(reply.status, 201, "{}", show(&reply));
    }
    // The assessor sees the total: 20 of 40 notional hours.
    let seen = send(&w, &w.assessor, Req::get(&path(&w.registration))).await;
    assert_eq!(seen.status, 200, "{}", show(&seen));
    let total = &seen.json()["total"];
    assert_eq!(total["logged_minutes"], 1200);
    assert_eq!(total["expected_hours"], 40);
    assert_eq!(total["basis"], "notional");
    assert_eq!(total["percent"], 50);
    // City & Guilds 3085-02: Unit 001 has 26 guided hours, Unit 002 25.
    let cg = w.register_on_cg_3085_02()?;
    let reply = post(&w, &w.learner, &path(&cg), json!({"activity_on": day, "minutes": 78, "description": "Person-centred tools", "outcome_ids": ["cg-3085/u001/lo2"]})).await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    let seen = send(&w, &w.learner, Req::get(&path(&cg))).await.json();
    assert_eq!(seen["total"]["expected_hours"], 51);
    assert_eq!(seen["units"][0]["total"]["expected_hours"], 26);
    assert_eq!(seen["units"][0]["total"]["basis"], "guided");
    assert_eq!(seen["units"][0]["total"]["logged_minutes"], 78);
    assert_eq!(seen["units"][0]["total"]["percent"], 5);
    assert_eq!(seen["units"][1]["total"]["expected_hours"], 25);
    assert_eq!(seen["units"][1]["total"]["logged_minutes"], 0);
    Ok(())
}

#[actix_web::test]
async fn negative_25_hour_future_and_overfull_days_are_refused() -> TestResult {
    let w = World::new().await?;
    let day = today(&w);
    let entry = |date: chrono::NaiveDate, minutes: i64| json!({"activity_on": date.to_string(), "minutes": minutes, "description": "Reading", "outcome_ids": [O1]});
    for minutes in [-60, 0, 25 * 60] {
        let reply = post(&w, &w.learner, &path(&w.registration), entry(day, minutes)).await;
        refused(&reply, 422, "invalid");
        assert_eq!(
            reply.json()["errors"][0]["field"],
            "minutes",
            "{}",
            show(&reply)
        );
    }
    let reply = post(
        &w,
        &w.learner,
        &path(&w.registration),
        entry(day + Duration::days(1), 60),
    )
    .await;
    refused(&reply, 422, "invalid");
    assert_eq!(reply.json()["errors"][0]["field"], "activity_on");
    // 20 hours then 5 more the same day: more than 24 hours in a day.
    assert_eq!(
        post(&w, &w.learner, &path(&w.registration), entry(day, 20 * 60))
            .await
            .status,
        201
    );
    let reply = post(&w, &w.learner, &path(&w.registration), entry(day, 5 * 60)).await;
    refused(&reply, 422, "invalid");
    assert!(
        reply.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("24 hours")
    );
    // The day before has room.
    assert_eq!(
        post(
            &w,
            &w.learner,
            &path(&w.registration),
            entry(day - Duration::days(1), 5 * 60)
        )
        .await
        .status,
        201
    );
    // Unknown outcomes; and only the learner logs (the assessor: 403).
    let mut bad = entry(day, 30);
    bad["outcome_ids"] = json!(["cg-3085/u001/lo1"]);
    refused(
        &post(&w, &w.learner, &path(&w.registration), bad).await,
        422,
        "invalid",
    );
    refused(
        &post(&w, &w.assessor, &path(&w.registration), entry(day, 30)).await,
        403,
        "forbidden",
    );
    Ok(())
}
