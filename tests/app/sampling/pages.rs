//! The IQA sampling pages in the browser: writing and changing a plan through the form (bad
//! rates refused on the form), the proposal as a form that never offers the IQA's own
//! decisions, taking a sample (C8 and a missing reason refused on the page), the report and
//! its CSV downloads by session. The samples are listed by learner and unit.

use crate::support::{Req, TestResult};
use crate::world::{World, show};

use super::fixture::{Sampled, centre};
use super::{get, ids, post, proposal, write_plan};

fn plan_fields<'a>(w: &'a World, rate: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("qualification_id", crate::world::EQA_QUALIFICATION),
        ("period_start", "2026-09-01"),
        ("period_end", "2027-08-31"),
        ("interim_on", "2027-01-15"),
        ("summative_on", "2027-06-30"),
        ("experienced_rate", "50"),
        ("rate_assessor_id", w.assessor.id.as_str()),
        ("rate_risk", "experienced"),
        ("rate", rate),
        ("units", "sqa-fx35-35"),
        ("notes", "Interim sampling in January."),
    ]
}

#[actix_web::test]
async fn iqa_writes_and_changes_a_plan_through_the_form() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let page = w.page_session(&w.iqa).await?;
    let path = format!("/centres/{}/sampling", w.centre_a);
    let empty = get(w, &page, &path).await;
    assert_eq!(empty.status, 200, "{}", show(&empty));
    assert!(
        empty.body.contains("Write a sampling plan"),
        "{}",
        empty.body
    );
    assert!(empty.body.contains("href=\"/centres/"), "{}", empty.body);
    let plans = format!("/centres/{}/sampling/plans", w.centre_a);
    for (rate, words) in [
        ("120", "A sampling rate cannot be over 100%"),
        ("-5", "A sampling rate cannot be negative"),
    ] {
        let reply = post(w, &page, &plans, &plan_fields(w, rate)).await;
        assert_eq!(reply.status, 422, "{}", show(&reply));
        assert!(reply.body.contains(words), "{}", reply.body);
        assert!(
            reply.body.contains("href=\"#rates[0].rate\""),
            "{}",
            reply.body
        );
    }
    let saved = post(w, &page, &plans, &plan_fields(w, "40")).await;
    assert_eq!(saved.status, 303, "{}", show(&saved));
    assert_eq!(saved.header("location"), format!("{path}?done=written"));
    let listed = get(w, &page, &path).await;
    assert!(listed.body.contains("40%"), "{}", listed.body);
    // The unit to sample, chosen by a box and shown by its number and title.
    assert!(
        listed
            .body
            .contains("<dd>Unit FX35 35: Health and Social Care: Implementing Personalisation"),
        "{}",
        listed.body
    );
    assert!(listed.body.contains("Change this plan"), "{}", listed.body);

    let api = Req::get(&format!("/api/v1/centres/{}/sampling/plans", w.centre_a));
    let plan = w.app.send(api.bearer(&w.iqa.token)).await.json()["plans"][0]["id"]
        .as_str()
        .ok_or("no plan")?
        .to_owned();
    let edit = get(w, &page, &format!("{path}?edit={plan}")).await;
    assert!(
        edit.body.contains("Change the sampling plan"),
        "{}",
        edit.body
    );
    assert!(
        edit.body.contains(r#"value="sqa-fx35-35" checked"#),
        "{}",
        edit.body
    );
    let mut change = plan_fields(w, "30");
    change.extend([("plan_id", plan.as_str()), ("version", "1")]);
    let changed = post(w, &page, &plans, &change).await;
    assert_eq!(changed.status, 303, "{}", show(&changed));
    let stale = post(w, &page, &plans, &change).await;
    assert_eq!(stale.status, 409, "{}", show(&stale));
    assert!(
        stale.body.contains("changed while you were editing"),
        "{}",
        stale.body
    );
    Ok(())
}

#[actix_web::test]
async fn the_proposal_page_lists_decisions_and_never_the_iqa_own() -> TestResult {
    let s = centre().await?;
    write_plan(&s.w).await?;
    let page = s.w.page_session(&s.w.iqa).await?;
    let path = format!(
        "/centres/{}/sampling/proposal?seed=7&stage=interim",
        s.w.centre_a
    );
    let reply = get(&s.w, &page, &path).await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    for id in &s.by_assessor {
        assert!(
            reply.body.contains(&format!("value=\"{id}\"")),
            "{}",
            reply.body
        );
    }
    for id in &s.by_iqa {
        assert!(!reply.body.contains(id.as_str()), "{}", reply.body);
    }
    assert!(reply.body.contains("checked"), "{}", reply.body);
    assert!(reply.body.contains("<legend>"), "{}", reply.body);
    Ok(())
}

async fn offered(s: &Sampled, seed: u64) -> Vec<String> {
    let query = format!("seed={seed}&stage=interim");
    ids(&proposal(s, &s.w.iqa, &query).await.json())
}

#[actix_web::test]
async fn taking_a_sample_through_the_form_lists_the_samples() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let plan = write_plan(w).await?;
    let chosen = offered(&s, 11).await;
    let page = w.page_session(&w.iqa).await?;
    let mut fields = vec![
        ("plan_id", plan.as_str()),
        ("stage", "interim"),
        ("seed", "11"),
        ("adjustment_reason", ""),
    ];
    fields.extend(chosen.iter().map(|id| ("judgement_ids", id.as_str())));
    let path = format!("/centres/{}/samples", w.centre_a);
    let taken = post(w, &page, &path, &fields).await;
    assert_eq!(taken.status, 303, "{}", show(&taken));
    // One row for the learner's unit, naming the learner, the unit and how many wait.
    let list = get(w, &page, &format!("/centres/{}/sampling", w.centre_a)).await;
    let unit_page = format!("/registrations/{}/units/sqa-fx35-35/sample", w.registration);
    assert_eq!(list.body.matches(&unit_page).count(), 1, "{}", list.body);
    assert!(list.body.contains(&w.learner.name), "{}", list.body);
    let waiting = format!("{} to check", chosen.len());
    assert!(list.body.contains(&waiting), "{}", list.body);
    Ok(())
}

#[actix_web::test]
async fn a_hand_made_post_with_the_iqa_own_decision_is_refused_on_the_page() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let plan = write_plan(w).await?;
    let page = w.page_session(&w.iqa).await?;
    let fields = [
        ("plan_id", plan.as_str()),
        ("stage", "interim"),
        ("seed", "7"),
        ("adjustment_reason", "Added one by hand"),
        ("judgement_ids", s.by_iqa[0].as_str()),
    ];
    let path = format!("/centres/{}/samples", w.centre_a);
    let reply = post(w, &page, &path, &fields).await;
    assert_eq!(reply.status, 422, "{}", show(&reply));
    assert!(
        reply
            .body
            .contains("cannot quality-assure an assessment decision they made themselves"),
        "{}",
        reply.body
    );
    Ok(())
}

#[actix_web::test]
async fn a_changed_selection_without_a_reason_is_refused() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let plan = write_plan(w).await?;
    let chosen = offered(&s, 3).await;
    let page = w.page_session(&w.iqa).await?;
    // Fewer than proposed, or more when only one was proposed: either way it differs.
    let picked: Vec<&String> = if chosen.len() > 1 {
        chosen.iter().take(1).collect()
    } else {
        s.by_assessor.iter().collect()
    };
    let mut fields = vec![
        ("plan_id", plan.as_str()),
        ("stage", "interim"),
        ("seed", "3"),
        ("adjustment_reason", ""),
    ];
    fields.extend(picked.iter().map(|id| ("judgement_ids", id.as_str())));
    let path = format!("/centres/{}/samples", w.centre_a);
    let reply = post(w, &page, &path, &fields).await;
    assert_eq!(reply.status, 422, "{}", show(&reply));
    assert!(
        reply
            .body
            .contains("Say why you changed the proposed sample"),
        "{}",
        reply.body
    );
    Ok(())
}

#[actix_web::test]
async fn the_report_page_shows_coverage_and_the_csv_downloads_by_session() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let plan = write_plan(w).await?;
    let chosen = offered(&s, 11).await;
    let page = w.page_session(&w.iqa).await?;
    let mut fields = vec![
        ("plan_id", plan.as_str()),
        ("stage", "interim"),
        ("seed", "11"),
    ];
    fields.extend(chosen.iter().map(|id| ("judgement_ids", id.as_str())));
    let taken = post(
        w,
        &page,
        &format!("/centres/{}/samples", w.centre_a),
        &fields,
    )
    .await;
    assert_eq!(taken.status, 303, "{}", show(&taken));
    let base = format!("/centres/{}/sampling/report", w.centre_a);
    let report = get(w, &page, &base).await;
    assert_eq!(report.status, 200, "{}", show(&report));
    assert!(report.body.contains("CAMERA coverage"), "{}", report.body);
    assert!(
        report.body.contains("Assessors: 1 of 2 sampled"),
        "{}",
        report.body
    );
    assert!(report.body.contains("scope=\"col\""), "{}", report.body);
    assert!(report.body.contains("camera.csv"), "{}", report.body);
    for part in ["camera", "rates", "actions", "referrals"] {
        let csv = get(w, &page, &format!("{base}/{part}.csv")).await;
        assert_eq!(csv.status, 200, "{part}: {}", show(&csv));
        assert!(csv.header("content-type").starts_with("text/csv"), "{part}");
    }
    let camera = get(w, &page, &format!("{base}/camera.csv")).await;
    assert!(
        camera.body.starts_with("dimension,value"),
        "{}",
        camera.body
    );
    Ok(())
}

#[actix_web::test]
async fn proposing_a_sample_with_no_plan_opens_the_plan_form_saying_why() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let page = w.page_session(&w.iqa).await?;
    let path = format!("/centres/{}/sampling/proposal", w.centre_a);
    let sent = get(w, &page, &path).await;
    assert_eq!(sent.status, 303, "{}", show(&sent));
    let to = sent.header("location").to_owned();
    assert_eq!(
        to,
        format!("/centres/{}/sampling?done=plan-first#plan-form", w.centre_a)
    );
    let form = get(w, &page, to.trim_end_matches("#plan-form")).await;
    assert!(
        form.body
            .contains("this centre has none yet: write one below"),
        "{}",
        form.body
    );

    write_plan(w).await?;
    let proposal = get(w, &page, &path).await;
    assert_eq!(proposal.status, 200, "{}", show(&proposal));
    Ok(())
}
