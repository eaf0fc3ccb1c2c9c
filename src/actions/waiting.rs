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
}

fn found(conn: &mut DbConnection, me: &str, admin_of: &[String]) -> Result<Found, StoreError> {
    Ok(Found {
        to_judge: waiting::awaiting_judgement(conn, me)?,
        actions: waiting::open_iqa_actions(conn, me)?,
        to_check: waiting::samples_to_check(conn, me)?,
        drafts: waiting::drafts_of_learner(conn, me)?,
        to_countersign: waiting::awaiting_countersignature(conn, me)?,
        no_reference: waiting::missing_references(conn, admin_of)?,
    })
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or_default()
}

/// Everything waiting for `actor`: the assessor's work first, then the IQA's, the learner's and
/// the centre administrator's.
pub async fn waiting_for(state: &AppState, actor: &Actor) -> Result<Vec<Waiting>, ActionError> {
    let me = actor.user.id.clone();
    let admin_of: Vec<String> = actor
        .centre_ids()
        .into_iter()
        .filter(|c| actor.has_role(&CentreId::from_stored(c.as_str()), Role::CentreAdmin))
        .collect();
    let centres = admin_of.clone();
    let f = state.db.run(move |conn| found(conn, &me, &centres)).await?;
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
                what: format!("Unit {number} signed off by your assessor: read it and countersign"),
                link: format!("/registrations/{registration}/units/{unit}/countersign"),
            }
        })
        .collect();
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
