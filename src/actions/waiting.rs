//! "What do I do next?": the work waiting for the signed-in person, in every role they hold, as
//! a short list of counts with the page each is done on, the oldest first where it matters.

use crate::actions::{ActionError, Actor, AppState};
use crate::curriculum::Curriculum;
use crate::domain::ids::CentreId;
use crate::domain::roles::Role;
use crate::store::{DbConnection, StoreError, waiting};

/// One kind of work waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub count: usize,
    /// What it is, with its count, in words ("3 pieces of evidence waiting for your judgement").
    pub what: String,
    /// Where to do it.
    pub link: String,
}

impl Waiting {
    fn counted(count: usize, one: &str, many: &str, link: String) -> Self {
        let what = if count == 1 {
            format!("1 {one}")
        } else {
            format!("{count} {many}")
        };
        Self { count, what, link }
    }
}

/// What the store says waits, read in one go.
struct Found {
    to_judge: Vec<(String, chrono::NaiveDateTime)>,
    actions: i64,
    to_check: Vec<(String, i64)>,
    drafts: Vec<(String, i64)>,
    to_countersign: Vec<(String, String)>,
    no_reference: Vec<(String, String)>,
    testimony: Vec<String>,
    /// Open double-marking exercises the marker has criteria left in: (exercise, how many).
    to_double_mark: Vec<(String, usize)>,
    mapped: Vec<(String, String, Vec<String>)>,
    /// The learner's criteria judged not yet met: (registration, qualification, how many).
    not_yet_met: Vec<(String, String, i64)>,
    submitted_claims: Vec<(String, String)>,
    /// Centres without a centre administrator (read for the platform administrator only).
    unadministered: i64,
    tutor_sessions: Vec<(String, i64)>,
    learner_sessions: Vec<(String, i64)>,
}

/// Who asks, as the store reads it.
struct Asking {
    me: String,
    admin_of: Vec<String>,
    platform_admin: bool,
    /// Today and six days on: "this week".
    week: (chrono::NaiveDate, chrono::NaiveDate),
}

fn found(conn: &mut DbConnection, asking: &Asking) -> Result<Found, StoreError> {
    let me = asking.me.as_str();
    Ok(Found {
        to_judge: waiting::awaiting_judgement(conn, me)?,
        actions: waiting::open_iqa_actions(conn, me)?,
        to_check: waiting::samples_to_check(conn, me)?,
        drafts: waiting::drafts_of_learner(conn, me)?,
        not_yet_met: waiting::not_yet_met_of_learner(conn, me)?,
        to_countersign: waiting::awaiting_countersignature(conn, me)?,
        no_reference: waiting::missing_references(conn, &asking.admin_of)?,
        testimony: waiting::testimony_to_decide(conn, me)?,
        to_double_mark: waiting::exercises_to_mark(conn, me)?,
        mapped: waiting::mapped_items_of_learner(conn, me)?,
        submitted_claims: waiting::submitted_claims(conn, &asking.admin_of)?,
        unadministered: if asking.platform_admin {
            waiting::centres_without_admin(conn)?
        } else {
            0
        },
        tutor_sessions: waiting::sessions_of_tutor(conn, me, asking.week)?,
        learner_sessions: waiting::sessions_of_learner(conn, me, asking.week)?,
    })
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or_default()
}

/// Everything waiting for `actor`: the assessor's work first, then the IQA's, the learner's,
/// the centre administrator's, the tutor's, the platform administrator's and the EQA's.
pub async fn waiting_for(state: &AppState, actor: &Actor) -> Result<Vec<Waiting>, ActionError> {
    let admin_of: Vec<String> = actor
        .centre_ids()
        .into_iter()
        .filter(|c| actor.has_role(&CentreId::from_stored(c.as_str()), Role::CentreAdmin))
        .collect();
    let today = state.clock.naive().date();
    let asking = Asking {
        me: actor.user.id.clone(),
        admin_of: admin_of.clone(),
        platform_admin: actor.is_platform_admin(),
        week: (today, today + chrono::Duration::days(6)),
    };
    let f = state.db.run(move |conn| found(conn, &asking)).await?;
    let mut out = assessor_work(&f);
    out.extend(f.to_check.iter().map(|(centre, n)| {
        let link = format!("/centres/{centre}/sampling#samples");
        Waiting::counted(
            count(*n),
            "sampled decision waiting for your check",
            "sampled decisions waiting for your check",
            link,
        )
    }));
    out.extend(learner_work(&state.curriculum, &f));
    out.extend(admin_work(&admin_of, &f.no_reference));
    out.extend(claims_work(&f.submitted_claims));
    out.extend(teaching_work(&f));
    out.extend(platform_work(f.unadministered));
    out.extend(eqa_work(actor));
    Ok(out)
}

fn assessor_work(f: &Found) -> Vec<Waiting> {
    let mut out = Vec::new();
    if let Some((oldest, _)) = f.to_judge.first() {
        let link = if f.to_judge.len() == 1 {
            format!("/evidence/{oldest}/marking")
        } else {
            "/caseload".to_owned()
        };
        out.push(Waiting::counted(
            f.to_judge.len(),
            "piece of evidence waiting for your judgement",
            "pieces of evidence waiting for your judgement",
            link,
        ));
    }
    if let Some(oldest) = f.testimony.first() {
        out.push(Waiting::counted(
            f.testimony.len(),
            "signed witness testimony to accept or reject",
            "signed witness testimonies to accept or reject",
            format!("/testimony/{oldest}"),
        ));
    }
    out.extend(f.to_double_mark.iter().map(|(exercise, left)| {
        Waiting::counted(
            *left,
            "criterion to judge blind in a standardisation exercise",
            "criteria to judge blind in a standardisation exercise",
            format!("/double-marking/{exercise}"),
        )
    }));
    if f.actions > 0 {
        let link = "/iqa-actions".to_owned();
        out.push(Waiting::counted(
            count(f.actions),
            "action from an IQA referral to close",
            "actions from IQA referrals to close",
            link,
        ));
    }
    out
}

fn learner_work(curriculum: &Curriculum, f: &Found) -> Vec<Waiting> {
    let mut out: Vec<Waiting> = f
        .to_countersign
        .iter()
        .map(|(registration, unit)| {
            let number = curriculum.unit(unit).map_or("", |(_, u)| u.number.as_str());
            Waiting {
                count: 1,
                what: format!(
                    "1 unit signed off by your assessor to read and countersign: Unit {number}"
                ),
                link: format!("/registrations/{registration}/units/{unit}/countersign"),
            }
        })
        .collect();
    out.extend(feedback_to_act_on(curriculum, &f.not_yet_met));
    out.extend(without_evidence(curriculum, &f.mapped));
    out.extend(f.drafts.iter().map(|(registration, n)| {
        let link = format!("/registrations/{registration}#evidence");
        Waiting::counted(
            count(*n),
            "piece of evidence in draft to finish and submit",
            "pieces of evidence in draft to finish and submit",
            link,
        )
    }));
    out
}

/// The learner's criteria (SQA: Evidence Requirements) whose latest judgement is not yet met,
/// per registration: the feedback waits for them on the tracker.
fn feedback_to_act_on(
    curriculum: &Curriculum,
    not_yet_met: &[(String, String, i64)],
) -> Vec<Waiting> {
    not_yet_met
        .iter()
        .map(|(registration, qualification, n)| {
            let sqa = curriculum
                .qualification(qualification)
                .is_some_and(|(spec, _)| spec.specification.awarding_body.starts_with("SQA"));
            let (one, many) = if sqa {
                (
                    "Evidence Requirement judged not yet met: read the feedback and add to your evidence",
                    "Evidence Requirements judged not yet met: read the feedback and add to your evidence",
                )
            } else {
                (
                    "criterion judged not yet met: read the feedback and add to your evidence",
                    "criteria judged not yet met: read the feedback and add to your evidence",
                )
            };
            Waiting::counted(count(*n), one, many, format!("/registrations/{registration}/tracker"))
        })
        .collect()
}

fn admin_work(admin_of: &[String], no_reference: &[(String, String)]) -> Vec<Waiting> {
    let mut out = Vec::new();
    for centre in admin_of {
        let missing: Vec<&String> = no_reference
            .iter()
            .filter(|(c, _)| c == centre)
            .map(|(_, r)| r)
            .collect();
        let link = match missing.as_slice() {
            [] => continue,
            [only] => format!("/registrations/{only}/details"),
            _ => format!("/centres/{centre}/claims"),
        };
        out.push(Waiting::counted(
            missing.len(),
            "learner without the awarding body's reference a claim needs",
            "learners without the awarding body's reference a claim needs",
            link,
        ));
    }
    out
}

/// What each of the learner's qualifications still needs evidence for: its mandatory units'
/// criteria (or SQA Evidence Requirements) that no evidence is mapped to yet.
fn without_evidence(
    curriculum: &Curriculum,
    mapped: &[(String, String, Vec<String>)],
) -> Vec<Waiting> {
    let mut out = Vec::new();
    for (registration, qualification, items) in mapped {
        let Some((spec, q)) = curriculum.qualification(qualification) else {
            continue;
        };
        let missing = curriculum
            .units_of(q)
            .flat_map(crate::domain::sign_off::items_required)
            .filter(|item| !items.contains(item))
            .count();
        if missing == 0 {
            continue;
        }
        let (one, many) = if spec.specification.awarding_body.starts_with("SQA") {
            (
                "Evidence Requirement still without evidence",
                "Evidence Requirements still without evidence",
            )
        } else {
            (
                "criterion still without evidence",
                "criteria still without evidence",
            )
        };
        let link = format!("/registrations/{registration}/tracker");
        out.push(Waiting::counted(missing, one, many, link));
    }
    out
}

/// Claims the centre administrator submitted, waiting for the awarding body's certificates.
fn claims_work(submitted: &[(String, String)]) -> Vec<Waiting> {
    let Some((centre, oldest)) = submitted.first() else {
        return Vec::new();
    };
    let link = if submitted.len() == 1 {
        format!("/claims/{oldest}")
    } else {
        format!("/centres/{centre}/claims")
    };
    vec![Waiting::counted(
        submitted.len(),
        "claim submitted, waiting for its certificates to be recorded",
        "claims submitted, waiting for their certificates to be recorded",
        link,
    )]
}

/// Training sessions this week: the tutor's to run, the learner's to attend.
fn teaching_work(f: &Found) -> Vec<Waiting> {
    let tutor = f.tutor_sessions.iter().map(|(programme, n)| {
        Waiting::counted(
            count(*n),
            "session to run this week",
            "sessions to run this week",
            format!("/programmes/{programme}"),
        )
    });
    let learner = f.learner_sessions.iter().map(|(programme, n)| {
        Waiting::counted(
            count(*n),
            "training session this week",
            "training sessions this week",
            format!("/programmes/{programme}"),
        )
    });
    tutor.chain(learner).collect()
}

/// Centres that still need their first centre administrator (the platform administrator's).
fn platform_work(unadministered: i64) -> Vec<Waiting> {
    if unadministered == 0 {
        return Vec::new();
    }
    vec![Waiting::counted(
        count(unadministered),
        "centre without a centre administrator",
        "centres without a centre administrator",
        "/admin".to_owned(),
    )]
}

/// The qualifications an EQA may review, per centre, while their grants last.
fn eqa_work(actor: &Actor) -> Vec<Waiting> {
    let mut centres: Vec<&str> = actor
        .eqa_grants
        .iter()
        .map(|g| g.centre_id.as_str())
        .collect();
    centres.dedup();
    centres
        .into_iter()
        .map(|centre| {
            let granted = actor
                .eqa_grants
                .iter()
                .filter(|g| g.centre_id == centre)
                .count();
            Waiting::counted(
                granted,
                "qualification to review: sampling, decisions and the sample pack",
                "qualifications to review: sampling, decisions and the sample pack",
                format!("/centres/{centre}/eqa"),
            )
        })
        .collect()
}
