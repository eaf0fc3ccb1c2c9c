//! Records views: the retention form on the centre page, and the `index.html` inside a learner's
//! portfolio ZIP (a page that works offline: its style inline, links relative to the ZIP).

use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde_json::Value;

use super::admin::action_words;
use super::evidence::mapped_words;
use super::forms::{Input, csrf, error_summary};
use super::words;
use crate::actions::claims::records::{Portfolio, member_name};
use crate::curriculum::Curriculum;
use crate::domain::evidence::{EvidenceKind, EvidenceStatus};
use crate::domain::judgement::JudgementOutcome;
use crate::domain::people::FieldError;
use crate::domain::retention::{MAX_RETENTION_YEARS, RetentionYears};
use crate::domain::signature::SignerRole;

/// The centre page's retention section: the period and the form to change it.
pub fn retention_form(
    centre_id: &str,
    csrf_token: &str,
    years: RetentionYears,
    errors: &[FieldError],
) -> Markup {
    let value = years.get().to_string();
    let hint = format!(
        "Whole years from 1 to {MAX_RETENTION_YEARS}. After this long from a learner's certification, `eportfolio records purge` removes their evidence and assessment records (Q3)."
    );
    html! {
        h2 id="retention" { "Records retention" }
        p { "Assessment records and evidence are kept for " strong { (value) " years" } " after certification." }
        (error_summary(errors))
        form method="post" action={ "/centres/" (centre_id) "/retention" } novalidate {
            (csrf(csrf_token))
            (Input::new("years", "Retention period in years").kind("number").value(&value).hint(&hint).render(errors))
            button type="submit" { "Save the retention period" }
        }
    }
}

/// Style for the offline page (this is our own constant text, not anything a user wrote).
const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}\
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#eee}a{color:#1d4ed8}.muted{color:#555}";

fn text<'a>(row: &'a Value, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A stored date or timestamp of a record, as people write it.
fn date(row: &Value, key: &str) -> String {
    words::stored(text(row, key))
}

/// A unit as people name it ("Unit 001 Principles of …").
fn unit_words(curriculum: &Curriculum, unit_id: &str) -> String {
    curriculum.unit(unit_id).map_or_else(
        || unit_id.to_owned(),
        |(_, u)| format!("Unit {} {}", u.number, u.title),
    )
}

fn number(row: &Value, key: &str) -> String {
    row.get(key).map(|v| v.to_string()).unwrap_or_default()
}

fn rows<'a>(records: &'a Value, section: &str) -> &'a [Value] {
    records
        .get(section)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The portfolio's `index.html`: records in words (the ids and fingerprints stay in
/// `records.json`, and under "Technical details").
pub fn portfolio_index(p: &Portfolio, generated_at: &str, curriculum: &Curriculum) -> Markup {
    let r = &p.records;
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Portfolio of " (p.learner_name) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    h1 { "Portfolio of " (p.learner_name) }
                    p { (p.qualification) }
                    p class="muted" { "Downloaded " (words::stored(generated_at)) ". Every record is also in " a href="records.json" { "records.json" } "." }
                    (evidence_section(p, curriculum))
                    (judgements_section(r, curriculum))
                    (sign_offs_section(r, curriculum))
                    (observations_section(r))
                    (plans_section(r))
                }
            }
        }
    }
}

fn evidence_section(p: &Portfolio, curriculum: &Curriculum) -> Markup {
    let r = &p.records;
    html! {
        h2 { "Evidence" }
        @if rows(r, "evidence").is_empty() { p { "No evidence." } }
        @for item in rows(r, "evidence") {
            @let id = text(item, "id");
            h3 { (text(item, "title")) }
            @let kind = EvidenceKind::parse(text(item, "kind")).map_or("Evidence", |k| k.label());
            @let status = EvidenceStatus::parse(text(item, "status")).map_or(text(item, "status"), |s| s.label());
            p class="muted" { (kind) ", " (status) ", activity on " (date(item, "activity_date")) ", version " (number(item, "current_version")) }
            @let mapped: Vec<String> = rows(r, "evidence_mappings").iter().filter(|m| text(m, "evidence_id") == id).map(|m| mapped_words(curriculum, text(m, "item_id"))).collect();
            @if !mapped.is_empty() { p { "Mapped to:" } ul { @for m in &mapped { li { (m) } } } }
            @let files: Vec<_> = p.files.iter().filter(|f| f.1 == id).collect();
            @if !files.is_empty() {
                ul {
                    @for f in files {
                        li { a href=(member_name(f)) { (f.3) } " (" (f.4) " bytes)" }
                    }
                }
            }
        }
    }
}

fn judgements_section(r: &Value, curriculum: &Curriculum) -> Markup {
    html! {
        h2 { "Judgements" }
        table {
            thead { tr { th scope="col" { "Item" } th scope="col" { "Round" } th scope="col" { "Outcome" } th scope="col" { "Feedback" } th scope="col" { "When" } } }
            tbody {
                @for j in rows(r, "judgements") {
                    @let outcome = JudgementOutcome::parse(text(j, "outcome")).map_or(text(j, "outcome"), |o| o.label());
                    tr {
                        td data-label="Item" { (curriculum.item_words(text(j, "unit_id"), text(j, "item_id"))) }
                        td data-label="Round" { (number(j, "round")) }
                        td data-label="Outcome" { (outcome) }
                        td data-label="Feedback" { (text(j, "feedback")) }
                        td data-label="When" { (date(j, "judged_at")) }
                    }
                }
            }
        }
    }
}

fn sign_offs_section(r: &Value, curriculum: &Curriculum) -> Markup {
    html! {
        h2 { "Unit sign-offs and signatures" }
        ul {
            @for s in rows(r, "sign_offs") { li { (unit_words(curriculum, text(s, "unit_id"))) " signed off " (date(s, "signed_off_at")) } }
        }
        table {
            thead { tr { th scope="col" { "Record" } th scope="col" { "Signed by" } th scope="col" { "When" } th scope="col" { "Fingerprint of the record" } } }
            tbody {
                @for s in rows(r, "signatures") {
                    @let role = SignerRole::parse(text(s, "signer_role")).map_or(text(s, "signer_role"), |role| role.label());
                    tr {
                        td data-label="Record" { (action_words(text(s, "record_type"))) }
                        td data-label="Signed by" { (text(s, "signer_name")) " (" (role) ")" }
                        td data-label="When" { (date(s, "signed_at")) }
                        td data-label="Fingerprint of the record" {
                            details class="technical" { summary { "SHA-256" } code { (text(s, "content_sha256")) } }
                        }
                    }
                }
            }
        }
    }
}

fn observations_section(r: &Value) -> Markup {
    html! {
        h2 { "Observations" }
        @for o in rows(r, "observations") {
            h3 { "Observed on " (date(o, "observed_on")) " by " (text(o, "observer_name")) }
            p { (text(o, "narrative")) }
        }
    }
}

fn plans_section(r: &Value) -> Markup {
    html! {
        h2 { "Assessment plans and reviews" }
        @for plan in rows(r, "assessment_plans") {
            p { "Plan version " (number(plan, "version")) ", written " (date(plan, "created_at")) }
        }
        @for review in rows(r, "plan_reviews") {
            p { "Review on " (date(review, "reviewed_on")) ": " (text(review, "progress")) " Next steps: " (text(review, "next_steps")) }
        }
    }
}
