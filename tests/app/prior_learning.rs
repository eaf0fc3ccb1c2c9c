//! C2 at the end of the record: prior learning where the qualification allows it (SQA FX35 35)
//! is kept and shown, through the API and the page form; where it is not allowed (City & Guilds
//! 3085) it is refused with what was typed kept, never silently dropped.

use serde_json::json;

use crate::portfolio::make_staff_eligible;
use crate::support::{Req, TestResult};
use crate::world::{World, show};

const PRIOR: &str = "SVQ 4 Social Services and Healthcare, 2019";

fn learner_fields<'a>(
    w: &'a World,
    qualification: &'a str,
    email: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("learner_name", "Morag Learner"),
        ("learner_email", email),
        ("date_of_birth", "1990-02-28"),
        ("qualification_id", qualification),
        (
            "awarding_body_ref",
            if qualification == "sqa-fx35-35" {
                "123456789"
            } else {
                ""
            },
        ),
        ("start_date", "2027-01-18"),
        ("planned_end_date", "2027-12-17"),
        ("workplace", "Day service"),
        ("assessor_id", w.assessor.id.as_str()),
        ("iqa_id", w.iqa.id.as_str()),
        ("prior_learning", PRIOR),
    ]
}

#[actix_web::test]
async fn c2_prior_learning_is_kept_and_shown_where_the_qualification_allows_it() -> TestResult {
    let w = World::new().await?;
    make_staff_eligible(&w)?;
    let body: serde_json::Map<String, serde_json::Value> =
        learner_fields(&w, "sqa-fx35-35", "morag.api@example.org")
            .into_iter()
            .filter(|(k, _)| !k.starts_with("learner_"))
            .map(|(k, v)| (k.to_owned(), json!(v)))
            .collect();
    let mut body = serde_json::Value::Object(body);
    body["learner"] = json!({"name": "Morag Api", "email": "morag.api@example.org", "date_of_birth": "1990-02-28"});
    body["exemptions"] = json!(["cg-3085/u001"]);
    let path = format!("/api/v1/centres/{}/registrations", w.centre_a);
    let post = |body: &serde_json::Value| Req::post(&path).bearer(&w.centre_admin.token).json(body);
    let wrong_unit = w.app.send(post(&body)).await;
    assert_eq!(wrong_unit.status, 422, "{}", show(&wrong_unit));
    assert_eq!(
        wrong_unit.json()["errors"][0]["field"],
        "exemptions",
        "{}",
        show(&wrong_unit)
    );
    body["exemptions"] = json!([]);
    let created = w.app.send(post(&body)).await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let id = created.json()["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or("no registration id")?;
    let read = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{id}")).bearer(&w.centre_admin.token))
        .await;
    assert_eq!(read.status, 200, "{}", show(&read));
    assert_eq!(
        read.json()["prior_learning"]["description"],
        PRIOR,
        "{}",
        show(&read)
    );
    let admin = w.page_session(&w.centre_admin).await?;
    let page = w
        .app
        .send(Req::get(&format!("/registrations/{id}")).session(&admin.cookie))
        .await;
    assert!(
        page.body.contains("Prior learning recognised"),
        "{}",
        show(&page)
    );
    assert!(page.body.contains(PRIOR), "{}", show(&page));
    Ok(())
}

#[actix_web::test]
async fn c2_the_page_form_keeps_allowed_prior_learning_and_refuses_the_rest() -> TestResult {
    let w = World::new().await?;
    make_staff_eligible(&w)?;
    let admin = w.page_session(&w.centre_admin).await?;
    let path = format!("/centres/{}/registrations", w.centre_a);
    let submit = |fields: &[(&str, &str)]| {
        let mut all = vec![("csrf_token", admin.csrf.as_str())];
        all.extend_from_slice(fields);
        Req::post(&path)
            .session(&admin.cookie)
            .same_origin()
            .form(&all)
    };
    let refused = w
        .app
        .send(submit(&learner_fields(
            &w,
            "cg-3085-02",
            "morag.cg@example.org",
        )))
        .await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused
            .body
            .contains("does not allow recognition of prior learning"),
        "{}",
        show(&refused)
    );
    assert!(
        refused.body.contains(&format!("{PRIOR}</textarea>")),
        "{}",
        show(&refused)
    );

    let kept = w
        .app
        .send(submit(&learner_fields(
            &w,
            "sqa-fx35-35",
            "morag.sqa@example.org",
        )))
        .await;
    assert_eq!(kept.status, 303, "{}", show(&kept));
    let location = kept.header("location").to_owned();
    assert!(location.ends_with("?done=registered"), "{location}");
    let page = w.app.send(Req::get(&location).session(&admin.cookie)).await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(
        page.body.contains(&format!(
            "<dt>Prior learning recognised</dt><dd>{PRIOR} (recorded "
        )),
        "{}",
        show(&page)
    );
    Ok(())
}
