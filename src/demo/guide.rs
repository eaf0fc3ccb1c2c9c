//! What `serve --demo` prints: where to sign in, and what each account finds waiting.

use super::accounts::{DEMO_PASSWORD, PEOPLE};

/// Each demo account and what its home shows waiting (the README's table says the same).
pub const SHOWS: &[(&str, &str, &str)] = &[
    (
        "admin@demo.example",
        "platform administrator",
        "1 centre without a centre administrator",
    ),
    (
        "exams@demo.example",
        "centre administrator (exams officer)",
        "1 learner without the awarding body's reference a claim needs; 1 claim submitted, waiting for its certificates to be recorded",
    ),
    ("tutor@demo.example", "tutor", "1 session to run this week"),
    (
        "assessor@demo.example",
        "assessor",
        "1 piece of evidence waiting for your judgement",
    ),
    (
        "assessor2@demo.example",
        "assessor",
        "1 signed witness testimony to accept or reject; 1 action from an IQA referral to close",
    ),
    (
        "iqa@demo.example",
        "IQA",
        "1 sampled decision waiting for your check",
    ),
    (
        "iqa2@demo.example",
        "IQA",
        "1 sampled decision waiting for your check",
    ),
    (
        "eqa@demo.example",
        "external quality assurer",
        "1 qualification to review: sampling, decisions and the sample pack",
    ),
    (
        "learner1@demo.example",
        "learner, 3085-01",
        "criteria still without evidence (no work yet: the browser journeys start from here)",
    ),
    (
        "learner2@demo.example",
        "learner, 3085-02",
        "criteria still without evidence (no work yet)",
    ),
    (
        "learner3@demo.example",
        "learner, FX35 35, open learning",
        "Evidence Requirements still without evidence (no work yet)",
    ),
    (
        "learner4@demo.example",
        "learner, 3085-01",
        "1 piece of evidence in draft to finish and submit",
    ),
    (
        "learner5@demo.example",
        "learner, 3085-01",
        "evidence submitted; criteria still without evidence",
    ),
    (
        "learner6@demo.example",
        "learner, 3085-02",
        "four criteria judged met, one decision referred by the IQA; criteria still without evidence",
    ),
    (
        "learner7@demo.example",
        "learner, FX35 35",
        "judged not yet met: 1 piece of evidence back in draft to finish and submit",
    ),
    (
        "learner8@demo.example",
        "learner, 3085-01",
        "1 unit signed off by your assessor to read and countersign",
    ),
    (
        "learner9@demo.example",
        "learner, 3085-01",
        "Unit 001 countersigned and verified, ready to claim; 1 training session this week",
    ),
    (
        "learner10@demo.example",
        "learner, 3085-01",
        "claimed (submitted to City & Guilds); 1 training session this week",
    ),
    (
        "learner11@demo.example",
        "learner, 3085-01",
        "certificated; 1 training session this week",
    ),
    (
        "learner12@demo.example",
        "learner, 3085-02",
        "witness testimony signed, with the assessor; criteria still without evidence",
    ),
];

/// The guide printed at start: the accounts, their names and what each finds waiting.
pub fn guide(base: &str, created: bool) -> String {
    let mut lines = vec![
        if created {
            "Demo centre created: Demo Care Academy, with work in every state."
        } else {
            "Demo centre already present: Demo Care Academy."
        }
        .to_owned(),
        format!("Sign in at {base}/sign-in with any of these (password: {DEMO_PASSWORD}):"),
    ];
    for (email, role, shows) in SHOWS {
        let name = PEOPLE
            .iter()
            .find(|p| p.email == *email)
            .map_or("", |p| p.name);
        lines.push(format!("  {email:<24} {name} ({role}): {shows}"));
    }
    lines.push(
        "The demo accounts share a published password, so the demo centre does not require two-step sign-in (a new centre requires it of its administrators): use --demo only to try the platform out."
            .to_owned(),
    );
    lines.join("\n")
}
