//! The assessment record page: each unit's items with their latest judgement, feedback and
//! every earlier round, sign-off and signatures (a void one says so), observations, and the
//! forms each person may use (assessor: judge, observe, sign off; learner: countersign; centre
//! administrator: unlock). Everything a person wrote is shown escaped.

use maud::{Markup, html};

use super::forms::{Input, checkboxes, csrf, error_summary, form_problem, select, textarea};
use super::layout::Page;
use crate::actions::assessment::record::AssessmentRecord;
use crate::actions::assessment::sufficiency::warnings_for;
use crate::curriculum::Curriculum;
use crate::curriculum::model::Unit;
use crate::domain::ids::{
    CriterionId, JudgementId, ObservationId, RecordId, SignOffId, UnitId, UserId,
};
use crate::domain::judgement::{JudgementOutcome, judgeable_items_of_unit};
use crate::domain::people::FieldError;
use crate::domain::sign_off::UnlockKind;
use crate::domain::signature::{SignerRole, VOID_MESSAGE};
use crate::store::sign_offs::UnitSignOff;
use crate::store::signatures::{OBSERVATION, UNIT_SIGN_OFF};
use crate::web::auth::CurrentUser;
use crate::web::views::support_needs::SupportPanel;

/// The judgement form's values (refilled after an error).
#[derive(Debug, Clone, Default)]
pub struct JudgementValues {
    pub item_id: String,
    pub outcome: String,
    pub evidence_ids: Vec<String>,
    pub feedback: String,
    pub replaces_round: String,
    /// Evidence relied on that the assessor maps to the criterion with the judgement.
    pub map_evidence_ids: Vec<String>,
}

/// The observation form's values (refilled after an error).
#[derive(Debug, Clone, Default)]
pub struct ObservationValues {
    pub planned: String,
    pub observed_on: String,
    pub setting: String,
    pub people_present: String,
    pub narrative: String,
    pub criteria: Vec<String>,
    pub range_items: Vec<String>,
}

pub struct AssessmentPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub record: &'a AssessmentRecord,
    pub is_assessor: bool,
    pub is_learner: bool,
    pub is_admin: bool,
    pub judgement: &'a JudgementValues,
    pub observation: &'a ObservationValues,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    /// The refusal's code, shown as technical detail under the problem.
    pub problem_code: Option<&'a str>,
    pub notice: Option<&'a str>,
}

fn when(t: chrono::NaiveDateTime) -> String {
    t.format("%-d %B %Y %H:%M").to_string()
}

fn role_label(code: &str) -> &'static str {
    SignerRole::parse(code).map_or("Signer", SignerRole::label)
}

/// The latest signature of each capacity on a record, with its state.
fn signatures(page: &AssessmentPage<'_>, kind: &str, id: &impl RecordId) -> Markup {
    let r = page.record;
    let roles = ["assessor", "expert_witness", "learner"];
    html! {
        ul class="signatures" {
            @for role in roles {
                @if let Some(s) = r.signature(kind, id, role) {
                    li {
                        (role_label(&s.signer_role)) ": signed by " (s.signer_name) " on " (when(s.signed_at)) " from " (s.client_address)
                        " (SHA-256 " span class="id" { (s.content_sha256) } ")"
                        @if !r.state_of(page.curriculum, s).is_valid() { " " strong class="refused" { (VOID_MESSAGE) } }
                    }
                }
            }
        }
    }
}

fn button_form(page: &AssessmentPage<'_>, action: String, label: &str) -> Markup {
    html! {
        form method="post" action=(action) {
            (csrf(&page.current.session.csrf_token))
            button type="submit" class="secondary" { (label) }
        }
    }
}

fn rounds(page: &AssessmentPage<'_>, item_id: &str) -> Markup {
    let r = page.record;
    let all = r.rounds(&CriterionId::from_stored(item_id));
    html! {
        @if !all.is_empty() {
            details {
                summary { (all.len()) @if all.len() == 1 { " round" } @else { " rounds" } }
                ol {
                    @for j in &all {
                        li {
                            "Round " (j.round) ", " (when(j.judged_at)) ", " (r.name(&UserId::from_stored(j.assessor_id.as_str()))) ": " (j.outcome.label()) "."
                            @if !j.feedback.is_empty() { " Feedback: " (j.feedback) }
                            " Evidence relied on: " (r.evidence_of(&JudgementId::from_stored(j.id.as_str())).len()) " item(s)."
                        }
                    }
                }
            }
        }
    }
}

fn unit_section(page: &AssessmentPage<'_>, unit: &Unit) -> Markup {
    let r = page.record;
    let standing = r.standing(&UnitId::from_stored(unit.id.as_str()));
    let heading = format!("unit-{}", unit.number);
    html! {
        section aria-labelledby=(heading) {
            h2 id=(heading) { "Unit " (unit.number) ": " (unit.title) }
            (unit_sign_offs(page, unit, standing))
            @if !page.is_learner { (sufficiency(page, unit)) }
            (unit_items(page, unit, standing))
            (unit_forms(page, unit, standing))
        }
    }
}

/// An item of the unit in the specification's words, with its number; the id only when the
/// curriculum does not know it.
fn item_words(unit: &Unit, item_id: &str) -> String {
    unit.item_words(item_id)
        .unwrap_or_else(|| item_id.to_owned())
}

/// Submitted evidence no judgement has relied on in its current version, oldest first, each opening the marking
/// workspace (many criteria judged in one submission).
fn waiting(r: &AssessmentRecord) -> Markup {
    let mut submitted: Vec<_> = r
        .evidence
        .iter()
        .filter(|(item, _)| item.status == crate::domain::evidence::EvidenceStatus::Submitted)
        .filter(|(item, _)| {
            !r.judgement_evidence
                .iter()
                .any(|j| j.evidence_id == item.id && j.evidence_version == item.current_version)
        })
        .collect();
    submitted.sort_by_key(|(item, _)| item.updated_at);
    html! {
        h2 id="waiting" { "Evidence waiting for your judgement (" (submitted.len()) ")" }
        @if submitted.is_empty() {
            p { "Nothing is waiting: the learner has no submitted evidence you have not judged." }
        } @else {
            ul {
                @for (item, _) in submitted {
                    li {
                        a href={ "/evidence/" (item.id) "/marking" } { "Mark \u{201c}" (item.title) "\u{201d}" }
                        " (submitted " (item.updated_at.format("%-d %B %Y")) ")"
                    }
                }
            }
        }
    }
}

/// Sufficiency warnings for staff: what the unit's met decisions rest on is thin, or lacks the
/// mix of methods the unit expects. A warning, not a refusal.
fn sufficiency(page: &AssessmentPage<'_>, unit: &Unit) -> Markup {
    let warnings = warnings_for(page.record, unit);
    html! {
        @if !warnings.is_empty() {
            div class="callout" role="note" {
                p { strong { "Is the evidence sufficient for Unit " (unit.number) "?" } }
                ul { @for w in &warnings { li class="warning" { (w) } } }
            }
        }
    }
}

/// The unit's standing sign-off, then the earlier ones that were unlocked, each with its
/// signatures.
fn unit_sign_offs(
    page: &AssessmentPage<'_>,
    unit: &Unit,
    standing: Option<&UnitSignOff>,
) -> Markup {
    let r = page.record;
    html! {
        @match standing {
            Some(s) => {
                p { strong { "Signed off and locked" } " on " (when(s.signed_off_at)) " by " (r.name(&UserId::from_stored(s.signed_off_by.as_str()))) "." }
                (signatures(page, UNIT_SIGN_OFF, &SignOffId::from_stored(s.id.as_str())))
            }
            None => p { "Not signed off." },
        }
        @for earlier in r.sign_offs.iter().filter(|s| s.unit_id == unit.id && !s.stands()) {
            p {
                "Signed off on " (when(earlier.signed_off_at)) " by " (r.name(&UserId::from_stored(earlier.signed_off_by.as_str()))) "; unlocked"
                @if let Some(at) = earlier.unlocked_at { " on " (when(at)) }
                @if let Some(by) = &earlier.unlocked_by { " by " (r.name(&UserId::from_stored(by.as_str()))) }
                @if earlier.unlock_kind == Some(UnlockKind::IqaReferral) { " after an IQA referral" }
                @if let Some(reason) = &earlier.unlock_reason { ": " (reason) }
                "."
            }
            (signatures(page, UNIT_SIGN_OFF, &SignOffId::from_stored(earlier.id.as_str())))
        }
    }
}

/// Each judgeable item of the unit with its latest decision and its rounds.
fn unit_items(page: &AssessmentPage<'_>, unit: &Unit, standing: Option<&UnitSignOff>) -> Markup {
    let r = page.record;
    html! {
        table {
            thead { tr { th scope="col" { "Item" } th scope="col" { "Decision" } th scope="col" { "Latest feedback" } th scope="col" { "Rounds" } } }
            tbody {
                @for item in judgeable_items_of_unit(unit) {
                    @let latest = r.latest(&CriterionId::from_stored(item.as_str()));
                    @let words = item_words(unit, &item);
                    tr {
                        th scope="row" { (words) }
                        td { (latest.map_or("Not judged yet", |j| j.outcome.label())) }
                        td { (latest.map(|j| j.feedback.as_str()).unwrap_or_default()) }
                        td {
                            (rounds(page, &item))
                            @if page.is_assessor && standing.is_none() {
                                a href={ "/registrations/" (r.registration.id) "/assessment?item=" (item) "#judge" } { "Judge " span class="visually-hidden" { (words) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Sign off (the assessor), countersign (the learner) or unlock (a centre administrator).
fn unit_forms(page: &AssessmentPage<'_>, unit: &Unit, standing: Option<&UnitSignOff>) -> Markup {
    let r = page.record;
    let base = format!("/registrations/{}/units/{}", r.registration.id, unit.id);
    let countersigned = standing
        .map(|s| SignOffId::from_stored(s.id.as_str()))
        .and_then(|s| r.signature(UNIT_SIGN_OFF, &s, "learner"))
        .is_some_and(|s| r.state_of(page.curriculum, s).is_valid());
    html! {
        @if page.is_assessor && standing.is_none() { p { a class="button secondary" href={ (base) "/sign-off" } { "Sign off Unit " (unit.number) "…" } } }
        @if page.is_learner && standing.is_some() && !countersigned { p { a class="button secondary" href={ (base) "/countersign" } { "Countersign Unit " (unit.number) "…" } } }
        @if page.is_admin && standing.is_some() {
            form method="post" action={ (base) "/unlock" } novalidate {
                (csrf(&page.current.session.csrf_token))
                @let id = format!("reason-{}", unit.number);
                (Input::new("reason", "Reason for unlocking").id(&id).render(page.errors))
                button type="submit" class="secondary" { "Unlock Unit " (unit.number) }
            }
        }
    }
}

/// Evidence not yet mapped to `item_id` (every item while no criterion is chosen), for the
/// assessor to map with the judgement.
fn unmapped_evidence(r: &AssessmentRecord, item_id: &str) -> Vec<(String, String)> {
    r.evidence
        .iter()
        .filter(|(e, _)| !r.mappings.iter().any(|(ev, i)| *ev == e.id && i == item_id))
        .map(|(e, _)| (e.id.clone(), e.title.clone()))
        .collect()
}

fn judgement_form(page: &AssessmentPage<'_>, units: &[&Unit]) -> Markup {
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

fn observation_view(
    page: &AssessmentPage<'_>,
    o: &crate::store::observations::Observation,
) -> Markup {
    let r = page.record;
    let kind = o.observer_kind.label();
    let observer_role = o.observer_kind.signer_role().code();
    let observation = ObservationId::from_stored(o.id.as_str());
    let valid = |role: &str| {
        r.signature(OBSERVATION, &observation, role)
            .is_some_and(|s| r.state_of(page.curriculum, s).is_valid())
    };
    html! {
        h3 { "Observation on " (o.observed_on) " by " (o.observer_name) " (" (kind) ")" }
        dl class="facts" {
            dt { "Planned" } dd { (if o.planned { "Yes" } else { "No" }) }
            dt { "Setting" } dd { (o.setting) }
            dt { "People present" } dd {
                @let people = o.people();
                @if people.is_empty() { "Nobody else recorded." }
                ul { @for p in &people { li { (p.name) ", " (p.role) ": " (if p.consent { "consented" } else { "did not consent" }) } } }
            }
            dt { "Criteria observed" } dd { ul { @for c in o.criteria_ids() { li class="id" { (c) } } } }
            dt { "Range covered" } dd { ul { @for c in o.range_ids() { li class="id" { (c) } } } }
        }
        p { (o.narrative) }
        (signatures(page, OBSERVATION, &ObservationId::from_stored(o.id.as_str())))
        @if page.is_learner && !valid("learner") && valid(observer_role) {
            (button_form(page, format!("/observations/{}/countersign", o.id), "Countersign this observation"))
        }
    }
}

fn observation_form(page: &AssessmentPage<'_>, units: &[&Unit]) -> Markup {
    let v = page.observation;
    let criteria: Vec<(String, String)> = units
        .iter()
        .flat_map(|u| {
            judgeable_items_of_unit(u)
                .into_iter()
                .map(|i| (i.clone(), i))
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

pub fn page(page: &AssessmentPage<'_>) -> Markup {
    let r = page.record;
    let title = format!(
        "Assessment: {}, {}",
        r.learner_name, r.registration.qualification_id
    );
    let units: Vec<&Unit> = page
        .curriculum
        .qualification(&r.registration.qualification_id)
        .map(|(_, q)| page.curriculum.units_of(q).collect())
        .unwrap_or_default();
    Page::new(&title)
        .user(Some(page.current))
        .notice(page.notice)
        .trail("Home", "/home")
        .trail(
            "Registration",
            format!("/registrations/{}", r.registration.id),
        )
        .render(html! {
            (error_summary(page.errors))
            (form_problem(page.problem))
            @if let Some(code) = page.problem_code {
                details { summary { "Technical detail" } p { "Code: " span class="id" { (code) } } }
            }
            (SupportPanel::for_staff(page.current, &r.registration))
            p { a href={ "/registrations/" (r.registration.id) "/tracker" } { "Open the tracker" } }
            (super::assignments::assessment_link(&r.registration.id, &units, page.is_assessor))
            @if page.is_assessor { (waiting(r)) }
            @for unit in &units { (unit_section(page, unit)) }
            @if page.is_assessor { (judgement_form(page, &units)) }
            h2 id="observations" { "Observations of practice" }
            @if r.observations.is_empty() { p { "No observation is on record yet." } }
            @for o in &r.observations { (observation_view(page, o)) }
            @if page.is_assessor { (observation_form(page, &units)) }
        })
}
