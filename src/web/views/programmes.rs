//! Learning programme pages: a centre's programmes (and the form to build one), and one
//! programme: its sessions in order with their outcomes and criteria, and for its builders the
//! forms to add a session, move one and add a learner; for a learner on it, where they are.

use maud::{Markup, html};

use super::forms::{Input, checkboxes, csrf, error_summary, form_problem, select, textarea};
use super::knowledge_checks::Frame;
use super::layout::Page;
use crate::actions::learning::programmes::ProgrammeView;
use crate::domain::ids::{ProgrammeSessionId, RegistrationId};
use crate::domain::programme::next_session;
use crate::store::programmes::{Programme, SCHEDULED, SELF_PACED, Session};

/// Curriculum wording for a programme's qualification: (id, label) of outcomes and criteria.
#[derive(Default)]
pub struct Texts {
    /// The qualification's number and title.
    pub qualification: String,
    pub outcomes: Vec<(String, String)>,
    pub criteria: Vec<(String, String)>,
}

impl Texts {
    /// An outcome in words (its id only when the curriculum no longer knows it).
    pub fn outcome(&self, id: &str) -> String {
        label_of(&self.outcomes, id)
    }

    fn criterion(&self, id: &str) -> String {
        label_of(&self.criteria, id)
    }
}

fn label_of(list: &[(String, String)], id: &str) -> String {
    list.iter()
        .find(|(i, _)| i == id)
        .map_or_else(|| id.to_owned(), |(_, l)| l.clone())
}

fn pacing_label(pacing: &str) -> &'static str {
    if pacing == SCHEDULED {
        "Scheduled (sessions have dates)"
    } else {
        "Self-paced"
    }
}

/// `GET /centres/{centre_id}/programmes`.
pub fn list(
    f: &Frame<'_>,
    centre_id: &str,
    programmes: &[Programme],
    builder: bool,
    qualifications: &[(String, String)],
) -> Markup {
    let page = Page::new("Programmes")
        .user(Some(f.current))
        .notice(f.notice)
        .trail("Home", "/home");
    let pacings = [
        (SELF_PACED.to_owned(), "Self-paced".to_owned()),
        (SCHEDULED.to_owned(), "Scheduled, with dates".to_owned()),
    ];
    page.render(html! {
        (error_summary(f.errors))
        (form_problem(f.problem))
        @if programmes.is_empty() { p { "No programmes yet." } }
        ul {
            @for p in programmes {
                li { a href={ "/programmes/" (p.id) } { (p.title) } " (" (label_of(qualifications, &p.qualification_id)) ", " (pacing_label(&p.pacing)) ")" }
            }
        }
        p { a href={ "/centres/" (centre_id) "/resources" } { "Resources for the centre's qualifications" } }
        @if builder {
            section aria-labelledby="new-programme" {
                h2 id="new-programme" { "Build a programme" }
                form method="post" action={ "/centres/" (centre_id) "/programmes" } {
                    (csrf(&f.current.session.csrf_token))
                    (select("qualification_id", "Qualification", qualifications, "", f.errors))
                    (Input::new("title", "Title").render(f.errors))
                    (textarea("description", "Description", "", f.errors))
                    (select("pacing", "Pacing", &pacings, SELF_PACED, f.errors))
                    button type="submit" { "Build the programme" }
                }
            }
        }
    })
}

/// What a programme page shows besides the programme: wording, and learners who may be added.
pub struct Extras<'a> {
    pub texts: &'a Texts,
    /// (registration id, learner name) of the qualification at the centre (builders only).
    pub candidates: &'a [(String, String)],
}

/// `GET /programmes/{programme_id}`.
pub fn programme(f: &Frame<'_>, v: &ProgrammeView, x: &Extras<'_>) -> Markup {
    let p = &v.programme;
    let page = Page::new(&p.title)
        .user(Some(f.current))
        .notice(f.notice)
        .trail("Home", "/home")
        .trail("Programmes", format!("/centres/{}/programmes", p.centre_id));
    page.render(html! {
        (error_summary(f.errors))
        (form_problem(f.problem))
        p { (x.texts.qualification) ". " (pacing_label(&p.pacing)) "." }
        @if !p.description.is_empty() { p class="prewrap" { (p.description) } }
        ul {
            li { a href={ "/programmes/" (p.id) "/checks" } { "Knowledge checks" } }
            @if v.staff { li { a href={ "/programmes/" (p.id) "/cohort" } { "The cohort's progress" } } }
        }
        @if let Some(me) = &v.me { (where_i_am(v, &me.registration_id)) }
        h2 { "Sessions" }
        @if v.sessions.is_empty() { p { "No sessions yet." } }
        @for (i, s) in v.sessions.iter().enumerate() {
            (session(f, v, x.texts, i, s))
        }
        @if v.staff && !v.untaught.is_empty() { (untaught(v, x.texts)) }
        @if v.staff {
            (members(v))
            (add_member(f, p, x))
            (add_session(f, p, x.texts))
        }
    })
}

/// S3: the Knowledge and/or Skills items no session covers yet.
fn untaught(v: &ProgrammeView, texts: &Texts) -> Markup {
    let count = v.untaught.len();
    html! {
        section aria-labelledby="untaught" {
            h2 id="untaught" { "Knowledge and Skills not taught yet" }
            p {
                "Any Knowledge and/or Skills item may be sampled on an assessment occasion, so every one must be taught. "
                @if count == 1 { "No session covers this item yet" } @else { "No session covers these " (count) " items yet" }
                ": link each to a session, or the outcome it belongs to."
            }
            ul { @for u in &v.untaught { li { (texts.criterion(&u.id)) } } }
        }
    }
}

fn where_i_am(v: &ProgrammeView, registration_id: &str) -> Markup {
    let me = RegistrationId::from_stored(registration_id);
    let (done, next) = next_session(&v.sessions, |s| {
        v.done(&ProgrammeSessionId::from_stored(s.id.as_str()), &me)
    });
    html! {
        section aria-labelledby="where-you-are" {
            h2 id="where-you-are" { "Where you are" }
            p { "You have done " (done) " of " (v.sessions.len()) " sessions." }
            @match next {
                Some(s) => p { "Next: " strong { (s.title) } @if let Some(d) = s.starts_on { " on " (d.format("%-d %B %Y")) } "." },
                None => p { "You have done every session." },
            }
            ul {
                li { a href={ "/registrations/" (registration_id) "/tracker" } { "Your tracker" } }
                li { a href={ "/registrations/" (registration_id) "/learning-hours" } { "Your learning hours" } }
            }
        }
    }
}

fn session(f: &Frame<'_>, v: &ProgrammeView, texts: &Texts, i: usize, s: &Session) -> Markup {
    let p = &v.programme;
    let heading = format!("session-{}", i + 1);
    let outcomes: &[String] = &s.outcome_ids;
    let criteria: &[String] = &s.criterion_ids;
    let resources = format!(
        "/centres/{}/resources?qualification_id={}",
        p.centre_id, p.qualification_id
    );
    html! {
        section aria-labelledby=(heading) {
            h3 id=(heading) { "Session " (i + 1) ": " (s.title) }
            p { @match s.starts_on { Some(d) => { "On " (d.format("%-d %B %Y")) "." }, None => { "Self-paced." } } }
            @if !s.summary.is_empty() { p class="prewrap" { (s.summary) } }
            @if !outcomes.is_empty() {
                p { "Outcomes:" }
                ul { @for o in outcomes { li { (texts.outcome(o)) " " a href={ (resources) "#" (o) } { "Resources for this outcome" } } } }
            }
            @if !criteria.is_empty() {
                p { "Criteria:" }
                ul { @for c in criteria { li { (texts.criterion(c)) } } }
            }
            @if let Some(me) = &v.me {
                @if v.done(&ProgrammeSessionId::from_stored(s.id.as_str()), &RegistrationId::from_stored(me.registration_id.as_str())) {
                    p { strong { "Done." } }
                } @else {
                    form method="post" action={ "/programmes/" (p.id) "/sessions/" (s.id) "/done" } {
                        (csrf(&f.current.session.csrf_token))
                        button type="submit" { "Mark session " (i + 1) " done" }
                    }
                }
            }
            @if v.staff { (move_buttons(f, p, i, v.sessions.len(), s)) }
        }
    }
}

fn move_buttons(f: &Frame<'_>, p: &Programme, i: usize, count: usize, s: &Session) -> Markup {
    html! {
        @for (direction, label, shown) in [("up", "up", i > 0), ("down", "down", i + 1 < count)] {
            @if shown {
                form method="post" class="inline" action={ "/programmes/" (p.id) "/sessions/" (s.id) "/move" } {
                    (csrf(&f.current.session.csrf_token))
                    input type="hidden" name="direction" value=(direction);
                    button type="submit" { "Move session " (i + 1) " " (label) }
                }
            }
        }
    }
}

fn members(v: &ProgrammeView) -> Markup {
    html! {
        h2 { "Learners" }
        @if v.members.is_empty() { p { "No learners on it yet." } } @else {
            table {
                thead { tr { th scope="col" { "Learner" } th scope="col" { "Sessions done" } } }
                tbody {
                    @for (m, name) in &v.members {
                        @let member = RegistrationId::from_stored(m.registration_id.as_str());
                        @let (done, _) = next_session(&v.sessions, |s| v.done(&ProgrammeSessionId::from_stored(s.id.as_str()), &member));
                        tr { th scope="row" { (name) } td data-label="Sessions done" { (done) " of " (v.sessions.len()) } }
                    }
                }
            }
        }
    }
}

fn add_member(f: &Frame<'_>, p: &Programme, x: &Extras<'_>) -> Markup {
    let candidates = x.candidates;
    html! {
        section aria-labelledby="add-learner" {
            h2 id="add-learner" { "Add a learner" }
            @if candidates.is_empty() {
                p { "No one at the centre is registered on " (x.texts.qualification) " and not yet on the programme." }
            } @else {
                form method="post" action={ "/programmes/" (p.id) "/members" } {
                    (csrf(&f.current.session.csrf_token))
                    (select("registration_id", "Learner (their registration)", candidates, "", f.errors))
                    button type="submit" { "Add the learner" }
                }
            }
        }
    }
}

fn add_session(f: &Frame<'_>, p: &Programme, texts: &Texts) -> Markup {
    let date = Input::new("starts_on", "Date of the session").kind("date");
    let date = if p.pacing == SCHEDULED {
        date
    } else {
        date.optional()
            .hint("Leave empty: the programme is self-paced.")
    };
    html! {
        section aria-labelledby="add-session" {
            h2 id="add-session" { "Add a session" }
            form method="post" action={ "/programmes/" (p.id) "/sessions" } {
                (csrf(&f.current.session.csrf_token))
                (Input::new("title", "Title").render(f.errors))
                (textarea("summary", "Summary", "", f.errors))
                (date.render(f.errors))
                (checkboxes("outcome_ids", "Outcomes the session covers", &texts.outcomes, &[], f.errors))
                (checkboxes("criterion_ids", "Criteria the session covers", &texts.criteria, &[], f.errors))
                button type="submit" { "Add the session" }
            }
        }
    }
}
