//! Issue 17, item 2: people belong to centres by consent. Centre B adding centre A's assessor
//! by email invites them (202, in the app and by email); until they accept, B sees nothing of
//! them and cannot record credentials for them; accepting gives B the roles asked at once;
//! declining leaves B with nothing. Someone already at the centre gets more roles directly.

use serde_json::json;

use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

async fn add_to(w: &World, admin: &Person, centre: &str, person: &Person, role: &str) -> Reply {
    let body = json!({"name": person.name, "email": person.email, "roles": [role]});
    let path = format!("/api/v1/centres/{centre}/users");
    w.app
        .send(Req::post(&path).bearer(&admin.token).json(&body))
        .await
}

async fn sees(w: &World, admin: &Person, centre: &str, person: &Person) -> bool {
    let path = format!("/api/v1/centres/{centre}");
    let reply = w.app.send(Req::get(&path).bearer(&admin.token)).await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    reply.body.contains(&person.id)
}

async fn record_credential(w: &World, admin: &Person, person: &Person) -> Reply {
    let body = json!({"kind": "qualification", "code": "a1", "statement": "Seen by centre B", "dated_on": "2026-06-01"});
    let path = format!("/api/v1/users/{}/credentials", person.id);
    w.app
        .send(Req::post(&path).bearer(&admin.token).json(&body))
        .await
}

#[actix_web::test]
async fn another_centre_invites_and_sees_nothing_until_the_person_accepts() -> TestResult {
    let w = World::new().await?;
    let invited = add_to(&w, &w.admin_b, &w.centre_b, &w.assessor, "assessor").await;
    assert_eq!(invited.status, 202, "{}", show(&invited));
    assert_eq!(invited.json()["status"], "invited");
    assert!(
        invited
            .body
            .contains("until they accept, the centre sees nothing of them")
    );
    assert!(!sees(&w, &w.admin_b, &w.centre_b, &w.assessor).await);
    let credential = record_credential(&w, &w.admin_b, &w.assessor).await;
    assert_eq!(credential.status, 404, "{}", show(&credential));
    let again = add_to(&w, &w.admin_b, &w.centre_b, &w.assessor, "assessor").await;
    assert_eq!(again.status, 409, "{}", show(&again));
    assert!(
        again.body.contains("already been invited"),
        "{}",
        show(&again)
    );

    // The person is asked in the app (and by email), and answers there.
    let asked = w
        .app
        .send(Req::get("/api/v1/invitations").bearer(&w.assessor.token))
        .await;
    assert_eq!(asked.status, 200, "{}", show(&asked));
    let list = asked.json();
    assert_eq!(list["invitations"][0]["centre_name"], "Centre B Academy");
    assert_eq!(list["invitations"][0]["roles"], json!(["assessor"]));
    let told = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&w.assessor.token))
        .await;
    assert!(
        told.body
            .contains("Centre B Academy invites you to join them"),
        "{}",
        show(&told)
    );

    let accept = Req::post(&format!("/api/v1/invitations/{}/accept", w.centre_b));
    let accepted = w.app.send(accept.bearer(&w.assessor.token)).await;
    assert_eq!(accepted.status, 200, "{}", show(&accepted));
    assert_eq!(accepted.json()["roles"], json!(["assessor"]));
    assert!(sees(&w, &w.admin_b, &w.centre_b, &w.assessor).await);
    let accept = Req::post(&format!("/api/v1/invitations/{}/accept", w.centre_b));
    let twice = w.app.send(accept.bearer(&w.assessor.token)).await;
    assert_eq!(twice.status, 409, "{}", show(&twice));
    assert!(
        twice
            .body
            .contains("no invitation from this centre waiting"),
        "{}",
        show(&twice)
    );
    Ok(())
}

#[actix_web::test]
async fn a_declined_invitation_leaves_the_other_centre_with_nothing() -> TestResult {
    let w = World::new().await?;
    let invited = add_to(&w, &w.admin_b, &w.centre_b, &w.iqa, "iqa").await;
    assert_eq!(invited.status, 202, "{}", show(&invited));
    // Someone else cannot answer it for them.
    let decline = |token: &str| {
        Req::post(&format!("/api/v1/invitations/{}/decline", w.centre_b)).bearer(token)
    };
    let not_theirs = w.app.send(decline(&w.assessor.token)).await;
    assert_eq!(not_theirs.status, 409, "{}", show(&not_theirs));
    let declined = w.app.send(decline(&w.iqa.token)).await;
    assert_eq!(declined.status, 204, "{}", show(&declined));
    assert!(!sees(&w, &w.admin_b, &w.centre_b, &w.iqa).await);
    let asked = w
        .app
        .send(Req::get("/api/v1/invitations").bearer(&w.iqa.token))
        .await;
    assert_eq!(asked.json()["invitations"], json!([]));
    Ok(())
}

#[actix_web::test]
async fn someone_already_at_the_centre_gets_more_roles_at_once() -> TestResult {
    let w = World::new().await?;
    let added = add_to(&w, &w.centre_admin, &w.centre_a, &w.assessor, "tutor").await;
    assert_eq!(added.status, 201, "{}", show(&added));
    assert_eq!(added.json()["id"], w.assessor.id.as_str());
    Ok(())
}

#[actix_web::test]
async fn the_pages_invite_and_the_home_accepts() -> TestResult {
    let w = World::new().await?;
    let admin = w.page_session(&w.admin_b).await?;
    let form = Req::post(&format!("/centres/{}/people", w.centre_b))
        .session(&admin.cookie)
        .same_origin()
        .form(&[
            ("csrf_token", admin.csrf.as_str()),
            ("name", w.assessor.name.as_str()),
            ("email", w.assessor.email.as_str()),
            ("roles", "assessor"),
        ]);
    let sent = w.app.send(form).await;
    assert_eq!(sent.status, 303, "{}", show(&sent));
    assert!(sent.header("location").ends_with("?done=invited"));
    let centre = format!("/centres/{}?done=invited", w.centre_b);
    let page = w.app.send(Req::get(&centre).session(&admin.cookie)).await;
    assert!(
        page.body
            .contains("they have been asked to join the centre"),
        "{}",
        show(&page)
    );

    let person = w.page_session(&w.assessor).await?;
    let home = w.app.send(Req::get("/home").session(&person.cookie)).await;
    assert!(
        home.body.contains("Centres asking you to join them"),
        "{}",
        show(&home)
    );
    assert!(
        home.body.contains("As assessor, asked on"),
        "{}",
        show(&home)
    );
    let accept = Req::post(&format!("/invitations/{}/accept", w.centre_b))
        .session(&person.cookie)
        .same_origin()
        .form(&[("csrf_token", person.csrf.as_str())]);
    let accepted = w.app.send(accept).await;
    assert_eq!(accepted.status, 303, "{}", show(&accepted));
    assert_eq!(accepted.header("location"), "/home?done=joined");
    let home = w
        .app
        .send(Req::get("/home?done=joined").session(&person.cookie))
        .await;
    assert!(
        home.body.contains("You have joined the centre"),
        "{}",
        show(&home)
    );
    assert!(!home.body.contains("Centres asking you to join them"));
    assert!(sees(&w, &w.admin_b, &w.centre_b, &w.assessor).await);
    Ok(())
}

/// Whether the staff record, as `viewer` may see it, lets the person assess Unit 002.
async fn may_assess_unit_002(
    w: &World,
    viewer: &Person,
    person: &Person,
) -> Result<bool, Box<dyn std::error::Error>> {
    let path = format!("/api/v1/users/{}/eligibility", person.id);
    let reply = w.app.send(Req::get(&path).bearer(&viewer.token)).await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    let units = reply.json()["units"].clone();
    let unit = units
        .as_array()
        .and_then(|all| all.iter().find(|u| u["unit_id"] == "cg-3085/u002").cloned())
        .ok_or("no Unit 002")?;
    Ok(unit["decision"]["allowed"] == true)
}

#[actix_web::test]
async fn a_credential_another_centre_records_does_not_count_here() -> TestResult {
    let w = World::new().await?;
    let invited = add_to(&w, &w.admin_b, &w.centre_b, &w.assessor, "assessor").await;
    assert_eq!(invited.status, 202, "{}", show(&invited));
    let accept = Req::post(&format!("/api/v1/invitations/{}/accept", w.centre_b));
    assert_eq!(
        w.app.send(accept.bearer(&w.assessor.token)).await.status,
        200
    );
    let body = json!({"credentials": [
        {"kind": "competence", "code": "occupationally_competent", "statement": "Seen by centre B", "dated_on": "2026-06-01"},
        {"kind": "qualification", "code": "a1", "statement": "Certificate seen by centre B", "dated_on": "2026-06-01"}
    ]});
    let path = format!("/api/v1/users/{}/credentials", w.assessor.id);
    let recorded = w
        .app
        .send(Req::post(&path).bearer(&w.admin_b.token).json(&body))
        .await;
    assert!(recorded.status.is_success(), "{}", show(&recorded));

    // Centre B counts its record; centre A sees only its own part, where nothing is recorded.
    assert!(may_assess_unit_002(&w, &w.admin_b, &w.assessor).await?);
    assert!(!may_assess_unit_002(&w, &w.centre_admin, &w.assessor).await?);
    let learner = json!({"learner_name": "Rowan Fyfe", "learner_email": "rowan.fyfe@a.example.org",
        "date_of_birth": "1990-02-11", "qualification_id": "cg-3085-02", "start_date": "2027-01-18",
        "planned_end_date": "2027-12-17", "employer": "Care at Home Ltd", "workplace": "Inverness",
        "assessor_id": w.assessor.id, "iqa_id": w.iqa.id});
    let path = format!("/api/v1/centres/{}/registrations", w.centre_a);
    let at_a = w
        .app
        .send(
            Req::post(&path)
                .bearer(&w.centre_admin.token)
                .json(&learner),
        )
        .await;
    assert_eq!(at_a.status, 422, "{}", show(&at_a));
    assert_eq!(at_a.json()["code"], "assessor_not_eligible");
    Ok(())
}
