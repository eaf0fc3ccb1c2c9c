//! Hostile and unusual content: names with apostrophes and accents round-trip; HTML and script
//! in every text field are shown as text; a huge body is refused before it is read.

use serde_json::json;

use super::assert_problem;
use crate::support::{Reply, Req, TestResult};
use crate::world::{PageSession, World, show};

const NAMES: [&str; 4] = ["O'Neill", "Mòrag", "Zoë", "Mòrag O'Neill-Zoë"];

async fn add_person(
    world: &World,
    name: &str,
    email: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let reply = world
        .app
        .send(
            Req::post(&format!("/api/v1/centres/{}/users", world.centre_a))
                .bearer(&world.centre_admin.token)
                .json(&json!({"name": name, "email": email, "roles": ["assessor"]})),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", show(&reply));
    reply.json()["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "no id".into())
}

async fn page(world: &World, session: &PageSession, path: &str) -> Reply {
    world
        .app
        .send(Req::get(path).session(&session.cookie))
        .await
}

#[actix_web::test]
async fn names_with_apostrophes_and_accents_round_trip() -> TestResult {
    let world = World::new().await?;
    let mut ids = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        ids.push(add_person(&world, name, &format!("person{i}@a.example.org")).await?);
    }
    let centre = world
        .app
        .send(
            Req::get(&format!("/api/v1/centres/{}", world.centre_a))
                .bearer(&world.centre_admin.token),
        )
        .await;
    let listed: Vec<String> = centre.json()["people"]
        .as_array()
        .map(|people| {
            people
                .iter()
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let session = world.page_session(&world.centre_admin).await?;
    let centre_page = page(&world, &session, &format!("/centres/{}", world.centre_a)).await;
    for (name, id) in NAMES.iter().zip(&ids) {
        assert!(listed.iter().any(|n| n == name), "{name} in {listed:?}");
        assert!(centre_page.body.contains(name), "{name} on the centre page");
        let staff = page(
            &world,
            &session,
            &format!("/centres/{}/people/{id}", world.centre_a),
        )
        .await;
        assert!(
            staff.body.contains(&format!("<h1>{name}</h1>")),
            "{name}: {}",
            show(&staff)
        );
    }
    // Through a page form (percent-encoded UTF-8) too: the new EQA's welcome mail greets them.
    let post = Req::post(&format!("/centres/{}/eqa-grants", world.centre_a))
        .same_origin()
        .session(&session.cookie)
        .form(&[
            ("csrf_token", &session.csrf),
            ("name", "Zoë O'Neill"),
            ("email", "zoe.oneill@example.org"),
            ("qualification_id", "cg-3085-02"),
            ("until", "2027-02-01"),
        ]);
    assert_eq!(world.app.send(post).await.status, 303);
    // And back out of the sign-in answer, once the person has set a password by their link.
    let mail = {
        let mut conn = world.app.db.db().get()?;
        eportfolio::store::mail_queue::recent(&mut conn, 20)?
    };
    let eqa_mail = mail
        .iter()
        .find(|m| m.to_address == "zoe.oneill@example.org")
        .ok_or("no EQA mail")?;
    assert!(
        eqa_mail.body_text.contains("Hello Zoë O'Neill,"),
        "{}",
        eqa_mail.body_text
    );
    let welcome = mail
        .iter()
        .find(|m| m.to_address == "person3@a.example.org")
        .ok_or("no welcome mail")?;
    assert!(
        welcome.body_text.contains("Hello Mòrag O'Neill-Zoë,"),
        "{}",
        welcome.body_text
    );
    let token = welcome
        .body_text
        .split_whitespace()
        .find_map(|w| w.split_once("/password/").map(|(_, t)| t.to_owned()))
        .ok_or("no link")?;
    let set = Req::post(&format!("/api/v1/password-resets/{token}"))
        .json(&json!({"password": "a long enough passphrase"}));
    assert_eq!(world.app.send(set).await.status, 204);
    let signed_in = world
        .app
        .send(Req::post("/api/v1/sessions").json(
            &json!({"email": "person3@a.example.org", "password": "a long enough passphrase"}),
        ))
        .await;
    assert_eq!(
        signed_in.json()["user"]["name"],
        "Mòrag O'Neill-Zoë",
        "{}",
        show(&signed_in)
    );
    Ok(())
}

/// Adding a person from the centre page, as a browser sends the role checkboxes
/// (`roles=assessor`, or `roles=tutor&roles=iqa`).
#[actix_web::test]
async fn the_add_person_form_reads_its_role_checkboxes() -> TestResult {
    let world = World::new().await?;
    let session = world.page_session(&world.centre_admin).await?;
    let path = format!("/centres/{}/people", world.centre_a);
    for (email, roles) in [
        ("one.role@a.example.org", &["assessor"][..]),
        ("two.roles@a.example.org", &["tutor", "iqa"][..]),
    ] {
        let mut fields = vec![
            ("csrf_token", session.csrf.as_str()),
            ("name", "Niamh O'Brien"),
            ("email", email),
        ];
        fields.extend(roles.iter().map(|r| ("roles", *r)));
        let post = Req::post(&path)
            .same_origin()
            .session(&session.cookie)
            .form(&fields);
        let reply = world.app.send(post).await;
        assert_eq!(reply.status, 303, "roles {roles:?}: {}", show(&reply));
        let mut conn = world.app.db.db().get()?;
        let user =
            eportfolio::store::people::find_user_by_email(&mut conn, email)?.ok_or("not added")?;
        let held: Vec<String> = eportfolio::store::people::memberships_of(&mut conn, &user.id)?
            .into_iter()
            .map(|m| m.role)
            .collect();
        assert_eq!(held.len(), roles.len(), "{held:?}");
    }
    Ok(())
}

/// The centre page's list of EQA access names each EQA (they hold no role at the centre).
#[actix_web::test]
async fn the_centre_page_names_each_eqa_with_access() -> TestResult {
    let world = World::new().await?;
    let session = world.page_session(&world.centre_admin).await?;
    let reply = page(&world, &session, &format!("/centres/{}", world.centre_a)).await;
    assert_eq!(reply.status, 200);
    let table = reply
        .body
        .split("External quality assurance access")
        .nth(1)
        .unwrap_or_default();
    assert!(
        table.contains(&world.eqa.name),
        "the EQA's name should be listed: {table}"
    );
    assert!(
        !table.contains(&world.eqa.id),
        "an id is not a name: {table}"
    );
    Ok(())
}

const SCRIPT: &str = "<script>alert('x')</script>";
const ESCAPED: &str = "&lt;script&gt;alert('x')&lt;/script&gt;";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

#[track_caller]
fn shows_as_text(reply: &Reply, what: &str) {
    assert_eq!(reply.status, 200, "{what}: {}", show(reply));
    assert!(
        reply.body.contains(ESCAPED),
        "{what}: the text should be shown escaped"
    );
    assert!(
        !reply.body.to_lowercase().contains("<script"),
        "{what}: a script element got through"
    );
    assert!(
        !reply.body.contains("<img src=x"),
        "{what}: an img element got through"
    );
}

#[actix_web::test]
async fn html_and_script_in_every_text_field_are_shown_as_text() -> TestResult {
    let world = World::new().await?;
    let hostile = format!("{SCRIPT}{IMG}");
    // A person's name, a centre's name, a credential statement, a CPD activity, an EQA's name.
    let person = add_person(&world, &hostile, "hostile@a.example.org").await?;
    let centre = world
        .app
        .send(
            Req::post("/api/v1/centres")
                .bearer(&world.platform_admin.token)
                .json(&json!({"name": hostile})),
        )
        .await;
    assert_eq!(centre.status, 201, "{}", show(&centre));
    let centre_id = centre.json()["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or("no centre id")?;
    let staff = &world.assessor.id;
    let credential = Req::post(&format!("/api/v1/users/{staff}/credentials"))
        .bearer(&world.centre_admin.token)
        .json(&json!({"kind": "competence", "code": "occupationally_competent", "statement": hostile, "dated_on": "2026-06-01"}));
    assert_eq!(world.app.send(credential).await.status, 201);
    let cpd = Req::post(&format!("/api/v1/users/{staff}/cpd"))
        .bearer(&world.assessor.token)
        .json(&json!({"done_on": "2026-12-01", "minutes": "30", "activity": hostile}));
    assert_eq!(world.app.send(cpd).await.status, 201);
    let session = world.page_session(&world.centre_admin).await?;
    let grant = Req::post(&format!("/centres/{}/eqa-grants", world.centre_a))
        .same_origin()
        .session(&session.cookie)
        .form(&[
            ("csrf_token", session.csrf.as_str()),
            ("name", hostile.as_str()),
            ("email", "hostile.eqa@example.org"),
            ("qualification_id", "cg-3085-02"),
            ("until", "2027-02-01"),
        ]);
    assert_eq!(world.app.send(grant).await.status, 303);

    let a = &world.centre_a;
    for (what, path) in [
        (
            "centre page (person and EQA names)",
            format!("/centres/{a}"),
        ),
        (
            "staff page of the person",
            format!("/centres/{a}/people/{person}"),
        ),
        (
            "staff page (statement, CPD)",
            format!("/centres/{a}/people/{staff}"),
        ),
    ] {
        shows_as_text(&page(&world, &session, &path).await, what);
    }
    let admin = world.page_session(&world.platform_admin).await?;
    for (what, path) in [
        ("admin centres page", "/admin".to_owned()),
        ("the new centre's page", format!("/centres/{centre_id}")),
        (
            "the new centre's audit trail",
            format!("/centres/{centre_id}/audit"),
        ),
    ] {
        shows_as_text(&page(&world, &admin, &path).await, what);
    }
    // The API gives the text back exactly, as JSON.
    let api = world
        .app
        .send(Req::get(&format!("/api/v1/centres/{centre_id}")).bearer(&world.platform_admin.token))
        .await;
    assert_eq!(api.json()["name"], hostile.as_str());
    assert!(api.header("content-type").starts_with("application/json"));
    Ok(())
}

fn ten_megabytes_of_json() -> Vec<u8> {
    let filler = "x".repeat(10 * 1024 * 1024);
    json!({"email": "someone@example.org", "password": filler, "name": "Big", "roles": ["learner"]})
        .to_string()
        .into_bytes()
}

#[actix_web::test]
async fn a_10_mb_json_body_is_refused_with_413() -> TestResult {
    let world = World::new().await?;
    let users = format!("/api/v1/centres/{}/users", world.centre_a);
    for request in [
        Req::post("/api/v1/sessions"),
        Req::post("/api/v1/password-resets"),
        Req::post(&users).bearer(&world.centre_admin.token),
    ] {
        let reply = world
            .app
            .send(
                request
                    .header("content-type", "application/json")
                    .body(ten_megabytes_of_json()),
            )
            .await;
        assert_problem(&reply, 413, "payload_too_large");
    }
    Ok(())
}

#[actix_web::test]
async fn a_10_mb_csv_import_or_page_form_is_refused_with_413() -> TestResult {
    let world = World::new().await?;
    let a = &world.centre_a;
    let csv = format!("learner_name\n{}", "x".repeat(10 * 1024 * 1024));
    let import = Req::post(&format!("/api/v1/centres/{a}/registrations/import"))
        .bearer(&world.centre_admin.token)
        .header("content-type", "text/csv")
        .body(csv.into_bytes());
    assert_problem(&world.app.send(import).await, 413, "payload_too_large");
    let session = world.page_session(&world.centre_admin).await?;
    let filler = "x".repeat(10 * 1024 * 1024);
    let form = Req::post(&format!("/centres/{a}/eqa-grants"))
        .same_origin()
        .session(&session.cookie)
        .form(&[("csrf_token", &session.csrf), ("name", &filler)]);
    let reply = world.app.send(form).await;
    assert_eq!(reply.status, 413, "{}", show(&reply));
    Ok(())
}

/// A query string that does not read (a page number that is not a number) is a 400 problem for
/// the API, as every other refusal is, never a plain-text answer the document does not declare.
#[actix_web::test]
async fn a_query_string_that_does_not_read_is_a_problem() -> TestResult {
    let world = World::new().await?;
    let path = format!(
        "/api/v1/centres/{}/audit?before=not-a-number",
        world.centre_a
    );
    let reply = world
        .app
        .send(Req::get(&path).bearer(&world.centre_admin.token))
        .await;
    assert_problem(&reply, 400, "bad_request");
    assert!(
        reply.json()["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("The query string could not be read")),
        "{}",
        show(&reply)
    );
    Ok(())
}
