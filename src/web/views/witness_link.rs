//! The page a witness sees through their emailed link (no account, no site navigation): the form
//! to confirm who they are, write and sign their testimony; what they signed, once the link is
//! used; or a plain sentence when the link cannot be used.

use maud::{Markup, html};

use super::forms::{Input, error_summary, form_problem, textarea};
use super::layout::Page;
use super::witness::{criteria_list, item_checkboxes, paragraphs, signed};
use crate::actions::assessment::witness_link::LinkView;
use crate::curriculum::Curriculum;
use crate::domain::people::FieldError;
use crate::domain::witness::{AnswerFields, LinkState, expert_qualification_options};

pub struct WitnessPage<'a> {
    pub curriculum: &'a Curriculum,
    pub view: &'a LinkView,
    /// The path the form posts to (`/witness/{token}`).
    pub action: &'a str,
    pub fields: &'a AnswerFields,
    pub errors: &'a [FieldError],
    pub problem: Option<&'a str>,
}

pub fn page(p: &WitnessPage<'_>) -> Markup {
    let v = p.view;
    let title = format!("Testimony about {}'s practice", v.learner_name);
    let notice = matches!(v.link, LinkState::Used(_))
        .then_some("This link has been used: below is what you signed. It cannot be used again.");
    Page::new(&title).notice(notice).render(html! {
        p {
            "You were asked to give testimony, as "
            @if v.request.expert { "an expert witness" } @else { "a witness" }
            ", about " (v.learner_name) "'s work towards " (v.qualification_title(p.curriculum)) "."
        }
        h2 { "What you are asked about" }
        dl class="facts" {
            dt { "The activity" } dd { (v.request.activity) }
            dt { "Criteria" } dd { (criteria_list(p.curriculum, &v.criteria())) }
        }
        @match (&v.link, &v.testimony) {
            (LinkState::Used(_), Some(t)) => { (signed(p.curriculum, t)) }
            (LinkState::Open, _) => { (form(p)) }
            _ => { p { "This link cannot be used." } }
        }
    })
}

fn form(p: &WitnessPage<'_>) -> Markup {
    let (f, errors, v) = (p.fields, p.errors, p.view);
    html! {
        h2 id="answer" { "Your testimony" }
        (form_problem(p.problem))
        (error_summary(errors))
        form method="post" action=(p.action) novalidate {
            input type="hidden" name="link_id" value=(v.link_id);
            fieldset class="field" {
                legend { "Who you are (as in the email you received)" }
                (Input::new("confirm_name", "Your full name").value(&f.confirm_name).autocomplete("name").render(errors))
                (Input::new("confirm_email", "Your email address").kind("email").value(&f.confirm_email).autocomplete("email").render(errors))
            }
            (Input::new("declared_role", "Your job or role").value(&f.declared_role).autocomplete("organization-title").render(errors))
            (textarea("testimony", "What you saw the learner do, and how it meets the criteria", &f.testimony, errors))
            @if v.request.expert { (expert(p)) }
            (Input::new("signature", "Sign: type your full name").value(&f.signature).hint("Typing your name signs this testimony. The time, your network address and a fingerprint (SHA-256) of exactly what you signed are kept with it.").render(errors))
            button type="submit" class="primary" { "Sign and send" }
        }
    }
}

fn expert(p: &WitnessPage<'_>) -> Markup {
    let (f, errors, v) = (p.fields, p.errors, p.view);
    let qualification = &v.registration.qualification_id;
    let statements = p
        .curriculum
        .qualification(qualification)
        .and_then(|(spec, _)| spec.expert_witness.as_ref())
        .map(|rule| rule.statements.join(" "))
        .unwrap_or_default();
    let check = |name: &str, checked: bool, label: &str| {
        html! {
            label class="checkbox" for=(name) {
                input type="checkbox" id=(name) name=(name) value="true" checked[checked];
                (label)
            }
        }
    };
    html! {
        h3 { "How you meet the expert witness requirements" }
        p class="quote" { (statements) }
        fieldset class="field" {
            legend { "What applies to you" }
            (check("working_knowledge_of_units", f.working_knowledge_of_units, "I have a working knowledge of the units my expertise is based on"))
            (check("occupationally_competent", f.occupationally_competent, "I am occupationally competent in this area of practice"))
            (check("work_role_evaluates_practice", f.work_role_evaluates_practice, "My work role involves evaluating the everyday practice of staff"))
        }
        fieldset class="field" {
            legend { "Assessment qualifications you hold" }
            @for (index, (id, title)) in expert_qualification_options(p.curriculum, qualification).iter().enumerate() {
                @let element = if index == 0 { "assessment_qualifications".to_owned() } else { format!("assessment_qualifications-{id}") };
                label class="checkbox" for=(element) {
                    input type="checkbox" id=(element) name="assessment_qualifications" value=(id) checked[f.assessment_qualifications.contains(id)];
                    (title)
                }
            }
        }
        (textarea("expert_statement", "In your own words: your role, experience and qualifications", &f.expert_statement, errors))
        h3 { "Observation of practice (optional)" }
        p { "If you observed the learner at work, record it here; once the assessor accepts it, it counts as an observation." }
        (Input::new("observed_on", "Date you observed them").kind("date").value(&f.observed_on).optional().render(errors))
        (Input::new("observation_setting", "Where (the setting)").value(&f.observation_setting).optional().render(errors))
        (textarea("observation_narrative", "What you observed (optional)", &f.observation_narrative, errors))
        (item_checkboxes(p.curriculum, qualification, "observation_criteria", &f.observation_criteria, Some(&v.criteria())))
    }
}

/// A link that cannot be used: a plain sentence, and nothing else to do here.
pub fn problem(message: &str) -> Markup {
    Page::new("This link cannot be used").render(html! {
        (paragraphs(message))
    })
}
