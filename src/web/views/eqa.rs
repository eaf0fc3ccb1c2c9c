//! The EQA overview page: per granted qualification, the sampling plans, the IQA's samples, the
//! learners with links to their read-only records, the EQA's own sample (and the form to pick
//! it), the sample pack download, and for centre administrators what EQAs opened.

use maud::{Markup, html};

use crate::actions::eqa::overview::{Overview, QualificationRecords};
use crate::curriculum::Curriculum;
use crate::domain::people::FieldError;
use crate::web::auth::CurrentUser;
use crate::web::views::admin::action_words;
use crate::web::views::forms::{csrf, error_summary, form_problem, textarea};
use crate::web::views::layout::Page;
use crate::web::views::words;

pub struct EqaPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub overview: &'a Overview,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
    pub notice: Option<&'a str>,
    pub note: &'a str,
}

fn time(t: chrono::NaiveDateTime) -> String {
    words::moment(t)
}

fn name<'a>(o: &'a Overview, id: &'a str) -> &'a str {
    o.names.get(id).map_or(id, String::as_str)
}

pub fn eqa(page: &EqaPage) -> Markup {
    let o = page.overview;
    let title = format!("External quality assurance: {}", o.centre_name);
    Page::new(&title)
        .user(Some(page.current))
        .notice(page.notice)
        .render(html! {
            p { @if o.scope.eqa { "You have read-only access to the qualifications below. Every record you open is logged for the centre." }
                @else { "What an external quality assurer granted a qualification sees, read-only." } }
            (error_summary(page.errors))
            (form_problem(page.problem))
            @for q in &o.qualifications {
                (qualification(page, q))
            }
            @if o.scope.eqa { (pick_form(page)) }
            @if let Some(log) = &o.log {
                h2 { "What EQAs opened" }
                @if log.is_empty() { p { "No EQA has opened a record yet." } } @else {
                    table {
                        caption { "Newest first" }
                        thead { tr { th scope="col" { "When" } th scope="col" { "Who" } th scope="col" { "Record" } } }
                        tbody {
                            @for e in log {
                                tr {
                                    td data-label="When" { (time(e.recorded_at)) }
                                    td data-label="Who" { (e.actor_name) }
                                    td data-label="Record" {
                                        (action_words(&e.record_type))
                                        details class="technical" { summary { "Technical details" } p { "Record id: " span class="id" { (e.record_id) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
}

fn qualification(page: &EqaPage, q: &QualificationRecords) -> Markup {
    let o = page.overview;
    let heading = format!("q-{}", q.id);
    html! {
        section aria-labelledby=(heading) {
            h2 id=(heading) { (page.curriculum.qualification_name(&q.id)) }
            (plans_and_samples(page, q))
            (learners_and_picks(o, q))
            (pack_form(o, q))
        }
    }
}

/// The qualification's sampling plans and the IQA's samples.
fn plans_and_samples(page: &EqaPage, q: &QualificationRecords) -> Markup {
    let o = page.overview;
    html! {
        h3 { "Sampling plans" }
        @if q.plans.is_empty() { p { "No sampling plan yet." } } @else {
            table {
                thead { tr { th scope="col" { "Period" } th scope="col" { "IQA" } th scope="col" { "Experienced rate" } th scope="col" { "Interim, summative" } th scope="col" { "Notes" } } }
                tbody { @for p in &q.plans { tr {
                    td data-label="Period" { (words::day(p.period_start)) " to " (words::day(p.period_end)) }
                    td data-label="IQA" { (name(o, &p.iqa_id)) }
                    td data-label="Experienced rate" { (p.experienced_rate) "%" }
                    td data-label="Interim, summative" { (words::day(p.interim_on)) ", " (words::day(p.summative_on)) }
                    td data-label="Notes" { (p.notes) }
                } } }
            }
        }
        h3 { "IQA samples" }
        @if q.samples.is_empty() { p { "No IQA sample yet." } } @else {
            table {
                thead { tr { th scope="col" { "Decision" } th scope="col" { "Stage" } th scope="col" { "Status" } th scope="col" { "Assessor" } th scope="col" { "IQA" } th scope="col" { "Sampled" } } }
                tbody { @for s in &q.samples { tr {
                    td data-label="Decision" { a href={ "/registrations/" (s.registration_id) "/assessment" } { (page.curriculum.item_words(&s.unit_id, &s.item_id)) } }
                    td data-label="Stage" { (s.stage.label()) }
                    td data-label="Status" { (s.status.label()) }
                    td data-label="Assessor" { (name(o, &s.assessor_id)) }
                    td data-label="IQA" { (name(o, &s.iqa_id)) }
                    td data-label="Sampled" { (time(s.created_at)) }
                } } }
            }
        }
    }
}

/// The learners with their records, and the EQA's own sample.
fn learners_and_picks(o: &Overview, q: &QualificationRecords) -> Markup {
    html! {
        h3 { "Learners" }
        @if q.registrations.is_empty() { p { "No learner is registered." } } @else {
            table {
                thead { tr { th scope="col" { "Learner" } th scope="col" { "Assessor" } th scope="col" { "Records" } } }
                tbody { @for (r, learner) in &q.registrations { tr {
                    td data-label="Learner" { a href={ "/registrations/" (r.id) } { (learner) } }
                    td data-label="Assessor" { (name(o, &r.assessor_id)) }
                    td data-label="Records" {
                        a href={ "/registrations/" (r.id) "/tracker" } { "Tracker and evidence" } ", "
                        a href={ "/registrations/" (r.id) "/assessment" } { "Assessment record" }
                    }
                } } }
            }
        }
        h3 { "The EQA's own sample" }
        @if q.eqa_samples.is_empty() { p { "Nothing picked yet." } } @else {
            table {
                thead { tr { th scope="col" { "Learner's record" } th scope="col" { "Note" } th scope="col" { "Picked by, when" } } }
                tbody { @for s in &q.eqa_samples { tr {
                    td data-label="Learner's record" { a href={ "/registrations/" (s.registration_id) "/assessment" } { "Assessment record" } }
                    td data-label="Note" { (s.note) }
                    td data-label="Picked by, when" { (name(o, &s.eqa_id)) ", " (time(s.created_at)) }
                } } }
            }
        }
    }
}

fn pick_form(page: &EqaPage) -> Markup {
    let o = page.overview;
    // The first box carries the group's id, so the error summary's link lands on it.
    let first = o
        .qualifications
        .iter()
        .find_map(|q| q.pickable.first())
        .map(|d| d.judgement.id.as_str());
    html! {
        h2 { "Pick your own sample" }
        p { "Your sample is yours alone: it gives the centre's IQA no work and changes no IQA record." }
        @if o.qualifications.iter().all(|q| q.pickable.is_empty()) { p { "There are no decisions left to pick." } } @else {
            form method="post" action={ "/centres/" (o.scope.centre_id) "/eqa-samples" } {
                (csrf(&page.current.session.csrf_token))
                div class={ "field" @if page.errors.iter().any(|e| e.field == "judgement_ids") { " invalid" } } {
                    @for q in o.qualifications.iter().filter(|q| !q.pickable.is_empty()) {
                        fieldset {
                            legend { "Decisions on " (q.title) " (newest first)" }
                            @for d in &q.pickable {
                                @let id = if first == Some(d.judgement.id.as_str()) { "judgement_ids".to_owned() } else { format!("pick-{}", d.judgement.id) };
                                label class="checkbox" for=(id) {
                                    input type="checkbox" id=(id) name="judgement_ids" value=(d.judgement.id);
                                    (name(o, &d.learner_id)) ": " (page.curriculum.item_words(&d.judgement.unit_id, &d.judgement.item_id)) ", round " (d.judgement.round) ", " (d.judgement.outcome.label())
                                    " by " (name(o, &d.judgement.assessor_id)) ", " (time(d.judgement.judged_at))
                                }
                            }
                        }
                    }
                }
                (textarea("note", "Why you picked them (optional)", page.note, page.errors))
                button type="submit" { "Add to my sample" }
            }
        }
    }
}

fn pack_form(o: &Overview, q: &QualificationRecords) -> Markup {
    let select = format!("sample-{}", q.id);
    html! {
        h3 { "Sample pack" }
        p { "One ZIP with a folder per sampled learner and an index.html that opens without this system." }
        form method="get" action={ "/centres/" (o.scope.centre_id) "/sample-pack.zip" } {
            input type="hidden" name="qualification_id" value=(q.id);
            div class="field" {
                label for=(select) { "Whose sample" }
                select id=(select) name="sample" {
                    option value="iqa" { "The IQA's samples" }
                    option value="eqa" { "The EQA's own sample" }
                }
            }
            button type="submit" { "Download the sample pack" }
        }
    }
}
