//! S5: an occasion carries the adjustments it is run with (extra time, format), through the API
//! and the page form; bad input is refused with what was typed kept.

use serde_json::json;

use super::{KS1, fill_bank, make_assessor_eligible, occasions, opens_in, refused, schedule};
use crate::support::{Req, TestResult};
use crate::world::{World, show};

#[actix_web::test]
async fn s5_an_occasion_carries_its_adjustments_through_the_api() -> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    fill_bank(&w, &[KS1], 2).await?;
    let r = &w.registration;
    let too_long = json!({"items": [KS1], "opens_at": opens_in(&w, 0), "extra_time_minutes": 300});
    let reply = schedule(&w, &w.assessor, r, too_long).await;
    refused(&reply, 422, "invalid");
    assert_eq!(
        reply.json()["errors"][0]["field"],
        "extra_time_minutes",
        "{}",
        show(&reply)
    );
    assert!(
        reply.json()["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("whole minutes from 0 to 240")),
        "{}",
        show(&reply)
    );

    let body = json!({"items": [KS1], "opens_at": opens_in(&w, 0), "extra_time_minutes": 25,
        "adjustments": "Questions in large print"});
    let reply = schedule(&w, &w.assessor, r, body).await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    for who in [&w.assessor, &w.learner] {
        let listed = occasions(&w, who, r).await?;
        assert_eq!(listed[0]["extra_time_minutes"], 25, "{listed}");
        assert_eq!(
            listed[0]["adjustments"], "Questions in large print",
            "{listed}"
        );
    }
    let told = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&w.learner.token))
        .await;
    assert!(
        told.body.contains(
            "Your adjustments for it: 25 minutes of extra time; Questions in large print."
        ),
        "{}",
        show(&told)
    );
    let learner = w.page_session(&w.learner).await?;
    let page = w
        .app
        .send(Req::get(&format!("/registrations/{r}/occasions")).session(&learner.cookie))
        .await;
    assert!(
        page.body
            .contains("25 minutes of extra time; Questions in large print."),
        "{}",
        show(&page)
    );
    Ok(())
}

#[actix_web::test]
async fn s5_the_schedule_form_keeps_what_was_typed_and_shows_the_adjustments() -> TestResult {
    let w = World::new().await?;
    make_assessor_eligible(&w)?;
    fill_bank(&w, &[KS1], 2).await?;
    let r = &w.registration;
    let assessor = w.page_session(&w.assessor).await?;
    let path = format!("/registrations/{r}/occasions");
    let form = w.app.send(Req::get(&path).session(&assessor.cookie)).await;
    assert!(
        form.body.contains("Extra time (minutes)"),
        "{}",
        show(&form)
    );
    let opens = opens_in(&w, 0);
    let opens = &opens[..16];
    let submit = |extra: &'static str| {
        let fields = [
            ("csrf_token", assessor.csrf.as_str()),
            ("opens_at", opens),
            ("method", "short_response"),
            ("items", KS1),
            ("extra_time_minutes", extra),
            ("adjustments", "Questions read aloud"),
        ];
        Req::post(&path)
            .session(&assessor.cookie)
            .same_origin()
            .form(&fields)
    };
    let bad = w.app.send(submit("ten")).await;
    assert_eq!(bad.status, 422, "{}", show(&bad));
    assert!(
        bad.body.contains("Give the extra time as whole minutes"),
        "{}",
        show(&bad)
    );
    assert!(bad.body.contains("value=\"ten\""), "{}", show(&bad));
    assert!(
        bad.body.contains("Questions read aloud</textarea>"),
        "{}",
        show(&bad)
    );
    let good = w.app.send(submit("10")).await;
    assert_eq!(good.status, 303, "{}", show(&good));
    let page = w.app.send(Req::get(&path).session(&assessor.cookie)).await;
    assert!(
        page.body
            .contains("10 minutes of extra time; Questions read aloud."),
        "{}",
        show(&page)
    );
    Ok(())
}
