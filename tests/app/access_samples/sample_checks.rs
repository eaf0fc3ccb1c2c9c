//! Samples for the IQA check routes. `prepare` records a judgement by the assessor on the sample
//! registration, a sample of it for the IQA, and an open action for the assessor.

use eportfolio::clock::Clock;
use eportfolio::domain::iqa_check::SampleStatus;
use eportfolio::domain::judgement::JudgementOutcome;
use eportfolio::domain::sampling::{PickedBy, Stage};
use eportfolio::store::judgements::{self, Judgement};
use eportfolio::store::sample_checks::{self, Action};
use eportfolio::store::samples::{self, Sample as Sampled};
use eportfolio::store::write_transaction;
use serde_json::json;

use super::{Sample, form, get, json as json_sample};
use crate::world::{EQA_QUALIFICATION, World};

pub const SAMPLE: &str = "matrix-sample";
pub const ACTION: &str = "matrix-iqa-action";

pub fn prepare(w: &World) -> Result<(), Box<dyn std::error::Error>> {
    let now = w.app.clock().now().naive_utc();
    let judgement = Judgement {
        id: "matrix-judgement".to_owned(),
        registration_id: w.registration.clone(),
        item_id: "sqa-fx35-35/er1".to_owned(),
        unit_id: "sqa-fx35-35".to_owned(),
        round: 1,
        outcome: JudgementOutcome::Met,
        feedback: "Well referenced.".to_owned(),
        assessor_id: w.assessor.id.clone(),
        judged_at: now,
    };
    let sample = Sampled {
        id: SAMPLE.to_owned(),
        centre_id: w.centre_a.clone(),
        qualification_id: EQA_QUALIFICATION.to_owned(),
        plan_id: None,
        registration_id: w.registration.clone(),
        judgement_id: judgement.id.clone(),
        unit_id: judgement.unit_id.clone(),
        item_id: judgement.item_id.clone(),
        assessor_id: w.assessor.id.clone(),
        iqa_id: w.iqa.id.clone(),
        stage: Stage::Interim,
        seed: None,
        picked_by: PickedBy::Iqa,
        adjustment_reason: None,
        status: SampleStatus::Open,
        created_at: now,
    };
    let action = Action {
        id: ACTION.to_owned(),
        sample_id: SAMPLE.to_owned(),
        registration_id: w.registration.clone(),
        assessor_id: w.assessor.id.clone(),
        description: "Add the missing reference".to_owned(),
        due_on: now.date(),
        closed_at: None,
        closed_by: None,
        closing_note: None,
        created_at: now,
    };
    let mut conn = w.app.db.db().get()?;
    write_transaction(&mut conn, |conn| {
        judgements::insert(conn, &judgement, &[])?;
        samples::insert(conn, &sample)?;
        sample_checks::insert_action(conn, &action)
    })?;
    Ok(())
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let a = &w.centre_a;
    let agree = [("outcome", "agree"), ("feedback", "Sound.")];
    let mut sample_page = get(format!("/samples/{SAMPLE}"));
    sample_page.eqa_reads = true;
    let mut unit_page = get(format!(
        "/registrations/{}/units/sqa-fx35-35/sample",
        w.registration
    ));
    unit_page.eqa_reads = true;
    let mut sample_api = get(format!("/api/v1/samples/{SAMPLE}"));
    sample_api.eqa_reads = true;
    vec![
        (("GET", "/samples/{sample_id}"), sample_page),
        (
            ("POST", "/samples/{sample_id}/outcome"),
            form(format!("/samples/{SAMPLE}/outcome"), &agree),
        ),
        (
            (
                "GET",
                "/registrations/{registration_id}/units/{unit_id:.+}/sample",
            ),
            unit_page,
        ),
        (
            (
                "POST",
                "/registrations/{registration_id}/units/{unit_id:.+}/sample/checks",
            ),
            form(
                format!(
                    "/registrations/{}/units/sqa-fx35-35/sample/checks",
                    w.registration
                ),
                &[],
            ),
        ),
        (("GET", "/iqa-actions"), get("/iqa-actions")),
        (
            ("POST", "/iqa-actions/{action_id}/close"),
            form(
                format!("/iqa-actions/{ACTION}/close"),
                &[("note", "Added it.")],
            ),
        ),
        (
            ("GET", "/centres/{centre_id}/sampling/actions"),
            get(format!("/centres/{a}/sampling/actions")),
        ),
        (("GET", "/api/v1/samples/{sample_id}"), sample_api),
        (
            ("POST", "/api/v1/samples/{sample_id}/outcome"),
            json_sample(
                format!("/api/v1/samples/{SAMPLE}/outcome"),
                json!({"outcome": "agree", "feedback": "Sound."}),
            ),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/sample-outcomes"),
            json_sample(
                format!("/api/v1/centres/{a}/sample-outcomes"),
                json!({"outcomes": [{"sample_id": SAMPLE, "outcome": "agree", "feedback": "Sound."}]}),
            ),
        ),
        (
            ("POST", "/api/v1/iqa-actions/{action_id}/close"),
            json_sample(
                format!("/api/v1/iqa-actions/{ACTION}/close"),
                json!({"note": "Added it."}),
            ),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/iqa-actions"),
            get(format!("/api/v1/centres/{a}/iqa-actions?state=open")),
        ),
        (
            (
                "GET",
                "/api/v1/centres/{centre_id}/sampling/report/actions.csv",
            ),
            get(format!("/api/v1/centres/{a}/sampling/report/actions.csv")),
        ),
        (
            (
                "GET",
                "/api/v1/centres/{centre_id}/sampling/report/referrals.csv",
            ),
            get(format!("/api/v1/centres/{a}/sampling/report/referrals.csv")),
        ),
    ]
}
