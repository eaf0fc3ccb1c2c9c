//! The proposed sample as a form: every decision of the period the IQA may sample (never their
//! own, C8), the proposed ones ticked with why each was chosen, and the reason to give when the
//! IQA changes the selection.

use std::collections::HashMap;

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem, select, textarea};
use super::layout::Page;
use super::sampling_report::basis_words;
use super::words as dates;
use crate::actions::iqa::sampling::PlanWithRates;
use crate::actions::iqa::sampling_proposal::ProposalView;
use crate::curriculum::Curriculum;
use crate::domain::people::FieldError;
use crate::domain::sampling::Stage;
use crate::domain::sampling::camera::{Decision, Dimension, value_label};
use crate::domain::sampling::proposal::{Pick, Reason};
use crate::web::auth::CurrentUser;

/// What the IQA posted, to tick again on a refused form.
#[derive(Debug, Clone, Default)]
pub struct Posted {
    pub chosen: Vec<String>,
    pub reason: String,
}

pub struct ProposalPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub centre_id: &'a str,
    pub plans: &'a [PlanWithRates],
    pub view: &'a ProposalView,
    pub stage: Stage,
    /// What was posted, when the form comes back refused.
    pub posted: Option<&'a Posted>,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    /// Each decision's criterion in words ("Unit 001, 1.1 …"), by item id.
    pub words: &'a std::collections::BTreeMap<String, String>,
}

fn reason_words(p: &ProposalPage<'_>, reason: &Reason) -> String {
    let names = &p.view.period.names;
    match reason {
        Reason::Covers(dimension, value) => {
            let words = match dimension {
                Dimension::Candidate | Dimension::Assessor => {
                    names.get(value).cloned().unwrap_or_else(|| value.clone())
                }
                other => value_label(*other, value),
            };
            format!("First for {}: {words}", dimension.label().to_lowercase())
        }
        Reason::Unit(unit) => match p.curriculum.unit(unit) {
            Some((_, u)) => format!("First from Unit {} {}", u.number, u.title),
            None => format!("First from unit {unit}"),
        },
        Reason::Rate { rate, basis } => format!(
            "Tops the assessor up to {rate}% ({})",
            basis_words(*basis).to_lowercase()
        ),
    }
}

fn words(d: &Decision, dimension: Dimension) -> String {
    d.values(dimension)
        .into_iter()
        .map(|v| value_label(dimension, v))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn page(p: &ProposalPage<'_>) -> Markup {
    let view = p.view;
    Page::new("Propose a sample")
        .user(Some(p.current))
        .trail("Home", "/home")
        .trail("Sampling", format!("/centres/{}/sampling", p.centre_id))
        .render(html! {
            (form_problem(p.problem))
            (choose_form(p))
            p {
                "Seed " (view.proposal.seed) ": the same seed gives the same proposal. "
                (view.period.decisions.len()) " decisions in the period at this stage; "
                (view.proposal.own_decisions_left_out) " of them are your own and are not offered."
            }
            @if !view.proposal.left_to_another_iqa.is_empty() {
                p { strong { "For another IQA to sample: " }
                    (view.proposal.left_to_another_iqa.iter().map(|(d, v)| format!("{}: {}", d.label(), view.period.names.get(v).cloned().unwrap_or_else(|| value_label(*d, v)))).collect::<Vec<_>>().join("; "))
                }
            }
            @if view.period.decisions.is_empty() {
                div class="callout" role="note" {
                    p { strong { "Nothing to sample at this stage yet." } }
                    p { "Interim sampling looks at decisions in the plan's period on units not signed off yet; summative sampling at the decisions of units signed off, before a claim. When assessors record decisions in the period, they appear here. Choose the other stage above, or change the plan's period on the sampling page." }
                }
            }
            (take_form(p))
        })
}

fn choose_form(p: &ProposalPage<'_>) -> Markup {
    let plans: Vec<(String, String)> = p
        .plans
        .iter()
        .map(|x| {
            let x = &x.plan;
            (
                x.id.clone(),
                format!(
                    "{}: {} to {}",
                    p.curriculum.qualification_name(&x.qualification_id),
                    dates::day(x.period_start),
                    dates::day(x.period_end)
                ),
            )
        })
        .collect();
    let stages: Vec<(String, String)> = Stage::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), s.label().to_owned()))
        .collect();
    let seed = p.view.proposal.seed.to_string();
    html! {
        form method="get" action={ "/centres/" (p.centre_id) "/sampling/proposal" } {
            h2 { "What to propose from" }
            (select("plan_id", "Sampling plan", &plans, &p.view.period.plan.plan.id, &[]))
            (select("stage", "Stage", &stages, p.stage.as_str(), &[]))
            (Input::new("seed", "Seed").value(&seed).hint("A whole number; leave blank for a new one.").optional().render(&[]))
            button type="submit" { "Propose" }
        }
    }
}

fn take_form(p: &ProposalPage<'_>) -> Markup {
    let view = p.view;
    let own = &p.current.user.id;
    let picks: HashMap<usize, &Pick> = view.proposal.picks.iter().map(|x| (x.index, x)).collect();
    // Proposed first, then the other decisions the IQA may sample; never their own (C8).
    let mut rows: Vec<usize> = view.proposal.picks.iter().map(|x| x.index).collect();
    rows.extend(
        (0..view.period.decisions.len())
            .filter(|i| !picks.contains_key(i))
            .filter(|i| {
                view.period
                    .decisions
                    .get(*i)
                    .is_some_and(|d| &d.assessor_id != own)
            }),
    );
    let ticked = |i: usize, id: &str| match p.posted {
        Some(posted) => posted.chosen.iter().any(|c| c == id),
        None => picks.contains_key(&i),
    };
    html! {
        form method="post" action={ "/centres/" (p.centre_id) "/samples" } {
            h2 { "The proposed sample" }
            (error_summary(p.errors))
            (csrf(&p.current.session.csrf_token))
            input type="hidden" name="plan_id" value=(view.period.plan.plan.id);
            input type="hidden" name="stage" value=(p.stage.as_str());
            input type="hidden" name="seed" value=(view.proposal.seed);
            fieldset id="judgement_ids" {
                legend { "Decisions to sample: the proposed ones are ticked" }
                @if rows.is_empty() { p { "No decision of this period and stage that you may sample." } }
                @else {
                    table class="stack" {
                        caption { "Decisions you may sample" }
                        thead { tr {
                            th scope="col" { "Sample" } th scope="col" { "Learner" } th scope="col" { "Assessor" }
                            th scope="col" { "Criterion" } th scope="col" { "Method" }
                            th scope="col" { "Evidence type" } th scope="col" { "Location" } th scope="col" { "Why chosen" }
                        } }
                        tbody {
                            @for i in &rows {
                                @if let Some(d) = view.period.decisions.get(*i) {
                                    (decision_row(p, d, picks.get(i).copied(), ticked(*i, &d.judgement_id)))
                                }
                            }
                        }
                    }
                }
            }
            (textarea("adjustment_reason", "Why you changed the proposed sample (needed when you tick or untick any)", p.posted.map_or("", |x| x.reason.as_str()), p.errors))
            button type="submit" { "Take the sample" }
        }
    }
}

/// One decision: its box (ticked when proposed or posted), CAMERA values and why it was chosen.
fn decision_row(p: &ProposalPage<'_>, d: &Decision, pick: Option<&Pick>, ticked: bool) -> Markup {
    let view = p.view;
    let criterion = p
        .words
        .get(&d.item_id)
        .map_or(d.item_id.as_str(), String::as_str);
    let name = |id: &str| {
        view.period
            .names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    };
    let box_id = format!("decision-{}", d.judgement_id);
    html! {
        tr {
            td data-label="Sample" {
                input type="checkbox" id=(box_id) name="judgement_ids" value=(d.judgement_id) checked[ticked];
                label for=(box_id) class="visually-hidden" { "Sample " (criterion) " for " (name(&d.learner_id)) }
            }
            th scope="row" { (name(&d.learner_id)) }
            td data-label="Assessor" { (name(&d.assessor_id)) }
            td data-label="Criterion" { (criterion) }
            td data-label="Method" { (words(d, Dimension::Method)) }
            td data-label="Evidence type" { (words(d, Dimension::Evidence)) }
            td data-label="Location" { (words(d, Dimension::Location)) }
            td data-label="Why chosen" {
                @match pick {
                    Some(pick) => {
                        (pick.reasons.iter().map(|r| reason_words(p, r)).collect::<Vec<_>>().join("; "))
                        @if pick.sampled_before { " (sampled before)" }
                    }
                    None => "Not proposed",
                }
            }
        }
    }
}
