//! Issue 17, item 2, for learners: registering someone who already has an account and does not
//! belong to the centre asks them first (202, by email and in the app). Until they accept the
//! centre has no registration and sees nothing of them; accepting makes the registration, as
//! registered by whoever asked. The page form and the CSV import do the same.

use serde_json::json;

use crate::portfolio::make_staff_eligible;
use crate::support::{Req, TestResult};
use crate::world::{Person, World, show};

/// Centre A registers `person` (who has an account through centre B only) on 3085-02.
fn registration(w: &World, person: &Person) -> serde_json::Value {
    json!({"learner_name": person.name, "learner_email": person.email,
        "date_of_birth": "1990-02-11", "qualification_id": "cg-3085-02", "start_date": "2027-01-18",
        "planned_end_date": "2027-12-17", "employer": "Care at Home Ltd", "workplace": "Inverness",
        "assessor_id": w.assessor.id, "iqa_id": w.iqa.id})
}

async fn registered_at_a(w: &World, person: &Person) -> bool {
    let path = format!("/api/v1/centres/{}/registrations", w.centre_a);
    let reply = w
        .app
        .send(Req::get(&path).bearer(&w.centre_admin.token))
        .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    reply.body.contains(&person.id)
}

#[actix_web::test]
async fn registering_an_account_from_another_centre_asks_them_first() -> TestResult {
    let w = World::new().await?;
    make_staff_eligible(&w)?;
    let path = format!("/api/v1/centres/{}/registrations", w.centre_a);
    let send = || {
        Req::post(&path)
            .bearer(&w.centre_admin.token)
            .json(&registration(&w, &w.admin_b))
    };
    let asked = w.app.send(send()).await;
    assert_eq!(asked.status, 202, "{}", show(&asked));
    assert_eq!(asked.json()["status"], "invited");
    assert!(
        asked
            .body
            .contains("until then the centre sees nothing of them")
    );
    assert!(!registered_at_a(&w, &w.admin_b).await);
    let person = format!("/api/v1/users/{}/eligibility", w.admin_b.id);
    let hidden = w
        .app
        .send(Req::get(&person).bearer(&w.centre_admin.token))
        .await;
    assert_eq!(hidden.status, 404, "{}", show(&hidden));
    let again = w.app.send(send()).await;
    assert_eq!(again.status, 409, "{}", show(&again));
    assert!(
        again.body.contains("already been asked to join the centre"),
        "{}",
        show(&again)
    );

    let invitations = w
        .app
        .send(Req::get("/api/v1/invitations").bearer(&w.admin_b.token))
        .await;
    let first = invitations.json()["invitations"][0].clone();
    assert_eq!(first["roles"], json!(["learner"]), "{}", show(&invitations));
    assert_eq!(first["qualification_id"], "cg-3085-02");
    let told = w
        .app
        .send(Req::get("/api/v1/notifications").bearer(&w.admin_b.token))
        .await;
    assert!(
        told.body
            .contains("would like to register you as a learner on"),
        "{}",
        show(&told)
    );

    let accept = Req::post(&format!("/api/v1/invitations/{}/accept", w.centre_a));
    let accepted = w.app.send(accept.bearer(&w.admin_b.token)).await;
    assert_eq!(accepted.status, 200, "{}", show(&accepted));
    assert_eq!(accepted.json()["roles"], json!(["learner"]));
    assert!(registered_at_a(&w, &w.admin_b).await);
    let mine = w
        .app
        .send(Req::get("/api/v1/registrations").bearer(&w.admin_b.token))
        .await;
    assert!(mine.body.contains("cg-3085-02"), "{}", show(&mine));
    Ok(())
}

#[actix_web::test]
async fn a_declined_registration_is_never_made() -> TestResult {
    let w = World::new().await?;
    make_staff_eligible(&w)?;
    let path = format!("/api/v1/centres/{}/registrations", w.centre_a);
    let body = registration(&w, &w.admin_b);
    let asked = w
        .app
        .send(Req::post(&path).bearer(&w.centre_admin.token).json(&body))
        .await;
    assert_eq!(asked.status, 202, "{}", show(&asked));
    let decline = Req::post(&format!("/api/v1/invitations/{}/decline", w.centre_a));
    let declined = w.app.send(decline.bearer(&w.admin_b.token)).await;
    assert_eq!(declined.status, 204, "{}", show(&declined));
    assert!(!registered_at_a(&w, &w.admin_b).await);
    Ok(())
}

#[actix_web::test]
async fn the_page_form_and_the_import_ask_too() -> TestResult {
    let w = World::new().await?;
    make_staff_eligible(&w)?;
    let admin = w.page_session(&w.centre_admin).await?;
    let body = registration(&w, &w.admin_b);
    let mut fields: Vec<(String, String)> = vec![("csrf_token".into(), admin.csrf.clone())];
    if let Some(object) = body.as_object() {
        for (key, value) in object {
            fields.push((key.clone(), value.as_str().unwrap_or_default().to_owned()));
        }
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let form = Req::post(&format!("/centres/{}/registrations", w.centre_a))
        .session(&admin.cookie)
        .same_origin()
        .form(&pairs);
    let sent = w.app.send(form).await;
    assert_eq!(sent.status, 303, "{}", show(&sent));
    let location = sent.header("location");
    assert!(location.ends_with("?done=invited"), "{location}");
    let page = w.app.send(Req::get(location).session(&admin.cookie)).await;
    assert!(
        page.body
            .contains("so we asked them by email and on their home page"),
        "{}",
        show(&page)
    );
    let learner = w.page_session(&w.admin_b).await?;
    let home = w.app.send(Req::get("/home").session(&learner.cookie)).await;
    assert!(
        home.body.contains("To register you as a learner on"),
        "{}",
        show(&home)
    );

    // The import: one new learner registered now, the other centre's person asked.
    let csv = format!(
        "learner_name,learner_email,date_of_birth,qualification_id,start_date,planned_end_date,assessor_email,iqa_email,workplace\n\
         New Learner,new.learner@import.example.org,1990-01-01,cg-3085-02,2027-02-01,2027-12-01,{a},{i},Day service\n\
         {name},{email},1990-01-01,cg-3085-02,2027-02-01,2027-12-01,{a},{i},Day service\n",
        a = w.assessor.email,
        i = w.iqa.email,
        name = w.eqa.name,
        email = w.eqa.email,
    );
    let path = format!("/api/v1/centres/{}/registrations/import", w.centre_a);
    let import = Req::post(&path)
        .bearer(&w.centre_admin.token)
        .header("content-type", "text/csv")
        .body(csv.into_bytes());
    let imported = w.app.send(import).await;
    assert_eq!(imported.status, 201, "{}", show(&imported));
    assert_eq!(
        (
            imported.json()["imported"].clone(),
            imported.json()["invited"].clone()
        ),
        (json!(1), json!(1))
    );
    assert!(!registered_at_a(&w, &w.eqa).await);
    Ok(())
}
