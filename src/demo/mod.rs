//! `serve --demo`: a demo centre where every role finds work waiting on first sign-in. The
//! accounts and registrations are written straight to the store (no action makes an account with
//! a known password); everything else (evidence, judgements, sign-offs, testimony, IQA samples,
//! standardisation, claims, the EQA's grant, a training programme) is done through the
//! application's actions, as each person's form post would do it, so every record is signed,
//! hash-chained and audited as real work is.
//!
//! Seeding is idempotent and re-runnable: each story, once done, leaves a `demo_story_seeded`
//! audit entry and is skipped on the next start; a story that failed half-way is run again and
//! its steps find what was already done (see [`steps`]). The last entry, `demo_seeded`, marks
//! the whole demo done: a later start writes nothing.

mod accounts;
mod guide;
mod people;
mod quality;
mod steps;
mod stories;

use std::collections::HashMap;

use serde_json::json;

use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::RegistrationId;
use crate::store::StoreError;
use crate::store::audit::{self, NewAuditEntry};

pub use guide::guide;
pub use people::DEMO_PASSWORD;

/// The demo centre's id.
pub const CENTRE_ID: &str = "demo-centre";

/// Why the demo could not be seeded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo seed: the database: {0}")]
    Store(#[from] StoreError),
    #[error("demo seed: {step}: {source}{details}")]
    Step {
        step: String,
        source: ActionError,
        details: String,
    },
    #[error("demo seed: the password could not be hashed: {0}")]
    Password(String),
    #[error("demo seed: {0}")]
    Missing(String),
    #[error("demo seed: a file: {0}")]
    File(#[from] crate::files::FileError),
}

impl DemoError {
    /// An action refused a step: the step named, with every field problem spelled out.
    fn step(step: &str, source: ActionError) -> Self {
        let details = match &source {
            ActionError::Invalid(errors) => format!(
                " ({})",
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            ActionError::Batch { refusals, .. } => format!(
                " ({})",
                refusals
                    .iter()
                    .map(|r| r.error.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            _ => String::new(),
        };
        Self::Step {
            step: step.to_owned(),
            source,
            details,
        }
    }
}

/// `action.await.map_err(...)` with the step's name.
trait Step<T> {
    fn step(self, name: &str) -> Result<T, DemoError>;
}

impl<T> Step<T> for Result<T, ActionError> {
    fn step(self, name: &str) -> Result<T, DemoError> {
        self.map_err(|e| DemoError::step(name, e))
    }
}

/// Everyone the stories act as, and the registrations they work on.
pub(crate) struct Demo<'a> {
    pub state: &'a AppState,
    actors: HashMap<String, Actor>,
    registrations: HashMap<String, RegistrationId>,
}

impl Demo<'_> {
    /// The demo person with this email, as an actor.
    fn actor(&self, email: &str) -> Result<&Actor, DemoError> {
        self.actors
            .get(email)
            .ok_or_else(|| DemoError::Missing(format!("no demo account {email}")))
    }

    /// The registration of the demo learner with this email.
    fn registration(&self, learner: &str) -> Result<RegistrationId, DemoError> {
        self.registrations
            .get(learner)
            .cloned()
            .ok_or_else(|| DemoError::Missing(format!("no registration of {learner}")))
    }

    /// Read the actors again (after a step that gives someone a role or a grant).
    async fn reload(&mut self) -> Result<(), DemoError> {
        self.actors = people::actors(self.state).await?;
        Ok(())
    }
}

/// The audit action that marks a story (or, as `"all"`, the whole demo) seeded.
const MARK: &str = "demo_story_seeded";

/// Whether a story (or, with `"all"`, the whole demo) is already seeded.
async fn done(state: &AppState, story: &str) -> Result<bool, DemoError> {
    let filter = audit::AuditFilter {
        centre_id: Some(CENTRE_ID.to_owned()),
        record_id: Some(story.to_owned()),
        action: Some(MARK.to_owned()),
        ..audit::AuditFilter::default()
    };
    let found = state
        .db
        .run(move |conn| audit::list(conn, &filter, 1))
        .await?;
    Ok(!found.is_empty())
}

/// Mark a story seeded.
async fn mark(state: &AppState, story: &str, action: &str) -> Result<(), DemoError> {
    let now = state.clock.naive();
    let entry = NewAuditEntry {
        actor_name: "demo seed".into(),
        centre_id: Some(CENTRE_ID.into()),
        action: action.into(),
        record_type: "demo_story".into(),
        record_id: story.into(),
        details: json!({ "story": story }),
        ..NewAuditEntry::default()
    };
    state
        .db
        .write(move |conn| audit::append(conn, entry, now))
        .await?;
    Ok(())
}

/// Seed the demo (or find it seeded); the guide to print.
pub async fn seed(state: &AppState) -> Result<String, DemoError> {
    if done(state, "all").await? {
        return Ok(guide(&state.public_url, false));
    }
    people::accounts(state).await?;
    let mut demo = Demo {
        state,
        actors: people::actors(state).await?,
        registrations: people::registrations(state).await?,
    };
    for story in stories::ALL {
        if done(state, story).await? {
            continue;
        }
        stories::run(&mut demo, story).await?;
        mark(state, story, MARK).await?;
    }
    mark(state, "all", MARK).await?;
    mark(state, "all", "demo_seeded").await?;
    Ok(guide(&state.public_url, true))
}
