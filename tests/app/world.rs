//! `World`: a test app with two centres and one person per role, each with a ready session (opened
//! as signing in opens one, without paying argon2 per person; the sign-in tests sign in for real). Centre A has a centre administrator, tutor, assessor, IQA, two learners and a spare tutor
//! (whose role the tests remove); centre B has its own administrator; an EQA holds a read-only
//! grant on centre A; the platform administrator belongs to no centre. The learner has one
//! registration, on the EQA's qualification.

use eportfolio::domain::evidence::EvidenceStatus;
use eportfolio::domain::registration::RegistrationStatus;
use eportfolio::domain::witness::RequestStatus;
use std::sync::OnceLock;

use chrono::NaiveDateTime;
use eportfolio::auth::password::hash_password;
use eportfolio::auth::tokens::Audience;
use eportfolio::domain::roles::Role;
use eportfolio::store::evidence::{self as evidence_store, EvidenceItem, EvidenceVersion};
use eportfolio::store::people::{self, Centre, EqaGrant, Membership, User};
use eportfolio::store::registrations::{self, Registration};
use eportfolio::store::write_transaction;
use eportfolio::testing::ready_session;

use crate::support::{Reply, Req, START, TestApp};

/// Everyone's password.
pub const PASSWORD: &str = "correct horse battery staple";

/// The qualification the EQA may read at centre A.
pub const EQA_QUALIFICATION: &str = "sqa-fx35-35";

/// One hash for everyone (argon2 is slow on purpose), made once per test process.
fn password_hash() -> Result<String, Box<dyn std::error::Error>> {
    static HASH: OnceLock<Option<String>> = OnceLock::new();
    HASH.get_or_init(|| hash_password(PASSWORD).ok())
        .clone()
        .ok_or_else(|| "the password could not be hashed".into())
}

/// A person to create: name, email, centre and roles there, platform administrator.
type Planned<'a> = (&'a str, &'a str, Option<&'a str>, &'a [Role], bool);

/// A page session: the cookie's token and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct PageSession {
    pub cookie: String,
    pub csrf: String,
}

/// A person with an API bearer token.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: String,
    pub token: String,
}

pub struct World {
    pub app: TestApp,
    pub centre_a: String,
    pub centre_b: String,
    pub platform_admin: Person,
    pub centre_admin: Person,
    pub tutor: Person,
    pub assessor: Person,
    pub iqa: Person,
    pub learner: Person,
    pub other_learner: Person,
    /// A tutor at A whose role the tests remove (and put back).
    pub spare: Person,
    pub eqa: Person,
    pub admin_b: Person,
    /// When the EQA's grant on centre A ends.
    pub eqa_until: NaiveDateTime,
    /// The learner's registration at A on the EQA's qualification: assessed by the assessor,
    /// sampled by the IQA, with no tutor.
    pub registration: String,
    /// A draft evidence item of that registration, written by the learner.
    pub evidence: String,
    /// A text file attached to that item.
    pub file: String,
    /// A testimony request on that registration, asked by the assessor and not yet answered.
    pub testimony: String,
}

fn at(offset_seconds: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(START + offset_seconds, 0)
        .map(|t| t.naive_utc())
        .unwrap_or_default()
}

impl World {
    pub async fn new() -> Result<Self, Box<dyn std::error::Error>> {
        Self::on(TestApp::new()?).await
    }

    /// The same people and records on an app assembled differently (a test's own settings).
    pub async fn on(app: TestApp) -> Result<Self, Box<dyn std::error::Error>> {
        let hash = password_hash()?;
        let now = at(-86_400);
        let (centre_a, centre_b) = (people::new_id(), people::new_id());
        let eqa_until = at(14 * 86_400);
        // (name, email, centre, roles there, platform administrator)
        let a = Some(centre_a.as_str());
        let plan: [Planned; 10] = [
            ("Ada Platform", "admin@example.org", None, &[], true),
            (
                "Carys Centre",
                "centre.admin@a.example.org",
                a,
                &[Role::CentreAdmin],
                false,
            ),
            ("Tam Tutor", "tutor@a.example.org", a, &[Role::Tutor], false),
            (
                "Ash Assessor",
                "assessor@a.example.org",
                a,
                &[Role::Assessor],
                false,
            ),
            ("Iona IQA", "iqa@a.example.org", a, &[Role::Iqa], false),
            (
                "Lee Learner",
                "learner@a.example.org",
                a,
                &[Role::Learner],
                false,
            ),
            (
                "Olly Other",
                "other.learner@a.example.org",
                a,
                &[Role::Learner],
                false,
            ),
            ("Sam Spare", "spare@a.example.org", a, &[Role::Tutor], false),
            ("Erin External", "eqa@example.org", None, &[], false),
            (
                "Bea B-Admin",
                "admin@b.example.org",
                Some(centre_b.as_str()),
                &[Role::CentreAdmin],
                false,
            ),
        ];
        let mut users = Vec::new();
        {
            let mut conn = app.db.db().get()?;
            write_transaction(
                &mut conn,
                |conn| -> Result<_, eportfolio::store::StoreError> {
                    for (id, name) in [
                        (&centre_a, "Centre A College"),
                        (&centre_b, "Centre B Academy"),
                    ] {
                        people::insert_centre(
                            conn,
                            &Centre {
                                id: id.clone(),
                                name: name.to_owned(),
                                cg_centre_number: None,
                                sqa_centre_number: None,
                                created_at: now,
                            },
                        )?;
                    }
                    for (name, email, centre, roles, platform_admin) in &plan {
                        let user = User {
                            id: people::new_id(),
                            email: (*email).to_owned(),
                            name: (*name).to_owned(),
                            password_hash: Some(hash.clone()),
                            is_platform_admin: *platform_admin,
                            password_changed_at: None,
                            disabled_at: None,
                            created_at: now,
                        };
                        people::insert_user(conn, &user)?;
                        for role in *roles {
                            if let Some(centre) = centre {
                                add_role(conn, &user.id, centre, *role, now)?;
                            }
                        }
                        users.push(user);
                    }
                    Ok(())
                },
            )?;
        }
        let eqa_id = users.get(8).map(|u| u.id.clone()).ok_or("no EQA")?;
        let granted_by = users.get(1).map(|u| u.id.clone()).ok_or("no admin")?;
        {
            let mut conn = app.db.db().get()?;
            people::insert_eqa_grant(
                &mut conn,
                &EqaGrant {
                    id: people::new_id(),
                    centre_id: centre_a.clone(),
                    user_id: eqa_id,
                    qualification_id: EQA_QUALIFICATION.to_owned(),
                    expires_at: eqa_until,
                    granted_by,
                    revoked_at: None,
                    created_at: now,
                },
            )?;
        }
        let registration = people::new_id();
        let evidence = people::new_id();
        {
            let person = |i: usize| {
                users
                    .get(i)
                    .map(|u| u.id.clone())
                    .ok_or("a person is missing")
            };
            let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
            let mut conn = app.db.db().get()?;
            registrations::insert(
                &mut conn,
                &Registration {
                    id: registration.clone(),
                    centre_id: centre_a.clone(),
                    learner_id: person(5)?,
                    qualification_id: EQA_QUALIFICATION.to_owned(),
                    awarding_body_ref: None,
                    date_of_birth: date(1990, 5, 17),
                    start_date: date(2027, 1, 4),
                    planned_end_date: date(2027, 12, 17),
                    employer: "Care at Home Ltd".to_owned(),
                    workplace: "Inverness".to_owned(),
                    assessor_id: person(3)?,
                    iqa_id: person(4)?,
                    tutor_id: None,
                    support_needs: String::new(),
                    reasonable_adjustments: String::new(),
                    open_learning: false,
                    authenticator: None,
                    status: RegistrationStatus::Active,
                    registered_on: now.date(),
                    created_at: now,
                },
            )?;
            let item = EvidenceItem {
                id: evidence.clone(),
                registration_id: registration.clone(),
                kind: "reflective_account".to_owned(),
                title: "Matrix evidence".to_owned(),
                activity_date: date(2027, 1, 10),
                status: EvidenceStatus::Draft,
                current_version: 1,
                created_by: person(5)?,
                created_at: now,
                updated_at: now,
            };
            let version = EvidenceVersion {
                id: people::new_id(),
                evidence_id: evidence.clone(),
                version: 1,
                description: String::new(),
                body_text: "What I did.".to_owned(),
                word_count: Some(3),
                content_sha256: eportfolio::domain::evidence::content_hash(
                    "Matrix evidence",
                    "",
                    "What I did.",
                    &[],
                ),
                created_by: person(5)?,
                created_at: now,
            };
            evidence_store::insert_item(&mut conn, &item, &version)?;
        }
        let file = people::new_id();
        {
            let mut writer = app.state().files.begin().await?;
            writer.write(b"Notes from the review meeting.").await?;
            let stored = writer.finish(Some("notes.txt")).await?;
            let mut conn = app.db.db().get()?;
            evidence_store::insert_file(
                &mut conn,
                &eportfolio::store::evidence::EvidenceFile {
                    id: file.clone(),
                    evidence_id: evidence.clone(),
                    store_key: stored.key.as_str().to_owned(),
                    filename: "notes.txt".to_owned(),
                    media_type: stored.media_type.mime().to_owned(),
                    size_bytes: i64::try_from(stored.size)?,
                    sha256: stored.sha256.to_hex(),
                    word_count: Some(5),
                    added_in_version: 1,
                    uploaded_by: users
                        .get(5)
                        .map(|u| u.id.clone())
                        .ok_or("a person is missing")?,
                    created_at: now,
                },
            )?;
        }
        let testimony = people::new_id();
        {
            let mut conn = app.db.db().get()?;
            let assessor = users.get(3).map(|u| u.id.clone()).ok_or("no assessor")?;
            eportfolio::store::witness::insert_request(
                &mut conn,
                &eportfolio::store::witness::TestimonyRequest {
                    id: testimony.clone(),
                    registration_id: registration.clone(),
                    requested_by: assessor,
                    witness_name: "Wendy Witness".to_owned(),
                    witness_email: "wendy@example.org".to_owned(),
                    witness_role: "Team leader".to_owned(),
                    relationship: "Line manager".to_owned(),
                    expert: false,
                    criteria: eportfolio::store::json::Json(vec!["sqa-fx35-35/o1/ks1".to_owned()]),
                    activity: "Support planning".to_owned(),
                    link_id: people::new_id(),
                    link_expires_at: at(14 * 86_400),
                    link_used_at: None,
                    status: RequestStatus::Requested,
                    decided_by: None,
                    decided_at: None,
                    decision_reason: None,
                    evidence_id: None,
                    created_at: now,
                },
            )?;
        }
        let mut signed_in = Vec::new();
        for user in &users {
            let token = ready_session(app.state(), &user.id, Audience::Api)
                .await?
                .token;
            signed_in.push(Person {
                id: user.id.clone(),
                name: user.name.clone(),
                email: user.email.clone(),
                token,
            });
        }
        let mut it = signed_in.into_iter();
        let mut next = || it.next().ok_or("a person is missing");
        Ok(Self {
            platform_admin: next()?,
            centre_admin: next()?,
            tutor: next()?,
            assessor: next()?,
            iqa: next()?,
            learner: next()?,
            other_learner: next()?,
            spare: next()?,
            eqa: next()?,
            admin_b: next()?,
            app,
            centre_a,
            centre_b,
            eqa_until,
            registration,
            evidence,
            file,
            testimony,
        })
    }

    /// Give `user_id` a role at a centre (again), directly in the store.
    pub fn ensure_role(
        &self,
        user_id: &str,
        centre_id: &str,
        role: Role,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut conn = self.app.db.db().get()?;
        add_role(&mut conn, user_id, centre_id, role, at(0))?;
        Ok(())
    }

    /// A page session for `person`, opened as the sign-in page opens one (without the password
    /// check: `page_sign_in` signs in through the page for the tests about signing in).
    pub async fn page_session(
        &self,
        person: &Person,
    ) -> Result<PageSession, Box<dyn std::error::Error>> {
        let signed_in = ready_session(self.app.state(), &person.id, Audience::Session).await?;
        Ok(PageSession {
            cookie: signed_in.token,
            csrf: signed_in.session.csrf_token,
        })
    }

    /// A fresh API token for `person` (a ready session; `api_sign_in` signs in for real).
    pub async fn api_token(&self, person: &Person) -> Result<String, Box<dyn std::error::Error>> {
        Ok(ready_session(self.app.state(), &person.id, Audience::Api)
            .await?
            .token)
    }
}

fn add_role(
    conn: &mut eportfolio::store::DbConnection,
    user_id: &str,
    centre_id: &str,
    role: Role,
    now: NaiveDateTime,
) -> Result<(), eportfolio::store::StoreError> {
    people::add_membership(
        conn,
        &Membership {
            id: people::new_id(),
            user_id: user_id.to_owned(),
            centre_id: centre_id.to_owned(),
            role: role.code().to_owned(),
            created_at: now,
        },
    )
}

/// `POST /api/v1/sessions`; the bearer token.
pub async fn api_sign_in(
    app: &TestApp,
    email: &str,
    password: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let reply = app
        .send(
            Req::post("/api/v1/sessions")
                .json(&serde_json::json!({"email": email, "password": password})),
        )
        .await;
    if reply.status != 201 {
        return Err(format!(
            "signing in {email} answered {}: {}",
            reply.status, reply.body
        )
        .into());
    }
    reply.json()["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no token for {email}: {}", reply.body).into())
}

/// The password step of the sign-in page: `GET /sign-in`, then `POST /sign-in` with its form
/// token; the answer (a redirect with the session cookie, or to the second step).
pub async fn password_step(
    app: &TestApp,
    email: &str,
    password: &str,
) -> Result<Reply, Box<dyn std::error::Error>> {
    let form = app.get("/sign-in").await;
    let pre = form
        .cookie("eportfolio_sign_in")
        .ok_or("no sign-in form cookie")?;
    let token = form
        .field("csrf_token")
        .ok_or("no form token on /sign-in")?;
    Ok(app
        .send(
            Req::post("/sign-in")
                .same_origin()
                .cookie("eportfolio_sign_in", &pre)
                .form(&[
                    ("csrf_token", &token),
                    ("email", email),
                    ("password", password),
                ]),
        )
        .await)
}

/// The sign-in page's password step, then the CSRF token from `/account`.
pub async fn page_sign_in(
    app: &TestApp,
    email: &str,
    password: &str,
) -> Result<PageSession, Box<dyn std::error::Error>> {
    let reply = password_step(app, email, password).await?;
    let cookie = reply
        .cookie("eportfolio_session")
        .filter(|_| reply.status == 303)
        .ok_or_else(|| format!("page sign-in of {email} answered {}", reply.status))?;
    let csrf = csrf_of(app, &cookie).await?;
    Ok(PageSession { cookie, csrf })
}

/// The CSRF token of a page session, as its pages carry it.
pub async fn csrf_of(app: &TestApp, cookie: &str) -> Result<String, Box<dyn std::error::Error>> {
    let account = app.send(Req::get("/account").session(cookie)).await;
    account
        .field("csrf_token")
        .ok_or_else(|| format!("no CSRF token on /account ({})", account.status).into())
}

/// A reply as one line, for assertion messages.
pub fn show(reply: &Reply) -> String {
    let body: String = reply.body.chars().take(300).collect();
    format!("{} {}", reply.status, body)
}

/// Assessment fixtures: a registration on City & Guilds 3085-02 (Units 001 and 002).
impl World {
    /// The learner maps evidence `e` to `criteria`, signs its declaration and submits it.
    pub async fn map_declare_and_submit(&self, e: &str, criteria: &[&str]) {
        let steps = [
            Req::new(
                actix_web::http::Method::PUT,
                &format!("/api/v1/evidence/{e}/mappings"),
            )
            .json(&serde_json::json!({ "criteria": criteria })),
            Req::post(&format!("/api/v1/evidence/{e}/declaration"))
                .json(&serde_json::json!({ "typed_name": self.learner.name })),
        ];
        for step in steps {
            let reply = self.app.send(step.bearer(&self.learner.token)).await;
            assert!(reply.status.as_u16() < 300, "{}", show(&reply));
        }
        self.submit(e).await;
    }

    /// The learner submits evidence `e` for assessment (after signing its declaration).
    pub async fn submit(&self, e: &str) {
        let sent = self
            .app
            .send(Req::post(&format!("/api/v1/evidence/{e}/submit")).bearer(&self.learner.token))
            .await;
        assert_eq!(sent.status, 200, "{}", show(&sent));
    }

    /// Register the learner on cg-3085-02 with the assessor, who is given what C6 asks for both
    /// units (occupationally competent, holds A1); the IQA samples. The registration's id.
    pub fn register_on_cg_3085_02(&self) -> Result<String, Box<dyn std::error::Error>> {
        use eportfolio::store::people::StaffCredential;
        let now = at(-3600);
        let id = people::new_id();
        let mut conn = self.app.db.db().get()?;
        write_transaction(
            &mut conn,
            |conn| -> Result<_, eportfolio::store::StoreError> {
                for (kind, code) in [
                    ("competence", "occupationally_competent"),
                    ("qualification", "a1"),
                ] {
                    people::insert_credential(
                        conn,
                        &StaffCredential {
                            id: people::new_id(),
                            user_id: self.assessor.id.clone(),
                            kind: kind.to_owned(),
                            code: code.to_owned(),
                            statement: "Seen at the centre".to_owned(),
                            dated_on: now.date(),
                            recorded_by: self.centre_admin.id.clone(),
                            created_at: now,
                            centre_id: Some(self.centre_a.clone()),
                        },
                    )?;
                }
                let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
                registrations::insert(
                    conn,
                    &Registration {
                        id: id.clone(),
                        centre_id: self.centre_a.clone(),
                        learner_id: self.learner.id.clone(),
                        qualification_id: "cg-3085-02".to_owned(),
                        awarding_body_ref: None,
                        date_of_birth: date(1990, 5, 17),
                        start_date: date(2027, 1, 4),
                        planned_end_date: date(2027, 12, 17),
                        employer: "Care at Home Ltd".to_owned(),
                        workplace: "Inverness".to_owned(),
                        assessor_id: self.assessor.id.clone(),
                        iqa_id: self.iqa.id.clone(),
                        tutor_id: None,
                        support_needs: String::new(),
                        reasonable_adjustments: String::new(),
                        open_learning: false,
                        authenticator: None,
                        status: RegistrationStatus::Active,
                        registered_on: now.date(),
                        created_at: now,
                    },
                )
            },
        )?;
        Ok(id)
    }
}
