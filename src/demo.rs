//! `serve --demo`: a demo centre with one account per role, so a newcomer sees every role's view
//! in a minute. Seeding is idempotent: a second start finds the centre and changes nothing.

use chrono::NaiveDate;
use serde_json::json;

use crate::commands::CommandError;
use crate::domain::roles::Role;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::people::{self, Centre, Membership, StaffCredential, User};
use crate::web::AppState;
use crate::web::auth::password::hash_password;

pub const DEMO_PASSWORD: &str = "demo password for every role";
const CENTRE_ID: &str = "demo-centre";

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
        .write(move |conn| {
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
            for (email, name, roles, credentials) in PEOPLE {
                let user = User {
                    id: people::new_id(),
                    email: (*email).to_owned(),
                    name: (*name).to_owned(),
                    password_hash: Some(hash.clone()),
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
            }
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
        lines.push(format!("  {email:<24} {name} ({role})"));
    }
    lines.push(
        "The demo accounts share a published password: use --demo only to try the platform out."
            .to_owned(),
    );
    lines.join("\n")
}
