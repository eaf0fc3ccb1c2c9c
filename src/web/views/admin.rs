//! The platform administrator's pages: centres, and the mail the platform has sent.

use maud::{Markup, html};

use super::forms::{Input, csrf, error_summary};
use super::layout::Page;
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
                            td { a href={ "/centres/" (c.id) } { (c.name) } }
                            td { (c.cg_centre_number.as_deref().unwrap_or("")) }
                            td { (c.sqa_centre_number.as_deref().unwrap_or("")) }
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
                pre { (m.body_text) }
            }
        }
    })
}

pub fn audit(
    current: &CurrentUser,
    centre: &Centre,
    entries: &[AuditEntry],
    person: &str,
    record: &str,
) -> Markup {
    Page::new("Audit trail").user(Some(current)).trail("Home", "/home").trail(&centre.name, format!("/centres/{}", centre.id)).render(html! {
        p { "Every decision and change at this centre, newest first. Each entry carries the hash of the one before it, so an edited or removed entry shows." }
        form method="get" action={ "/centres/" (centre.id) "/audit" } {
            (Input::new("person", "Person (user id)").value(person).optional().render(&[]))
            (Input::new("record", "Record id").value(record).optional().render(&[]))
            button type="submit" class="secondary" { "Filter" }
        }
        table {
            thead { tr { th scope="col" { "#" } th scope="col" { "When (UTC)" } th scope="col" { "Who" } th scope="col" { "What" } th scope="col" { "Record" } th scope="col" { "Why" } } }
            tbody {
                @for e in entries {
                    tr {
                        td { (e.seq) }
                        td { (e.recorded_at.format("%Y-%m-%d %H:%M:%S")) }
                        td { (e.actor_name) }
                        td { (e.action) " " span class="id" { (e.details) } }
                        td { (e.record_type) " " span class="id" { (e.record_id) } }
                        td { (e.reason.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
    })
}
