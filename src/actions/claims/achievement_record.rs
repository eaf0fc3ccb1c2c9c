//! The learner achievement record as a PDF: every criterion with the evidence relied on and its
//! dates, the assessor's sign-off and the learner's countersignature, the IQA's agreements, and
//! any certificates.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::claim_documents::{day, short};
use crate::actions::assessment::record::{AssessmentRecord, record};
use crate::actions::{ActionError, Actor, AppState};
use crate::curriculum::model::Unit;
use crate::domain::ids::{CriterionId, JudgementId, RegistrationId, SignOffId, UnitId, UserId};
use crate::domain::iqa_check::CheckOutcome;
use crate::domain::judgement::JudgementOutcome;
use crate::pdf::{Column, Document};
use crate::store::claims::ClaimLearner;
use crate::store::schema::{sample_checks, samples};
use crate::store::signatures::UNIT_SIGN_OFF;
use crate::store::{DbConnection, StoreError, claims, people};

/// The IQA checks that agreed with decisions on a registration: (unit, IQA name, date).
fn iqa_agreements(
    conn: &mut DbConnection,
    registration_id: &RegistrationId,
) -> Result<Vec<(String, String, NaiveDate)>, StoreError> {
    let rows: Vec<(String, String, chrono::NaiveDateTime)> = samples::table
        .inner_join(sample_checks::table.on(sample_checks::sample_id.eq(samples::id)))
        .filter(samples::registration_id.eq(registration_id.as_str()))
        .filter(sample_checks::outcome.eq(CheckOutcome::Agree.as_str()))
        .order(sample_checks::recorded_at)
        .select((
            samples::unit_id,
            sample_checks::iqa_id,
            sample_checks::recorded_at,
        ))
        .load(conn)?;
    let mut out = Vec::new();
    for (unit, iqa, at) in rows {
        let name = people::find_user(conn, &iqa)?
            .map(|u| u.name)
            .unwrap_or_default();
        out.push((unit, name, at.date()));
    }
    Ok(out)
}

/// A criterion's words as the specification gives them, bullets included.
fn wording(text: &str, points: &[String]) -> String {
    std::iter::once(text.to_owned())
        .chain(points.iter().map(|p| format!("• {p}")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn unit_rows(unit: &Unit, record: &AssessmentRecord) -> Vec<Vec<String>> {
    let mut items: Vec<(String, String, String)> = Vec::new();
    for outcome in &unit.outcomes {
        for c in &outcome.criteria {
            items.push((c.id.clone(), c.number.clone(), wording(&c.text, &c.points)));
        }
    }
    for er in &unit.evidence_requirements {
        items.push((er.id.clone(), format!("ER {}", er.number), er.text.clone()));
    }
    items
        .into_iter()
        .map(|(id, number, text)| {
            let latest = record.latest(&CriterionId::from_stored(id.as_str()));
            let evidence = latest
                .map(|j| {
                    record
                        .evidence_of(&JudgementId::from_stored(j.id.as_str()))
                        .iter()
                        .map(|e| {
                            let title = record
                                .evidence
                                .iter()
                                .find(|(item, _)| item.id == e.evidence_id)
                                .map_or_else(String::new, |(item, _)| {
                                    format!("{} ({})", item.title, item.activity_date)
                                });
                            format!("{title} v{}", e.evidence_version)
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            let judged = latest.map_or_else(
                || "Not judged".to_owned(),
                |j| {
                    let outcome = if j.outcome == JudgementOutcome::Met {
                        "Met"
                    } else {
                        "Not yet met"
                    };
                    format!(
                        "{outcome} {} ({})",
                        day(j.judged_at),
                        record.name(&UserId::from_stored(j.assessor_id.as_str()))
                    )
                },
            );
            vec![number, text, evidence, judged]
        })
        .collect()
}

/// The learner achievement record as a PDF, for anyone who may see the registration.
pub async fn record_pdf(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<(String, Vec<u8>), ActionError> {
    let record = record(state, actor, registration_id).await?;
    let id = registration_id.to_string();
    let (iqa, live) = state
        .db
        .run(move |conn| {
            Ok::<_, StoreError>((
                iqa_agreements(conn, &RegistrationId::from_stored(id.as_str()))?,
                claims::live_of(conn, std::slice::from_ref(&id))?,
            ))
        })
        .await?;
    let reg = &record.registration;
    let (qualification_title, units) = match state.curriculum.qualification(&reg.qualification_id) {
        Some((_, q)) => (
            format!("{} {}", q.number, q.title),
            state.curriculum.units_of(q).collect::<Vec<_>>(),
        ),
        None => (reg.qualification_id.clone(), Vec::new()),
    };
    let mut doc = Document::new(
        "Learner achievement record",
        &format!(
            "Achievement record · {} · {}",
            record.learner_name, qualification_title
        ),
    );
    doc.heading("Learner")
        .fields(learner_fields(&record, &qualification_title, &live));
    for unit in units {
        doc.heading(format!("Unit {}: {}", unit.number, unit.title));
        doc.fields(unit_sign_off(&record, unit, &iqa));
        doc.table(
            vec![
                Column::new("Criterion", 1.0),
                Column::new("Wording", 4.0),
                Column::new("Evidence relied on", 2.6),
                Column::new("Judgement", 2.0),
            ],
            unit_rows(unit, &record),
        );
    }
    let bytes = crate::pdf::render(&doc).map_err(|e| ActionError::Internal(e.to_string()))?;
    Ok((
        format!("achievement-record-{}.pdf", short(registration_id)),
        bytes,
    ))
}

/// The learner's fields on the record, with any certificates.
fn learner_fields(
    record: &AssessmentRecord,
    qualification_title: &str,
    live: &[ClaimLearner],
) -> Vec<(String, String)> {
    let reg = &record.registration;
    let mut fields = vec![
        ("Learner".to_owned(), record.learner_name.clone()),
        ("Date of birth".to_owned(), reg.date_of_birth.to_string()),
        ("Qualification".to_owned(), qualification_title.to_owned()),
        (
            "Candidate number".to_owned(),
            reg.awarding_body_ref.clone().unwrap_or_default(),
        ),
        ("Registered".to_owned(), reg.registered_on.to_string()),
    ];
    for row in live.iter().filter(|r| r.certificate_number.is_some()) {
        fields.push((
            "Certificate".to_owned(),
            format!(
                "{} ({})",
                row.certificate_number.clone().unwrap_or_default(),
                row.certificated_on
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            ),
        ));
    }
    fields
}

/// A unit's sign-off, countersignature and IQA agreements, as fields.
fn unit_sign_off(
    record: &AssessmentRecord,
    unit: &Unit,
    iqa: &[(String, String, NaiveDate)],
) -> Vec<(String, String)> {
    let mut signed = Vec::new();
    if let Some(s) = record.standing(&UnitId::from_stored(unit.id.as_str())) {
        signed.push((
            "Signed off by".to_owned(),
            format!(
                "{} on {}",
                record.name(&UserId::from_stored(s.signed_off_by.as_str())),
                day(s.signed_off_at)
            ),
        ));
        if let Some(sig) = record.signature(
            UNIT_SIGN_OFF,
            &SignOffId::from_stored(s.id.as_str()),
            "learner",
        ) {
            signed.push((
                "Countersigned".to_owned(),
                format!("{} on {}", sig.signer_name, day(sig.signed_at)),
            ));
        }
    } else {
        signed.push(("Signed off".to_owned(), "Not yet".to_owned()));
    }
    for (_, name, on) in iqa.iter().filter(|(u, _, _)| u == &unit.id) {
        signed.push(("IQA agreed".to_owned(), format!("{name} on {on}")));
    }
    signed
}
