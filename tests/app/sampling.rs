//! IQA sampling end to end: plans with their refusals, the reproducible proposal, taking a
//! sample, C8 through every door (proposal, API, a hand-made request, the page), a decision of
//! another centre, and the coverage report with its CSV parts.

use serde_json::{Value, json};

mod batch;
mod checks;
mod fixture;
mod pages;
mod sufficiency;

use crate::support::{Reply, Req, TestResult};
use crate::world::{PageSession, Person, World, show};
use fixture::{FORMULA_PLACE, Sampled, centre, plan_body};

fn refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", show(reply));
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
}

async fn send(w: &World, who: &Person, req: Req) -> Reply {
    w.app.send(req.bearer(&who.token)).await
}

/// The IQA writes the standard plan; its id.
pub async fn write_plan(w: &World) -> Result<String, Box<dyn std::error::Error>> {
    let path = format!("/api/v1/centres/{}/sampling/plans", w.centre_a);
    let reply = send(w, &w.iqa, Req::post(&path).json(&plan_body(w, json!(50)))).await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    Ok(reply.json()["id"].as_str().ok_or("no plan id")?.to_owned())
}

/// A page as the signed-in `page` session reads it.
async fn get(w: &World, page: &PageSession, path: &str) -> Reply {
    w.app.send(Req::get(path).session(&page.cookie)).await
}

/// A page form post from the signed-in `page` session (its CSRF token first).
async fn post(w: &World, page: &PageSession, path: &str, fields: &[(&str, &str)]) -> Reply {
    let mut pairs = vec![("csrf_token", page.csrf.as_str())];
    pairs.extend_from_slice(fields);
    w.app
        .send(
            Req::post(path)
                .session(&page.cookie)
                .same_origin()
                .form(&pairs),
        )
        .await
}

async fn proposal(s: &Sampled, who: &Person, query: &str) -> Reply {
    let path = format!("/api/v1/centres/{}/sampling/proposal?{query}", s.w.centre_a);
    send(&s.w, who, Req::get(&path)).await
}

fn ids(proposal: &Value) -> Vec<String> {
    proposal["decisions"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|d| d["judgement_id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn take(s: &Sampled, body: Value) -> Reply {
    let path = format!("/api/v1/centres/{}/samples", s.w.centre_a);
    send(&s.w, &s.w.iqa, Req::post(&path).json(&body)).await
}

#[actix_web::test]
async fn plan_with_rate_over_100_or_negative_is_refused_with_field_errors() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let path = format!("/api/v1/centres/{}/sampling/plans", w.centre_a);
    for (rate, words) in [(json!(120), "over 100%"), (json!(-5), "negative")] {
        let reply = send(w, &w.iqa, Req::post(&path).json(&plan_body(w, rate))).await;
        refused(&reply, 422, "invalid");
        let errors = reply.json()["errors"].clone();
        assert_eq!(errors[0]["field"], "rates[0].rate", "{errors}");
        assert!(errors[0]["message"].as_str().unwrap_or("").contains(words));
    }
    let mut body = plan_body(w, json!(10));
    body["experienced_rate"] = json!(101);
    let reply = send(w, &w.iqa, Req::post(&path).json(&body)).await;
    refused(&reply, 422, "invalid");
    assert_eq!(reply.json()["errors"][0]["field"], "experienced_rate");
    let list = send(w, &w.iqa, Req::get(&path)).await;
    assert_eq!(list.json()["plans"], json!([]), "nothing half-written");
    Ok(())
}

#[actix_web::test]
async fn q1_new_assessor_held_at_100_until_signed_off() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let mut body = plan_body(w, json!(40));
    body["rates"][0]["risk"] = json!("new");
    let path = format!("/api/v1/centres/{}/sampling/plans", w.centre_a);
    let reply = send(w, &w.iqa, Req::post(&path).json(&body)).await;
    refused(&reply, 422, "invalid");
    body["rates"][0]["signed_off"] = json!(true);
    let reply = send(w, &w.iqa, Req::post(&path).json(&body)).await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    assert!(reply.json()["rates"][0]["signed_off_at"].is_string());
    Ok(())
}

#[actix_web::test]
async fn plan_change_with_stale_version_is_409() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let plan = write_plan(w).await?;
    let path = format!("/api/v1/sampling-plans/{plan}");
    let mut body = plan_body(w, json!(30));
    body["version"] = json!(1);
    let reply = send(
        w,
        &w.iqa,
        Req::new(actix_web::http::Method::PUT, &path).json(&body),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    assert_eq!(reply.json()["version"], 2);
    assert_eq!(reply.json()["rates"][0]["rate"], 30);
    let reply = send(
        w,
        &w.iqa,
        Req::new(actix_web::http::Method::PUT, &path).json(&body),
    )
    .await;
    refused(&reply, 409, "conflict");
    Ok(())
}

#[actix_web::test]
async fn same_seed_gives_the_same_proposal() -> TestResult {
    let s = centre().await?;
    write_plan(&s.w).await?;
    let first = proposal(&s, &s.w.iqa, "seed=42").await;
    assert_eq!(first.status, 200, "{}", show(&first));
    let again = proposal(&s, &s.w.iqa, "seed=42").await;
    assert_eq!(first.json()["decisions"], again.json()["decisions"]);
    assert_eq!(first.json()["seed"], 42);
    assert!(!ids(&first.json()).is_empty());
    let reply = proposal(&s, &s.w.iqa, "seed=minus-one").await;
    refused(&reply, 422, "invalid");
    let reply = proposal(&s, &s.w.iqa, "stage=final").await;
    refused(&reply, 422, "invalid");
    Ok(())
}

#[actix_web::test]
async fn c8_proposal_never_offers_the_iqa_own_decisions() -> TestResult {
    let s = centre().await?;
    write_plan(&s.w).await?;
    for seed in 0..5 {
        let reply = proposal(&s, &s.w.iqa, &format!("seed={seed}&stage=interim")).await;
        let body = reply.json();
        let offered = ids(&body);
        assert!(offered.iter().all(|id| !s.by_iqa.contains(id)), "{body}");
        assert!(
            offered.iter().all(|id| s.by_assessor.contains(id)),
            "{body}"
        );
        assert_eq!(body["own_decisions_left_out"], 2);
        let left = body["left_to_another_iqa"].to_string();
        assert!(left.contains(&s.w.other_learner.id), "{left}");
    }
    Ok(())
}

#[actix_web::test]
async fn c8_iqa_own_decision_refused_through_the_api_and_a_hand_made_request() -> TestResult {
    let s = centre().await?;
    let plan = write_plan(&s.w).await?;
    let offered = ids(&proposal(&s, &s.w.iqa, "seed=7&stage=interim").await.json());
    // The proposal with one of the IQA's own decisions slipped in, reason given.
    let mut chosen = offered.clone();
    chosen.push(s.by_iqa[0].clone());
    let body = json!({"judgement_ids": chosen, "seed": 7, "plan_id": plan, "stage": "interim", "adjustment_reason": "Added one"});
    refused(&take(&s, body).await, 422, "iqa_own_decision");
    // A hand-made request: only the IQA's own decision, no seed.
    let body = json!({"judgement_ids": [s.by_iqa[1]], "plan_id": plan, "stage": "interim", "adjustment_reason": "x"});
    refused(&take(&s, body).await, 422, "iqa_own_decision");
    let listed = send(
        &s.w,
        &s.w.iqa,
        Req::get(&format!("/api/v1/centres/{}/samples", s.w.centre_a)),
    )
    .await;
    assert_eq!(listed.json()["samples"], json!([]), "nothing was written");
    Ok(())
}

#[actix_web::test]
async fn a_decision_of_another_centre_is_not_found() -> TestResult {
    let s = centre().await?;
    let plan = write_plan(&s.w).await?;
    let body = json!({"judgement_ids": [s.in_b], "plan_id": plan, "stage": "interim", "adjustment_reason": "Chosen by hand"});
    refused(&take(&s, body).await, 404, "not_found");
    let body = json!({"judgement_ids": ["no-such-decision"], "plan_id": plan, "stage": "interim", "adjustment_reason": "x"});
    refused(&take(&s, body).await, 404, "not_found");
    Ok(())
}

#[actix_web::test]
async fn a_changed_proposal_needs_a_reason() -> TestResult {
    let s = centre().await?;
    let plan = write_plan(&s.w).await?;
    let offered = ids(&proposal(&s, &s.w.iqa, "seed=3&stage=interim").await.json());
    let fewer: Vec<&String> = offered.iter().take(1).collect();
    let body = json!({"judgement_ids": fewer, "seed": 3, "plan_id": plan, "stage": "interim"});
    let reply = take(&s, body).await;
    refused(&reply, 422, "invalid");
    assert_eq!(reply.json()["errors"][0]["field"], "adjustment_reason");
    let body = json!({"judgement_ids": offered, "seed": 3, "plan_id": plan, "stage": "summative"});
    refused(&take(&s, body).await, 422, "invalid");
    Ok(())
}

#[actix_web::test]
async fn report_shows_coverage_and_rates_after_sampling() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let plan = write_plan(w).await?;
    let offered = ids(&proposal(&s, &w.iqa, "seed=11&stage=interim").await.json());
    let body = json!({"judgement_ids": offered, "seed": 11, "plan_id": plan, "stage": "interim"});
    let reply = take(&s, body).await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    assert_eq!(
        reply.json()["ids"].as_array().map(Vec::len),
        Some(offered.len())
    );
    assert!(
        reply.json()["samples"]
            .to_string()
            .contains("\"picked_by\":\"proposal\"")
    );

    let listed = send(
        w,
        &w.centre_admin,
        Req::get(&format!("/api/v1/centres/{}/samples", w.centre_a)),
    )
    .await;
    assert_eq!(
        listed.json()["samples"].as_array().map(Vec::len),
        Some(offered.len())
    );
    assert_eq!(listed.json()["samples"][0]["status"], "open");

    let report = send(
        w,
        &w.iqa,
        Req::get(&format!("/api/v1/centres/{}/sampling/report", w.centre_a)),
    )
    .await;
    assert_eq!(report.status, 200, "{}", show(&report));
    let r = report.json();
    let dim = |code: &str| {
        r["camera"]
            .as_array()
            .and_then(|l| l.iter().find(|d| d["dimension"] == code).cloned())
            .unwrap_or_default()
    };
    assert_eq!(
        (
            dim("assessors")["total"].clone(),
            dim("assessors")["sampled"].clone()
        ),
        (json!(2), json!(1))
    );
    assert_eq!(
        (
            dim("candidates")["total"].clone(),
            dim("candidates")["sampled"].clone()
        ),
        (json!(2), json!(1))
    );
    let rates = r["rates"].as_array().cloned().unwrap_or_default();
    let assessor = rates
        .iter()
        .find(|x| x["assessor_id"] == w.assessor.id.as_str())
        .ok_or("no rate row")?;
    assert_eq!(assessor["decisions"], 3);
    assert_eq!(assessor["sampled"], offered.len());
    assert_eq!(assessor["target"], 50);
    assert_eq!(assessor["met"], true);
    let iqa = rates
        .iter()
        .find(|x| x["assessor_id"] == w.iqa.id.as_str())
        .ok_or("no IQA row")?;
    assert_eq!(
        (iqa["sampled"].clone(), iqa["met"].clone()),
        (json!(0), json!(false))
    );

    let csv = send(
        w,
        &w.iqa,
        Req::get(&format!(
            "/api/v1/centres/{}/sampling/report/camera.csv",
            w.centre_a
        )),
    )
    .await;
    assert_eq!(csv.status, 200, "{}", show(&csv));
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(
        csv.body
            .contains(&format!("\"'{}\"", FORMULA_PLACE.replace('"', "\"\""))),
        "{}",
        csv.body
    );
    assert!(!csv.body.contains(",=HYPERLINK"));
    let rates_csv = send(
        w,
        &w.iqa,
        Req::get(&format!(
            "/api/v1/centres/{}/sampling/report/rates.csv",
            w.centre_a
        )),
    )
    .await;
    assert!(
        rates_csv.body.contains("Ash Assessor,experienced,3,"),
        "{}",
        rates_csv.body
    );
    Ok(())
}

#[actix_web::test]
async fn eqa_reads_their_qualification_and_cannot_write() -> TestResult {
    let s = centre().await?;
    let w = &s.w;
    let plan = write_plan(w).await?;
    let path = format!("/api/v1/centres/{}/sampling/plans", w.centre_a);
    let list = send(w, &w.eqa, Req::get(&path)).await;
    assert_eq!(
        list.json()["plans"][0]["id"],
        plan.as_str(),
        "{}",
        show(&list)
    );
    refused(
        &send(w, &w.eqa, Req::post(&path).json(&plan_body(w, json!(50)))).await,
        403,
        "forbidden",
    );
    // A plan on another qualification is invisible to them.
    let mut other = plan_body(w, json!(50));
    other["qualification_id"] = json!("cg-3085-02");
    let reply = send(w, &w.iqa, Req::post(&path).json(&other)).await;
    let other_id = reply.json()["id"].as_str().unwrap_or_default().to_owned();
    let report = send(
        w,
        &w.eqa,
        Req::get(&format!(
            "/api/v1/centres/{}/sampling/report?plan_id={other_id}",
            w.centre_a
        )),
    )
    .await;
    refused(&report, 404, "not_found");
    let put = Req::new(
        actix_web::http::Method::PUT,
        &format!("/api/v1/sampling-plans/{other_id}"),
    );
    refused(&send(w, &w.eqa, put.json(&other)).await, 404, "not_found");
    Ok(())
}
