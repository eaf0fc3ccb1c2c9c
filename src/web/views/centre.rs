//! A centre's people and EQA access (for its administrators), and a person's staff record.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, select, select_with_id, textarea};
use super::layout::Page;
use super::words;
use crate::actions::people::centre_people::{EqaGrantInput, NewPersonInput, StaffRecordView};
use crate::curriculum::Curriculum;
use crate::domain::credentials::{COMPETENCE_CODES, EXPERT_WITNESS_CODES};
use crate::domain::eligibility::Decision;
use crate::domain::ids::CentreId;
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::people::{Centre, EqaGrant};
use crate::web::auth::CurrentUser;

pub struct CentrePage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub centre: &'a Centre,
    /// A page of the centre's people, and what was asked of the list.
    pub people: &'a crate::actions::people::staff_list::PeoplePage,
    pub people_query: &'a crate::actions::people::staff_list::PeopleQuery,
    pub grants: &'a [(EqaGrant, String, String)],
    /// The records retention period (Q3).
    pub retention: crate::domain::retention::RetentionYears,
    /// Who must use two-step sign-in at the centre.
    pub two_step_policy: crate::domain::two_step_policy::TwoStepPolicy,
    /// Support access given to the platform's administrators, while it stands.
    pub support: Option<&'a crate::store::support_access::SupportGrant>,
    pub errors: &'a [FieldError],
    pub notice: Option<&'a str>,
    /// Which form the errors belong to: "person", "eqa", "retention", "two-step" or "support".
    pub failed_form: &'a str,
    /// What was typed into a refused form, shown again.
    pub drafts: &'a CentreDrafts,
}

/// What was typed into the centre page's refused form.
#[derive(Debug, Default)]
pub struct CentreDrafts {
    pub person: NewPersonInput,
    pub eqa: EqaGrantInput,
    /// Support access: the reason and the days typed.
    pub support: (String, String),
}

pub(super) fn role_options() -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .map(|r| (r.code().to_owned(), r.label().to_owned()))
        .collect()
}

pub fn centre(page: &CentrePage<'_>) -> Markup {
    let c = page.centre;
    Page::new(&c.name).user(Some(page.current)).notice(page.notice).trail("Home", "/home").render(html! {
        dl class="facts" {
            dt { "City & Guilds centre number" } dd { (c.cg_centre_number.as_deref().unwrap_or("not recorded")) }
            dt { "SQA centre number" } dd { (c.sqa_centre_number.as_deref().unwrap_or("not recorded")) }
        }
        ul {
            li { a href={ "/centres/" (c.id) "/registrations" } { "Registrations" } }
            li { a href={ "/centres/" (c.id) "/assignments" } { "Assignments set by the awarding body (City & Guilds Unit 001)" } }
            li { a href={ "/centres/" (c.id) "/audit" } { "Audit trail" } }
        }
        (super::centre_people::people_section(page))
        (eqa_section(page))
        (super::records::retention_form(&c.id, &page.current.session.csrf_token, page.retention, if page.failed_form == "retention" { page.errors } else { &[] }))
        (super::two_step::policy_form(&c.id, &page.current.session.csrf_token, page.two_step_policy, if page.failed_form == "two-step" { page.errors } else { &[] }))
        (super::support_access::section(page.current, &c.id, page.support, (&page.drafts.support, if page.failed_form == "support" { page.errors } else { &[] })))
    })
}

/// The external quality assurers' read-only access, and the form that gives it.
fn eqa_section(page: &CentrePage<'_>) -> Markup {
    let c = page.centre;
    // The EQA form's fields share names with the person form; their ids carry an "eqa-" prefix.
    let eqa_errors: Vec<FieldError> = if page.failed_form == "eqa" {
        page.errors
            .iter()
            .map(|e| FieldError::new(&format!("eqa-{}", e.field), &e.message))
            .collect()
    } else {
        Vec::new()
    };
    let eqa_errors = eqa_errors.as_slice();
    let typed = &page.drafts.eqa;
    html! {
        h2 id="eqa" { "External quality assurance access" }
        @if page.grants.is_empty() {
            p { "No external quality assurer has access." }
        } @else {
            table {
                thead { tr { th scope="col" { "Person" } th scope="col" { "Qualification" } th scope="col" { "Until" } } }
                tbody {
                    @for (g, name, email) in page.grants {
                        tr {
                            td data-label="Person" { (name) " (" (email) ")" }
                            td data-label="Qualification" { (page.curriculum.qualification_name(&g.qualification_id)) }
                            td data-label="Until" { (words::day(g.expires_at.date())) }
                        }
                    }
                }
            }
        }
        (error_summary(eqa_errors))
        form method="post" action={ "/centres/" (c.id) "/eqa-grants" } novalidate {
            (csrf(&page.current.session.csrf_token))
            (Input::new("name", "EQA's full name").id("eqa-name").autocomplete("off").value(&typed.name).render(eqa_errors))
            (Input::new("email", "EQA's email address").id("eqa-email").kind("email").autocomplete("off").value(&typed.email).render(eqa_errors))
            (select_with_id("eqa-qualification_id", "qualification_id", "Qualification", &page.curriculum.qualifications().map(|(_, q)| (q.id.clone(), q.title.clone())).collect::<Vec<_>>(), &typed.qualification_id, eqa_errors))
            (Input::new("until", "Last day of access").id("eqa-until").kind("date").value(&typed.until).hint("Access ends by itself at the end of this day, at most a year from today.").render(eqa_errors))
            button type="submit" class="primary" { "Give read-only access" }
        }
    }
}

fn decision(d: &Decision) -> Markup {
    html! {
        p class=(if d.allowed { "allowed" } else { "refused" }) { (if d.allowed { "Yes" } else { "No" }) }
        ul {
            @for r in &d.reasons { li { (r) } }
            @for w in &d.warnings { li class="warning" { "Warning: " (w) } }
        }
    }
}

pub struct StaffPage<'a> {
    pub current: &'a CurrentUser,
    pub curriculum: &'a Curriculum,
    pub centre: &'a Centre,
    pub record: &'a StaffRecordView,
    pub editable: bool,
    pub errors: &'a [FieldError],
    pub failed_form: &'a str,
    pub notice: Option<&'a str>,
}

pub fn staff(page: &StaffPage<'_>) -> Markup {
    let r = page.record;
    let mut shown = Page::new(&r.user.name)
        .user(Some(page.current))
        .notice(page.notice)
        .trail("Home", "/home");
    // The centre's page is its administrators'; others reading a staff record (the person, an
    // IQA) are not sent to a page that refuses them.
    let c = page.current;
    if c.supports(&CentreId::from_stored(page.centre.id.as_str()))
        || c.has_role(
            &CentreId::from_stored(page.centre.id.as_str()),
            crate::domain::roles::Role::CentreAdmin,
        )
    {
        shown = shown.trail(&page.centre.name, format!("/centres/{}", page.centre.id));
    }
    shown.render(html! {
        (roles_section(page))
        (eligibility_section(page.curriculum, r))
        (credentials_section(page))
        (cpd_section(page))
    })
}

/// Where the staff record's forms post.
fn staff_base(page: &StaffPage<'_>) -> String {
    format!("/centres/{}/people/{}", page.centre.id, page.record.user.id)
}

/// The person's roles at this centre, each with a button to remove it when the page is editable.
fn roles_section(page: &StaffPage<'_>) -> Markup {
    let r = page.record;
    let base = staff_base(page);
    let roles_here: Vec<Role> = r
        .memberships
        .iter()
        .filter(|m| m.centre_id == page.centre.id)
        .filter_map(|m| Role::parse(&m.role))
        .collect();
    html! {
        h2 { "Roles at " (page.centre.name) }
        ul {
            @for role in &roles_here {
                li {
                    (role.label())
                    @if page.editable {
                        " "
                        a class="button secondary" href={ (base) "/roles/" (role.code()) "/remove" } { "Remove " (role.label()) " role from " (r.user.name) }
                    }
                }
            }
        }
        @if page.editable {
            details {
                summary { "Reset two-step sign-in" }
                p { "If " (r.user.name) " has lost the phone with their authenticator app and their recovery codes, or the device that holds their passkey, reset their two-step sign-in: their app, codes and passkeys stop working, they are signed out everywhere, sign in with their password alone and set it up again." }
                form method="post" action={ (base) "/two-step/reset" } {
                    (csrf(&page.current.session.csrf_token))
                    button type="submit" { "Reset two-step sign-in for " (r.user.name) }
                }
            }
        }
    }
}

/// What the person may assess, quality-assure or witness, with the reasons.
fn eligibility_section(curriculum: &Curriculum, r: &StaffRecordView) -> Markup {
    html! {
        h2 { "Eligibility" }
        p { "Worked out from the qualifications' staffing rules and the credentials below." }
        table {
            thead { tr { th scope="col" { "May" } th scope="col" { "Decision and reasons" } } }
            tbody {
                @for u in &r.eligibility.units {
                    tr { th scope="row" { "Assess " (unit_name(curriculum, &u.unit_id, &u.unit_title)) } td data-label="Decision and reasons" { (decision(&u.decision)) } }
                }
                @for q in &r.eligibility.quality_assurance {
                    tr { th scope="row" { "Quality-assure " (curriculum.qualification_name(&q.qualification_id)) } td data-label="Decision and reasons" { (decision(&q.decision)) } }
                }
                @for q in &r.eligibility.expert_witness {
                    tr { th scope="row" { "Act as expert witness for " (curriculum.qualification_name(&q.qualification_id)) } td data-label="Decision and reasons" { (decision(&q.decision)) } }
                }
            }
        }
    }
}

/// The credentials recorded, and the form that records one.
fn credentials_section(page: &StaffPage<'_>) -> Markup {
    let r = page.record;
    let base = staff_base(page);
    let credential_errors = if page.failed_form == "credential" {
        page.errors
    } else {
        &[]
    };
    html! {
        h2 { "Credentials" }
        @if r.credentials.is_empty() { p { "None recorded." } }
        @else {
            table {
                thead { tr { th scope="col" { "Kind" } th scope="col" { "What" } th scope="col" { "Evidence" } th scope="col" { "Dated" } } }
                tbody {
                    @for c in &r.credentials {
                        tr {
                            td data-label="Kind" { (credential_kind(&c.kind)) }
                            td data-label="What" { (credential_label(page.curriculum, &c.code)) }
                            td data-label="Evidence" { (c.statement) }
                            td data-label="Dated" { (words::day(c.dated_on)) }
                        }
                    }
                }
            }
        }
        @if page.editable {
            h3 id="add-credential" { "Record a credential" }
            (error_summary(credential_errors))
            form method="post" action={ (base) "/credentials" } novalidate {
                (csrf(&page.current.session.csrf_token))
                (select("kind", "Kind", &CREDENTIAL_KINDS.map(|(code, words)| (code.to_owned(), words.to_owned())), "qualification", credential_errors))
                (select("code", "Which", &code_options(page.curriculum), "", credential_errors))
                (textarea("statement", "Evidence seen (certificate, role, experience)", "", credential_errors))
                (Input::new("dated_on", "Date").kind("date").render(credential_errors))
                button type="submit" class="primary" { "Record credential" }
            }
        }
    }
}

/// The CPD logged, and the form that logs more (the centre's administrators and the person).
fn cpd_section(page: &StaffPage<'_>) -> Markup {
    let r = page.record;
    let base = staff_base(page);
    let cpd_errors = if page.failed_form == "cpd" {
        page.errors
    } else {
        &[]
    };
    html! {
        h2 { "Continuing professional development" }
        @if r.cpd.is_empty() { p { "No CPD logged." } }
        @else {
            table {
                thead { tr { th scope="col" { "Date" } th scope="col" { "Minutes" } th scope="col" { "Activity" } } }
                tbody {
                    @for e in &r.cpd {
                        tr {
                            td data-label="Date" { (words::day(e.done_on)) }
                            td data-label="Minutes" { (e.minutes) }
                            td data-label="Activity" { (e.activity) }
                        }
                    }
                }
            }
        }
        @if page.editable || page.current.user.id == r.user.id {
            h3 id="add-cpd" { "Log CPD" }
            (error_summary(cpd_errors))
            form method="post" action={ (base) "/cpd" } novalidate {
                (csrf(&page.current.session.csrf_token))
                (Input::new("done_on", "Date").kind("date").render(cpd_errors))
                (Input::new("minutes", "Minutes").kind("number").render(cpd_errors))
                (textarea("activity", "What you did and learned", "", cpd_errors))
                button type="submit" class="primary" { "Log CPD" }
            }
        }
    }
}

/// The kinds of credential, as (code, words).
const CREDENTIAL_KINDS: [(&str, &str); 3] = [
    ("qualification", "Qualification"),
    ("competence", "Occupational competence or knowledge"),
    ("expert_witness", "Expert witness standing"),
];

/// A credential's kind in words (`expert_witness` → "Expert witness standing").
fn credential_kind(code: &str) -> &str {
    CREDENTIAL_KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, words)| words)
}

/// A unit as people name it: "Unit 001 Principles of …" (the title alone when the curriculum
/// no longer knows the unit).
fn unit_name(curriculum: &Curriculum, unit_id: &str, title: &str) -> String {
    curriculum.unit(unit_id).map_or_else(
        || title.to_owned(),
        |(_, u)| format!("Unit {} {}", u.number, u.title),
    )
}

fn code_options(curriculum: &Curriculum) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = Vec::new();
    for spec in curriculum.specifications() {
        for q in &spec.staff_qualifications {
            options.push((q.id.clone(), format!("Qualification: {}", q.title)));
        }
    }
    options.extend(
        COMPETENCE_CODES
            .iter()
            .map(|(c, l)| ((*c).to_owned(), format!("Competence: {l}"))),
    );
    options.extend(
        EXPERT_WITNESS_CODES
            .iter()
            .map(|(c, l)| ((*c).to_owned(), format!("Expert witness: {l}"))),
    );
    options
}

fn credential_label(curriculum: &Curriculum, code: &str) -> String {
    code_options(curriculum)
        .into_iter()
        .find(|(c, _)| c == code)
        .map(|(_, l)| l)
        .unwrap_or_else(|| code.to_owned())
}
