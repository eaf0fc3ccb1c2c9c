//! The assessor's forms on the assessment record: judging an item (with the evidence relied on
//! and the evidence to map with it) and recording an observation; and an observation as shown.

use maud::{Markup, html};

use super::super::forms::{Input, checkboxes, csrf, select, textarea};
use super::super::words;
use super::{AssessmentPage, button_form, signatures};
use crate::actions::assessment::record::AssessmentRecord;
use crate::curriculum::model::Unit;
use crate::domain::ids::{ObservationId, UnitId};
use crate::domain::judgement::{JudgementOutcome, judgeable_items_of_unit};
use crate::store::signatures::OBSERVATION;

fn unmapped_evidence(r: &AssessmentRecord, item_id: &str) -> Vec<(String, String)> {
    r.evidence
        .iter()
        .filter(|(e, _)| !r.mappings.iter().any(|(ev, i)| *ev == e.id && i == item_id))
        .map(|(e, _)| (e.id.clone(), e.title.clone()))
        .collect()
}

pub(super) fn judgement_form(page: &AssessmentPage<'_>, units: &[&Unit]) -> Markup {
    let r = page.record;
    let v = page.judgement;
    let mut items = vec![(String::new(), "Choose an item".to_owned())];
    for unit in units
        .iter()
        .filter(|u| r.standing(&UnitId::from_stored(u.id.as_str())).is_none())
    {
        items.extend(judgeable_items_of_unit(unit).into_iter().map(|i| {
            let words = unit.item_words(&i).unwrap_or_else(|| i.clone());
            (i, format!("Unit {}, {words}", unit.number))
        }));
    }
    let evidence: Vec<(String, String)> = r
        .evidence
        .iter()
        .map(|(e, _)| (e.id.clone(), format!("{} ({})", e.title, e.status)))
        .collect();
    let outcome_error = page.errors.iter().find(|e| e.field == "outcome");
    html! {
        h2 id="judge" { "Record a judgement" }
        form method="post" action={ "/registrations/" (r.registration.id) "/decisions" } novalidate {
            (csrf(&page.current.session.csrf_token))
            input type="hidden" name="replaces_round" value=(v.replaces_round);
            (select("criterion_id", "Criterion or item", &items, &v.item_id, page.errors))
            div class="field" {
                fieldset {
                    legend { "Outcome" }
                    @if let Some(e) = outcome_error { p class="error" { (e.message) } }
                    @for (i, o) in JudgementOutcome::ALL.iter().enumerate() {
                        @let id = if i == 0 { "outcome".to_owned() } else { format!("outcome-{}", o.as_str()) };
                        label class="checkbox" for=(id) {
                            input type="radio" id=(id) name="outcome" value=(o.as_str()) checked[v.outcome == o.as_str()];
                            (o.label())
                        }
                    }
                }
            }
            @if evidence.is_empty() { p { "There is no evidence in this portfolio yet." } }
            @else {
                (checkboxes("evidence_ids", "Evidence relied on", &evidence, &v.evidence_ids, page.errors))
                @let unmapped = unmapped_evidence(r, &v.item_id);
                @if !unmapped.is_empty() {
                    (checkboxes("map_evidence_ids", "Also map to the criterion judged (recorded as your mapping; a met needs every item relied on mapped to it)", &unmapped, &v.map_evidence_ids, page.errors))
                }
            }
            (textarea("feedback", "Feedback for the learner (plain text; needed when not yet met)", &v.feedback, page.errors))
            button type="submit" class="primary" { "Record judgement" }
        }
    }
}

/// A criterion observed, in the specification's words ("Unit 001, 1.1 Explain …"); the id only
/// when no unit of the qualification knows it.
fn criterion_words(units: &[&Unit], item_id: &str) -> String {
    units
        .iter()
        .find_map(|u| {
            u.item_words(item_id)
                .map(|words| format!("Unit {}, {words}", u.number))
        })
        .unwrap_or_else(|| item_id.to_owned())
}

/// A range item covered, as the specification words it ("Heading: item").
fn range_words(units: &[&Unit], range_id: &str) -> String {
    units
        .iter()
        .flat_map(|u| u.outcomes.iter())
        .flat_map(|o| o.range.iter())
        .find_map(|range| {
            (0..range.items.len())
                .find(|i| range.item_id(*i) == range_id)
                .and_then(|i| range.items.get(i))
                .map(|text| format!("{}: {text}", range.heading))
        })
        .unwrap_or_else(|| range_id.to_owned())
}

pub(super) fn observation_view(
    page: &AssessmentPage<'_>,
    units: &[&Unit],
    o: &crate::store::observations::Observation,
) -> Markup {
    let r = page.record;
    let observation = ObservationId::from_stored(o.id.as_str());
    let kind = o.observer_kind.label();
    let observer_role = o.observer_kind.signer_role().code();
    let valid = |role: &str| {
        r.signature(OBSERVATION, &observation, role)
            .is_some_and(|s| r.state_of(page.curriculum, s).is_valid())
    };
    html! {
        h3 { "Observation on " (words::day(o.observed_on)) " by " (o.observer_name) " (" (kind) ")" }
        dl class="facts" {
            dt { "Planned" } dd { (if o.planned { "Yes" } else { "No" }) }
            dt { "Setting" } dd { (o.setting) }
            dt { "People present" } dd {
                @let people = o.people();
                @if people.is_empty() { "Nobody else recorded." }
                ul { @for p in people { li { (p.name) ", " (p.role) ": " (if p.consent { "consented" } else { "did not consent" }) } } }
            }
            dt { "Criteria observed" } dd { ul { @for c in o.criteria_ids() { li { (criterion_words(units, c)) } } } }
            dt { "Range covered" } dd { ul { @for c in o.range_ids() { li { (range_words(units, c)) } } } }
        }
        p { (o.narrative) }
        (signatures(page, OBSERVATION, &ObservationId::from_stored(o.id.as_str())))
        @if page.is_learner && !valid("learner") && valid(observer_role) {
            (button_form(page, format!("/observations/{}/countersign", o.id), "Countersign this observation"))
        }
    }
}

pub(super) fn observation_form(page: &AssessmentPage<'_>, units: &[&Unit]) -> Markup {
    let v = page.observation;
    let criteria: Vec<(String, String)> = units
        .iter()
        .flat_map(|u| {
            judgeable_items_of_unit(u).into_iter().map(|i| {
                let words = u.item_words(&i).unwrap_or_else(|| i.clone());
                (i, format!("Unit {}, {words}", u.number))
            })
        })
        .collect();
    let range: Vec<(String, String)> = units
        .iter()
        .flat_map(|u| u.outcomes.iter())
        .flat_map(|o| o.range.iter())
        .flat_map(|range| {
            range
                .items
                .iter()
                .enumerate()
                .map(move |(i, text)| (range.item_id(i), format!("{}: {text}", range.heading)))
        })
        .collect();
    let planned_error = page.errors.iter().find(|e| e.field == "planned");
    html! {
        h3 id="observe" { "Record an observation" }
        form method="post" action={ "/registrations/" (page.record.registration.id) "/observations" } novalidate {
            (csrf(&page.current.session.csrf_token))
            div class="field" {
                fieldset {
                    legend { "Was the observation planned?" }
                    @if let Some(e) = planned_error { p class="error" { (e.message) } }
                    label class="checkbox" for="planned" { input type="radio" id="planned" name="planned" value="yes" checked[v.planned == "yes"]; "Planned" }
                    label class="checkbox" for="planned-no" { input type="radio" id="planned-no" name="planned" value="no" checked[v.planned == "no"]; "Not planned" }
                }
            }
            (Input::new("observed_on", "Date of the observation").kind("date").value(&v.observed_on).render(page.errors))
            (Input::new("setting", "Setting").value(&v.setting).render(page.errors))
            (textarea("people_present", "People present, one a line: name; role; consent (yes or no)", &v.people_present, page.errors))
            (textarea("narrative", "What you observed", &v.narrative, page.errors))
            (checkboxes("criteria", "Criteria observed", &criteria, &v.criteria, page.errors))
            @if !range.is_empty() { (checkboxes("range_items", "Range covered", &range, &v.range_items, page.errors)) }
            button type="submit" class="primary" { "Record and sign the observation" }
        }
    }
}
