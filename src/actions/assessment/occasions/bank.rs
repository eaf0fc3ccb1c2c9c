//! A centre's question bank for SQA FX35 35 Knowledge/Skills items: kept by tutors and
//! assessors, read by staff, never shown to a learner (S3).

use serde::Deserialize;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::domain::ids::CentreId;
use crate::domain::occasion::{parse_item, parse_question};
use crate::domain::roles::Role;
use crate::store::StoreError;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::occasions::{self, BankQuestion};

/// Who keeps a centre's question bank.
pub const BANK_KEEPERS: &[Role] = &[Role::Tutor, Role::Assessor];
/// Who may read it (never a learner: S3).
pub const BANK_READERS: &[Role] = &[Role::Tutor, Role::Assessor, Role::CentreAdmin, Role::Iqa];

#[derive(Debug, Clone, Default, Deserialize)]
pub struct QuestionInput {
    #[serde(default)]
    pub item_id: String,
    #[serde(default)]
    pub text: String,
}

/// A centre's question bank.
pub async fn bank(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Vec<BankQuestion>, ActionError> {
    require_centre_role(actor, centre_id, BANK_READERS)?;
    let centre = centre_id.clone();
    Ok(state
        .db
        .run(move |conn| occasions::bank_of_centre(conn, &centre))
        .await?)
}

/// A tutor or assessor adds a question for one Knowledge/Skills item of FX35 35.
pub async fn add_question(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: QuestionInput,
) -> Result<BankQuestion, ActionError> {
    require_centre_role(actor, centre_id, BANK_KEEPERS)?;
    let item = parse_item(&state.curriculum, "item_id", &input.item_id);
    let text = parse_question(&input.text);
    let (item_id, text) = match (item, text) {
        (Ok(item), Ok(text)) => (item, text),
        (item, text) => {
            return Err(ActionError::Invalid(
                [item.err(), text.err()].into_iter().flatten().collect(),
            ));
        }
    };
    let now = state.clock.naive();
    let question = BankQuestion {
        id: uuid::Uuid::new_v4().to_string(),
        centre_id: centre_id.as_str().to_owned(),
        item_id,
        text,
        author_id: actor.user.id.clone(),
        created_at: now,
    };
    let audit_entry = NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(centre_id.as_str().to_owned()),
        action: "bank_question_added".to_owned(),
        record_type: "bank_question".to_owned(),
        record_id: question.id.clone(),
        reason: None,
        details: json!({"item_id": question.item_id}),
    };
    let saved = question.clone();
    state
        .db
        .write(move |conn| {
            occasions::insert_question(conn, &saved)?;
            audit::append(conn, audit_entry, now)?;
            Ok::<(), StoreError>(())
        })
        .await?;
    Ok(question)
}
