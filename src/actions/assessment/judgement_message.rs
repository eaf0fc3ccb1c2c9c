//! The learner's one message about judgements made together (in the app and by email): every
//! criterion in the specification's words with its outcome and feedback, what is back with them
//! to improve, and the assessor's overall feedback.

use crate::domain::judgement::JudgementOutcome;
use crate::store::DbConnection;
use crate::store::judgements::Judgement;
use crate::store::notifications;
use crate::store::registrations::Registration;

/// A judgement written, with what the message says about it.
pub(super) struct Judged {
    pub judgement: Judgement,
    /// The item in words.
    pub words: String,
    /// Titles of the evidence it relied on.
    pub returned: Vec<String>,
}

/// "3 criteria met, 1 not yet met" (the subject).
fn counts(judged: &[Judged]) -> String {
    let met = judged
        .iter()
        .filter(|j| j.judgement.outcome == JudgementOutcome::Met)
        .count();
    let not_yet = judged.len() - met;
    let noun = |n: usize| if n == 1 { "criterion" } else { "criteria" };
    match (met, not_yet) {
        (m, 0) => format!("{m} {} met", noun(m)),
        (0, n) => format!("{n} {} not yet met", noun(n)),
        (m, n) => format!("{m} {} met, {n} not yet met", noun(m)),
    }
}

fn section(out: &mut String, heading: &str, judged: &[&Judged]) {
    if judged.is_empty() {
        return;
    }
    out.push_str(heading);
    out.push('\n');
    for j in judged {
        out.push_str(&format!("- {}\n", j.words));
        if !j.judgement.feedback.is_empty() {
            out.push_str(&format!("  Feedback: {}\n", j.judgement.feedback));
        }
    }
    out.push('\n');
}

/// The message's body: met, then not yet met with what is back with the learner, then the
/// overall feedback.
pub(super) fn body(assessor: &str, judged: &[Judged], overall_feedback: &str) -> String {
    let (met, not_yet): (Vec<&Judged>, Vec<&Judged>) = judged
        .iter()
        .partition(|j| j.judgement.outcome == JudgementOutcome::Met);
    let mut out = format!("{assessor} has judged your work.\n\n");
    section(&mut out, "Met:", &met);
    section(&mut out, "Not yet met:", &not_yet);
    let mut returned: Vec<&str> = not_yet
        .iter()
        .flat_map(|j| j.returned.iter().map(String::as_str))
        .collect();
    returned.sort_unstable();
    returned.dedup();
    if !returned.is_empty() {
        out.push_str(&format!(
            "Back with you as a draft, for what is not yet met: {}. Improve it, sign the declaration again and submit it; what is met stays met.\n\n",
            returned
                .iter()
                .map(|t| format!("\u{201c}{t}\u{201d}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !overall_feedback.is_empty() {
        out.push_str(&format!("Overall feedback:\n{overall_feedback}\n"));
    }
    out.trim_end().to_owned()
}

/// One notice to the learner, with its email twin.
pub(super) fn tell_learner(
    conn: &mut DbConnection,
    registration: &Registration,
    assessor: &str,
    public_url: &str,
    judged: &[Judged],
    overall_feedback: &str,
) -> Result<(), crate::store::StoreError> {
    let Some(at) = judged.first().map(|j| j.judgement.judged_at) else {
        return Ok(());
    };
    let subject = format!("Your work has been judged: {}", counts(judged));
    let link = format!("/registrations/{}/assessment", registration.id);
    notifications::notify_with_mail(
        conn,
        &registration.learner_id,
        &subject,
        &body(assessor, judged, overall_feedback),
        &link,
        public_url,
        at,
    )?;
    Ok(())
}
