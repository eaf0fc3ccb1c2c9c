//! Issue 19: lists that read a whole centre (who may be claimed, the caseloads, the sampling
//! report) issue a fixed number of statements, so a centre of 500 learners costs the same
//! statements as one of 20 (counted, not timed).

use chrono::NaiveDateTime;
use eportfolio::domain::roles::Role;
use eportfolio::store::people::{self, Membership, User};
use eportfolio::store::registrations::{self, Registration};
use eportfolio::store::{StoreError, write_transaction};

use crate::support::{Req, TestResult};
use crate::world::World;

/// Learners numbered `numbers` at centre A, each registered as the world's learner is.
pub(crate) fn add_learners(
    w: &World,
    numbers: std::ops::Range<usize>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut conn = w.app.db.db().get()?;
    let template = registrations::find(&mut conn, &w.registration)?.ok_or("no registration")?;
    let now = NaiveDateTime::default();
    write_transaction(&mut conn, |conn| -> Result<(), StoreError> {
        for i in numbers.clone() {
            let user = User {
                id: people::new_id(),
                email: format!("learner{i}@size.example.org"),
                name: format!("Learner {i}"),
                password_hash: None,
                is_platform_admin: false,
                password_changed_at: None,
                disabled_at: None,
                created_at: now,
            };
            people::insert_user(conn, &user)?;
            let membership = Membership {
                id: people::new_id(),
                user_id: user.id.clone(),
                centre_id: w.centre_a.clone(),
                role: Role::Learner.code().to_owned(),
                created_at: now,
            };
            people::add_membership(conn, &membership)?;
            registrations::insert(
                conn,
                &Registration {
                    id: people::new_id(),
                    learner_id: user.id,
                    ..template.clone()
                },
            )?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The statements one request issues (after a warm-up request).
async fn statements_of(w: &World, request: impl Fn() -> Req) -> Result<u64, String> {
    let warm = w.app.send(request()).await;
    if warm.status != 200 {
        return Err(format!("{}: {}", warm.status, warm.body));
    }
    let before = w.app.db.statements();
    let reply = w.app.send(request()).await;
    if reply.status != 200 {
        return Err(format!("{}: {}", reply.status, reply.body));
    }
    Ok(w.app.db.statements() - before)
}

#[actix_web::test]
async fn claims_eligibility_costs_the_same_statements_for_20_or_500_learners() -> TestResult {
    let w = World::new().await?;
    let admin = w.page_session(&w.centre_admin).await?;
    let api = format!("/api/v1/centres/{}/claims/eligible", w.centre_a);
    let page = format!("/centres/{}/claims", w.centre_a);
    let by_api = || Req::get(&api).bearer(&w.centre_admin.token);
    let by_page = || Req::get(&page).session(&admin.cookie);

    add_learners(&w, 0..20)?;
    let (api_20, page_20) = (
        statements_of(&w, by_api).await?,
        statements_of(&w, by_page).await?,
    );
    assert!(api_20 >= 8, "only {api_20} statements were counted");
    add_learners(&w, 20..500)?;
    let reply = w.app.send(by_api()).await;
    let listed = reply.json()["not_ready"].as_array().map_or(0, Vec::len)
        + reply.json()["ready"].as_array().map_or(0, Vec::len);
    assert!(listed >= 500, "{listed} learners listed");
    let (api_500, page_500) = (
        statements_of(&w, by_api).await?,
        statements_of(&w, by_page).await?,
    );
    assert_eq!(
        (api_500, page_500),
        (api_20, page_20),
        "statements (API, page) for 20 learners: ({api_20}, {page_20}); for 500: ({api_500}, {page_500})"
    );
    Ok(())
}

/// A request to measure, made afresh each time it is sent.
type Request<'a> = Box<dyn Fn() -> Req + 'a>;

#[actix_web::test]
async fn caseloads_registrations_and_the_sampling_report_cost_the_same_statements_for_20_or_500()
-> TestResult {
    let w = World::new().await?;
    let assessor = w.page_session(&w.assessor).await?;
    let admin = w.page_session(&w.centre_admin).await?;
    let iqa = w.page_session(&w.iqa).await?;
    let report = format!("/centres/{}/sampling/report", w.centre_a);
    let api_report = format!("/api/v1/centres/{}/sampling/report", w.centre_a);
    let list = format!("/centres/{}/registrations?q=learner", w.centre_a);
    let api_list = format!("/api/v1/centres/{}/registrations", w.centre_a);
    let centre = format!("/centres/{}?role=everyone", w.centre_a);
    let api_people = format!("/api/v1/centres/{}/users?role=learner", w.centre_a);
    let requests: Vec<(&str, Request<'_>)> = vec![
        (
            "centre page, everyone",
            Box::new(|| Req::get(&centre).session(&admin.cookie)),
        ),
        (
            "people API, learners",
            Box::new(|| Req::get(&api_people).bearer(&w.centre_admin.token)),
        ),
        (
            "registrations page, searched",
            Box::new(|| Req::get(&list).session(&admin.cookie)),
        ),
        (
            "registrations API",
            Box::new(|| Req::get(&api_list).bearer(&w.iqa.token)),
        ),
        (
            "assessor's caseload page",
            Box::new(|| Req::get("/caseload").session(&assessor.cookie)),
        ),
        (
            "assessor's caseload API",
            Box::new(|| Req::get("/api/v1/caseload").bearer(&w.assessor.token)),
        ),
        (
            "administrator's caseload page",
            Box::new(|| Req::get("/caseload").session(&admin.cookie)),
        ),
        (
            "sampling report page",
            Box::new(|| Req::get(&report).session(&iqa.cookie)),
        ),
        (
            "sampling report API",
            Box::new(|| Req::get(&api_report).bearer(&w.iqa.token)),
        ),
    ];
    add_learners(&w, 0..20)?;
    let mut small = Vec::new();
    for (_, request) in &requests {
        small.push(statements_of(&w, request).await?);
    }
    add_learners(&w, 20..500)?;
    let caseload = w
        .app
        .send(Req::get("/api/v1/caseload?q=Learner%20499").bearer(&w.assessor.token))
        .await;
    assert!(
        caseload.body.contains("Learner 499"),
        "the caseload finds the new learners"
    );
    for ((name, request), before) in requests.iter().zip(small) {
        let after = statements_of(&w, request).await?;
        assert_eq!(
            after, before,
            "{name}: {before} statements for 20 learners, {after} for 500"
        );
    }
    Ok(())
}

/// Issue 19, item 3: resuming a session reads the session, the person, whether they hold an
/// EQA grant and their unread notifications in one statement, and their roles in a second; the
/// notifications page's list and count make four. An EQA's grants are read only for them. On
/// PostgreSQL each trip to the pool also pings the server (`SELECT 1`); on SQLite it does not.
#[actix_web::test]
async fn a_signed_in_request_resumes_its_session_in_two_statements() -> TestResult {
    let w = World::new().await?;
    let pings = if w.app.db.db().url().backend_name() == "sqlite" {
        0
    } else {
        2
    };
    let learner = w.page_session(&w.learner).await?;
    let page = || Req::get("/notifications").session(&learner.cookie);
    assert_eq!(
        statements_of(&w, page).await?,
        4 + pings,
        "the learner's page"
    );
    let api = || Req::get("/api/v1/notifications").bearer(&w.learner.token);
    assert_eq!(
        statements_of(&w, api).await?,
        4 + pings,
        "the learner's API"
    );
    let eqa = || Req::get("/api/v1/notifications").bearer(&w.eqa.token);
    assert_eq!(
        statements_of(&w, eqa).await?,
        5 + pings,
        "an EQA's, with grants"
    );
    Ok(())
}
