//! Reaching past one's scope: another learner's or colleague's record, another centre, an EQA
//! whose access has ended or who tries to change anything. What the caller may not see answers
//! 404 `not_found` exactly as if it did not exist; what they see but may not change, 403.

use chrono::Duration;
use eportfolio::clock::Clock;
use serde_json::json;

use super::assert_problem;
use crate::support::{Req, TestResult};
use crate::world::{PASSWORD, World, api_sign_in, show};

#[actix_web::test]
async fn a_learner_cannot_see_another_learners_records() -> TestResult {
    let world = World::new().await?;
    let (learner, other) = (&world.learner, &world.other_learner);
    let own = Req::get(&format!("/api/v1/users/{}/eligibility", learner.id)).bearer(&learner.token);
    assert_eq!(world.app.send(own).await.status, 200);
    let theirs =
        Req::get(&format!("/api/v1/users/{}/eligibility", other.id)).bearer(&learner.token);
    assert_problem(&world.app.send(theirs).await, 404, "not_found");
    let cpd = Req::post(&format!("/api/v1/users/{}/cpd", other.id))
        .bearer(&learner.token)
        .json(&json!({"done_on": "2026-12-01", "minutes": "30", "activity": "Not mine to log"}));
    assert_problem(&world.app.send(cpd).await, 404, "not_found");
    let page = world.page_session(learner).await?;
    let path = format!("/centres/{}/people/{}", world.centre_a, other.id);
    let reply = world.app.send(Req::get(&path).session(&page.cookie)).await;
    assert_eq!(reply.status, 404, "{}", show(&reply));
    assert!(!reply.body.contains(&other.name));
    Ok(())
}

#[actix_web::test]
async fn an_assessor_cannot_see_someone_elses_staff_record() -> TestResult {
    let world = World::new().await?;
    let assessor = &world.assessor;
    let page = world.page_session(assessor).await?;
    for someone in [
        &world.tutor,
        &world.iqa,
        &world.centre_admin,
        &world.learner,
    ] {
        let api =
            Req::get(&format!("/api/v1/users/{}/eligibility", someone.id)).bearer(&assessor.token);
        assert_problem(&world.app.send(api).await, 404, "not_found");
        let path = format!("/centres/{}/people/{}", world.centre_a, someone.id);
        let reply = world.app.send(Req::get(&path).session(&page.cookie)).await;
        assert_eq!(reply.status, 404, "{}", show(&reply));
        let credential = Req::post(&format!("/api/v1/users/{}/credentials", someone.id))
            .bearer(&assessor.token)
            .json(&json!({"kind": "competence", "code": "occupationally_competent", "statement": "Self-awarded", "dated_on": "2026-06-01"}));
        assert_problem(&world.app.send(credential).await, 404, "not_found");
    }
    // Their own record: readable, but credentials are recorded by a centre administrator.
    let own =
        Req::get(&format!("/api/v1/users/{}/eligibility", assessor.id)).bearer(&assessor.token);
    assert_eq!(world.app.send(own).await.status, 200);
    let own_credential = Req::post(&format!("/api/v1/users/{}/credentials", assessor.id))
        .bearer(&assessor.token)
        .json(&json!({"kind": "competence", "code": "occupationally_competent", "statement": "Self-awarded", "dated_on": "2026-06-01"}));
    assert_problem(&world.app.send(own_credential).await, 403, "forbidden");
    Ok(())
}

#[actix_web::test]
async fn a_user_of_centre_a_sees_nothing_of_centre_b() -> TestResult {
    let world = World::new().await?;
    let b = &world.centre_b;
    let missing = "00000000-0000-0000-0000-000000000000";
    for person in [
        &world.centre_admin,
        &world.iqa,
        &world.tutor,
        &world.learner,
    ] {
        let token = &person.token;
        let requests = [
            Req::get(&format!("/api/v1/centres/{b}")),
            Req::get(&format!("/api/v1/centres/{b}/audit")),
            Req::get(&format!("/api/v1/centres/{b}/eqa-grants")),
            Req::post(&format!("/api/v1/centres/{b}/users"))
                .json(&json!({"name": "Intruder", "email": "intruder@example.org", "roles": ["centre_admin"]})),
            Req::delete(&format!("/api/v1/centres/{b}/users/{}/roles/centre_admin", world.admin_b.id)),
            Req::get(&format!("/api/v1/users/{}/eligibility", world.admin_b.id)),
        ];
        for request in requests {
            let reply = world.app.send(request.bearer(token)).await;
            assert_problem(&reply, 404, "not_found");
            assert!(!reply.body.contains("Centre B"), "{}", show(&reply));
        }
        // The same answer as for a centre that does not exist.
        let real = world
            .app
            .send(Req::get(&format!("/api/v1/centres/{b}")).bearer(token))
            .await;
        let none = world
            .app
            .send(Req::get(&format!("/api/v1/centres/{missing}")).bearer(token))
            .await;
        assert_eq!(
            (
                real.status,
                real.json()["code"].clone(),
                real.json()["title"].clone()
            ),
            (
                none.status,
                none.json()["code"].clone(),
                none.json()["title"].clone()
            )
        );
    }
    let page = world.page_session(&world.centre_admin).await?;
    for path in [
        format!("/centres/{b}"),
        format!("/centres/{b}/audit"),
        format!("/centres/{b}/people/{}", world.admin_b.id),
    ] {
        let reply = world.app.send(Req::get(&path).session(&page.cookie)).await;
        assert_eq!(reply.status, 404, "{path}: {}", show(&reply));
    }
    let post = Req::post(&format!("/centres/{b}/eqa-grants"))
        .same_origin()
        .session(&page.cookie)
        .form(&[
            ("csrf_token", &page.csrf),
            ("name", "Intruder"),
            ("email", "intruder@example.org"),
            ("qualification_id", "sqa-fx35-35"),
            ("until", "2027-02-01"),
        ]);
    assert_eq!(world.app.send(post).await.status, 404);
    Ok(())
}

#[actix_web::test]
async fn an_eqa_reads_centre_a_until_the_grant_ends_then_gets_404() -> TestResult {
    let world = World::new().await?;
    let path = format!("/api/v1/centres/{}", world.centre_a);
    let reply = world
        .app
        .send(Req::get(&path).bearer(&world.eqa.token))
        .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    assert_eq!(
        reply.json()["people"],
        serde_json::Value::Null,
        "an EQA does not list people"
    );
    // Past the last second of the grant; the EQA signs in afresh.
    let until = world.eqa_until.and_utc().timestamp();
    world.app.advance(Duration::seconds(
        until - world.app.clock().now().timestamp() + 1,
    ));
    let token = api_sign_in(&world.app, &world.eqa.email, PASSWORD).await?;
    assert_problem(
        &world.app.send(Req::get(&path).bearer(&token)).await,
        404,
        "not_found",
    );
    Ok(())
}

#[actix_web::test]
async fn an_eqa_cannot_change_anything_at_the_centre() -> TestResult {
    let world = World::new().await?;
    let (a, token) = (&world.centre_a, &world.eqa.token);
    let requests = [
        Req::post(&format!("/api/v1/centres/{a}/users"))
            .json(&json!({"name": "Friend", "email": "friend@example.org", "roles": ["centre_admin"]})),
        Req::post(&format!("/api/v1/centres/{a}/eqa-grants"))
            .json(&json!({"name": "Friend", "email": "friend@example.org", "qualification_id": "cg-3085-02", "until": "2028-01-01"})),
        Req::delete(&format!("/api/v1/centres/{a}/users/{}/roles/tutor", world.spare.id)),
        Req::get(&format!("/api/v1/centres/{a}/audit")),
    ];
    for request in requests {
        assert_problem(
            &world.app.send(request.bearer(token)).await,
            403,
            "forbidden",
        );
    }
    let page = world.page_session(&world.eqa).await?;
    let post = Req::post(&format!("/centres/{a}/eqa-grants"))
        .same_origin()
        .session(&page.cookie)
        .form(&[
            ("csrf_token", &page.csrf),
            ("name", "Friend"),
            ("email", "friend@example.org"),
            ("qualification_id", "cg-3085-02"),
            ("until", "2028-01-01"),
        ]);
    assert_eq!(world.app.send(post).await.status, 403);
    let mut conn = world.app.db.db().get()?;
    assert!(
        eportfolio::store::people::find_user_by_email(&mut conn, "friend@example.org")?.is_none()
    );
    Ok(())
}
