//! Programmes, resources and learning hours end to end (issue 8): a tutor builds a programme
//! with sessions linked to outcomes, adds the learner, who sees where they are and marks
//! sessions done; resources of every kind, the starter set edited and hidden per centre; hours
//! logged and totalled; and each refusal with its status and code.

use serde_json::{Value, json};

mod hours;
mod pages;
mod resources;

use crate::support::{Reply, Req, TestResult};
use crate::world::{EQA_QUALIFICATION, Person, World, show};

pub const O1: &str = "sqa-fx35-35/o1";
pub const O2: &str = "sqa-fx35-35/o2";

pub fn refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", show(reply));
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
}

pub async fn send(w: &World, who: &Person, req: Req) -> Reply {
    w.app.send(req.bearer(&who.token)).await
}

pub async fn post(w: &World, who: &Person, path: &str, body: Value) -> Reply {
    send(w, who, Req::post(path).json(&body)).await
}

/// A self-paced programme on the learner's qualification at centre A, built by the tutor.
pub async fn programme(w: &World) -> Result<String, Box<dyn std::error::Error>> {
    let reply = post(
        w,
        &w.tutor,
        &format!("/api/v1/centres/{}/programmes", w.centre_a),
        json!({"qualification_id": EQA_QUALIFICATION, "title": "Implementing SDS", "description": "Ten weeks", "pacing": "self_paced"}),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    Ok(reply.json()["id"].as_str().unwrap_or_default().to_owned())
}

fn session(title: &str, outcomes: &[&str]) -> Value {
    json!({"title": title, "summary": "Read and discuss", "outcome_ids": outcomes, "criterion_ids": ["sqa-fx35-35/er1"]})
}

#[actix_web::test]
async fn a_tutor_builds_a_programme_and_the_learner_works_through_it() -> TestResult {
    let w = World::new().await?;
    let p = programme(&w).await?;
    let mut ids = Vec::new();
    for (title, o) in [
        ("Co-production", O1),
        ("Funding", O2),
        ("The worker's role", O1),
    ] {
        let reply = post(
            &w,
            &w.tutor,
            &format!("/api/v1/programmes/{p}/sessions"),
            session(title, &[o]),
        )
        .await;
        assert_eq!(reply.status, 201, "{}", show(&reply));
        ids.push(reply.json()["id"].as_str().unwrap_or_default().to_owned());
    }
    // Move the last one up, and edit it.
    let reply = post(
        &w,
        &w.tutor,
        &format!("/api/v1/programmes/{p}/sessions/{}/move", ids[2]),
        json!({"direction": "up"}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    let order: Vec<String> = reply.json()["sessions"]
        .as_array()
        .map(|s| {
            s.iter()
                .filter_map(|s| s["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(order, vec![ids[0].clone(), ids[2].clone(), ids[1].clone()]);
    let reply = post(
        &w,
        &w.tutor,
        &format!("/api/v1/programmes/{p}/sessions/{}/move", ids[0]),
        json!({"direction": "up"}),
    )
    .await;
    refused(&reply, 409, "conflict");
    let edit = send(
        &w,
        &w.tutor,
        Req::new(
            actix_web::http::Method::PUT,
            &format!("/api/v1/programmes/{p}/sessions/{}", ids[2]),
        )
        .json(&session("Workers and personalisation", &[O1])),
    )
    .await;
    assert_eq!(edit.status, 200, "{}", show(&edit));

    let reply = post(
        &w,
        &w.tutor,
        &format!("/api/v1/programmes/{p}/members"),
        json!({"registration_id": w.registration}),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    let again = post(
        &w,
        &w.tutor,
        &format!("/api/v1/programmes/{p}/members"),
        json!({"registration_id": w.registration}),
    )
    .await;
    refused(&again, 409, "conflict");

    // The learner sees where they are, marks the first done, and the next is the moved one.
    let done = post(
        &w,
        &w.learner,
        &format!("/api/v1/programmes/{p}/sessions/{}/done", ids[0]),
        json!({}),
    )
    .await;
    assert_eq!(done.status, 201, "{}", show(&done));
    let twice = post(
        &w,
        &w.learner,
        &format!("/api/v1/programmes/{p}/sessions/{}/done", ids[0]),
        json!({}),
    )
    .await;
    refused(&twice, 409, "conflict");
    let mine = send(&w, &w.learner, Req::get(&format!("/api/v1/programmes/{p}"))).await;
    assert_eq!(mine.status, 200, "{}", show(&mine));
    let me = &mine.json()["me"];
    assert_eq!(me["sessions_done"], 1);
    assert_eq!(me["next_session"]["id"], ids[2].as_str());
    assert_eq!(me["next_session"]["title"], "Workers and personalisation");
    assert_eq!(me["next_session"]["outcome_ids"], json!([O1]));
    // The tutor sees the learner's place.
    let staff = send(&w, &w.tutor, Req::get(&format!("/api/v1/programmes/{p}"))).await;
    assert_eq!(
        staff.json()["members"][0]["sessions_done"],
        1,
        "{}",
        show(&staff)
    );
    // Staff cannot mark sessions done for the learner.
    let tutor_done = post(
        &w,
        &w.tutor,
        &format!("/api/v1/programmes/{p}/sessions/{}/done", ids[1]),
        json!({}),
    )
    .await;
    refused(&tutor_done, 403, "forbidden");
    Ok(())
}

#[actix_web::test]
async fn an_unknown_outcome_or_criterion_is_refused() -> TestResult {
    let w = World::new().await?;
    let p = programme(&w).await?;
    let reply = post(
        &w,
        &w.tutor,
        &format!("/api/v1/programmes/{p}/sessions"),
        session("Co-production", &["sqa-fx35-35/o9"]),
    )
    .await;
    refused(&reply, 422, "invalid");
    let errors = reply.json()["errors"].to_string();
    assert!(
        errors.contains("outcome_ids") && errors.contains("sqa-fx35-35/o9"),
        "{errors}"
    );
    // An outcome of another qualification is not this programme's.
    let reply = post(
        &w,
        &w.tutor,
        &format!("/api/v1/programmes/{p}/sessions"),
        session("Co-production", &["cg-3085/u001/lo1"]),
    )
    .await;
    refused(&reply, 422, "invalid");
    let mut bad = session("Co-production", &[O1]);
    bad["criterion_ids"] = json!(["cg-3085/u001/lo1/ac1.1"]);
    let reply = post(
        &w,
        &w.tutor,
        &format!("/api/v1/programmes/{p}/sessions"),
        bad,
    )
    .await;
    refused(&reply, 422, "invalid");
    assert!(reply.json()["errors"].to_string().contains("criterion_ids"));
    // A scheduled programme needs dates; an unknown qualification and pacing are refused.
    let reply = post(
        &w,
        &w.tutor,
        &format!("/api/v1/centres/{}/programmes", w.centre_a),
        json!({"qualification_id": "nope", "title": "", "pacing": "weekly"}),
    )
    .await;
    refused(&reply, 422, "invalid");
    let errors = reply.json()["errors"].to_string();
    assert!(
        errors.contains("qualification_id")
            && errors.contains("pacing")
            && errors.contains("title"),
        "{errors}"
    );
    Ok(())
}

#[actix_web::test]
async fn a_learner_not_on_the_programme_gets_404() -> TestResult {
    let w = World::new().await?;
    let p = programme(&w).await?;
    let reply = send(&w, &w.learner, Req::get(&format!("/api/v1/programmes/{p}"))).await;
    refused(&reply, 404, "not_found");
    let reply = post(
        &w,
        &w.learner,
        &format!("/api/v1/programmes/{p}/sessions"),
        session("Mine", &[O1]),
    )
    .await;
    refused(&reply, 404, "not_found");
    // Another centre's administrator: 404; the centre's assessor: 403.
    refused(
        &send(&w, &w.admin_b, Req::get(&format!("/api/v1/programmes/{p}"))).await,
        404,
        "not_found",
    );
    refused(
        &send(
            &w,
            &w.assessor,
            Req::get(&format!("/api/v1/programmes/{p}")),
        )
        .await,
        403,
        "forbidden",
    );
    // Once added, the learner sees it in the centre's list and on its own.
    post(
        &w,
        &w.tutor,
        &format!("/api/v1/programmes/{p}/members"),
        json!({"registration_id": w.registration}),
    )
    .await;
    let list = send(
        &w,
        &w.learner,
        Req::get(&format!("/api/v1/centres/{}/programmes", w.centre_a)),
    )
    .await;
    assert_eq!(
        list.json()["programmes"][0]["id"],
        p.as_str(),
        "{}",
        show(&list)
    );
    assert_eq!(
        send(&w, &w.learner, Req::get(&format!("/api/v1/programmes/{p}")))
            .await
            .status,
        200
    );
    // Only registrations on the programme's qualification at the centre can be added.
    let cg = w.register_on_cg_3085_02()?;
    let reply = post(
        &w,
        &w.tutor,
        &format!("/api/v1/programmes/{p}/members"),
        json!({"registration_id": cg}),
    )
    .await;
    refused(&reply, 422, "invalid");
    Ok(())
}

/// S3: the programme tells its builders which Knowledge and/or Skills items no session teaches
/// yet (API and page); a session teaches an item by linking it or the outcome it belongs to. The
/// learner's view carries none.
#[actix_web::test]
async fn s3_the_programme_shows_the_items_not_taught_yet() -> TestResult {
    let w = World::new().await?;
    let p = programme(&w).await?;
    let path = format!("/api/v1/programmes/{p}");
    let untaught = |reply: &Reply| -> Vec<String> {
        reply.json()["untaught_items"]
            .as_array()
            .map(|items| {
                let ids = items.iter().filter_map(|i| i["item_id"].as_str());
                ids.map(str::to_owned).collect()
            })
            .unwrap_or_default()
    };
    let before = send(&w, &w.tutor, Req::get(&path)).await;
    assert_eq!(before.status, 200, "{}", show(&before));
    let all = untaught(&before);
    assert!(all.iter().any(|i| i == "sqa-fx35-35/o1/ks1"), "{all:?}");
    assert_eq!(
        before.json()["untaught_items"][0]["text"],
        "Definition(s) and principles of Co-Production"
    );
    let tutor = w.page_session(&w.tutor).await?;
    let page = w
        .app
        .send(Req::get(&format!("/programmes/{p}")).session(&tutor.cookie))
        .await;
    assert!(
        page.body.contains("Knowledge and Skills not taught yet"),
        "{}",
        show(&page)
    );
    assert!(
        page.body.contains("Co-production in resource planning"),
        "{}",
        show(&page)
    );

    let body = json!({"title": "Co-production", "summary": "", "outcome_ids": [O1], "criterion_ids": ["sqa-fx35-35/o2/ks1"]});
    let added = post(&w, &w.tutor, &format!("{path}/sessions"), body).await;
    assert_eq!(added.status, 201, "{}", show(&added));
    let after = untaught(&send(&w, &w.tutor, Req::get(&path)).await);
    assert!(
        !after.iter().any(|i| i.starts_with("sqa-fx35-35/o1/")),
        "{after:?}"
    );
    assert!(
        !after.contains(&"sqa-fx35-35/o2/ks1".to_owned()),
        "{after:?}"
    );
    assert!(
        after.contains(&"sqa-fx35-35/o2/ks2".to_owned()),
        "{after:?}"
    );
    assert_eq!(
        after.len() + 8,
        all.len(),
        "o1's seven items and o2's first are taught"
    );

    let joined = post(
        &w,
        &w.tutor,
        &format!("{path}/members"),
        json!({"registration_id": w.registration}),
    )
    .await;
    assert_eq!(joined.status, 201, "{}", show(&joined));
    let mine = send(&w, &w.learner, Req::get(&path)).await;
    assert_eq!(mine.status, 200, "{}", show(&mine));
    assert_eq!(untaught(&mine), Vec::<String>::new());
    Ok(())
}
