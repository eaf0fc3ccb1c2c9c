//! The documents of a claim and of a learner's achievement: the claim file for the awarding
//! body (CSV), the claim summary PDF, and the learner achievement record PDF (every criterion
//! with the evidence relied on and its dates, the assessor's and the IQA's sign-offs).

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::assessment::record::{AssessmentRecord, record};
use crate::actions::claims::claim::{ClaimView, get};
use crate::curriculum::Curriculum;
use crate::curriculum::model::Unit;
use crate::domain::claim_csv::{self, ClaimLine, ClaimedUnit, Layout};
use crate::domain::ids::{ClaimId, RegistrationId};
use crate::domain::iqa_check::CheckOutcome;
use crate::pdf::{Column, Document};
use crate::store::claims::ClaimLearner;
use crate::store::schema::{sample_checks, samples};
use crate::store::signatures::UNIT_SIGN_OFF;
use crate::store::{DbConnection, StoreError, claims, people, sign_offs};

fn day(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// A unit's number as the awarding body writes it ("001", "FX35 35").
fn unit_number(curriculum: &Curriculum, unit_id: &str) -> String {
    curriculum
        .unit(unit_id)
        .map_or_else(|| unit_id.to_string(), |(_, u)| u.number.clone())
}

/// One line per claimed learner, with the date each unit was signed off.
fn lines(
    conn: &mut DbConnection,
    curriculum: &Curriculum,
    view: &ClaimView,
) -> Result<Vec<ClaimLine>, StoreError> {
    let centre = people::find_centre(conn, &view.claim.centre_id)?;
    let layout = Layout::for_awarding_body(&view.claim.awarding_body);
    let centre_number = centre
        .and_then(|c| match layout {
            Some(Layout::Sqa) => c.sqa_centre_number,
            _ => c.cg_centre_number,
        })
        .unwrap_or_default();
    let qualification_number = curriculum
        .qualification(&view.claim.qualification_id)
        .map_or_else(
            || view.claim.qualification_id.clone(),
            |(_, q)| q.number.clone(),
        );
    let mut out = Vec::new();
    for (row, registration, name) in &view.learners {
        let standing = sign_offs::of_registration(conn, &registration.id)?;
        let units = row
            .unit_ids()
            .iter()
            .filter_map(|unit_id| {
                standing
                    .iter()
                    .find(|s| &s.unit_id == unit_id && s.stands())
                    .map(|s| ClaimedUnit {
                        number: unit_number(curriculum, unit_id),
                        achieved_on: s.signed_off_at.date(),
                    })
            })
            .collect();
        out.push(ClaimLine {
            centre_number: centre_number.clone(),
            candidate_number: registration.awarding_body_ref.clone().unwrap_or_default(),
            learner_name: name.clone(),
            date_of_birth: registration.date_of_birth,
            qualification_number: qualification_number.clone(),
            units,
        });
    }
    Ok(out)
}

/// The claim file for the awarding body: (file name, CSV text).
pub async fn claim_csv(
    state: &AppState,
    actor: &Actor,
    claim_id: &ClaimId,
) -> Result<(String, String), ActionError> {
    let view = get(state, actor, claim_id).await?;
    let layout =
        Layout::for_awarding_body(&view.claim.awarding_body).unwrap_or(Layout::CityAndGuilds);
    let curriculum = state.curriculum.clone();
    let found = state
        .db
        .run(move |conn| lines(conn, &curriculum, &view))
        .await?;
    let text =
        claim_csv::write(layout, &found).map_err(|e| ActionError::Internal(e.to_string()))?;
    Ok((format!("claim-{}.csv", short(claim_id)), text))
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// The claim summary as a PDF.
pub async fn claim_summary_pdf(
    state: &AppState,
    actor: &Actor,
    claim_id: &ClaimId,
) -> Result<(String, Vec<u8>), ActionError> {
    let view = get(state, actor, claim_id).await?;
    let curriculum = state.curriculum.clone();
    let copy = view.clone();
    let found = state
        .db
        .run(move |conn| lines(conn, &curriculum, &copy))
        .await?;
    let title = state
        .curriculum
        .qualification(&view.claim.qualification_id)
        .map_or_else(
            || view.claim.qualification_id.clone(),
            |(_, q)| format!("{} {}", q.number, q.title),
        );
    let mut doc = Document::new(
        "Certification claim summary",
        &format!(
            "Certification claim {} · {} · {}",
            short(&view.claim.id),
            view.claim.awarding_body,
            title
        ),
    );
    doc.heading("Claim")
        .fields(summary_fields(&view, title))
        .heading("Learners");
    doc.table(
        vec![
            Column::new("Learner", 3.0),
            Column::new("Candidate number", 2.0),
            Column::new("Date of birth", 1.6),
            Column::new("Units (achieved)", 2.4),
            Column::new("Certificate", 2.2),
        ],
        summary_rows(&view, &found),
    );
    let bytes = crate::pdf::render(&doc).map_err(|e| ActionError::Internal(e.to_string()))?;
    Ok((format!("claim-{}.pdf", short(claim_id)), bytes))
}

/// The claim's own fields on the summary.
fn summary_fields(view: &ClaimView, title: String) -> Vec<(String, String)> {
    let mut fields = vec![
        ("Claim".to_owned(), view.claim.id.clone()),
        ("Awarding body".to_owned(), view.claim.awarding_body.clone()),
        ("Qualification".to_owned(), title),
        ("Status".to_owned(), view.status().label().to_owned()),
        ("Made".to_owned(), day(view.claim.created_at)),
        ("Learners".to_owned(), view.learners.len().to_string()),
    ];
    if let Some(at) = view.claim.submitted_at {
        fields.push(("Submitted".to_owned(), day(at)));
    }
    if let Some(reason) = &view.claim.return_reason {
        fields.push(("Returned because".to_owned(), reason.clone()));
    }
    fields
}

/// One row per learner of the claim: name, candidate number, birth date, units, certificate.
fn summary_rows(view: &ClaimView, found: &[ClaimLine]) -> Vec<Vec<String>> {
    view.learners
        .iter()
        .zip(found)
        .map(|((row, registration, _), line)| {
            let units = line
                .units
                .iter()
                .map(|u| format!("{} ({})", u.number, u.achieved_on))
                .collect::<Vec<_>>()
                .join("\n");
            let certificate = match (&row.certificate_number, row.certificated_on) {
                (Some(n), Some(on)) => format!("{n} ({on})"),
                _ => String::new(),
            };
            vec![
                line.learner_name.clone(),
                line.candidate_number.clone(),
                registration.date_of_birth.to_string(),
                units,
                certificate,
            ]
        })
        .collect()
}

/// The IQA checks that agreed with decisions on a registration: (unit, IQA name, date).
fn iqa_agreements(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<(String, String, NaiveDate)>, StoreError> {
    let rows: Vec<(String, String, chrono::NaiveDateTime)> = samples::table
        .inner_join(sample_checks::table.on(sample_checks::sample_id.eq(samples::id)))
        .filter(samples::registration_id.eq(registration_id))
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
            let latest = record.latest(&id);
            let evidence = latest
                .map(|j| {
                    record
                        .evidence_of(&j.id)
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
                    let outcome = if j.outcome == "met" {
                        "Met"
                    } else {
                        "Not yet met"
                    };
                    format!(
                        "{outcome} {} ({})",
                        day(j.judged_at),
                        record.name(&j.assessor_id)
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
                iqa_agreements(conn, &id)?,
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
    if let Some(s) = record.standing(&unit.id) {
        signed.push((
            "Signed off by".to_owned(),
            format!(
                "{} on {}",
                record.name(&s.signed_off_by),
                day(s.signed_off_at)
            ),
        ));
        if let Some(sig) = record.signature(UNIT_SIGN_OFF, &s.id, "learner") {
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
