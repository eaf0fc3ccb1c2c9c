//! The claims page's content, for a centre administrator: everyone ready to claim (found among
//! the learners with a unit sign-off standing, the only ones who can be), a page of the centre's
//! learners in name order with what each still needs (found by a search, counted in SQL), and
//! the claims made. Eligibility is worked out only for those shown, so the page costs the same
//! however many learners the centre has.

use std::collections::HashSet;

use crate::actions::access::require_centre_role;
use crate::actions::assessment::caseload::{check_per_page, place_gone, searching};
use crate::actions::people::registration_list::RegistrationListQuery;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::CentreId;
use crate::store::caseload::{self, CaseloadFilter};
use crate::store::claims::{self, Claim};
use crate::store::{StoreError, claim_sources};

use super::claim::ADMIN;
use super::claim_facts::{Candidate, candidates_of};

/// What the claims page shows.
pub struct ClaimsOverview {
    /// Everyone ready to claim, in name order.
    pub ready: Vec<Candidate>,
    /// A page of the centre's learners (the search applied), each with where they stand.
    pub page: Vec<Candidate>,
    /// How many learners the whole list (with the search) holds.
    pub total: i64,
    /// The registration to continue after, when there are more.
    pub next: Option<String>,
    /// The centre's claims, newest first.
    pub claims: Vec<Claim>,
}

/// The claims page for `query`'s page of learners. Centre administrator.
pub async fn overview(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    query: &RegistrationListQuery,
) -> Result<ClaimsOverview, ActionError> {
    require_centre_role(actor, centre_id, ADMIN)?;
    check_per_page(query.per_page)?;
    let filter = CaseloadFilter {
        admin_centres: vec![centre_id.to_string()],
        status: query.status,
        ..searching(&state.curriculum, query.search.as_deref())
    };
    let (after, per_page) = (query.after.as_ref().map(|a| a.to_string()), query.per_page);
    let (curriculum, centre, today) = (
        state.curriculum.clone(),
        centre_id.clone(),
        state.clock.now().date_naive(),
    );
    state
        .db
        .run(move |conn| -> Result<_, StoreError> {
            let Some(window) = caseload::window(conn, &filter, after.as_deref(), per_page)? else {
                return Ok(None);
            };
            let could_be = claim_sources::with_standing_sign_off(conn, centre.as_ref())?;
            let shown: HashSet<String> = window.rows.iter().map(|(r, _)| r.id.clone()).collect();
            let mut rows = window.rows;
            let page_len = rows.len();
            rows.extend(could_be.into_iter().filter(|(r, _)| !shown.contains(&r.id)));
            // Eligibility read once for the page and for those who could be ready.
            let mut all = candidates_of(conn, &curriculum, &centre, rows, today)?;
            let rest = all.split_off(page_len);
            let mut ready: Vec<Candidate> = all
                .iter()
                .chain(&rest)
                .filter(|c| c.readiness.is_ready())
                .cloned()
                .collect();
            ready.sort_by(|a, b| {
                (&a.learner_name, &a.registration.id).cmp(&(&b.learner_name, &b.registration.id))
            });
            let next = window
                .more
                .then(|| all.last().map(|c| c.registration.id.clone()))
                .flatten();
            Ok(Some(ClaimsOverview {
                ready,
                page: all,
                total: window.total,
                next,
                claims: claims::of_centre(conn, centre.as_ref())?,
            }))
        })
        .await?
        .ok_or_else(place_gone)
}
