//! The centre page's support access section: whether the platform's administrators may act as
//! the centre's administrator now, until when and why; the form that lets them (or ends it).

use maud::{Markup, html};

use super::forms::{csrf, error_summary, select, textarea};
use super::words;
use crate::domain::ids::CentreId;
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::domain::support_access::MAX_SUPPORT_DAYS;
use crate::store::support_access::SupportGrant;
use crate::web::auth::CurrentUser;

fn day_options() -> Vec<(String, String)> {
    (1..=MAX_SUPPORT_DAYS)
        .map(|n| {
            let words = if n == 1 {
                "1 day".to_owned()
            } else {
                format!("{n} days")
            };
            (n.to_string(), words)
        })
        .collect()
}

/// The section; the form only for the centre's own administrators.
pub fn section(
    current: &CurrentUser,
    centre_id: &str,
    support: Option<&SupportGrant>,
    ((reason, days), errors): (&(String, String), &[FieldError]),
) -> Markup {
    let days = if days.is_empty() { "1" } else { days.as_str() };
    let own_admin = current.has_role(&CentreId::from_stored(centre_id), Role::CentreAdmin);
    html! {
        h2 id="support" { "Support from the platform's team" }
        @match support {
            Some(grant) => {
                p { "The platform's administrators may act as this centre's administrator until "
                    strong { (words::moment(grant.ends_at)) } ", to: " (grant.reason) }
                @if own_admin {
                    form method="post" action={ "/centres/" (centre_id) "/support-access/end" } {
                        (csrf(&current.session.csrf_token))
                        button type="submit" { "End support access now" }
                    }
                }
            }
            None => {
                p { "The platform's administrators cannot see this centre's learners, evidence or decisions. If you ask them for help, let them in here for a few days; you can end it at any time, and everything they do is in the audit trail." }
            }
        }
        @if own_admin {
            details open[!errors.is_empty()] {
                summary { @if support.is_some() { "Renew support access" } @else { "Give support access" } }
                (error_summary(errors))
                form method="post" action={ "/centres/" (centre_id) "/support-access" } novalidate {
                    (csrf(&current.session.csrf_token))
                    (textarea("reason", "What the support is for", reason, errors))
                    (select("days", "For how long", &day_options(), days, errors))
                    button type="submit" { "Give support access" }
                }
            }
        }
    }
}
