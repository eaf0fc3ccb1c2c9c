//! The benchmark's large centre: thousands of learners spread over assessors and the three
//! qualifications, a few of them with hundreds of evidence items and mappings. Written straight
//! through the store in large transactions (bench data, not audited).

use crate::domain::registration::RegistrationStatus;
use chrono::{NaiveDate, NaiveDateTime};

use super::BenchError;
use crate::curriculum::Curriculum;
use crate::domain::evidence::{EvidenceStatus, content_hash, mappable_items};
use crate::domain::roles::Role;
use crate::store::evidence::{self, EvidenceItem, EvidenceVersion};
use crate::store::people::{self, Centre, Membership, User};
use crate::store::registrations::{self, Registration};
use crate::store::{Db, DbConnection, StoreError};

/// How big a centre to build.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub learners: usize,
    /// Learners with `evidence` items and `mappings` mappings each (the rest have three items).
    pub heavy: usize,
    pub evidence: usize,
    pub mappings: usize,
    /// Learners per assessor (the heavy learners all share the first assessor).
    pub per_assessor: usize,
}

/// What the benchmark needs to find again: who signs in, and which registration to open.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub centre_admin: String,
    pub assessor: String,
    pub heavy_learner: String,
    pub heavy_registration: String,
    pub assessor_caseload: usize,
}

/// The benchmark's centre.
pub const CENTRE: &str = "bench-centre";

const QUALIFICATIONS: [&str; 3] = ["cg-3085-01", "cg-3085-02", "sqa-fx35-35"];
/// Heavy learners are on 3085-02 (`QUALIFICATIONS[1]`), which has the most criteria.
const HEAVY_QUALIFICATION: usize = 1;
/// Rows per transaction: big enough to be quick, small enough to keep the journal modest.
const BATCH: usize = 200;

pub fn email_of(kind: &str, n: usize) -> String {
    format!("{kind}{n}@bench.example")
}

pub async fn build(
    db: &Db,
    curriculum: &Curriculum,
    shape: Shape,
    password_hash: String,
    now: NaiveDateTime,
) -> Result<Seeded, BenchError> {
    let assessors = shape.learners.div_ceil(shape.per_assessor.max(1)).max(1);
    let criteria: Vec<Vec<String>> = QUALIFICATIONS
        .iter()
        .map(|q| assessable(curriculum, q))
        .collect();
    let hash = password_hash.clone();
    let staff = db
        .write(move |conn| staff(conn, assessors, &hash, now))
        .await?;
    for start in (0..shape.learners).step_by(BATCH) {
        let (staff, criteria, hash) = (staff.clone(), criteria.clone(), password_hash.clone());
        db.write(move |conn| -> Result<_, crate::store::StoreError> {
            for n in start..(start + BATCH).min(shape.learners) {
                learner(conn, n, shape, &staff, &criteria, &hash, now)?;
            }
            Ok(())
        })
        .await?;
    }
    let heavy_registration = registration_id(0);
    Ok(Seeded {
        centre_admin: email_of("admin", 0),
        assessor: email_of("assessor", 0),
        heavy_learner: email_of("learner", 0),
        heavy_registration,
        assessor_caseload: (0..shape.learners)
            .filter(|n| assessor_of(*n, shape, assessors) == 0)
            .count(),
    })
}

/// Criteria, Knowledge/Skills items and Evidence Requirements (not range or SDS components).
fn assessable(curriculum: &Curriculum, qualification: &str) -> Vec<String> {
    mappable_items(curriculum, qualification)
        .into_iter()
        .filter(|id| id.contains("/ac") || id.contains("/ks") || id.contains("/er"))
        .collect()
}

/// The centre, its administrator, an IQA and the assessors; returns the staff ids
/// (administrator, IQA, then assessors).
fn staff(
    conn: &mut DbConnection,
    assessors: usize,
    hash: &str,
    now: NaiveDateTime,
) -> Result<Vec<String>, StoreError> {
    people::insert_centre(
        conn,
        &Centre {
            id: CENTRE.to_owned(),
            name: "Benchmark Care College".to_owned(),
            cg_centre_number: Some("654321".to_owned()),
            sqa_centre_number: Some("BENCH1".to_owned()),
            created_at: now,
        },
    )?;
    let mut ids = vec![
        person(conn, &email_of("admin", 0), Role::CentreAdmin, hash, now)?,
        person(conn, &email_of("iqa", 0), Role::Iqa, hash, now)?,
    ];
    for n in 0..assessors {
        ids.push(person(
            conn,
            &email_of("assessor", n),
            Role::Assessor,
            hash,
            now,
        )?);
    }
    // The first assessor and the IQA may assess and quality-assure every unit, so learners
    // can be registered to them (the CSV import measured registers 1,000 more).
    let eligible = [
        (&ids[1], "competence", "occupationally_knowledgeable"),
        (&ids[2], "competence", "occupationally_competent"),
        (&ids[2], "qualification", "a1"),
    ];
    for (user, kind, code) in eligible {
        people::insert_credential(
            conn,
            &people::StaffCredential {
                id: people::new_id(),
                user_id: user.clone(),
                kind: kind.to_owned(),
                code: code.to_owned(),
                statement: "Certificates seen by the centre administrator".to_owned(),
                dated_on: now.date(),
                recorded_by: ids[0].clone(),
                created_at: now,
                centre_id: Some(CENTRE.to_owned()),
            },
        )?;
    }
    Ok(ids)
}

fn person(
    conn: &mut DbConnection,
    email: &str,
    role: Role,
    hash: &str,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    let id = people::new_id();
    people::insert_user(
        conn,
        &User {
            id: id.clone(),
            email: email.to_owned(),
            name: format!("Bench {}", email.split('@').next().unwrap_or(email)),
            password_hash: Some(hash.to_owned()),
            is_platform_admin: false,
            password_changed_at: Some(now),
            disabled_at: None,
            created_at: now,
        },
    )?;
    people::add_membership(
        conn,
        &Membership {
            id: people::new_id(),
            user_id: id.clone(),
            centre_id: CENTRE.to_owned(),
            role: role.code().to_owned(),
            created_at: now,
        },
    )?;
    Ok(id)
}

fn assessor_of(n: usize, shape: Shape, assessors: usize) -> usize {
    if n < shape.heavy {
        0
    } else {
        (n / shape.per_assessor.max(1)) % assessors
    }
}

fn registration_id(n: usize) -> String {
    format!("bench-registration-{n:05}")
}

fn learner(
    conn: &mut DbConnection,
    n: usize,
    shape: Shape,
    staff: &[String],
    criteria: &[Vec<String>],
    hash: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let learner_id = person(conn, &email_of("learner", n), Role::Learner, hash, now)?;
    let q = if n < shape.heavy {
        HEAVY_QUALIFICATION
    } else {
        n % 3
    };
    let registration = registration_of(n, q, shape, staff, learner_id.clone(), now);
    registrations::insert(conn, &registration)?;
    let (items, per_item) = if n < shape.heavy {
        (shape.evidence, shape.mappings / shape.evidence.max(1))
    } else {
        (3, 2)
    };
    for i in 0..items {
        evidence_item(
            conn,
            &registration,
            &learner_id,
            i,
            per_item,
            &criteria[q],
            now,
        )?;
    }
    Ok(())
}

/// The `n`th learner's registration on qualification `q`, with their assessor and IQA.
fn registration_of(
    n: usize,
    q: usize,
    shape: Shape,
    staff: &[String],
    learner_id: String,
    now: NaiveDateTime,
) -> Registration {
    let assessors = staff.len().saturating_sub(2).max(1);
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    Registration {
        id: registration_id(n),
        centre_id: CENTRE.to_owned(),
        learner_id,
        qualification_id: QUALIFICATIONS[q].to_owned(),
        awarding_body_ref: Some(if q == 2 {
            format!("{:09}", 100_000_000 + n)
        } else {
            format!("BCH{n:05}")
        }),
        date_of_birth: date(1990, 1, 1),
        start_date: now.date(),
        planned_end_date: date(2030, 1, 1),
        employer: "Benchmark Care Ltd".to_owned(),
        workplace: "Riverside supported living".to_owned(),
        assessor_id: staff[2 + assessor_of(n, shape, assessors)].clone(),
        iqa_id: staff[1].clone(),
        tutor_id: None,
        support_needs: String::new(),
        reasonable_adjustments: String::new(),
        open_learning: false,
        authenticator: None,
        status: RegistrationStatus::Active,
        registered_on: now.date(),
        created_at: now,
    }
}

fn evidence_item(
    conn: &mut DbConnection,
    registration: &Registration,
    learner_id: &str,
    i: usize,
    per_item: usize,
    criteria: &[String],
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let id = format!("{}-e{i:04}", registration.id);
    let title = format!("Reflective account {}", i + 1);
    let body = "I supported the person to plan their week around what matters to them.";
    let item = EvidenceItem {
        id: id.clone(),
        registration_id: registration.id.clone(),
        kind: "reflective_account".to_owned(),
        title: title.clone(),
        activity_date: now.date(),
        status: if i % 2 == 0 {
            EvidenceStatus::Submitted
        } else {
            EvidenceStatus::Draft
        },
        current_version: 1,
        created_by: learner_id.to_owned(),
        created_at: now,
        updated_at: now,
    };
    let version = EvidenceVersion {
        id: format!("{id}-v1"),
        evidence_id: id.clone(),
        version: 1,
        description: String::new(),
        body_text: body.to_owned(),
        word_count: Some(13),
        content_sha256: content_hash(&title, "", body, &[]),
        created_by: learner_id.to_owned(),
        created_at: now,
    };
    evidence::insert_item(conn, &item, &version)?;
    let mapped: Vec<String> = (0..per_item)
        .filter_map(|k| criteria.get((i * per_item + k) % criteria.len().max(1)))
        .cloned()
        .collect();
    evidence::set_mappings(conn, &id, &mapped, learner_id, now)
}
