//! The role-by-route matrix: every route of the route table, called by every kind of caller,
//! answers as the route's `Access` rule says: allowed, 401 (pages: 303 to /sign-in), 403 or 404;
//! and every answer to a signed-in caller on a route that is not public carries
//! `Cache-Control: no-store` (issue 17).

use std::collections::{BTreeSet, HashMap};

use actix_web::http::Method;
use eportfolio::clock::Clock;
use eportfolio::domain::roles::Role;
use eportfolio::store::{people, registrations, support_access};
use eportfolio::web::routes::{Access, Kind, endpoints};

use crate::access_expectations::expected;
use crate::access_samples::{Body, Sample, samples};
use crate::support::{Reply, Req, TestResult};
use crate::world::{PageSession, Person, World, show};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Caller {
    Anonymous,
    /// The platform administrator, before centre A gives support access.
    PlatformAdmin,
    /// The platform administrator after centre A's administrator gave support access.
    SupportAccess,
    CentreAdmin,
    Tutor,
    Assessor,
    Iqa,
    Learner,
    /// An EQA with an active grant on centre A.
    Eqa,
    /// The centre administrator of centre B.
    AdminOfB,
    /// Centre A's assessor after their assessor role was removed, signed in again: the sample
    /// registration still names them, and that gives them nothing.
    RoleRemoved,
    /// Centre A's assessor, role back, after the sample registration moved to another
    /// assessor: an assessor at the centre with no part in it.
    AllocationMoved,
}

/// Run last, in this order: each changes the world the way its name says first.
const CALLERS: [Caller; 12] = [
    Caller::Anonymous,
    Caller::PlatformAdmin,
    Caller::SupportAccess,
    Caller::CentreAdmin,
    Caller::Tutor,
    Caller::Assessor,
    Caller::Iqa,
    Caller::Learner,
    Caller::Eqa,
    Caller::AdminOfB,
    Caller::RoleRemoved,
    Caller::AllocationMoved,
];

impl Caller {
    fn person(self, w: &World) -> Option<&Person> {
        match self {
            Self::Anonymous => None,
            Self::PlatformAdmin | Self::SupportAccess => Some(&w.platform_admin),
            Self::CentreAdmin => Some(&w.centre_admin),
            Self::Tutor => Some(&w.tutor),
            Self::Assessor => Some(&w.assessor),
            Self::Iqa => Some(&w.iqa),
            Self::Learner => Some(&w.learner),
            Self::Eqa => Some(&w.eqa),
            Self::AdminOfB => Some(&w.admin_b),
            Self::RoleRemoved | Self::AllocationMoved => Some(&w.assessor),
        }
    }

    /// Change the world as the caller's name says; a fresh API token for them when their old
    /// one no longer stands for who they are now.
    async fn prepare(self, w: &World) -> Result<Option<String>, Box<dyn std::error::Error>> {
        let mut conn = w.app.db.db().get()?;
        match self {
            Self::RoleRemoved => {
                people::remove_membership(&mut conn, &w.assessor.id, &w.centre_a, "assessor")?;
            }
            Self::AllocationMoved => {
                w.ensure_role(&w.assessor.id, &w.centre_a, Role::Assessor)?;
                registrations::set_assessor(&mut conn, &w.registration, &w.spare.id)?;
            }
            Self::SupportAccess => {
                let now = w.app.clock().now().naive_utc();
                support_access::insert(
                    &mut conn,
                    &support_access::SupportGrant {
                        id: people::new_id(),
                        centre_id: w.centre_a.clone(),
                        granted_by: w.centre_admin.id.clone(),
                        reason: "the access matrix".to_owned(),
                        granted_at: now,
                        ends_at: now + chrono::Duration::days(1),
                        ended_at: None,
                        ended_by: None,
                    },
                )?;
                // The first call of the platform administrator signed their token out.
                return Ok(Some(w.api_token(&w.platform_admin).await?));
            }
            _ => return Ok(None),
        }
        Ok(Some(w.api_token(&w.assessor).await?))
    }

    /// The caller's role at centre A, if any.
    pub(crate) fn role_at_a(self) -> Option<Role> {
        match self {
            Self::CentreAdmin => Some(Role::CentreAdmin),
            Self::Tutor => Some(Role::Tutor),
            Self::Assessor => Some(Role::Assessor),
            Self::Iqa => Some(Role::Iqa),
            Self::Learner => Some(Role::Learner),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Allowed,
    /// 401; a page answers 303 to /sign-in.
    Unauthenticated,
    Forbidden,
    NotFound,
    /// 5xx: never right.
    Broken,
}

fn outcome_of(kind: Kind, reply: &Reply) -> Outcome {
    match reply.status.as_u16() {
        401 => Outcome::Unauthenticated,
        303 if kind != Kind::Api && reply.header("location") == "/sign-in" => {
            Outcome::Unauthenticated
        }
        403 => Outcome::Forbidden,
        404 => Outcome::NotFound,
        500.. => Outcome::Broken,
        _ => Outcome::Allowed,
    }
}

/// The sample as `caller` sends it: bearer token for the API, session cookie (and CSRF token
/// and `Origin` for posts) for pages.
fn request(
    method: &Method,
    kind: Kind,
    sample: &Sample,
    token: Option<&str>,
    page: Option<&PageSession>,
) -> Req {
    let mut req = Req::new(method.clone(), &sample.path);
    for (name, value) in &sample.cookies {
        req = req.cookie(name, value);
    }
    if kind == Kind::Api {
        if let Some(token) = token {
            req = req.bearer(token);
        }
    } else {
        if let Some(page) = page {
            req = req.session(&page.cookie);
        }
        if method == Method::POST {
            req = req.same_origin();
        }
    }
    match &sample.body {
        Body::Empty => req,
        Body::Json(value) => req.json(value),
        Body::Form(fields) => {
            let mut pairs: Vec<(&str, &str)> =
                fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            if let Some(page) = page.filter(|_| !pairs.iter().any(|(k, _)| *k == "csrf_token")) {
                pairs.push(("csrf_token", &page.csrf));
            }
            req.form(&pairs)
        }
        Body::Upload(csv) => {
            let csrf = page.map_or("", |p| p.csrf.as_str());
            req.multipart(&[
                ("csrf_token", None, csrf),
                ("file", Some("registrations.csv"), csv),
            ])
        }
        Body::Csv(csv) => req
            .header("content-type", "text/csv")
            .body(csv.as_bytes().to_vec()),
    }
}

/// An API refusal carries its code (API.md).
fn code_problem(kind: Kind, outcome: Outcome, reply: &Reply) -> Option<String> {
    let code = match outcome {
        Outcome::Unauthenticated => "unauthenticated",
        Outcome::Forbidden => "forbidden",
        Outcome::NotFound => "not_found",
        _ => return None,
    };
    let json = reply.json();
    (kind == Kind::Api
        && (json["code"] != code || reply.header("content-type") != "application/problem+json"))
        .then(|| format!("code should be {code} in problem+json"))
}

#[actix_web::test]
async fn every_route_answers_each_caller_as_its_access_rule_says() -> TestResult {
    let world = World::new().await?;
    crate::access_samples::assessment::prepare(&world)?;
    crate::access_samples::occasions::prepare(&world)?;
    crate::access_samples::plans::prepare(&world)?;
    crate::access_samples::sample_checks::prepare(&world)?;
    crate::access_samples::programmes::prepare(&world)?;
    crate::access_samples::sampling::prepare(&world)?;
    crate::access_samples::knowledge_checks::prepare(&world)?;
    crate::access_samples::claims::prepare(&world)?;
    crate::access_samples::credentials::prepare(&world)?;
    crate::access_samples::assignments::prepare(&world)?;
    let table = endpoints();
    let samples: HashMap<(&str, &str), Sample> = samples(&world).into_iter().collect();

    let routes: BTreeSet<(String, &str)> = table
        .iter()
        .map(|e| (e.method.to_string(), e.path))
        .collect();
    let missing: Vec<_> = routes
        .iter()
        .filter(|(m, p)| !samples.contains_key(&(m.as_str(), *p)))
        .collect();
    let stale: Vec<_> = samples
        .keys()
        .filter(|(m, p)| !routes.contains(&((*m).to_owned(), *p)))
        .collect();
    assert!(
        stale.is_empty(),
        "samples for routes that do not exist: {stale:?}"
    );

    // Session-ending routes last, so each caller's session lives through the rest.
    let mut order: Vec<_> = table
        .iter()
        .filter(|e| samples.contains_key(&(e.method.as_str(), e.path)))
        .collect();
    order.sort_by_key(|e| {
        samples
            .get(&(e.method.as_str(), e.path))
            .is_some_and(|s| s.ends_session)
    });

    let mut failures = Vec::new();
    let mut checked = 0;
    for caller in CALLERS {
        let fresh = caller.prepare(&world).await?;
        let person = caller.person(&world);
        let page = match person {
            Some(p) => Some(world.page_session(p).await?),
            None => None,
        };
        for endpoint in &order {
            let key = (endpoint.method.as_str(), endpoint.path);
            let sample = samples.get(&key).ok_or("a sample went missing")?;
            if let Some((user, centre, role)) = &sample.restore {
                world.ensure_role(user, centre, *role)?;
            }
            let req = request(
                &endpoint.method,
                endpoint.kind,
                sample,
                fresh.as_deref().or(person.map(|p| p.token.as_str())),
                page.as_ref(),
            );
            let reply = world.app.send(req).await;
            let got = outcome_of(endpoint.kind, &reply);
            checked += 1;
            let Some(want) = expected(endpoint.access, caller, sample) else {
                failures.push(format!(
                    "{} {}: no expectation for {:?}",
                    endpoint.method, endpoint.path, endpoint.access
                ));
                continue;
            };
            if got != want {
                failures.push(format!(
                    "{caller:?} {} {}: expected {want:?}, got {got:?} ({})",
                    endpoint.method,
                    endpoint.path,
                    show(&reply)
                ));
            } else if person.is_some()
                && !matches!(endpoint.access, Access::Public)
                && !reply.header("cache-control").contains("no-store")
            {
                failures.push(format!(
                    "{caller:?} {} {}: Cache-Control {:?}, not no-store",
                    endpoint.method,
                    endpoint.path,
                    reply.header("cache-control")
                ));
            } else if let Some(problem) = code_problem(endpoint.kind, got, &reply) {
                failures.push(format!(
                    "{caller:?} {} {}: {problem}: {}",
                    endpoint.method,
                    endpoint.path,
                    show(&reply)
                ));
            }
        }
    }
    assert_eq!(checked, order.len() * CALLERS.len());
    assert!(
        missing.is_empty() && failures.is_empty(),
        "routes without a sample request: {missing:?}\n{} of {checked} calls answered against the rule:\n{}",
        failures.len(),
        failures.join("\n")
    );
    Ok(())
}

/// The matrix's callers really are who they seem: a sanity check of the fixture.
#[actix_web::test]
async fn the_fixture_signs_everyone_in_with_their_roles() -> TestResult {
    let world = World::new().await?;
    let reply = world
        .app
        .send(
            Req::get(&format!("/api/v1/centres/{}", world.centre_a))
                .bearer(&world.centre_admin.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", show(&reply));
    let people = reply.json()["people"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(people.len(), 7, "{}", show(&reply));
    let page = world.page_session(&world.tutor).await?;
    let home = world
        .app
        .send(Req::get("/home").session(&page.cookie))
        .await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Tam Tutor"), "{}", show(&home));
    Ok(())
}
