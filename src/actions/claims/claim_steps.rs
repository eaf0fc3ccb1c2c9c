//! Moving a claim on: submitted (the learners' records locked), certificated (each learner's
//! certificate number and date), or returned with the awarding body's reason.

use chrono::NaiveDate;
use serde_json::json;

use super::claim::{ClaimView, claim_entry, claim_seals, get};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::claims::{ClaimStatus, check_certificate_number, check_transition};
use crate::domain::ids::ClaimId;
use crate::domain::people::FieldError;
use crate::store::claims::{self, Claim};
use crate::store::ledger;

/// A certificate recorded for one learner of the claim.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub registration_id: String,
    pub number: String,
    pub issued_on: String,
}

/// Move the claim on: submitted (records locked), certificated (every learner's certificate
/// number and date), or returned (with the awarding body's reason; the learners may be claimed
/// again). 409 for a move the claim's status does not allow; 422 for missing details.
pub async fn advance(
    state: &AppState,
    actor: &Actor,
    claim_id: &ClaimId,
    to: ClaimStatus,
    certificates: Vec<Certificate>,
    reason: Option<String>,
) -> Result<ClaimView, ActionError> {
    let view = get(state, actor, claim_id).await?;
    check_transition(view.status(), to).map_err(ActionError::Conflict)?;
    let today = state.clock.now().date_naive();
    let issued = match to {
        ClaimStatus::Certificated => checked_certificates(&view, &certificates, today)?,
        _ => Vec::new(),
    };
    let reason = match (to, reason.as_deref().map(str::trim)) {
        (ClaimStatus::Returned, Some(r)) if !r.is_empty() => Some(r.to_owned()),
        (ClaimStatus::Returned, _) => {
            return Err(ActionError::Invalid(vec![FieldError::new(
                "reason",
                "Give the awarding body's reason for returning the claim.",
            )]));
        }
        _ => None,
    };
    let (now, acting, from) = (state.clock.naive(), actor.clone(), view.status());
    let id = claim_id.to_string();
    let moved = state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let Some(claim) = claims::find(conn, &id)? else {
                return Ok(false);
            };
            if claim.status != from {
                return Ok(false);
            }
            claims::set_status(conn, &id, to, &acting.user.id, now, reason.as_deref())?;
            for (row_id, number, on) in &issued {
                claims::certificate(conn, row_id, number, *on)?;
            }
            let claim = Claim { return_reason: reason.clone(), ..claim };
            let details = json!({"from": from.as_str(), "to": to.as_str(), "certificates": issued.iter().map(|(_, n, d)| json!({"number": n, "on": d.to_string()})).collect::<Vec<_>>()});
            let seals = claim_seals(conn, &claim.id)?;
            ledger::append_sealing(conn, claim_entry(&acting, &claim, &format!("claim_{}", to.as_str()), details), &seals, now)?;
            Ok(true)
        })
        .await?;
    if !moved {
        return Err(ActionError::Conflict(
            "The claim changed while you were working on it; reload it.".to_owned(),
        ));
    }
    get(state, actor, claim_id).await
}

/// Every learner of the claim needs a certificate number and a date that is not in the future.
fn checked_certificates(
    view: &ClaimView,
    given: &[Certificate],
    today: NaiveDate,
) -> Result<Vec<(String, String, NaiveDate)>, ActionError> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (row, registration, name) in &view.learners {
        let field = format!("certificate_number[{}]", registration.id);
        let Some(cert) = given.iter().find(|c| c.registration_id == registration.id) else {
            errors.push(FieldError::new(
                &field,
                &format!("Enter {name}'s certificate number and date."),
            ));
            continue;
        };
        let number = check_certificate_number(&cert.number);
        let date = NaiveDate::parse_from_str(cert.issued_on.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| *d <= today);
        match (number, date) {
            (Ok(number), Some(date)) => out.push((row.id.clone(), number, date)),
            (Err(message), _) => {
                errors.push(FieldError::new(&field, &format!("{name}: {message}")))
            }
            (_, None) => errors.push(FieldError::new(
                &format!("certificated_on[{}]", registration.id),
                &format!("{name}: enter the certificate date as YYYY-MM-DD, not after today."),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ActionError::Invalid(errors))
    }
}
