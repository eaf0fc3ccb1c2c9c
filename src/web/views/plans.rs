//! Assessment plan pages: each plan with its activities, criteria in view, signatures (void
//! ones shown as void) and progress reviews; the forms the assessor and the learner use.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem};
use super::layout::Page;
use super::words;
use crate::actions::assessment::plans::PlanView;
use crate::domain::people::FieldError;
use crate::domain::plan::{METHODS, PlannedActivity};
use crate::domain::signature::{SignerRole, VOID_MESSAGE};
use crate::web::auth::CurrentUser;
use crate::web::views::support_needs::SupportPanel;

pub struct PlansPage<'a> {
    pub current: &'a CurrentUser,
    pub registration_id: &'a str,
    pub learner_name: &'a str,
    pub plans: &'a [PlanView],
    /// Every assessable item of the learner's qualification: (id, words).
    pub criteria: &'a [(String, String)],
    pub is_assessor: bool,
    pub is_learner: bool,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
    /// S5: the learner's support needs and adjustments, for staff.
    pub support: SupportPanel<'a>,
}

fn method_label(code: &str) -> &'static str {
    crate::domain::plan::method(code).map_or("", |m| m.label())
}

/// A criterion in view, in words (its id only when the curriculum no longer knows it).
fn criterion_words<'a>(p: &'a PlansPage<'_>, id: &'a str) -> &'a str {
    p.criteria
        .iter()
        .find(|(c, _)| c == id)
        .map_or(id, |(_, words)| words.as_str())
}

pub fn plans(p: &PlansPage<'_>) -> Markup {
    let title = format!("Assessment plans: {}", p.learner_name);
    Page::new(&title)
        .user(Some(p.current))
        .notice(p.notice)
        .trail("Home", "/home")
        .trail("Registration", format!("/registrations/{}", p.registration_id))
        .render(html! {
            (error_summary(p.errors))
            (form_problem(p.problem))
            (p.support)
            @if p.plans.is_empty() { p { "No plan yet." } }
            @for (n, v) in p.plans.iter().enumerate() { (plan(p, n + 1, v)) }
            @if p.is_assessor {
                section aria-labelledby="new-plan" {
                    h2 id="new-plan" { "Write a plan" }
                    (plan_form(p, &format!("/registrations/{}/plans", p.registration_id), &[], &[], None, "new"))
                }
            }
        })
}

fn plan(p: &PlansPage<'_>, n: usize, v: &PlanView) -> Markup {
    let id = format!("plan-{n}");
    let agreed = v.signed_by(SignerRole::Assessor) && v.signed_by(SignerRole::Learner);
    html! {
        section aria-labelledby=(id) {
            h2 id=(id) { "Plan " (n) " (version " (v.plan.version) ")" @if agreed { " " span class="tag" { "Agreed" } } }
            table {
                caption { "Activities" }
                thead { tr { th scope="col" { "Activity" } th scope="col" { "Method" } th scope="col" { "Target date" } } }
                tbody {
                    @for a in &v.content.activities {
                        tr {
                            td data-label="Activity" { (a.activity) }
                            td data-label="Method" { (method_label(&a.method)) }
                            td data-label="Target date" { (words::day(a.target_date)) }
                        }
                    }
                }
            }
            h3 { "Criteria in view" }
            ul { @for c in &v.content.criteria { li { (criterion_words(p, c)) } } }
            (signatures(v))
            @if p.is_learner && !v.signed_by(SignerRole::Learner) {
                form method="post" action={ "/plans/" (v.plan.id) "/sign" } {
                    (csrf(&p.current.session.csrf_token))
                    button type="submit" { "Sign this plan: I agree to it" }
                }
            }
            h3 { "Progress reviews" }
            @if v.reviews.is_empty() { p { "None yet." } }
            @for r in &v.reviews {
                div class="review" {
                    p { strong { "Reviewed " (words::day(r.reviewed_on)) ". " } (r.progress) }
                    p class="prewrap" { strong { "Next steps: " } (r.next_steps) }
                    p { strong { "Next review: " } (words::day(r.next_review_on)) }
                }
            }
            @if p.is_assessor {
                (review_form(p, n, &v.plan.id))
                h3 { "Change this plan" }
                p class="hint" { "A change voids both signatures; you sign the new version as you save it, and the learner is asked to sign again." }
                (plan_form(p, &format!("/plans/{}", v.plan.id), &v.content.activities, &v.content.criteria, Some(v.plan.version), &format!("p{n}")))
            }
        }
    }
}

/// Who signed the plan and when; the network address and fingerprint for an auditor.
fn signatures(v: &PlanView) -> Markup {
    html! {
        h3 { "Signatures" }
        @if v.signatures.is_empty() { p { "Not signed." } }
        ul {
            @for (s, valid) in &v.signatures {
                li {
                    (SignerRole::parse(&s.signer_role).map_or("", SignerRole::label)) ": " (s.signer_name) ", "
                    (words::moment(s.signed_at))
                    @if !*valid { " " strong class="void" { (VOID_MESSAGE) } }
                    details class="technical" {
                        summary { "Technical details" }
                        p { "Signed from network address " (s.client_address) }
                        p { "SHA-256 of what was signed: " span class="id" { (s.content_sha256) } }
                    }
                }
            }
        }
    }
}

fn review_form(p: &PlansPage<'_>, n: usize, plan_id: &str) -> Markup {
    let key = format!("r{n}");
    html! {
        form method="post" action={ "/plans/" (plan_id) "/reviews" } {
            (csrf(&p.current.session.csrf_token))
            fieldset {
                legend { "Record a progress review" }
                (Input::new("reviewed_on", "Reviewed on").id(&format!("reviewed_on-{key}")).kind("date").render(&[]))
                div class="field" {
                    label for={ "progress-" (key) } { "Progress made" }
                    textarea id={ "progress-" (key) } name="progress" rows="3" {}
                }
                div class="field" {
                    label for={ "next_steps-" (key) } { "Next steps" }
                    textarea id={ "next_steps-" (key) } name="next_steps" rows="3" {}
                }
                (Input::new("next_review_on", "Next review on").id(&format!("next_review_on-{key}")).kind("date").render(&[]))
            }
            button type="submit" { "Record the review" }
        }
    }
}

fn plan_form(
    p: &PlansPage<'_>,
    action: &str,
    activities: &[PlannedActivity],
    criteria: &[String],
    version: Option<i32>,
    key: &str,
) -> Markup {
    // The rows there are, and room for two more.
    let rows = activities.len() + 2;
    html! {
        form method="post" action=(action) {
            (csrf(&p.current.session.csrf_token))
            @if let Some(v) = version { input type="hidden" name="version" value=(v); }
            @for i in 0..rows {
                @let a = activities.get(i);
                @let id = |f: &str| if key == "new" { format!("activities[{i}].{f}") } else { format!("{key}-{f}-{i}") };
                fieldset {
                    legend { "Activity " (i + 1) @if a.is_none() && i > 0 { " (optional)" } }
                    div class="field" {
                        label for=(id("activity")) { "What the learner will do" }
                        input type="text" id=(id("activity")) name="activity" value=(a.map_or("", |a| a.activity.as_str()));
                    }
                    div class="field" {
                        label for=(id("method")) { "How it is assessed" }
                        select id=(id("method")) name="method" {
                            @for m in METHODS {
                                option value=(m.code()) selected[a.is_some_and(|a| a.method == m.code())] { (m.label()) }
                            }
                        }
                    }
                    div class="field" {
                        label for=(id("target_date")) { "Target date" }
                        input type="date" id=(id("target_date")) name="target_date" value=(a.map_or(String::new(), |a| a.target_date.to_string()));
                    }
                }
            }
            fieldset {
                legend { "Criteria in view" }
                @for (index, (value, text)) in p.criteria.iter().enumerate() {
                    @let id = if index == 0 && key == "new" { "criteria".to_owned() } else { format!("{key}-criteria-{index}") };
                    label class="checkbox" for=(id) {
                        input type="checkbox" id=(id) name="criteria" value=(value) checked[criteria.contains(value)];
                        (text)
                    }
                }
            }
            button type="submit" { @if version.is_some() { "Save the change and sign it" } @else { "Save the plan and sign it" } }
        }
    }
}
