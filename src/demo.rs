//! `serve --demo`: a demo centre with one account per role, so a newcomer sees every role's view
//! in a minute. Seeding is idempotent: a second start finds the centre and changes nothing.

use crate::domain::registration::RegistrationStatus;
use chrono::NaiveDate;
use serde_json::json;

use crate::actions::AppState;
use crate::auth::password::hash_password;
use crate::commands::CommandError;
use crate::domain::roles::Role;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::people::{self, Centre, Membership, StaffCredential, User};
use crate::store::registrations::{self, Registration};

pub const DEMO_PASSWORD: &str = "demo password for every role";
const CENTRE_ID: &str = "demo-centre";

/// Each demo learner on one qualification: (email, qualification, awarding-body reference).
const LEARNERS: [(&str, &str, Option<&str>); 3] = [
    ("learner1@demo.example", "cg-3085-01", None),
    ("learner2@demo.example", "cg-3085-02", Some("ABC1234")),
    ("learner3@demo.example", "sqa-fx35-35", Some("123456789")),
];

/// (email, name, roles, credentials as (kind, code, statement))
type Person = (
    &'static str,
    &'static str,
    &'static [Role],
    &'static [(&'static str, &'static str, &'static str)],
);

const PEOPLE: &[Person] = &[
    ("admin@demo.example", "Platform Administrator", &[], &[]),
    (
        "exams@demo.example",
        "Eilidh MacLeod",
        &[Role::CentreAdmin],
        &[],
    ),
    (
        "tutor@demo.example",
        "Tomasz Nowak",
        &[Role::Tutor],
        &[(
            "competence",
            "occupationally_knowledgeable",
            "Twelve years teaching health and social care",
        )],
    ),
    (
        "assessor@demo.example",
        "Mòrag O'Neill",
        &[Role::Assessor],
        &[
            (
                "competence",
                "occupationally_competent",
                "Registered social worker delivering self-directed support",
            ),
            ("qualification", "a1", "A1 awarded 2009"),
        ],
    ),
    (
        "iqa@demo.example",
        "Zoë Adeyemi",
        &[Role::Iqa],
        &[
            (
                "competence",
                "occupationally_knowledgeable",
                "Service manager, personalisation programme",
            ),
            ("qualification", "v1", "V1 awarded 2011"),
        ],
    ),
    ("learner1@demo.example", "Aisha Khan", &[Role::Learner], &[]),
    (
        "learner2@demo.example",
        "Callum Fraser",
        &[Role::Learner],
        &[],
    ),
    (
        "learner3@demo.example",
        "Siobhan Kelly",
        &[Role::Learner],
        &[],
    ),
];

pub async fn seed(state: &AppState) -> Result<String, CommandError> {
    let hash = tokio::task::spawn_blocking(|| hash_password(DEMO_PASSWORD))
        .await
        .map_err(|e| CommandError::Setup(e.to_string()))?
        .map_err(|e| CommandError::Setup(e.to_string()))?;
    let now = state.clock.naive();
    let created = state
        .db
        .write(move |conn| -> Result<_, crate::store::StoreError> {
            if people::find_centre(conn, CENTRE_ID)?.is_some() {
                return Ok(false);
            }
            people::insert_centre(
                conn,
                &Centre {
                    id: CENTRE_ID.to_owned(),
                    name: "Demo Care Academy".to_owned(),
                    cg_centre_number: Some("123456".to_owned()),
                    sqa_centre_number: Some("DEMO01".to_owned()),
                    created_at: now,
                },
            )?;
            let mut ids: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
            for person in PEOPLE {
                ids.insert(person.0, insert_person(conn, person, &hash, now)?);
            }
            register_learners(conn, &ids, now)?;
            audit::append(
                conn,
                NewAuditEntry {
                    actor_name: "demo seed".into(),
                    centre_id: Some(CENTRE_ID.into()),
                    action: "demo_seeded".into(),
                    record_type: "centre".into(),
                    record_id: CENTRE_ID.into(),
                    details: json!({"accounts": PEOPLE.len()}),
                    ..NewAuditEntry::default()
                },
                now,
            )?;
            Ok(true)
        })
        .await?;
    Ok(guide(&state.public_url, created))
}

/// One demo account with its centre roles and credentials; its user id.
fn insert_person(
    conn: &mut crate::store::DbConnection,
    (email, name, roles, credentials): &Person,
    hash: &str,
    now: chrono::NaiveDateTime,
) -> Result<String, crate::store::StoreError> {
    let user = User {
        id: people::new_id(),
        email: (*email).to_owned(),
        name: (*name).to_owned(),
        password_hash: Some(hash.to_owned()),
        is_platform_admin: roles.is_empty(),
        password_changed_at: Some(now),
        disabled_at: None,
        created_at: now,
    };
    people::insert_user(conn, &user)?;
    for role in *roles {
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
    for (kind, code, statement) in *credentials {
        people::insert_credential(
            conn,
            &StaffCredential {
                id: people::new_id(),
                user_id: user.id.clone(),
                kind: (*kind).to_owned(),
                code: (*code).to_owned(),
                statement: (*statement).to_owned(),
                dated_on: NaiveDate::from_ymd_opt(2024, 9, 1).unwrap_or_default(),
                recorded_by: user.id.clone(),
                created_at: now,
            },
        )?;
    }
    Ok(user.id)
}

/// The open-learning demo learner's authenticator (S4): name, role, email (no account).
const DEMO_AUTHENTICATOR: (&str, &str, &str) = (
    "Morag Ross",
    "Line manager",
    "morag.ross@employer.demo.example",
);

/// Each demo learner registered on one qualification, with the demo assessor, IQA and tutor.
fn register_learners(
    conn: &mut crate::store::DbConnection,
    ids: &std::collections::HashMap<&str, String>,
    now: chrono::NaiveDateTime,
) -> Result<(), crate::store::StoreError> {
    let id = |email: &str| ids.get(email).cloned().unwrap_or_default();
    for (learner, qualification, reference) in LEARNERS {
        // S4: the SQA learner studies by open learning; their line manager authenticates.
        let open = qualification == "sqa-fx35-35";
        let registration_id = people::new_id();
        registrations::insert(
            conn,
            &Registration {
                id: registration_id.clone(),
                centre_id: CENTRE_ID.to_owned(),
                learner_id: id(learner),
                qualification_id: qualification.to_owned(),
                awarding_body_ref: reference.map(str::to_owned),
                date_of_birth: NaiveDate::from_ymd_opt(1988, 3, 14).unwrap_or_default(),
                start_date: now.date(),
                planned_end_date: now.date() + chrono::Duration::days(270),
                employer: "Highland Care Partnership".to_owned(),
                workplace: "Riverside day service, Inverness".to_owned(),
                assessor_id: id("assessor@demo.example"),
                iqa_id: id("iqa@demo.example"),
                tutor_id: Some(id("tutor@demo.example")),
                support_needs: String::new(),
                reasonable_adjustments: String::new(),
                open_learning: open,
                authenticator: open.then(|| DEMO_AUTHENTICATOR.0.to_owned()),
                status: RegistrationStatus::Active,
                registered_on: now.date(),
                created_at: now,
            },
        )?;
        if open {
            let (name, role, email) = DEMO_AUTHENTICATOR;
            crate::store::authentication::set_authenticator(
                conn,
                &registration_id,
                name,
                role,
                email,
            )?;
        }
    }
    Ok(())
}

fn guide(base: &str, created: bool) -> String {
    let mut lines = vec![
        if created {
            "Demo centre created: Demo Care Academy."
        } else {
            "Demo centre already present: Demo Care Academy."
        }
        .to_owned(),
        format!("Sign in at {base}/sign-in with any of these (password: {DEMO_PASSWORD}):"),
    ];
    for (email, name, roles, _) in PEOPLE {
        let role = roles
            .first()
            .map_or("platform administrator", |r| r.label());
        let on = LEARNERS
            .iter()
            .find(|(l, _, _)| l == email)
            .map(|(_, q, _)| format!(", on {q}"))
            .unwrap_or_default();
        lines.push(format!("  {email:<24} {name} ({role}{on})"));
    }
    lines.push(
        "The demo accounts share a published password: use --demo only to try the platform out."
            .to_owned(),
    );
    lines.join("\n")
}
