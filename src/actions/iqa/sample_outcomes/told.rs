//! Who hears of a batch of checks, once each: every assessor one message listing the decisions
//! of theirs that were agreed or referred (with the feedback and actions), every learner with a
//! decision referred one message that it is being looked at again.

use std::collections::BTreeMap;

use super::{Recorded, Saving, Work};
use crate::domain::iqa_check::{CheckOutcome, SampleStatus};
use crate::store::notifications::notify_with_mail;
use crate::store::registrations::Registration;
use crate::store::{DbConnection, StoreError};

pub(super) fn tell(
    conn: &mut DbConnection,
    context: &Saving,
    recorded: &[(Work, Recorded)],
    registrations: &BTreeMap<String, Registration>,
) -> Result<(), StoreError> {
    let mut by_assessor: BTreeMap<&str, Vec<&(Work, Recorded)>> = BTreeMap::new();
    let mut referred_by_registration: BTreeMap<&str, Vec<&Work>> = BTreeMap::new();
    for done in recorded {
        by_assessor
            .entry(done.0.sample.assessor_id.as_str())
            .or_default()
            .push(done);
        if done.1.check.outcome == CheckOutcome::Refer {
            referred_by_registration
                .entry(done.0.sample.registration_id.as_str())
                .or_default()
                .push(&done.0);
        }
    }
    for (assessor, checks) in by_assessor {
        tell_assessor(conn, context, assessor, &checks)?;
    }
    for (registration, works) in referred_by_registration {
        if let Some(registration) = registrations.get(registration) {
            tell_learner(conn, context, registration, &works)?;
        }
    }
    Ok(())
}

fn tell_assessor(
    conn: &mut DbConnection,
    context: &Saving,
    assessor: &str,
    checks: &[&(Work, Recorded)],
) -> Result<(), StoreError> {
    let referred = checks
        .iter()
        .filter(|(_, r)| r.check.outcome == CheckOutcome::Refer)
        .count();
    let subject = match (referred, checks.len()) {
        (0, 1) => "An IQA agreed your decision".to_owned(),
        (0, n) => format!("An IQA agreed {n} of your decisions"),
        (1, _) => "An IQA referred a decision back to you".to_owned(),
        (r, _) => format!("An IQA referred {r} decisions back to you"),
    };
    let who = &context.actor.user.name;
    let mut body = Vec::new();
    for (work, recorded) in checks {
        body.push(line(who, work, recorded));
    }
    if referred > 0 {
        body.push("The units concerned are open again for you. Close each action when it is done; the IQA then checks the decision again.".to_owned());
    }
    notify_with_mail(
        conn,
        assessor,
        &subject,
        &body.join("\n\n"),
        "/iqa-actions",
        &context.base,
        context.now,
    )?;
    Ok(())
}

/// One decision checked, as the assessor reads it.
fn line(who: &str, work: &Work, recorded: &Recorded) -> String {
    let check = &recorded.check;
    match (check.outcome, recorded.status) {
        (CheckOutcome::Agree, SampleStatus::Resolved) => format!(
            "{who} checked your decision on {} again and agreed it. The referral is resolved.",
            work.words
        ),
        (CheckOutcome::Agree, _) => {
            format!(
                "{who} sampled your decision on {} and agreed it.",
                work.words
            )
        }
        (CheckOutcome::Refer, _) => {
            let actions: Vec<String> = recorded
                .actions
                .iter()
                .map(|a| format!("- {} (due {})", a.description, a.due_on.format("%-d %B %Y")))
                .collect();
            format!(
                "{who} referred your decision on {} back to you (check {}).\n\nFeedback: {}\n\nActions:\n{}",
                work.words,
                check.check_no,
                check.feedback,
                actions.join("\n")
            )
        }
    }
}

fn tell_learner(
    conn: &mut DbConnection,
    context: &Saving,
    registration: &Registration,
    works: &[&Work],
) -> Result<(), StoreError> {
    let items: Vec<String> = works.iter().map(|w| format!("- {}", w.words)).collect();
    let (subject, which) = if works.len() == 1 {
        (
            "A decision on your work is being looked at again",
            "Your assessor's decision on this is",
        )
    } else {
        (
            "Decisions on your work are being looked at again",
            "Your assessor's decisions on these are",
        )
    };
    let body = format!(
        "{which} being looked at again by the centre's internal quality assurer, who checks assessors' decisions:\n\n{}\n\nThis is a normal part of quality assurance and does not mean you did anything wrong. Your assessor may ask you for more evidence; you do not need to do anything until they contact you.",
        items.join("\n")
    );
    notify_with_mail(
        conn,
        &registration.learner_id,
        subject,
        &body,
        &format!("/registrations/{}/assessment", registration.id),
        &context.base,
        context.now,
    )?;
    Ok(())
}
