//! The documents of a claim and of a learner's achievement: the claim file for the awarding
//! body (CSV), the claim summary PDF, and the learner achievement record PDF (every criterion
//! with the evidence relied on and its dates, the assessor's and the IQA's sign-offs).

use std::collections::HashMap;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::claims::claim::{ClaimView, get};
use crate::curriculum::Curriculum;
use crate::domain::claim_csv::{self, ClaimLine, ClaimedUnit, Layout};
use crate::domain::ids::{ClaimId, UnitId};
use crate::pdf::{Column, Document};
use crate::store::sign_offs::UnitSignOff;
use crate::store::{DbConnection, StoreError, people, sign_offs};

pub(super) fn day(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// A unit's number as the awarding body writes it ("001", "FX35 35").
fn unit_number(curriculum: &Curriculum, unit_id: &UnitId) -> String {
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
    let ids: Vec<String> = view.learners.iter().map(|(_, r, _)| r.id.clone()).collect();
    let mut signed_off: HashMap<String, Vec<UnitSignOff>> = HashMap::new();
    for s in sign_offs::of_registrations(conn, &ids)? {
        signed_off
            .entry(s.registration_id.clone())
            .or_default()
            .push(s);
    }
    let mut out = Vec::new();
    for (row, registration, name) in &view.learners {
        let standing = signed_off
            .get(&registration.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let units = row
            .unit_ids()
            .iter()
            .filter_map(|unit_id| {
                standing
                    .iter()
                    .find(|s| &s.unit_id == unit_id && s.stands())
                    .map(|s| ClaimedUnit {
                        number: unit_number(curriculum, &UnitId::from_stored(unit_id.as_str())),
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

pub(super) fn short(id: &str) -> &str {
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

pub use super::achievement_record::record_pdf;
