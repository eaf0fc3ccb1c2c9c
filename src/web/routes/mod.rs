//! Every route the service answers, in one table. An endpoint cannot be added without stating
//! who may call it; the OpenAPI document and the access tests are generated from this table.

pub mod curriculum_pages;
pub mod health;

use actix_web::http::Method;
use actix_web::{Route, web};

use super::api;

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (health checks, the published curriculum).
    Public,
}

impl Access {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Public => "Public: no sign-in needed.",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An HTML page for people.
    Page,
    /// A JSON API endpoint (described in the OpenAPI document).
    Api,
    /// Operational endpoints (health checks, static files).
    Ops,
}

pub struct Endpoint {
    pub method: Method,
    /// The actix path; `{name:.*}` marks a parameter that may contain `/` (curriculum ids).
    pub path: &'static str,
    pub kind: Kind,
    pub access: Access,
    pub summary: &'static str,
    /// Responses other than 200 that the endpoint documents: (status, description).
    pub errors: &'static [(u16, &'static str)],
    pub handler: fn(Route) -> Route,
}

impl Endpoint {
    /// The path as OpenAPI writes it: `{id:.*}` becomes `{id}`.
    pub fn openapi_path(&self) -> String {
        let mut out = String::with_capacity(self.path.len());
        let (mut in_param, mut skipping) = (false, false);
        for ch in self.path.chars() {
            match ch {
                '{' => {
                    in_param = true;
                    out.push(ch);
                }
                '}' => {
                    (in_param, skipping) = (false, false);
                    out.push(ch);
                }
                ':' if in_param => skipping = true,
                _ if skipping => {}
                _ => out.push(ch),
            }
        }
        out
    }

    /// Names of the path parameters.
    pub fn parameters(&self) -> Vec<String> {
        self.openapi_path()
            .split('{')
            .skip(1)
            .filter_map(|s| s.split('}').next().map(str::to_owned))
            .collect()
    }
}

const NOT_FOUND: &[(u16, &str)] = &[(404, "No such item (problem+json, code not_found)")];

/// The route table.
pub fn endpoints() -> Vec<Endpoint> {
    use Access::Public;
    use Kind::{Api, Ops, Page};
    let get = Method::GET;
    vec![
        Endpoint {
            method: get.clone(),
            path: "/healthz",
            kind: Ops,
            access: Public,
            summary: "The process is up",
            errors: &[],
            handler: |r| r.to(health::healthz),
        },
        Endpoint {
            method: get.clone(),
            path: "/readyz",
            kind: Ops,
            access: Public,
            summary: "The database is reachable and migrated",
            errors: &[(503, "Not ready")],
            handler: |r| r.to(health::readyz),
        },
        Endpoint {
            method: get.clone(),
            path: "/static/app.css",
            kind: Ops,
            access: Public,
            summary: "Style sheet",
            errors: &[],
            handler: |r| r.to(health::stylesheet),
        },
        Endpoint {
            method: get.clone(),
            path: "/",
            kind: Page,
            access: Public,
            summary: "Home",
            errors: &[],
            handler: |r| r.to(curriculum_pages::home),
        },
        Endpoint {
            method: get.clone(),
            path: "/qualifications",
            kind: Page,
            access: Public,
            summary: "Qualifications",
            errors: &[],
            handler: |r| r.to(curriculum_pages::qualifications),
        },
        Endpoint {
            method: get.clone(),
            path: "/qualifications/{qualification_id}",
            kind: Page,
            access: Public,
            summary: "A qualification",
            errors: NOT_FOUND,
            handler: |r| r.to(curriculum_pages::qualification),
        },
        Endpoint {
            method: get.clone(),
            path: "/units/{unit_id:.*}",
            kind: Page,
            access: Public,
            summary: "A unit in full",
            errors: NOT_FOUND,
            handler: |r| r.to(curriculum_pages::unit),
        },
        Endpoint {
            method: get.clone(),
            path: "/frameworks/{framework_id}",
            kind: Page,
            access: Public,
            summary: "A framework of standards",
            errors: NOT_FOUND,
            handler: |r| r.to(curriculum_pages::framework),
        },
        Endpoint {
            method: get.clone(),
            path: "/api/v1/qualifications",
            kind: Api,
            access: Public,
            summary: "List the qualifications",
            errors: &[],
            handler: |r| r.to(api::curriculum::qualifications),
        },
        Endpoint {
            method: get.clone(),
            path: "/api/v1/qualifications/{qualification_id}",
            kind: Api,
            access: Public,
            summary: "A qualification with its whole tree: units, outcomes, criteria, range, rules",
            errors: NOT_FOUND,
            handler: |r| r.to(api::curriculum::qualification),
        },
        Endpoint {
            method: get.clone(),
            path: "/api/v1/frameworks/{framework_id}",
            kind: Api,
            access: Public,
            summary: "A framework with its standards and core components",
            errors: NOT_FOUND,
            handler: |r| r.to(api::curriculum::framework),
        },
        Endpoint {
            method: get.clone(),
            path: "/api/v1/curriculum",
            kind: Api,
            access: Public,
            summary: "The whole loaded curriculum, every text included",
            errors: &[],
            handler: |r| r.to(api::curriculum::export),
        },
        Endpoint {
            method: get.clone(),
            path: "/api/v1/curriculum/case",
            kind: Api,
            access: Public,
            summary: "The curriculum as 1EdTech CASE 1.0 packages",
            errors: &[],
            handler: |r| r.to(api::curriculum::case),
        },
        Endpoint {
            method: get,
            path: "/api/v1/openapi.json",
            kind: Api,
            access: Public,
            summary: "This document",
            errors: &[],
            handler: |r| r.to(api::openapi::document),
        },
    ]
}

/// Register every endpoint of the table.
pub fn configure(cfg: &mut web::ServiceConfig) {
    for endpoint in endpoints() {
        cfg.route(
            endpoint.path,
            (endpoint.handler)(web::method(endpoint.method.clone())),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_paths_drop_patterns() {
        let e = endpoints();
        let unit = e.iter().find(|e| e.path.starts_with("/units/"));
        assert_eq!(
            unit.map(Endpoint::openapi_path).as_deref(),
            Some("/units/{unit_id}")
        );
        assert_eq!(
            unit.map(Endpoint::parameters),
            Some(vec!["unit_id".to_owned()])
        );
    }
}
