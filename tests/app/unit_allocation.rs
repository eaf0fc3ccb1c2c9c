//! Issue 14, item 8: an assessor and an IQA per unit (C6 and C8 per unit). A Unit 001 assessor
//! who holds only the QCF Level 3 AVRA can be allocated Unit 001 of 3085-02 and never Unit 002;
//! a unit's IQA is never its assessor; the unit's own assessor judges and signs it off and the
//! registration's assessor no longer does; registrations keep the same person for every unit
//! until a unit is allocated on its own.

use actix_web::http::Method;
use eportfolio::clock::Clock;
use eportfolio::domain::roles::Role;
use eportfolio::store::people::{self, StaffCredential};
use eportfolio::store::write_transaction;
use serde_json::{Value, json};

use crate::support::{Reply, Req, TestResult};
use crate::world::{Person, World, show};

type Error = Box<dyn std::error::Error>;

const U001: &str = "cg-3085/u001";
const U002: &str = "cg-3085/u002";

/// Record what the centre has seen of `person` (competence and qualifications), and give them
/// the assessor role at centre A.
/// The centre's IQA is recorded as occupationally knowledgeable (C8), so may hold a unit.
fn assessor_with(w: &World, person: &Person, credentials: &[(&str, &str)]) -> Result<(), Error> {
    crate::occasions::make_eligible(w, &w.iqa.id)?;
    w.ensure_role(&person.id, &w.centre_a, Role::Assessor)?;
    let now = w.app.clock().now().naive_utc();
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        for (kind, code) in credentials {
            people::insert_credential(
                conn,
                &StaffCredential {
                    id: people::new_id(),
                    user_id: person.id.clone(),
                    kind: (*kind).to_owned(),
                    code: (*code).to_owned(),
                    statement: "Seen at the centre".to_owned(),
                    dated_on: now.date(),
                    recorded_by: w.centre_admin.id.clone(),
                    created_at: now,
                    centre_id: Some(w.centre_a.clone()),
                },
            )?;
        }
        Ok::<_, eportfolio::store::StoreError>(())
    })?;
    Ok(())
}

/// Only what Unit 001 asks: occupationally knowledgeable, with the QCF Level 3 AVRA.
fn avra_only(w: &World) -> Result<(), Error> {
    let credentials = [
        ("competence", "occupationally_knowledgeable"),
        ("qualification", "qcf-l3-avra"),
    ];
    assessor_with(w, &w.spare, &credentials)
}

async fn allocate(w: &World, by: &Person, r: &str, unit: &str, body: Value) -> Reply {
    let path = format!("/api/v1/registrations/{r}/units/{unit}/allocation");
    let req = Req::new(Method::PUT, &path).bearer(&by.token).json(&body);
    w.app.send(req).await
}

fn unit_row<'a>(detail: &'a Value, unit: &str) -> Option<&'a Value> {
    detail["units"]
        .as_array()?
        .iter()
        .find(|u| u["unit_id"] == unit)
}

#[actix_web::test]
async fn a_unit_001_assessor_with_only_the_avra_is_allocated_unit_001_and_never_unit_002()
-> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    avra_only(&w)?;
    let before = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}")).bearer(&w.centre_admin.token))
        .await;
    assert_eq!(before.status, 200, "{}", show(&before));
    let detail = before.json();
    for unit in [U001, U002] {
        let row = unit_row(&detail, unit).ok_or("a unit is missing")?;
        assert_eq!(row["assessor_id"], w.assessor.id.as_str());
        assert_eq!(row["allocated_on_its_own"], false);
    }

    let body =
        json!({"assessor_id": w.spare.id, "iqa_id": w.iqa.id, "reason": "Unit 001 specialist"});
    let refused = allocate(&w, &w.centre_admin, &r, U002, body.clone()).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert_eq!(refused.json()["code"], "assessor_not_eligible");
    assert!(
        refused.body.contains("occupationally competent"),
        "{}",
        show(&refused)
    );

    let allocated = allocate(&w, &w.centre_admin, &r, U001, body).await;
    assert_eq!(allocated.status, 200, "{}", show(&allocated));
    let units = allocated.json();
    let row = unit_row(&units, U001).ok_or("no Unit 001")?;
    assert_eq!(row["assessor_id"], w.spare.id.as_str());
    assert_eq!(row["allocated_on_its_own"], true);
    assert!(
        row["unit_title"]
            .as_str()
            .is_some_and(|t| t.contains("personalisation"))
    );
    let other = unit_row(&units, U002).ok_or("no Unit 002")?;
    assert_eq!(other["assessor_id"], w.assessor.id.as_str());

    // The unit's assessor finds the learner on their caseload; the history says what changed.
    let spare = w.api_token(&w.spare).await?;
    let caseload = w
        .app
        .send(Req::get("/api/v1/caseload").bearer(&spare))
        .await;
    assert_eq!(caseload.status, 200, "{}", show(&caseload));
    assert!(caseload.body.contains(&r), "{}", show(&caseload));
    let after = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}")).bearer(&w.centre_admin.token))
        .await;
    assert!(after.body.contains("unit_allocated"), "{}", show(&after));
    Ok(())
}

#[actix_web::test]
async fn c8_a_units_iqa_is_never_its_assessor() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    avra_only(&w)?;
    w.ensure_role(&w.spare.id, &w.centre_a, Role::Iqa)?;
    let body = json!({"assessor_id": w.spare.id, "iqa_id": w.spare.id});
    let refused = allocate(&w, &w.centre_admin, &r, U001, body).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert_eq!(refused.json()["code"], "iqa_own_decision");

    let not_an_iqa = json!({"assessor_id": w.spare.id, "iqa_id": w.learner.id});
    let refused = allocate(&w, &w.centre_admin, &r, U001, not_an_iqa).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(
        refused
            .body
            .contains("Choose an internal quality assurer of this centre"),
        "{}",
        show(&refused)
    );
    Ok(())
}

#[actix_web::test]
async fn only_the_centre_administrator_allocates_an_active_registrations_own_units() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    avra_only(&w)?;
    let body = json!({"assessor_id": w.spare.id, "iqa_id": w.iqa.id});
    let by_assessor = allocate(&w, &w.assessor, &r, U001, body.clone()).await;
    assert_eq!(by_assessor.status, 403, "{}", show(&by_assessor));
    let by_other_centre = allocate(&w, &w.admin_b, &r, U001, body.clone()).await;
    assert_eq!(by_other_centre.status, 404, "{}", show(&by_other_centre));
    let not_its_unit = allocate(&w, &w.centre_admin, &r, "sqa-fx35-35/unit", body.clone()).await;
    assert_eq!(not_its_unit.status, 404, "{}", show(&not_its_unit));

    let withdraw = Req::post(&format!("/api/v1/registrations/{r}/withdraw"))
        .bearer(&w.centre_admin.token)
        .json(&json!({"reason": "Left the employer"}));
    assert_eq!(w.app.send(withdraw).await.status, 204);
    let withdrawn = allocate(&w, &w.centre_admin, &r, U001, body).await;
    assert_eq!(withdrawn.status, 409, "{}", show(&withdrawn));
    assert!(withdrawn.body.contains("withdrawn"), "{}", show(&withdrawn));
    Ok(())
}

/// A work product for Unit 002's first criterion, declared and submitted by the learner.
async fn submitted_for_unit_002(w: &World, r: &str) -> Result<(String, String), Error> {
    let curriculum = eportfolio::curriculum::shipped()?;
    let (_, unit) = curriculum.unit(U002).ok_or("no unit 002")?;
    let criterion = unit
        .outcomes
        .iter()
        .flat_map(|o| o.criteria.iter())
        .map(|c| c.id.clone())
        .next()
        .ok_or("no criterion")?;
    let created = w.app.send(Req::post(&format!("/api/v1/registrations/{r}/evidence")).bearer(&w.learner.token).json(&json!({
        "kind": "work_product", "title": "Mrs B's support plan", "activity_date": "2027-01-12", "text": "The plan I wrote with Mrs B."
    }))).await;
    assert_eq!(created.status, 201, "{}", show(&created));
    let e = created.json()["id"].as_str().ok_or("no id")?.to_owned();
    w.map_declare_and_submit(&e, &[criterion.as_str()]).await;
    Ok((e, criterion))
}

async fn judge(w: &World, token: &str, r: &str, criterion: &str, e: &str) -> Reply {
    let judgement =
        json!({"criterion_id": criterion, "outcome": "met", "evidence_ids": [e], "feedback": ""});
    let body = json!({"judgements": [judgement], "overall_feedback": ""});
    let path = format!("/api/v1/registrations/{r}/judgements");
    w.app.send(Req::post(&path).bearer(token).json(&body)).await
}

#[actix_web::test]
async fn a_unit_is_judged_and_signed_off_by_its_own_assessor_only() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    let credentials = [
        ("competence", "occupationally_competent"),
        ("qualification", "a1"),
    ];
    assessor_with(&w, &w.spare, &credentials)?;
    let body = json!({"assessor_id": w.spare.id, "iqa_id": w.iqa.id, "reason": "Works with the learner's team"});
    let allocated = allocate(&w, &w.centre_admin, &r, U002, body).await;
    assert_eq!(allocated.status, 200, "{}", show(&allocated));
    let (e, criterion) = submitted_for_unit_002(&w, &r).await?;

    let by_registration_assessor = judge(&w, &w.assessor.token, &r, &criterion, &e).await;
    assert_eq!(
        by_registration_assessor.status,
        422,
        "{}",
        show(&by_registration_assessor)
    );
    let refusal = by_registration_assessor.json();
    assert_eq!(refusal["code"], "batch_refused");
    assert_eq!(refusal["items"][0]["code"], "forbidden", "{refusal}");
    assert_eq!(
        refusal["items"][0]["message"],
        "You do not have permission to do this."
    );
    let sign_off = Req::post(&format!("/api/v1/registrations/{r}/units/{U002}/sign-off"));
    let refused = w.app.send(sign_off.bearer(&w.assessor.token)).await;
    assert_eq!(refused.status, 403, "{}", show(&refused));

    let observation = json!({"planned": false, "observed_on": "2027-01-10", "setting": "A review meeting",
        "people_present": [], "narrative": "Planned support with Mrs B.", "criteria": [criterion]});
    let observe = Req::post(&format!("/api/v1/registrations/{r}/observations"));
    let not_theirs = w
        .app
        .send(observe.bearer(&w.assessor.token).json(&observation))
        .await;
    assert_eq!(not_theirs.status, 403, "{}", show(&not_theirs));

    let spare = w.api_token(&w.spare).await?;
    let by_unit_assessor = judge(&w, &spare, &r, &criterion, &e).await;
    assert_eq!(by_unit_assessor.status, 201, "{}", show(&by_unit_assessor));

    // Back to the registration's assessor and IQA: the unit's own row goes, and so does access.
    let back = json!({"assessor_id": w.assessor.id, "iqa_id": w.iqa.id, "reason": "Returned"});
    let returned = allocate(&w, &w.centre_admin, &r, U002, back).await;
    assert_eq!(returned.status, 200, "{}", show(&returned));
    let units = returned.json();
    assert_eq!(
        unit_row(&units, U002).ok_or("no Unit 002")?["allocated_on_its_own"],
        false
    );
    let spare = w.api_token(&w.spare).await?;
    let gone = w
        .app
        .send(Req::get(&format!("/api/v1/registrations/{r}")).bearer(&spare))
        .await;
    assert_eq!(gone.status, 404, "{}", show(&gone));
    Ok(())
}

#[actix_web::test]
async fn the_page_form_allocates_a_unit_and_keeps_what_was_chosen_when_refused() -> TestResult {
    let w = World::new().await?;
    let r = w.register_on_cg_3085_02()?;
    avra_only(&w)?;
    let session = w.page_session(&w.centre_admin).await?;
    let page = w
        .app
        .send(Req::get(&format!("/registrations/{r}")).session(&session.cookie))
        .await;
    assert_eq!(page.status, 200, "{}", show(&page));
    assert!(
        page.body
            .contains("Who assesses and quality-assures each unit")
    );
    assert!(
        page.body
            .contains("Change who holds Principles of personalisation in health and social care"),
        "{}",
        show(&page)
    );

    let form = |unit: &str| {
        Req::post(&format!("/registrations/{r}/units/{unit}/allocation"))
            .session(&session.cookie)
            .same_origin()
            .form(&[
                ("csrf_token", session.csrf.as_str()),
                ("assessor_id", w.spare.id.as_str()),
                ("iqa_id", w.iqa.id.as_str()),
                ("reason", "Unit 001 specialist"),
            ])
    };
    let refused = w.app.send(form(U002)).await;
    assert_eq!(refused.status, 422, "{}", show(&refused));
    assert!(refused.body.contains("Not allowed"), "{}", show(&refused));
    assert!(
        refused
            .body
            .contains("<details id=\"unit-cg-3085-u002\" open"),
        "the refused unit's form is open"
    );
    assert!(
        refused.body.contains("value=\"Unit 001 specialist\""),
        "the reason is kept"
    );
    let chosen = format!("<option value=\"{}\" selected>", w.spare.id);
    assert!(
        refused.body.contains(&chosen),
        "the chosen assessor is kept"
    );

    let done = w.app.send(form(U001)).await;
    assert_eq!(done.status, 303, "{}", show(&done));
    let shown = w
        .app
        .send(Req::get(&format!("/registrations/{r}?done=unit")).session(&session.cookie))
        .await;
    assert!(
        shown.body.contains("The unit is allocated"),
        "{}",
        show(&shown)
    );
    assert!(
        shown
            .body
            .contains("A unit allocated to its own assessor and IQA")
    );
    Ok(())
}
