//! S5: "additional support needs and reasonable adjustments are recorded and taken into
//! account". The learner's own words from their registration, shown to staff in a small panel
//! wherever a decision about the learner is made: assessment and observations, occasions, plans.

use maud::{Markup, Render, html};

use crate::store::registrations::Registration;
use crate::web::auth::CurrentUser;

/// The panel; it renders nothing when both fields are empty.
pub struct SupportPanel<'a> {
    pub support_needs: &'a str,
    pub reasonable_adjustments: &'a str,
}

impl<'a> SupportPanel<'a> {
    /// What staff looking at `registration` are shown; the learner themselves gets nothing (the
    /// registration page shows them their own record).
    pub fn for_staff(current: &CurrentUser, registration: &'a Registration) -> Self {
        if current.user.id == registration.learner_id {
            return Self {
                support_needs: "",
                reasonable_adjustments: "",
            };
        }
        Self {
            support_needs: registration.support_needs.trim(),
            reasonable_adjustments: registration.reasonable_adjustments.trim(),
        }
    }
}

impl Render for SupportPanel<'_> {
    fn render(&self) -> Markup {
        if self.support_needs.is_empty() && self.reasonable_adjustments.is_empty() {
            return html! {};
        }
        html! {
            section class="panel support-needs" aria-labelledby="support-needs" {
                h2 id="support-needs" { "Support needs and reasonable adjustments" }
                dl {
                    @if !self.support_needs.is_empty() {
                        dt { "Additional support needs" } dd class="prewrap" { (self.support_needs) }
                    }
                    @if !self.reasonable_adjustments.is_empty() {
                        dt { "Reasonable adjustments" } dd class="prewrap" { (self.reasonable_adjustments) }
                    }
                }
            }
        }
    }
}
