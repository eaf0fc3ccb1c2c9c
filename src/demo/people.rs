//! The demo's accounts and registrations, written straight to the store: no action makes an
//! account with a known password, and these are the rows every other step starts from. Each is
//! written once: a second start (or a start after a failure) finds it by email or by learner and
//! qualification and leaves it.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::{CENTRE_ID, DemoError};
use crate::actions::{Actor, AppState};
use crate::auth::password::hash_password;
use crate::domain::ids::RegistrationId;
use crate::domain::registration::RegistrationStatus;
use crate::store::people::{self, Centre, Membership, StaffCredential, User};
use crate::store::registrations::{self, Registration};
use crate::store::{DbConnection, StoreError};

pub use super::accounts::DEMO_PASSWORD;
use super::accounts::{Credential, LEARNERS, PEOPLE, Person};

/// The centre, every account and every registration, each written unless already there.
pub async fn accounts(state: &AppState) -> Result<(), DemoError> {
    let hash = tokio::task::spawn_blocking(|| hash_password(DEMO_PASSWORD))
        .await
        .map_err(|e| DemoError::Password(e.to_string()))?
        .map_err(|e| DemoError::Password(e.to_string()))?;
    let now = state.clock.naive();
    state
        .db
        .write(move |conn| -> Result<(), StoreError> {
            if people::find_centre(conn, CENTRE_ID)?.is_none() {
                people::insert_centre(conn, &demo_centre(now))?;
                // Its passwords are published, so a code would protect nothing: anyone trying
                // the demo signs in as any role with the password alone (a real centre requires
                // two-step sign-in of its administrators from the start).
                crate::store::two_step_policy::set(
                    conn,
                    CENTRE_ID,
                    crate::domain::two_step_policy::TwoStepPolicy::NotRequired,
                    "demo",
                    now,
                )?;
            }
            let mut ids: HashMap<&str, String> = HashMap::new();
            for person in PEOPLE {
                ids.insert(person.email, ensure_person(conn, person, &hash, now)?);
            }
            register_learners(conn, &ids, now)
        })
        .await?;
    Ok(())
}

fn demo_centre(now: NaiveDateTime) -> Centre {
    Centre {
        id: CENTRE_ID.to_owned(),
        name: "Demo Care Academy".to_owned(),
        cg_centre_number: Some("123456".to_owned()),
        sqa_centre_number: Some("DEMO01".to_owned()),
        created_at: now,
    }
}

/// One demo account with its centre roles and credentials (unless it exists); its user id.
fn ensure_person(
    conn: &mut DbConnection,
    person: &Person,
    hash: &str,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    if let Some(user) = people::find_user_by_email(conn, person.email)? {
        return Ok(user.id);
    }
    let user = User {
        id: people::new_id(),
        email: person.email.to_owned(),
        name: person.name.to_owned(),
        password_hash: Some(hash.to_owned()),
        is_platform_admin: person.platform_admin,
        password_changed_at: Some(now),
        disabled_at: None,
        created_at: now,
    };
    people::insert_user(conn, &user)?;
    for role in person.roles {
        people::add_membership(
            conn,
            &Membership {
                id: people::new_id(),
                user_id: user.id.clone(),
                centre_id: CENTRE_ID.to_owned(),
                role: role.code().to_owned(),
                created_at: now,
            },
        )?;
    }
    for (kind, code, statement) in person.credentials {
        people::insert_credential(conn, &credential(&user.id, (kind, code, statement), now))?;
    }
    Ok(user.id)
}

fn credential(
    user: &str,
    (kind, code, statement): Credential,
    now: NaiveDateTime,
) -> StaffCredential {
    StaffCredential {
        id: people::new_id(),
        user_id: user.to_owned(),
        kind: kind.to_owned(),
        code: code.to_owned(),
        statement: statement.to_owned(),
        dated_on: NaiveDate::from_ymd_opt(2024, 9, 1).unwrap_or_default(),
        recorded_by: user.to_owned(),
        created_at: now,
        centre_id: Some(CENTRE_ID.to_owned()),
    }
}

/// The open-learning demo learner's authenticator (S4): name, role, email (no account).
const DEMO_AUTHENTICATOR: (&str, &str, &str) = (
    "Morag Ross",
    "Line manager",
    "morag.ross@employer.demo.example",
);

/// The learners the browser journeys work with, left as they were: no seeded work.
const JOURNEY_LEARNERS: [&str; 3] = [
    "learner1@demo.example",
    "learner2@demo.example",
    "learner3@demo.example",
];

/// Each demo learner registered on their qualification, unless they already are.
fn register_learners(
    conn: &mut DbConnection,
    ids: &HashMap<&str, String>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let id = |email: &str| ids.get(email).cloned().unwrap_or_default();
    for (learner, qualification, reference, assessor, iqa) in LEARNERS {
        let existing = registrations::of_learner(conn, &id(learner))?;
        if existing
            .iter()
            .any(|r| r.qualification_id == *qualification)
        {
            continue;
        }
        // S4: learner3 studies by open learning; their line manager authenticates.
        let open = *learner == "learner3@demo.example";
        // Learners 1–3 start today, as the journeys expect; the others began four months ago.
        let began = if JOURNEY_LEARNERS.contains(learner) {
            now.date()
        } else {
            now.date() - chrono::Duration::days(120)
        };
        let registration = Registration {
            id: people::new_id(),
            centre_id: CENTRE_ID.to_owned(),
            learner_id: id(learner),
            qualification_id: (*qualification).to_owned(),
            awarding_body_ref: reference.map(str::to_owned),
            date_of_birth: NaiveDate::from_ymd_opt(1988, 3, 14).unwrap_or_default(),
            start_date: began,
            planned_end_date: now.date() + chrono::Duration::days(270),
            employer: "Highland Care Partnership".to_owned(),
            workplace: "Riverside day service, Inverness".to_owned(),
            assessor_id: id(assessor),
            iqa_id: id(iqa),
            tutor_id: Some(id("tutor@demo.example")),
            support_needs: String::new(),
            reasonable_adjustments: String::new(),
            open_learning: open,
            authenticator: open.then(|| DEMO_AUTHENTICATOR.0.to_owned()),
            status: RegistrationStatus::Active,
            registered_on: began,
            created_at: now,
        };
        registrations::insert(conn, &registration)?;
        if open {
            let (name, role, email) = DEMO_AUTHENTICATOR;
            crate::store::authentication::set_authenticator(
                conn,
                &registration.id,
                name,
                role,
                email,
            )?;
        }
    }
    Ok(())
}

/// Every demo account as an actor: their roles and EQA grants as they stand now.
pub async fn actors(state: &AppState) -> Result<HashMap<String, Actor>, DemoError> {
    let now = state.clock.naive();
    Ok(state
        .db
        .run(move |conn| -> Result<_, StoreError> {
            let mut out = HashMap::new();
            for person in PEOPLE {
                let Some(user) = people::find_user_by_email(conn, person.email)? else {
                    continue;
                };
                let actor = Actor {
                    memberships: people::memberships_of(conn, &user.id)?,
                    eqa_grants: people::active_eqa_grants(conn, &user.id, now)?,
                    unit_allocations: crate::store::allocations::held_by(conn, &user.id)?,
                    support_centres: Vec::new(),
                    user,
                };
                out.insert(person.email.to_owned(), actor);
            }
            Ok(out)
        })
        .await?)
}

/// Each demo learner's registration at the demo centre, by the learner's email.
pub async fn registrations(state: &AppState) -> Result<HashMap<String, RegistrationId>, DemoError> {
    Ok(state
        .db
        .run(move |conn| -> Result<_, StoreError> {
            let mut out = HashMap::new();
            for (learner, qualification, ..) in LEARNERS {
                let Some(user) = people::find_user_by_email(conn, learner)? else {
                    continue;
                };
                let found = registrations::of_learner(conn, &user.id)?
                    .into_iter()
                    .find(|r| r.centre_id == CENTRE_ID && r.qualification_id == *qualification);
                if let Some(r) = found {
                    out.insert((*learner).to_owned(), RegistrationId::from_stored(r.id));
                }
            }
            Ok(out)
        })
        .await?)
}
