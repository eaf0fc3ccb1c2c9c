//! The assessment record page: each unit's items with their latest judgement, feedback and
//! every earlier round, sign-off and signatures (a void one says so), observations, and the
//! forms each person may use (assessor: judge, observe, sign off; learner: countersign; centre
//! administrator: unlock). Everything a person wrote is shown escaped.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, form_problem};
use super::layout::Page;
use super::words;
use crate::actions::assessment::record::AssessmentRecord;
use crate::actions::assessment::sufficiency::warnings_for;
use crate::curriculum::Curriculum;
use crate::curriculum::model::Unit;
use crate::domain::ids::{CriterionId, JudgementId, RecordId, SignOffId, UnitId, UserId};
use crate::domain::judgement::judgeable_items_of_unit;
use crate::domain::people::FieldError;
use crate::domain::sign_off::UnlockKind;
use crate::domain::signature::{SignerRole, VOID_MESSAGE};
use crate::store::sign_offs::UnitSignOff;
use crate::store::signatures::UNIT_SIGN_OFF;
use crate::web::auth::CurrentUser;
use crate::web::views::support_needs::SupportPanel;

mod forms;
use forms::{judgement_form, observation_form, observation_view};

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
    /// The units the caller assesses (C6 is per unit): their marking and sign-off links.
    pub my_units: Vec<String>,
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

impl AssessmentPage<'_> {
    /// The caller judges and signs off this unit.
    fn assesses(&self, unit: &Unit) -> bool {
        self.is_assessor && self.my_units.contains(&unit.id)
    }
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
                        (role_label(&s.signer_role)) ": signed by " (s.signer_name) " on " (words::moment(s.signed_at))
                        @if !r.state_of(page.curriculum, s).is_valid() { " " strong class="refused" { (VOID_MESSAGE) } }
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
                            "Round " (j.round) ", " (words::moment(j.judged_at)) ", " (r.name(&UserId::from_stored(j.assessor_id.as_str()))) ": " (j.outcome.label()) "."
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
                        " (submitted " (words::day(item.updated_at.date())) ")"
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
                p { strong { "Signed off and locked" } " on " (words::moment(s.signed_off_at)) " by " (r.name(&UserId::from_stored(s.signed_off_by.as_str()))) "." }
                (signatures(page, UNIT_SIGN_OFF, &SignOffId::from_stored(s.id.as_str())))
            }
            None => p { "Not signed off." },
        }
        @for earlier in r.sign_offs.iter().filter(|s| s.unit_id == unit.id && !s.stands()) {
            p {
                "Signed off on " (words::moment(earlier.signed_off_at)) " by " (r.name(&UserId::from_stored(earlier.signed_off_by.as_str()))) "; unlocked"
                @if let Some(at) = earlier.unlocked_at { " on " (words::moment(at)) }
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
                        td data-label="Decision" { (latest.map_or("Not judged yet", |j| j.outcome.label())) }
                        td data-label="Latest feedback" { (latest.map(|j| j.feedback.as_str()).unwrap_or_default()) }
                        td data-label="Rounds" {
                            (rounds(page, &item))
                            @if page.assesses(unit) && standing.is_none() {
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
        @if page.assesses(unit) && standing.is_none() {
            p {
                a class="button" href={ (base) "/marking" } { "Mark Unit " (unit.number) " in one go" }
                " "
                a class="button secondary" href={ (base) "/sign-off" } { "Sign off Unit " (unit.number) "…" }
            }
        }
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
pub fn page(page: &AssessmentPage<'_>) -> Markup {
    let r = page.record;
    let title = format!(
        "Assessment: {}, {}",
        r.learner_name,
        page.curriculum
            .qualification_name(&r.registration.qualification_id)
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
            @for o in &r.observations { (observation_view(page, &units, o)) }
            @if page.is_assessor { (observation_form(page, &units)) }
        })
}
