//! The page that asks a centre administrator to confirm removing someone's role, saying what
//! it does before it is done.

use maud::{Markup, html};

use super::forms::csrf;
use super::layout::Page;
use crate::actions::people::centre_people::RoleRemoval;
use crate::domain::roles::Role;
use crate::web::auth::CurrentUser;

pub struct RoleRemovalPage<'a> {
    pub current: &'a CurrentUser,
    /// `/centres/{centre}/people/{user}`.
    pub staff_record: &'a str,
    pub removal: &'a RoleRemoval,
}

/// Who keeps naming the person in this role after it goes, in words.
fn still_named(r: &RoleRemoval) -> Option<String> {
    let n = r.active_registrations;
    let learners = if n == 1 {
        "1 active learner still names".to_owned()
    } else {
        format!("{n} active learners still name")
    };
    let what = match r.role {
        Role::Assessor => "assessor",
        Role::Iqa => "IQA",
        Role::Tutor => "tutor",
        Role::Learner => {
            return (n > 0).then(|| format!("{} has {} here; their portfolio stays, but they can no longer sign in to it at this centre.", r.person, if n == 1 { "an active registration".to_owned() } else { format!("{n} active registrations") }));
        }
        Role::CentreAdmin => return None,
    };
    (n > 0).then(|| format!("{learners} {} as their {what}. Choose someone else on each registration, or their work waits.", r.person))
}

pub fn page(p: &RoleRemovalPage<'_>) -> Markup {
    let r = p.removal;
    let title = format!("Remove the {} role from {}?", r.role.label(), r.person);
    Page::new(&title)
        .user(Some(p.current))
        .trail("Home", "/home")
        .render(html! {
            p { (r.person) " will no longer work as " (r.role.label().to_lowercase()) " at " (r.centre) ". They are signed out everywhere at once; their other roles stay. Their past decisions and signatures stay on record." }
            @if let Some(warning) = still_named(r) {
                div class="callout" role="note" { p class="warning" { (warning) } }
            }
            form method="post" action={ (p.staff_record) "/roles/" (r.role.code()) "/remove" } {
                (csrf(&p.current.session.csrf_token))
                button type="submit" class="danger" { "Remove the " (r.role.label()) " role" }
            }
            p { a href=(p.staff_record) { "Keep the role and go back to " (r.person) "'s record" } }
        })
}
