//! The platform administrator's pages: centres, and the mail the platform has sent.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary, select};
use super::layout::Page;
use crate::actions::people::wire::service::AuditQuery;
use crate::domain::people::FieldError;
use crate::store::audit::AuditEntry;
use crate::store::mail_queue::QueuedMail;
use crate::store::people::Centre;
use crate::web::auth::CurrentUser;

pub fn centres(
    current: &CurrentUser,
    centres: &[Centre],
    errors: &[FieldError],
    notice: Option<&str>,
) -> Markup {
    Page::new("Administration").user(Some(current)).notice(notice).trail("Home", "/home").render(html! {
        p { a href="/admin/mail" { "Mail sent by the platform" } }
        h2 { "Centres" }
        @if centres.is_empty() { p { "No centres yet." } }
        @else {
            table {
                thead { tr { th scope="col" { "Centre" } th scope="col" { "City & Guilds number" } th scope="col" { "SQA number" } } }
                tbody {
                    @for c in centres {
                        tr {
                            // A link only where the centre lets you in: while it has no
                            // administrator, or by the support access it gave.
                            td data-label="Centre" {
                                @if current.supports(&crate::domain::ids::CentreId::from_stored(c.id.as_str())) {
                                    a href={ "/centres/" (c.id) } { (c.name) }
                                } @else {
                                    (c.name) br; span class="muted" { "Its records open only with the support access its administrator gives." }
                                }
                            }
                            td data-label="City & Guilds number" { (c.cg_centre_number.as_deref().unwrap_or("")) }
                            td data-label="SQA number" { (c.sqa_centre_number.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
        h2 id="new-centre" { "Add a centre" }
        p { "Then open the centre and add its first centre administrator." }
        (error_summary(errors))
        form method="post" action="/admin/centres" novalidate {
            (csrf(&current.session.csrf_token))
            (Input::new("name", "Centre name").autocomplete("organization").render(errors))
            (Input::new("cg_centre_number", "City & Guilds centre number").optional().render(errors))
            (Input::new("sqa_centre_number", "SQA centre number").optional().render(errors))
            button type="submit" class="primary" { "Add centre" }
        }
    })
}

pub fn mail(current: &CurrentUser, messages: &[QueuedMail], outbox_note: &str) -> Markup {
    Page::new("Mail sent by the platform").user(Some(current)).trail("Administration", "/admin").render(html! {
        p { (outbox_note) }
        @if messages.is_empty() { p { "No mail yet." } }
        @for m in messages {
            article class="panel" {
                h2 { (m.subject) }
                dl class="facts" {
                    dt { "To" } dd { (m.to_name) " <" (m.to_address) ">" }
                    dt { "Queued" } dd { (m.created_at.format("%-d %B %Y %H:%M UTC")) }
                    dt { "Status" } dd { (m.status().label()) @if let Some(e) = &m.last_error { " (last error: " (e) ")" } }
                }
                // The body holds long unbroken links (a password link's token): it wraps, so the
                // page fits a phone.
                pre class="prewrap evidence-text" { (m.body_text) }
            }
        }
    })
}

/// The audit trail page: the filter (by person and by what happened, in words) and the entries.
pub struct AuditPage<'a> {
    pub current: &'a CurrentUser,
    pub centre: &'a Centre,
    pub entries: &'a [AuditEntry],
    /// The entry to continue before, when older ones follow.
    pub next: Option<i64>,
    /// The centre's people: (id, name).
    pub people: &'a [(String, String)],
    /// The actions recorded at the centre.
    pub actions: &'a [String],
    pub chosen: &'a AuditQuery,
}

/// An action as people read it: `unit_signed_off` → "Unit signed off", `eqa_access_granted` →
/// "EQA access granted".
pub fn action_words(action: &str) -> String {
    let words: Vec<String> = action
        .split('_')
        .enumerate()
        .map(|(i, word)| match word {
            "eqa" | "iqa" | "csv" | "pdf" | "sds" | "cpd" => word.to_uppercase(),
            _ if i == 0 => {
                let mut chars = word.chars();
                chars
                    .next()
                    .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
            }
            _ => word.to_owned(),
        })
        .collect();
    words.join(" ")
}

pub fn audit(p: &AuditPage<'_>) -> Markup {
    let centre = p.centre;
    let mut people = vec![(String::new(), "Anyone".to_owned())];
    people.extend(p.people.iter().cloned());
    let mut actions = vec![(String::new(), "Anything".to_owned())];
    actions.extend(p.actions.iter().map(|a| (a.clone(), action_words(a))));
    let chosen = |v: &Option<String>| v.clone().unwrap_or_default();
    Page::new("Audit trail").user(Some(p.current)).trail("Home", "/home").trail(&centre.name, format!("/centres/{}", centre.id)).render(html! {
        p { "Every decision and change at this centre, newest first. Each entry carries the hash of the one before it, so an edited or removed entry shows." }
        form method="get" action={ "/centres/" (centre.id) "/audit" } {
            (select("person", "Who", &people, &chosen(&p.chosen.person), &[]))
            (select("action", "What happened", &actions, &chosen(&p.chosen.action), &[]))
            details {
                summary { "Filter by a record" }
                (Input::new("record", "Record reference (from an entry's technical detail)").value(&chosen(&p.chosen.record)).optional().render(&[]))
            }
            (super::listing::page_size(per_page(p.chosen), "Entries"))
            button type="submit" class="secondary" { "Filter" }
        }
        @if p.entries.is_empty() { p { "No entry matches." } }
        table class="stack" {
            caption { "Audit entries, newest first" }
            thead { tr { th scope="col" { "When" } th scope="col" { "Who" } th scope="col" { "What" } th scope="col" { "Why" } } }
            tbody {
                @for e in p.entries {
                    tr {
                        th scope="row" { (e.recorded_at.format("%-d %B %Y, %H:%M:%S")) }
                        td data-label="Who" { (e.actor_name) }
                        td data-label="What" {
                            (action_words(&e.action))
                            details class="technical" {
                                summary { "Technical detail" }
                                p { "Entry " (e.seq) ", " (e.record_type) " " span class="id" { (e.record_id) } }
                                pre class="id" { (e.details) }
                            }
                        }
                        td data-label="Why" { (e.reason.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
        nav class="pages" aria-label="Pages of the audit trail" {
            @if let Some(next) = p.next {
                a href=(audit_link(p, Some(next))) { "Older entries" }
            }
            @if p.chosen.before.is_some() {
                " " a href=(audit_link(p, None)) { "Back to the newest" }
            }
        }
    })
}

fn per_page(chosen: &AuditQuery) -> i64 {
    crate::actions::audit_trail::per_page(chosen).unwrap_or(crate::actions::audit_trail::PER_PAGE)
}

/// The trail with the same filters, from the newest or before the entry `before`.
fn audit_link(p: &AuditPage<'_>, before: Option<i64>) -> String {
    let per_page = per_page(p.chosen).to_string();
    let before = before.map(|b| b.to_string());
    let c = p.chosen;
    let mut pairs = vec![
        ("person", c.person.as_deref().unwrap_or("")),
        ("action", c.action.as_deref().unwrap_or("")),
        ("record", c.record.as_deref().unwrap_or("")),
        ("per_page", per_page.as_str()),
    ];
    if let Some(before) = &before {
        pairs.push(("before", before.as_str()));
    }
    super::listing::link(&format!("/centres/{}/audit", p.centre.id), &pairs, None)
}

#[cfg(test)]
mod tests {
    #[test]
    fn actions_read_as_words() {
        assert_eq!(super::action_words("unit_signed_off"), "Unit signed off");
        assert_eq!(
            super::action_words("eqa_access_granted"),
            "EQA access granted"
        );
        assert_eq!(
            super::action_words("iqa_check_recorded"),
            "IQA check recorded"
        );
    }
}
