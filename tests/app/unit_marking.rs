//! Issue 16: the assessor's marking workspace for a whole unit. Every criterion of the unit in
//! words with the evidence mapped to it; one submission judges many criteria, each relying on
//! the evidence ticked; "not yet met" on two keeps the others; a refusal keeps everything typed
//! and ticked; signing off follows once every criterion is met.

use actix_web::http::Method;
use serde_json::json;

use crate::support::{Req, TestResult};
use crate::world::{World, show};

type Error = Box<dyn std::error::Error>;

const U002: &str = "cg-3085/u002";

/// Unit 002's criteria, in order, as (id, "1.1 wording").
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

/// A work product titled `title`, mapped to `criteria`, declared and submitted; its id.
async fn submitted(w: &World, r: &str, title: &str, criteria: &[&str]) -> Result<String, Error> {
    let learner = &w.learner.token;
    let created = w.app.send(Req::post(&format!("/api/v1/registrations/{r}/evidence")).bearer(learner).json(&json!({
        "kind": "work_product", "title": title, "activity_date": "2027-01-12", "text": "The plan I wrote with Mrs B."
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

/// A registration on 3085-02 with Unit 002's criteria split over two submitted items:
/// (registration, criteria, first item, second item).
async fn two_items(w: &World) -> Result<(String, Vec<(String, String)>, String, String), Error> {
    let r = w.register_on_cg_3085_02()?;
    let criteria = unit_002()?;
    let ids: Vec<&str> = criteria.iter().map(|(id, _)| id.as_str()).collect();
    let half = ids.len() / 2;
    let first = submitted(w, &r, "Mrs B's support plan", &ids[..half]).await?;
    let second = submitted(w, &r, "Review of Mr D's care", &ids[half..]).await?;
    Ok((r, criteria, first, second))
}

/// Every criterion's fields: `outcome(i)` per criterion, feedback for not yet met, and a tick on
/// the item it is mapped to.
fn fields(
    criteria: &[(String, String)],
    items: (&str, &str),
    outcome: impl Fn(usize) -> &'static str,
) -> Vec<(String, String)> {
    let half = criteria.len() / 2;
    let mut out = Vec::new();
    for (i, (id, _)) in criteria.iter().enumerate() {
        let e = if i < half { items.0 } else { items.1 };
        out.push((format!("outcome:{id}"), outcome(i).to_owned()));
        out.push((format!("rely:{id}:{e}"), "on".to_owned()));
        let feedback = if outcome(i) == "not_yet_met" {
            "Say how you checked Mrs B's wishes."
        } else {
            ""
        };
        out.push((format!("feedback:{id}"), feedback.to_owned()));
    }
    out
}

#[actix_web::test]
async fn the_unit_is_judged_in_one_submission_and_two_not_yet_met_keep_the_others() -> TestResult {
    let w = World::new().await?;
    let (r, criteria, first, second) = two_items(&w).await?;
    let page = w.page_session(&w.assessor).await?;
    let here = format!("/registrations/{r}/units/{U002}/marking");
    let shown = w
        .app
        .send(Req::get(&format!("{here}?all=met")).session(&page.cookie))
        .await;
    assert_eq!(shown.status, 200, "{}", show(&shown));
    for (_, words) in &criteria {
        let escaped = maud::html!((words)).into_string();
        assert!(shown.body.contains(&escaped), "{words}");
    }
    assert!(
        shown.body.contains("Mrs B&#39;s support plan")
            || shown.body.contains("Mrs B's support plan")
    );
    assert!(shown.body.contains(&format!("0 of {} met", criteria.len())));
    assert!(
        !visible_text(&shown.body).contains("cg-3085/u002/lo"),
        "no ids shown as words"
    );

    let mut posted = fields(&criteria, (&first, &second), |i| {
        if i < 2 { "not_yet_met" } else { "met" }
    });
    posted.push(("overall_feedback".into(), "A thoughtful plan.".into()));
    posted.push(("csrf_token".into(), page.csrf.clone()));
    let pairs: Vec<(&str, &str)> = posted
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let judged = w
        .app
        .send(
            Req::post(&format!("/registrations/{r}/units/{U002}/judgements"))
                .session(&page.cookie)
                .same_origin()
                .form(&pairs),
        )
        .await;
    assert_eq!(judged.status, 303, "{}", show(&judged));
    assert_eq!(rounds(&w, &r).await?, criteria.len());
    let after = w.app.send(Req::get(&here).session(&page.cookie)).await;
    let met = criteria.len() - 2;
    assert!(
        after
            .body
            .contains(&format!("{met} of {} met", criteria.len())),
        "{}",
        show(&after)
    );
    assert!(after.body.contains("once every criterion is met"));
    Ok(())
}

#[actix_web::test]
async fn a_refusal_keeps_what_was_typed_and_ticked_and_records_nothing() -> TestResult {
    let w = World::new().await?;
    let (r, criteria, first, second) = two_items(&w).await?;
    let page = w.page_session(&w.assessor).await?;
    let mut posted = fields(&criteria, (&first, &second), |i| {
        if i == 0 { "not_yet_met" } else { "met" }
    });
    // No feedback on the not yet met, and a typed note kept on another.
    posted.retain(|(k, _)| k != &format!("feedback:{}", criteria[0].0));
    posted.retain(|(k, _)| k != &format!("feedback:{}", criteria[1].0));
    posted.push((
        format!("feedback:{}", criteria[1].0),
        "Kept as I typed it.".into(),
    ));
    posted.push(("csrf_token".into(), page.csrf.clone()));
    let pairs: Vec<(&str, &str)> = posted
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = w
        .app
        .send(
            Req::post(&format!("/registrations/{r}/units/{U002}/judgements"))
                .session(&page.cookie)
                .same_origin()
                .form(&pairs),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused.body.contains("There is a problem"),
        "{}",
        show(&refused)
    );
    assert!(refused.body.contains("Kept as I typed it."));
    assert!(
        refused.body.contains(&format!(
            "id=\"rely:{}:{first}\" name=\"rely:{}:{first}\" value=\"on\" checked",
            criteria[0].0, criteria[0].0
        )),
        "the ticks are kept"
    );
    assert_eq!(rounds(&w, &r).await?, 0, "nothing is recorded");
    Ok(())
}

#[actix_web::test]
async fn every_criterion_met_leads_to_signing_off_and_others_cannot_open_it() -> TestResult {
    let w = World::new().await?;
    let (r, criteria, first, second) = two_items(&w).await?;
    let page = w.page_session(&w.assessor).await?;
    let mut posted = fields(&criteria, (&first, &second), |_| "met");
    posted.push(("csrf_token".into(), page.csrf.clone()));
    let pairs: Vec<(&str, &str)> = posted
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let judged = w
        .app
        .send(
            Req::post(&format!("/registrations/{r}/units/{U002}/judgements"))
                .session(&page.cookie)
                .same_origin()
                .form(&pairs),
        )
        .await;
    assert_eq!(judged.status, 303, "{}", show(&judged));
    let here = format!("/registrations/{r}/units/{U002}/marking");
    let after = w.app.send(Req::get(&here).session(&page.cookie)).await;
    assert!(after.body.contains("Every criterion of this unit is met."));
    assert!(
        after
            .body
            .contains(&format!("/registrations/{r}/units/{U002}/sign-off"))
    );

    let learner = w.page_session(&w.learner).await?;
    let theirs = w.app.send(Req::get(&here).session(&learner.cookie)).await;
    assert_eq!(theirs.status, 403, "{}", show(&theirs));
    let outside = w
        .app
        .send(
            Req::get(&format!("/registrations/{r}/units/sqa-fx35-35/marking"))
                .session(&page.cookie),
        )
        .await;
    assert_eq!(outside.status, 404, "{}", show(&outside));
    Ok(())
}

/// The page's text without its tags (ids may name form fields, never words people read).
fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}
