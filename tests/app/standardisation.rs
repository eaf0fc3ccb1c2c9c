//! Standardisation end to end (issue 6, item 4): a blind double-marking exercise with three
//! assessors whose agreement figures match a hand calculation (API and page); markers see only
//! an anonymised copy and their own judgements until the IQA closes it; the agreed outcome goes
//! into a searchable decision log; the yearly "standardisation due" warning follows the
//! injected clock; and the refusals (uninvited 404, marking twice 409, a criterion outside the
//! exercise 422, an EQA writing 403).

use eportfolio::auth::password::hash_password;
use eportfolio::domain::evidence::EvidenceStatus;
use eportfolio::domain::roles::Role;
use eportfolio::store::evidence::{
    self as evidence_store, EvidenceFile, EvidenceItem, EvidenceVersion,
};
use eportfolio::store::people::{self, Membership, User};
use eportfolio::store::write_transaction;
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::{PASSWORD, Person, World, api_sign_in, show};

pub const KS: [&str; 5] = [
    "sqa-fx35-35/o1/ks1",
    "sqa-fx35-35/o1/ks2",
    "sqa-fx35-35/o1/ks3",
    "sqa-fx35-35/o1/ks4",
    "sqa-fx35-35/o1/ks5",
];

fn refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", show(reply));
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
}

async fn send(w: &World, who: &Person, req: Req) -> Reply {
    w.app.send(req.bearer(&who.token)).await
}

/// More assessors at centre A, signed in.
pub async fn assessors(
    w: &World,
    names: &[&str],
) -> Result<Vec<Person>, Box<dyn std::error::Error>> {
    let hash = hash_password(PASSWORD)?;
    let now = eportfolio::clock::Clock::naive(w.app.clock());
    let mut out = Vec::new();
    for name in names {
        let email = format!("{}@a.example.org", name.to_lowercase().replace(' ', "."));
        let user = User {
            id: people::new_id(),
            email: email.clone(),
            name: (*name).to_owned(),
            password_hash: Some(hash.clone()),
            is_platform_admin: false,
            password_changed_at: None,
            disabled_at: None,
            created_at: now,
        };
        let mut conn = w.app.db.db().get()?;
        write_transaction(&mut conn, |conn| {
            people::insert_user(conn, &user)?;
            people::add_membership(
                conn,
                &Membership {
                    id: people::new_id(),
                    user_id: user.id.clone(),
                    centre_id: w.centre_a.clone(),
                    role: Role::Assessor.code().to_owned(),
                    created_at: now,
                },
            )
        })?;
        let token = api_sign_in(&w.app, &email, PASSWORD).await?;
        out.push(Person {
            id: user.id,
            name: (*name).to_owned(),
            email,
            token,
        });
    }
    Ok(out)
}

/// An evidence item of the learner's that names them, with a file named after them.
fn named_evidence(w: &World) -> Result<String, Box<dyn std::error::Error>> {
    let now = eportfolio::clock::Clock::naive(w.app.clock());
    let id = people::new_id();
    let body = "Lee Learner (learner@a.example.org) led the review with Mrs B. Lee asked what mattered to her.";
    let item = EvidenceItem {
        id: id.clone(),
        registration_id: w.registration.clone(),
        kind: "reflective_account".to_owned(),
        title: "Lee Learner: support planning review".to_owned(),
        activity_date: now.date(),
        status: EvidenceStatus::Submitted,
        current_version: 1,
        created_by: w.learner.id.clone(),
        created_at: now,
        updated_at: now,
    };
    let version = EvidenceVersion {
        id: people::new_id(),
        evidence_id: id.clone(),
        version: 1,
        description: String::new(),
        body_text: body.to_owned(),
        word_count: Some(16),
        content_sha256: "0".repeat(64),
        created_by: w.learner.id.clone(),
        created_at: now,
    };
    let file = EvidenceFile {
        id: people::new_id(),
        evidence_id: id.clone(),
        store_key: "not-read".to_owned(),
        filename: "Lee Learner review notes.txt".to_owned(),
        media_type: "text/plain".to_owned(),
        size_bytes: 30,
        sha256: "0".repeat(64),
        word_count: Some(5),
        added_in_version: 1,
        uploaded_by: w.learner.id.clone(),
        created_at: now,
    };
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        evidence_store::insert_item(conn, &item, &version)?;
        evidence_store::insert_file(conn, &file)
    })?;
    Ok(id)
}

fn verdicts(outcomes: [&str; 5]) -> Value {
    let list: Vec<Value> = KS
        .iter()
        .zip(outcomes)
        .map(|(c, o)| json!({"criterion_id": c, "outcome": o, "comment": format!("{o} for {c}")}))
        .collect();
    json!({"judgements": list})
}

#[actix_web::test]
async fn three_assessors_agreement_figures_match_the_hand_calculation() -> TestResult {
    let w = World::new().await?;
    let others = assessors(&w, &["Ayo Second", "Bo Third", "Cy Uninvited"]).await?;
    let (second, third, uninvited) = (&others[0], &others[1], &others[2]);
    let evidence = named_evidence(&w)?;
    let a = &w.centre_a;
    let created = send(&w, &w.iqa, Req::post(&format!("/api/v1/centres/{a}/double-marking")).json(&json!({
        "evidence_id": evidence, "criteria": KS, "markers": [w.assessor.id, second.id, third.id],
    }))).await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let id = created.json()["id"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/double-marking/{id}");

    // The marker sees the anonymised copy: no name, no email, neutral file names.
    let seen = send(&w, second, Req::get(&path)).await;
    assert_eq!(seen.status, 200, "{}", show(&seen));
    let body = seen.json();
    assert_eq!(body["view"], "marker");
    assert_eq!(
        body["evidence"]["title"],
        "the learner: support planning review"
    );
    assert_eq!(
        body["evidence"]["text"],
        "the learner ([email address removed]) led the review with Mrs B. the learner asked what mattered to her."
    );
    assert_eq!(body["evidence"]["files"][0]["name"], "File 1.txt");
    for hidden in [
        "Lee",
        "learner@a.example.org",
        w.registration.as_str(),
        evidence.as_str(),
    ] {
        assert!(
            !seen.body.contains(hidden),
            "{hidden} shown to a marker: {}",
            seen.body
        );
    }

    // Marker x, y, z (criteria ks1..ks5; M = met, N = not yet met):
    //   x: M M N M M    y: M M N N M    z: M N N N M
    let m = "met";
    let n = "not_yet_met";
    for (who, outcomes) in [
        (&w.assessor, [m, m, n, m, m]),
        (second, [m, m, n, n, m]),
        (third, [m, n, n, n, m]),
    ] {
        let reply = send(
            &w,
            who,
            Req::post(&format!("{path}/judgements")).json(&verdicts(outcomes)),
        )
        .await;
        assert_eq!(reply.status, 201, "{}", show(&reply));
    }
    // Before close: a marker sees only their own; the IQA sees progress, no verdicts or figures.
    let mine = send(&w, third, Req::get(&path)).await;
    let own = mine.json()["my_judgements"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(own.len(), 5);
    assert!(own.iter().all(|j| j["marker_id"] == third.id.as_str()));
    assert!(
        !mine.body.contains(&w.assessor.id) && !mine.body.contains(&second.id),
        "{}",
        mine.body
    );
    let before = send(&w, &w.iqa, Req::get(&path)).await.json();
    assert_eq!(before["figures"], Value::Null);
    assert_eq!(before["judgements"], json!([]));
    assert_eq!(before["markers"][0]["judged"], 5);
    let page = w
        .app
        .send(
            Req::get(&format!("/double-marking/{id}"))
                .session(&w.page_session(second).await?.cookie),
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("the learner") && !page.body.contains("Lee Learner"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("not_yet_met for sqa-fx35-35/o1/ks2"),
        "another marker's comment shown"
    );

    // Refusals: twice 409, a criterion outside the exercise 422, not invited 404, the EQA 403.
    refused(
        &send(
            &w,
            second,
            Req::post(&format!("{path}/judgements")).json(&verdicts([m, m, m, m, m])),
        )
        .await,
        409,
        "conflict",
    );
    let outside = json!({"judgements": [{"criterion_id": "sqa-fx35-35/o1/ks6", "outcome": "met"}]});
    refused(
        &send(
            &w,
            second,
            Req::post(&format!("{path}/judgements")).json(&outside),
        )
        .await,
        422,
        "invalid",
    );
    refused(
        &send(&w, uninvited, Req::get(&path)).await,
        404,
        "not_found",
    );
    refused(
        &send(
            &w,
            uninvited,
            Req::post(&format!("{path}/judgements")).json(&verdicts([m; 5])),
        )
        .await,
        404,
        "not_found",
    );
    refused(
        &send(&w, &w.eqa, Req::post(&format!("{path}/close"))).await,
        403,
        "forbidden",
    );
    refused(&send(&w, &w.iqa, Req::post(&format!("{path}/agreed")).json(&json!({"outcomes": [{"criterion_id": KS[1], "outcome": "met", "rationale": "Too soon"}]}))).await, 409, "conflict");

    let closed = send(&w, &w.iqa, Req::post(&format!("{path}/close"))).await;
    assert_eq!(closed.status, 200, "{}", show(&closed));
    // Hand calculation (Fleiss' kappa, 3 markers, 5 criteria):
    //   criterion  met not  P_i = (met² + not² − 3)/(3·2)
    //   ks1         3   0   (9 + 0 − 3)/6 = 1
    //   ks2         2   1   (4 + 1 − 3)/6 = 0.3333
    //   ks3         0   3   1
    //   ks4         1   2   0.3333
    //   ks5         3   0   1
    //   P̄ = 3.6667/5 = 0.7333; p_met = 9/15 = 0.6, p_not = 0.4; P_e = 0.36 + 0.16 = 0.52
    //   κ = (0.7333 − 0.52)/(1 − 0.52) = 0.2133/0.48 = 0.444: moderate agreement
    let f = &closed.json()["figures"];
    assert_eq!(f["kappa"], 0.444, "{f}");
    assert_eq!(f["kappa_method"], "fleiss");
    assert_eq!(f["kappa_reading"], "moderate agreement");
    assert_eq!(f["overall_agreement_percent"], 73.3);
    let percents: Vec<Value> = (0..5)
        .map(|i| f["criteria"][i]["agreement_percent"].clone())
        .collect();
    assert_eq!(
        percents,
        [
            json!(100.0),
            json!(33.3),
            json!(100.0),
            json!(33.3),
            json!(100.0)
        ]
    );
    assert_eq!(
        (
            f["criteria"][1]["met"].clone(),
            f["criteria"][1]["not_yet_met"].clone()
        ),
        (json!(2), json!(1))
    );
    let iqa_page = w
        .app
        .send(
            Req::get(&format!("/double-marking/{id}"))
                .session(&w.page_session(&w.iqa).await?.cookie),
        )
        .await;
    for shown in ["0.444", "moderate agreement", "33.3%", "73.3%", "Fleiss"] {
        assert!(
            iqa_page.body.contains(shown),
            "{shown} missing: {}",
            iqa_page.body
        );
    }
    refused(
        &send(
            &w,
            third,
            Req::post(&format!("{path}/judgements")).json(&verdicts([m; 5])),
        )
        .await,
        409,
        "conflict",
    );

    // The agreed outcome goes into the decision log, found by criterion and by words.
    let rationale = "The account shows the plan but not how it was reviewed with Mrs B.";
    let agreed = json!({"outcomes": [{"criterion_id": KS[1], "outcome": "not_yet_met", "rationale": rationale}]});
    let recorded = send(
        &w,
        &w.iqa,
        Req::post(&format!("{path}/agreed")).json(&agreed),
    )
    .await;
    assert_eq!(recorded.status, 201, "{}", show(&recorded));
    assert_eq!(recorded.json()["decisions"][0]["agreement_percent"], 33);
    refused(
        &send(
            &w,
            &w.iqa,
            Req::post(&format!("{path}/agreed")).json(&agreed),
        )
        .await,
        409,
        "conflict",
    );
    refused(
        &send(
            &w,
            &w.eqa,
            Req::post(&format!("{path}/agreed")).json(&agreed),
        )
        .await,
        403,
        "forbidden",
    );
    let log = |query: &str| format!("/api/v1/centres/{a}/decision-log?{query}");
    for (query, found) in [
        ("criterion=sqa-fx35-35/o1/ks2", 1),
        ("q=reviewed+mrs", 1),
        ("criterion=sqa-fx35-35/o1", 1),
        ("criterion=sqa-fx35-35/o1/ks1", 0),
        ("q=signature", 0),
    ] {
        let reply = send(&w, &w.eqa, Req::get(&log(query))).await;
        assert_eq!(reply.status, 200, "{}", show(&reply));
        assert_eq!(
            reply.json()["decisions"].as_array().map(Vec::len),
            Some(found),
            "{query}: {}",
            reply.body
        );
    }
    let search = w
        .app
        .send(
            Req::get(&format!("/centres/{a}/standardisation?q=reviewed"))
                .session(&w.page_session(&w.iqa).await?.cookie),
        )
        .await;
    assert!(search.body.contains(rationale), "{}", search.body);
    Ok(())
}

#[actix_web::test]
async fn standardisation_due_warning_follows_the_clock() -> TestResult {
    let w = World::new().await?;
    let a = &w.centre_a;
    let list = format!("/api/v1/centres/{a}/standardisation");
    let due = |reply: &Reply| {
        reply.json()["due"]
            .as_array()
            .and_then(|d| {
                d.iter()
                    .find(|q| q["qualification_id"] == "sqa-fx35-35")
                    .cloned()
            })
            .unwrap_or_default()
    };
    // The clock reads 2027-01-15; the learner's qualification has no activity yet.
    let first = send(&w, &w.centre_admin, Req::get(&list)).await;
    assert_eq!(first.status, 200, "{}", show(&first));
    assert_eq!(due(&first)["status"], "never_held", "{}", first.body);

    let body = json!({
        "qualification_id": "sqa-fx35-35", "held_on": "2026-02-10", "title": "Project marking standardisation",
        "attendees": [w.iqa.id, w.assessor.id], "assessors": [w.assessor.id], "units": [],
        "agreed": "Word counts exclude references.",
        "actions": [{"description": "Share the marking notes", "due_on": "2027-02-01", "owner_id": w.assessor.id}],
    });
    refused(
        &send(&w, &w.eqa, Req::post(&list).json(&body)).await,
        403,
        "forbidden",
    );
    refused(
        &send(&w, &w.centre_admin, Req::post(&list).json(&body)).await,
        403,
        "forbidden",
    );
    let mut future = body.clone();
    future["held_on"] = json!("2027-03-01");
    let reply = send(&w, &w.iqa, Req::post(&list).json(&future)).await;
    refused(&reply, 422, "invalid");
    assert_eq!(reply.json()["errors"][0]["field"], "held_on");
    let saved = send(&w, &w.iqa, Req::post(&list).json(&body)).await;
    assert_eq!(saved.status, 201, "{}", show(&saved));

    // Held 2026-02-10, so due 2027-02-10: 26 days after 2027-01-15, inside the 30-day warning.
    let soon = send(&w, &w.eqa, Req::get(&list)).await;
    let d = due(&soon);
    assert_eq!(
        (d["status"].clone(), d["due_on"].clone()),
        (json!("due_soon"), json!("2027-02-10")),
        "{}",
        soon.body
    );
    assert!(
        d["warning"]
            .as_str()
            .is_some_and(|m| m.contains("26 days left")),
        "{d}"
    );
    let activity = &soon.json()["activities"][0];
    assert_eq!(activity["assessors"][0]["id"], w.assessor.id.as_str());
    assert_eq!(activity["actions"][0]["owner"]["name"], "Ash Assessor");

    // 30 days later (2027-02-14) it is 4 days overdue, in the API and on the page.
    w.app.advance(chrono::Duration::days(30));
    // Sessions do not outlive the month: sign in again.
    let token = w.api_token(&w.iqa).await?;
    let late = w.app.send(Req::get(&list).bearer(&token)).await;
    assert_eq!(due(&late)["status"], "overdue", "{}", late.body);
    let page = w
        .app
        .send(
            Req::get(&format!("/centres/{a}/standardisation"))
                .session(&w.page_session(&w.iqa).await?.cookie),
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("is overdue: it was due by 10 February 2027 (4 days ago)"),
        "{}",
        page.body
    );
    Ok(())
}

#[actix_web::test]
async fn standardisation_is_kept_from_those_it_does_not_concern() -> TestResult {
    let w = World::new().await?;
    let (a, b) = (&w.centre_a, &w.centre_b);
    refused(
        &send(
            &w,
            &w.tutor,
            Req::get(&format!("/api/v1/centres/{a}/standardisation")),
        )
        .await,
        403,
        "forbidden",
    );
    refused(
        &send(
            &w,
            &w.admin_b,
            Req::get(&format!("/api/v1/centres/{a}/decision-log")),
        )
        .await,
        404,
        "not_found",
    );
    refused(
        &send(
            &w,
            &w.iqa,
            Req::get(&format!("/api/v1/centres/{b}/standardisation")),
        )
        .await,
        404,
        "not_found",
    );
    refused(
        &send(
            &w,
            &w.iqa,
            Req::get("/api/v1/double-marking/no-such-exercise"),
        )
        .await,
        404,
        "not_found",
    );
    // Another centre's evidence, and a single marker: 422 with the fields named.
    let reply = send(
        &w,
        &w.iqa,
        Req::post(&format!("/api/v1/centres/{a}/double-marking")).json(&json!({
            "evidence_id": "not-an-item", "criteria": [KS[0]], "markers": [w.assessor.id],
        })),
    )
    .await;
    refused(&reply, 422, "invalid");
    assert_eq!(reply.json()["errors"][0]["field"], "evidence_id");
    let reply = send(&w, &w.iqa, Req::post(&format!("/api/v1/centres/{a}/double-marking")).json(&json!({
        "evidence_id": w.evidence, "criteria": ["cg-3085/u002/lo1/ac1.1"], "markers": [w.assessor.id],
    }))).await;
    refused(&reply, 422, "invalid");
    let fields: Vec<Value> = reply.json()["errors"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(fields, [json!("criteria"), json!("markers")]);
    Ok(())
}
