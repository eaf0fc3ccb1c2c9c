//! The learner's submission in one step: an item's fields, several files, its mapping and, to
//! submit, the signed declaration, saved in one transaction, all or nothing. A refused file or
//! mapping saves nothing, and the stored files are removed, so nothing is left unnamed.

mod plan;

use plan::{Checked, Plan};

use super::{EvidenceView, refuse_if_submitted, registration, view};
use crate::actions::access::require_evidence_writer;
use crate::actions::evidence::files::words_in;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::evidence::check_mapping;
use crate::domain::evidence_input::{EvidenceInput, check_declared_name};
use crate::domain::evidence_kinds::kinds_for;
use crate::domain::ids::{EvidenceId, QualificationId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::files::StoredFile;
use crate::store::evidence::EvidenceItem;
use crate::store::registrations::Registration;

/// What the one-step form sends, files apart.
#[derive(Debug, Clone, Default)]
pub struct OneStep {
    pub input: EvidenceInput,
    pub criteria: Vec<String>,
    /// Outcomes ticked as a whole ("all criteria of this outcome").
    pub whole_outcomes: Vec<String>,
    pub typed_name: String,
    /// "Sign and submit" rather than "Save as draft".
    pub submit: bool,
}

/// A file already streamed into the store, with the name the person gave it.
pub type Upload = (StoredFile, String);

/// Everything checked before anything is written: the item's fields, the kind (only the
/// awarding body's), the mapping and, to submit, content, a criterion and the learner's name.
fn check(
    state: &AppState,
    actor: &Actor,
    registration: &Registration,
    form: &OneStep,
    has_files: bool,
) -> Result<Checked, Vec<FieldError>> {
    let today = state.clock.now().date_naive();
    let (parsed, mut errors) =
        match crate::domain::evidence_input::parse_evidence(&form.input, today) {
            Ok(parsed) => (Some(parsed), Vec::new()),
            Err(errors) => (None, errors),
        };
    let offered = kinds_for(&state.curriculum, &registration.qualification_id);
    if let Some(p) = &parsed
        && !offered.contains(&p.kind)
    {
        errors.push(FieldError::new(
            "kind",
            "Choose one of the kinds of evidence your qualification takes",
        ));
    }
    let asked = with_whole_outcomes(
        &state.curriculum,
        &QualificationId::from_stored(registration.qualification_id.as_str()),
        form,
    );
    let chosen = check_mapping(&state.curriculum, &registration.qualification_id, &asked)
        .unwrap_or_else(|e| {
            errors.push(e);
            Vec::new()
        });
    if form.submit {
        if form.input.text.trim().is_empty() && !has_files {
            errors.push(FieldError::new(
                "text",
                "Write the evidence in the page or attach a file before submitting",
            ));
        }
        if chosen.is_empty() && asked.is_empty() {
            errors.push(FieldError::new(
                "criteria",
                "Choose at least one criterion this evidence shows before submitting",
            ));
        }
        if let Err(e) = check_declared_name(&form.typed_name, &actor.user.name) {
            errors.push(e);
        }
    }
    match parsed {
        Some(parsed) if errors.is_empty() => Ok(Checked { parsed, chosen }),
        _ => Err(errors),
    }
}

/// The criteria ticked one by one and those of every outcome ticked as a whole (its criteria
/// or Knowledge/Skills items) in the registration's qualification.
fn with_whole_outcomes(
    curriculum: &crate::curriculum::Curriculum,
    qualification_id: &QualificationId,
    form: &OneStep,
) -> Vec<String> {
    let mut ids = form.criteria.clone();
    let Some((_, qualification)) = curriculum.qualification(qualification_id) else {
        return ids;
    };
    for unit in curriculum.units_of(qualification) {
        for outcome in unit
            .outcomes
            .iter()
            .filter(|o| form.whole_outcomes.contains(&o.id))
        {
            ids.extend(outcome.criteria.iter().map(|c| c.id.clone()));
            ids.extend(outcome.knowledge_skills.iter().map(|k| k.id.clone()));
        }
    }
    ids
}

/// The registration the one-step form adds to, and the kinds of evidence it offers: for the
/// learner or their assessor (404 to whoever may not see the registration, 403 to others).
pub async fn one_step_form(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<(Registration, Vec<crate::domain::evidence::EvidenceKind>), ActionError> {
    let registration = registration(state, registration_id).await?;
    crate::actions::access::require_registration_visible(actor, &registration)
        .map_err(|_| ActionError::NotFound(format!("registration {registration_id}")))?;
    require_evidence_writer(actor, &registration)?;
    let kinds = kinds_for(&state.curriculum, &registration.qualification_id);
    Ok((registration, kinds))
}

/// The learner (or their assessor, as a draft) adds an item in one step. `refused` are the
/// files refused on the way in: with any, nothing is saved and every problem is named.
pub async fn create_in_one_step(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    form: OneStep,
    files: Vec<Upload>,
    refused: Vec<FieldError>,
) -> Result<EvidenceItem, ActionError> {
    let keys: Vec<_> = files.iter().map(|(f, _)| f.key.clone()).collect();
    let saved = async {
        let registration = registration(state, registration_id).await?;
        save(state, actor, &registration, None, form, files, refused).await
    }
    .await;
    if saved.is_err() {
        for key in &keys {
            let _ = state.files.delete(key).await;
        }
    }
    saved
}

/// A draft (or an item the assessor returned) changed, mapped and, by the learner, signed and
/// submitted again in one step: a new version with the files added to those it has.
pub async fn update_in_one_step(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
    form: OneStep,
    files: Vec<Upload>,
    refused: Vec<FieldError>,
) -> Result<EvidenceItem, ActionError> {
    let keys: Vec<_> = files.iter().map(|(f, _)| f.key.clone()).collect();
    let saved = async {
        let existing = view(state, actor, evidence_id).await?;
        refuse_if_submitted(actor, &existing)?;
        let registration = existing.registration.clone();
        save(
            state,
            actor,
            &registration,
            Some(&existing),
            form,
            files,
            refused,
        )
        .await
    }
    .await;
    if saved.is_err() {
        for key in &keys {
            let _ = state.files.delete(key).await;
        }
    }
    saved
}

async fn save(
    state: &AppState,
    actor: &Actor,
    registration: &Registration,
    existing: Option<&EvidenceView>,
    form: OneStep,
    files: Vec<Upload>,
    refused: Vec<FieldError>,
) -> Result<EvidenceItem, ActionError> {
    require_evidence_writer(actor, registration)?;
    if form.submit && registration.learner_id != actor.user.id {
        return Err(ActionError::Forbidden);
    }
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; evidence cannot be added.".to_owned(),
        ));
    }
    let has_files = !files.is_empty() || existing.is_some_and(|v| !v.files.is_empty());
    let checked = check(state, actor, registration, &form, has_files);
    let checked = match (checked, refused.is_empty()) {
        (Ok(checked), true) => checked,
        (Ok(_), false) => return Err(ActionError::Invalid(refused)),
        (Err(errors), _) => return Err(ActionError::Invalid([refused, errors].concat())),
    };
    let mut words = Vec::with_capacity(files.len());
    for (stored, _) in &files {
        words.push(words_in(state, stored).await);
    }
    let plan = Plan::new(
        state,
        actor,
        registration,
        existing,
        checked,
        (&files, &words),
        form,
    );
    let item = plan.item.clone();
    let (curriculum, base) = (state.curriculum.clone(), state.public_url.clone());
    state
        .db
        .write(move |conn| plan.write(conn, &curriculum, &base))
        .await?;
    Ok(item)
}
