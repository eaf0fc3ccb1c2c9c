//! S3 by item: "different items should be sampled on each assessment occasion". An item sampled
//! on the candidate's last occasion is refused when asked for (API and page form), left out of
//! the default pick, and sampled again once another occasion has come between.

use diesel::prelude::*;
use eportfolio::clock::Clock;
use serde_json::{Value, json};

use super::{
    KS1, KS2, add_question, fill_bank, make_assessor_eligible, occasions, opens_in, refused,
    schedule,
};
use crate::support::{Reply, Req, TestResult};
use crate::world::{World, show};

/// KS1's text in the specification, as people read it.
const KS1_TEXT: &str = "Definition(s) and principles of Co-Production";

/// The next occasion, a minute after the last, opening now; `items` empty for the default pick.
async fn next(w: &World, items: &[&str]) -> Reply {
    w.app.advance(chrono::Duration::minutes(1));
    let body = json!({"items": items, "opens_at": opens_in(w, 0)});
    schedule(w, &w.assessor, &w.registration, body).await
}

fn items_of(occasion: &Value) -> Vec<String> {
    occasion["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["item_id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn count(w: &World) -> Result<usize, Box<dyn std::error::Error>> {
    Ok(occasions(w, &w.assessor, &w.registration)
        .await?
        .as_array()
        .map_or(0, Vec::len))
}

#[actix_web::test]
async fn s3_an_item_sampled_last_occasion_is_refused_through_the_api() -> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    fill_bank(&w, &[KS1, KS2], 3).await?;
    let first = next(&w, &[KS1]).await;
    assert_eq!(first.status, 201, "{}", show(&first));
    // KS1 again, even alongside another item: refused, naming KS1 in the specification's words.
    let again = next(&w, &[KS2, KS1]).await;
    refused(&again, 422, "item_sampled_last_occasion");
    let detail = again.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        detail,
        format!(
            "{KS1_TEXT} was sampled on this candidate's last assessment occasion, and different items are sampled on each occasion. Choose another item for this occasion."
        )
    );
    assert_eq!(count(&w).await?, 1, "nothing was scheduled");
    // A different item goes ahead; then KS1, last sampled two occasions back, does too.
    let other = next(&w, &[KS2]).await;
    assert_eq!(other.status, 201, "{}", show(&other));
    let back = next(&w, &[KS1]).await;
    assert_eq!(back.status, 201, "{}", show(&back));
    assert_eq!(items_of(&back.json()), vec![KS1.to_owned()]);
    Ok(())
}

/// Every item of an occasion marked satisfied, directly in the store (what the answers and marks
/// would leave).
fn all_satisfied(w: &World, occasion_id: &str) -> TestResult {
    use eportfolio::store::schema::occasion_items;
    let mut conn = w.app.db.db().get()?;
    diesel::update(occasion_items::table.filter(occasion_items::occasion_id.eq(occasion_id)))
        .set(occasion_items::outcome.eq("satisfied"))
        .execute(&mut *conn)?;
    Ok(())
}

#[actix_web::test]
async fn s3_the_default_pick_leaves_out_the_last_occasions_items_and_refuses_when_none_are_left()
-> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    let items: Vec<String> = {
        let (_, unit) = w
            .app
            .state()
            .curriculum
            .unit("sqa-fx35-35")
            .ok_or("no FX35 35")?;
        eportfolio::domain::occasion::knowledge_skills(unit)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    };
    let all: Vec<&str> = items.iter().map(String::as_str).collect();
    fill_bank(&w, &all, 1).await?;
    let extra = add_question(&w, &w.tutor, KS1, "Another question on KS1?").await;
    assert_eq!(extra.status, 201, "{}", show(&extra));
    let first = next(&w, &[KS1]).await;
    assert_eq!(first.status, 201, "{}", show(&first));
    // The default pick: every item not met or satisfied, but not KS1.
    let second = next(&w, &[]).await;
    assert_eq!(second.status, 201, "{}", show(&second));
    let picked = items_of(&second.json());
    assert_eq!(picked.len(), all.len() - 1, "{picked:?}");
    assert!(!picked.contains(&KS1.to_owned()), "{picked:?}");
    all_satisfied(&w, second.json()["id"].as_str().unwrap_or_default())?;
    // Next, only KS1 is left, sampled two occasions back: picked.
    let third = next(&w, &[]).await;
    assert_eq!(third.status, 201, "{}", show(&third));
    assert_eq!(items_of(&third.json()), vec![KS1.to_owned()]);
    // Then the only item left was sampled last time: refused, with the field and the words.
    let fourth = next(&w, &[]).await;
    refused(&fourth, 422, "invalid");
    let error = &fourth.json()["errors"][0];
    assert_eq!(error["field"], "items", "{}", show(&fourth));
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(KS1_TEXT) && message.contains("last assessment occasion"),
        "{message}"
    );
    assert!(!message.contains(KS1), "{message}");
    assert_eq!(count(&w).await?, 3, "nothing was scheduled");
    Ok(())
}

#[actix_web::test]
async fn s3_the_occasions_page_refuses_an_item_sampled_last_occasion_and_keeps_the_form()
-> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    fill_bank(&w, &[KS1, KS2], 2).await?;
    let first = next(&w, &[KS1]).await;
    assert_eq!(first.status, 201, "{}", show(&first));
    w.app.advance(chrono::Duration::minutes(1));
    let page = w.page_session(&w.assessor).await?;
    let path = format!("/registrations/{}/occasions", w.registration);
    let opens = (w.app.clock().now() + chrono::Duration::hours(2))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let post = |items: &[&str]| {
        let mut fields = vec![
            ("csrf_token", page.csrf.as_str()),
            ("opens_at", opens.as_str()),
            ("method", "professional_discussion"),
        ];
        fields.extend(items.iter().map(|i| ("items", *i)));
        Req::post(&path)
            .session(&page.cookie)
            .same_origin()
            .form(&fields)
    };
    let refusal = w.app.send(post(&[KS1, KS2])).await;
    assert_eq!(refusal.status, 422, "{}", show(&refusal));
    let body = &refusal.body;
    assert!(
        body.contains(&format!("{KS1_TEXT} was sampled on this candidate"))
            && body.contains("last assessment occasion"),
        "{}",
        show(&refusal)
    );
    // What was typed is kept: the time, the method and both ticked items.
    assert!(body.contains(&format!("value=\"{opens}\"")), "{body}");
    assert!(
        body.contains("value=\"professional_discussion\" selected"),
        "{body}"
    );
    for item in [KS1, KS2] {
        assert!(
            body.contains(&format!("value=\"{item}\" checked")),
            "{item}: {body}"
        );
    }
    assert_eq!(count(&w).await?, 1, "nothing was scheduled");
    // Another item goes ahead.
    let made = w.app.send(post(&[KS2])).await;
    assert_eq!(made.status, 303, "{}", show(&made));
    assert_eq!(count(&w).await?, 2);
    Ok(())
}
