//! Progress: a learner's tracker (what each criterion stands at, with the evidence and feedback).

use maud::{Markup, html};

use super::layout::Page;
use crate::actions::evidence::items::TrackerView;
use crate::curriculum::Curriculum;
use crate::domain::tracker::{ItemTrack, UnitTrack};
use crate::web::auth::CurrentUser;

pub fn tracker(
    current: &CurrentUser,
    curriculum: &Curriculum,
    tracked: &TrackerView,
    learner: &str,
) -> Markup {
    let (registration_id, t) = (tracked.registration.id.as_str(), &tracked.tracker);
    let judged = tracked.latest_judgements();
    let feedback = |id: &str| {
        judged
            .get(id)
            .map(|j| j.feedback.as_str())
            .filter(|f| !f.is_empty())
    };
    let title = format!(
        "Tracker: {learner}, {}",
        curriculum.qualification_name(&t.qualification_id)
    );
    Page::new(&title).user(Some(current)).trail("Home", "/home").trail("Registration", format!("/registrations/{registration_id}")).render(html! {
        p { a href={ "/registrations/" (registration_id) "/assessment" } { "Open the assessment record: judgements, feedback, observations and sign-off" } }
        ul {
            li { a href={ "/registrations/" (registration_id) "/learning-hours" } { "Learning hours" } }
            @if tracked.registration.learner_id == current.user.id {
                li { a href={ "/centres/" (tracked.registration.centre_id) "/programmes" } { "Your programmes" } }
            }
        }
        (progress("Evidenced", t.percent_evidenced))
        (progress("Met", t.percent_met))
        @for unit in &t.units { (unit_section(unit, &feedback)) }
        h2 id="gaps" { "What is missing" }
        @if t.gaps.is_empty() { p { "Nothing: every item has evidence." } }
        @else { ul { @for g in &t.gaps { li { (g) } } } }
    })
}

/// One unit of the tracker: each item's status, feedback and evidence.
fn unit_section<'a>(unit: &UnitTrack, feedback: &dyn Fn(&str) -> Option<&'a str>) -> Markup {
    let heading = format!("unit-{}", unit.number);
    html! {
        section aria-labelledby=(heading) {
            h2 id=(heading) { "Unit " (unit.number) ": " (unit.title) }
            p { (unit.percent_evidenced) "% evidenced, " (unit.percent_met) "% met." }
            table {
                thead { tr { th scope="col" { "Item" } th scope="col" { "Status" } th scope="col" { "Evidence" } } }
                tbody {
                    @for outcome in &unit.outcomes {
                        tr { th scope="rowgroup" colspan="3" { "Outcome " (outcome.number) ": " (outcome.text) " (" (outcome.percent_evidenced) "% evidenced)" } }
                        @for item in &outcome.items {
                            tr {
                                th scope="row" { span class="number" { (item.number) } (item.text) }
                                (item_cells(item, feedback(&item.id)))
                            }
                        }
                    }
                    @for er in &unit.evidence_requirements {
                        tr {
                            th scope="row" { "Evidence Requirement " (er.number) ": " (er.text) }
                            (item_cells(er, feedback(&er.id)))
                        }
                    }
                }
            }
        }
    }
}

/// An item's status (with the assessor's feedback) and its evidence links.
fn item_cells(item: &ItemTrack, feedback: Option<&str>) -> Markup {
    html! {
        td data-label="Status" { (item.status.label()) @if let Some(f) = feedback { p class="feedback" { "Feedback: " (f) } } }
        td data-label="Evidence" { @for (i, e) in item.evidence.iter().enumerate() { @if i > 0 { ", " } a href={ "/evidence/" (e) } { "item " (i + 1) } } }
    }
}

/// A bar chart of one percentage, with its text beside it (the SVG is decorative).
fn progress(label: &str, percent: u8) -> Markup {
    html! {
        div class="progress" {
            p { strong { (label) ": " (percent) "%" } }
            svg width="300" height="16" viewBox="0 0 100 5" aria-hidden="true" focusable="false" {
                rect x="0" y="0" width="100" height="5" fill="#dddddd" {}
                rect x="0" y="0" width=(percent) height="5" fill="#00703c" {}
            }
        }
    }
}
