//! Records views: the retention form on the centre page, and the `index.html` inside a learner's
//! portfolio ZIP (a page that works offline: its style inline, links relative to the ZIP).

use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde_json::Value;

use super::forms::{Input, csrf, error_summary};
use crate::actions::claims::records::{Portfolio, member_name};
use crate::domain::people::FieldError;
use crate::domain::retention::{MAX_RETENTION_YEARS, RetentionYears};

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

fn number(row: &Value, key: &str) -> String {
    row.get(key).map(|v| v.to_string()).unwrap_or_default()
}

fn rows<'a>(records: &'a Value, section: &str) -> &'a [Value] {
    records
        .get(section)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The portfolio's `index.html`.
pub fn portfolio_index(p: &Portfolio, generated_at: &str) -> Markup {
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
                    p class="muted" { "Downloaded " (generated_at) ". Every record is also in " a href="records.json" { "records.json" } "." }
                    (evidence_section(p))
                    (judgements_section(r))
                    (sign_offs_section(r))
                    (observations_section(r))
                    (plans_section(r))
                }
            }
        }
    }
}

fn evidence_section(p: &Portfolio) -> Markup {
    let r = &p.records;
    html! {
        h2 { "Evidence" }
        @if rows(r, "evidence").is_empty() { p { "No evidence." } }
        @for item in rows(r, "evidence") {
            @let id = text(item, "id");
            h3 { (text(item, "title")) }
            p class="muted" { (text(item, "kind")) ", " (text(item, "status")) ", activity on " (text(item, "activity_date")) ", version " (number(item, "current_version")) }
            @let mapped: Vec<&str> = rows(r, "evidence_mappings").iter().filter(|m| text(m, "evidence_id") == id).map(|m| text(m, "item_id")).collect();
            @if !mapped.is_empty() { p { "Mapped to: " (mapped.join(", ")) } }
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

fn judgements_section(r: &Value) -> Markup {
    html! {
        h2 { "Judgements" }
        table {
            thead { tr { th scope="col" { "Item" } th scope="col" { "Round" } th scope="col" { "Outcome" } th scope="col" { "Feedback" } th scope="col" { "When" } } }
            tbody {
                @for j in rows(r, "judgements") {
                    tr { td { (text(j, "item_id")) } td { (number(j, "round")) } td { (text(j, "outcome")) } td { (text(j, "feedback")) } td { (text(j, "judged_at")) } }
                }
            }
        }
    }
}

fn sign_offs_section(r: &Value) -> Markup {
    html! {
        h2 { "Unit sign-offs and signatures" }
        ul {
            @for s in rows(r, "sign_offs") { li { (text(s, "unit_id")) " signed off " (text(s, "signed_off_at")) } }
        }
        table {
            thead { tr { th scope="col" { "Record" } th scope="col" { "Signed by" } th scope="col" { "When" } th scope="col" { "SHA-256 of the record" } } }
            tbody {
                @for s in rows(r, "signatures") {
                    tr { td { (text(s, "record_type")) } td { (text(s, "signer_name")) " (" (text(s, "signer_role")) ")" } td { (text(s, "signed_at")) } td { code { (text(s, "content_sha256")) } } }
                }
            }
        }
    }
}

fn observations_section(r: &Value) -> Markup {
    html! {
        h2 { "Observations" }
        @for o in rows(r, "observations") {
            h3 { "Observed on " (text(o, "observed_on")) " by " (text(o, "observer_name")) }
            p { (text(o, "narrative")) }
        }
    }
}

fn plans_section(r: &Value) -> Markup {
    html! {
        h2 { "Assessment plans and reviews" }
        @for plan in rows(r, "assessment_plans") {
            p { "Plan version " (number(plan, "version")) ", written " (text(plan, "created_at")) }
        }
        @for review in rows(r, "plan_reviews") {
            p { "Review on " (text(review, "reviewed_on")) ": " (text(review, "progress")) " Next steps: " (text(review, "next_steps")) }
        }
    }
}
