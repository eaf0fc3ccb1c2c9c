//! The OpenAPI 3.1 document, generated from the route table (paths, access, the errors each
//! operation documents) and from the Rust types each operation reads and writes (its
//! [`Contract`]), so that it cannot drift from what the service answers.

use actix_web::HttpResponse;
use actix_web::http::Method;
use serde_json::{Map, Value, json};

use crate::actions::people::wire::service::ApiDocument;
use crate::files::MediaType;
use crate::web::contract::{Body, Contract, Schemas};
use crate::web::error::PROBLEM_CODES;
use crate::web::routes::{Access, Endpoint, Kind, endpoints};

/// `GET /api/v1/openapi.json`. Access: public.
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDocument(build()))
}

pub fn build() -> Value {
    build_checked().0
}

/// The document, and the names of component schemas that two different types claim (which
/// must be none).
pub fn build_checked() -> (Value, Vec<String>) {
    let mut paths = Map::new();
    let mut schemas: Schemas = Vec::new();
    for endpoint in endpoints().iter().filter(|e| e.kind != Kind::Page) {
        let entry = paths
            .entry(endpoint.openapi_path())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(
                endpoint.method.as_str().to_lowercase(),
                operation(endpoint, &mut schemas),
            );
        }
    }
    let mut components = Map::new();
    let mut clashes = Vec::new();
    for (name, schema) in schemas {
        let mut schema = serde_json::to_value(schema).unwrap_or(Value::Null);
        drop_defaults_of_references(&mut schema);
        match components.get(&name) {
            Some(seen) if *seen != schema => clashes.push(name),
            Some(_) => {}
            None => drop(components.insert(name, schema)),
        }
    }
    components.insert("Problem".to_owned(), problem_schema());
    let document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "eportfolio API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Training, e-portfolio evidence, assessment, quality assurance and certification claims for the SQA FX35 35 and City & Guilds 3085 awards. Sign in with POST /api/v1/sessions and send the token as `Authorization: Bearer <token>`. Errors are application/problem+json with a stable `code` (the rules and codes: docs/rules.md).",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "The token from POST /api/v1/sessions."}
            }
        }
    });
    (document, clashes)
}

fn problem_schema() -> Value {
    json!({
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string", "description": "What went wrong, in words for the person."},
            "code": {"type": "string", "enum": PROBLEM_CODES, "description": "A stable machine word (docs/rules.md)."},
            "errors": {
                "type": "array",
                "description": "For invalid input: the message for each field.",
                "items": {"type": "object", "required": ["field", "message"], "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}
            },
            "criteria": {"type": "array", "items": {"type": "string"}, "description": "For criteria_not_met: the criteria and sampled items still lacking."},
            "items": {
                "type": "array",
                "description": "For batch_refused: each item of the batch that was refused (none was recorded), by its position in the request.",
                "items": {"type": "object", "required": ["index", "criterion_id", "criterion", "code", "message"], "properties": {
                    "index": {"type": "integer", "description": "Position in the request, from 0."},
                    "criterion_id": {"type": "string"},
                    "criterion": {"type": "string", "description": "The criterion in the specification's words."},
                    "code": {"type": "string", "enum": PROBLEM_CODES},
                    "message": {"type": "string"}
                }}
            },
        }
    })
}

fn operation(endpoint: &Endpoint, schemas: &mut Schemas) -> Value {
    let contract = &endpoint.contract;
    let mut parameters: Vec<Value> = endpoint
        .parameters()
        .into_iter()
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    parameters.extend(contract.query.iter().map(|(name, kind, description)| {
        json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": kind}})
    }));
    let mut op = json!({
        "summary": endpoint.summary,
        "description": endpoint.access.describe(),
        "operationId": operation_id(endpoint),
        "tags": [tag(endpoint)],
        "parameters": parameters,
        "responses": responses(endpoint, schemas),
        "security": if endpoint.access == Access::Public || endpoint.access == Access::LinkToken { json!([]) } else { json!([{"bearer": []}]) },
    });
    if let (Some(body), Value::Object(map)) = (contract.request, &mut op) {
        map.insert(
            "requestBody".to_owned(),
            json!({"required": true, "content": content(body, schemas)}),
        );
    }
    op
}

fn content(body: Body, schemas: &mut Schemas) -> Value {
    match body {
        Body::Json(schema) => {
            json!({"application/json": {"schema": serde_json::to_value(schema(schemas)).unwrap_or(Value::Null)}})
        }
        Body::Multipart(schema) => {
            json!({"multipart/form-data": {"schema": serde_json::to_value(schema(schemas)).unwrap_or(Value::Null)}})
        }
        Body::Document(media_type) => {
            json!({media_type: {"schema": {"type": "string", "format": "binary"}}})
        }
        Body::File => {
            // A stored file goes back with the media type its bytes were accepted as: one of the
            // allow-list's, never anything else.
            let binary = json!({"schema": {"type": "string", "format": "binary"}});
            let types: Map<String, Value> = MediaType::ALL
                .iter()
                .map(|t| (bare_media_type(t.mime()).to_owned(), binary.clone()))
                .collect();
            Value::Object(types)
        }
    }
}

/// `text/plain` of `text/plain; charset=utf-8`.
fn bare_media_type(mime: &str) -> &str {
    mime.split(';').next().unwrap_or(mime).trim()
}

/// A property that refers to another schema states no `default`: client generators
/// (openapi-python-client) drop a model whose object-valued property has one, and the property
/// being optional already says that leaving it out is fine.
fn drop_defaults_of_references(schema: &mut Value) {
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for property in properties.values_mut() {
        let refers = property.get("$ref").is_some()
            || ["oneOf", "allOf", "anyOf"].iter().any(|k| {
                property[*k]
                    .as_array()
                    .is_some_and(|all| all.iter().any(|s| s.get("$ref").is_some()))
            });
        let defaulted = property.get("default").is_some_and(|d| !d.is_null());
        if let (true, true, Some(map)) = (refers, defaulted, property.as_object_mut()) {
            map.remove("default");
        }
    }
}

fn responses(endpoint: &Endpoint, schemas: &mut Schemas) -> Value {
    let Contract { success, also, .. } = endpoint.contract;
    let mut responses = Map::new();
    for success in std::iter::once(success).chain(also) {
        let mut ok = json!({"description": success_words(success.status)});
        if let (Some(body), Value::Object(map)) = (success.body, &mut ok) {
            map.insert("content".to_owned(), content(body, schemas));
        }
        responses.insert(success.status.to_string(), ok);
    }
    if let Some(Body::File) = success.body {
        responses.insert(
            "206".to_owned(),
            json!({
                "description": "The part of the file a Range header asks for (one range of bytes), with Content-Range",
                "content": content(Body::File, schemas)
            }),
        );
        responses.insert(
            "416".to_owned(),
            json!({
                "description": "The range asked for lies outside the file (range_not_satisfiable)",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
            }),
        );
    }
    for (status, description) in error_statuses(endpoint) {
        responses.insert(
            status.to_string(),
            json!({
                "description": description,
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
            }),
        );
    }
    Value::Object(responses)
}

fn success_words(status: u16) -> &'static str {
    match status {
        201 => "Created",
        202 => "Accepted",
        204 => "Done; no content",
        _ => "OK",
    }
}

/// The errors the endpoint documents, and those every operation of its shape can answer: bad
/// input where it takes a body or parameters, sign-in where it needs it, not found where it
/// names a record.
pub fn error_statuses(endpoint: &Endpoint) -> Vec<(u16, String)> {
    let mut out: Vec<(u16, String)> = endpoint
        .errors
        .iter()
        .map(|(s, d)| (*s, (*d).to_owned()))
        .collect();
    let mut add = |status: u16, description: &str| {
        if !out.iter().any(|(s, _)| *s == status) {
            out.push((status, description.to_owned()));
        }
    };
    let takes_input = endpoint.contract.request.is_some()
        || !endpoint.contract.query.is_empty()
        || endpoint.method != Method::GET;
    if takes_input {
        add(
            400,
            "The request could not be read: malformed JSON, a missing or mistyped field (bad_request)",
        );
        add(
            422,
            "Invalid input (invalid, with errors by field), or a rule refuses it (its code)",
        );
    }
    if endpoint.contract.request.is_some() {
        add(413, "The body is too large (payload_too_large)");
        add(
            415,
            "The body's media type or a file's type is not accepted (unsupported_media_type)",
        );
    }
    if !matches!(endpoint.access, Access::Public | Access::LinkToken) {
        add(
            401,
            "Not signed in, or the token is not valid (unauthenticated)",
        );
        add(403, "Seen but not allowed (forbidden)");
        if endpoint.method != Method::GET {
            add(
                409,
                "The record's state does not allow this now: locked, already done, or changed meanwhile (conflict)",
            );
        }
    }
    if !endpoint.parameters().is_empty() {
        add(404, "Not found, or not visible to the caller (not_found)");
    }
    out.sort_by_key(|(s, _)| *s);
    out
}

/// The API's first path segment (`evidence`, `registrations`, …); health checks and the style
/// sheet are `operations`; paths outside `/api/v1` go by their own first segment (`issuers`).
fn tag(endpoint: &Endpoint) -> String {
    if endpoint.kind == Kind::Ops {
        return "operations".to_owned();
    }
    let path = endpoint.openapi_path();
    let rest = path
        .strip_prefix("/api/v1/")
        .unwrap_or_else(|| path.trim_start_matches('/'));
    rest.split('/')
        .next()
        .filter(|segment| !segment.is_empty())
        .unwrap_or("api")
        .to_owned()
}

fn operation_id(endpoint: &Endpoint) -> String {
    let path: String = endpoint
        .openapi_path()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!(
        "{}{}",
        endpoint.method.as_str().to_lowercase(),
        path.trim_end_matches('_')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every API and service operation says what it takes (writes) and what it gives, from the
    /// Rust types its handler reads and answers.
    #[test]
    fn every_operation_says_what_it_takes_and_gives() {
        let incomplete: Vec<String> = endpoints()
            .iter()
            .filter(|e| e.kind != Kind::Page)
            .filter(|e| !e.contract.is_complete(e.writes()))
            .map(Endpoint::operation)
            .collect();
        assert!(
            incomplete.is_empty(),
            "operations without their contract: {incomplete:#?}"
        );
    }

    #[test]
    fn no_two_types_claim_one_schema_name() {
        let (_, clashes) = build_checked();
        assert!(
            clashes.is_empty(),
            "schema names used by two types: {clashes:?}"
        );
    }

    #[test]
    fn signed_in_operations_name_the_bearer_scheme_and_public_ones_none() {
        let doc = build();
        let op = &doc["paths"]["/api/v1/registrations/{registration_id}/decisions"]["post"];
        assert_eq!(op["security"], json!([{"bearer": []}]));
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/DecisionRequest"
        );
        assert!(op["responses"]["201"]["content"]["application/json"].is_object());
        assert!(op["responses"]["422"].is_object() && op["responses"]["400"].is_object());
        let public = &doc["paths"]["/api/v1/qualifications"]["get"];
        assert_eq!(public["security"], json!([]));
        assert!(doc["components"]["schemas"]["JudgementOut"]["properties"]["round"].is_object());
    }

    #[test]
    fn every_operation_has_a_named_tag() {
        let doc = build();
        let untagged: Vec<String> = doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(path, methods)| {
                methods
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(_, op)| op["tags"][0].as_str().is_none_or(str::is_empty))
                    .map(move |(method, _)| format!("{method} {path}"))
            })
            .collect();
        assert!(
            untagged.is_empty(),
            "operations without a tag: {untagged:?}"
        );
        assert_eq!(
            doc["paths"]["/healthz"]["get"]["tags"],
            json!(["operations"])
        );
        assert_eq!(
            doc["paths"]["/issuers/{centre_id}"]["get"]["tags"],
            json!(["issuers"])
        );
    }

    #[test]
    fn a_model_property_states_no_default_and_files_name_their_media_types() {
        let doc = build();
        let focus = &doc["components"]["schemas"]["SamplingPlanRequest"]["properties"]["focus"];
        assert!(focus.is_object() && focus.get("default").is_none());
        let file = &doc["paths"]["/api/v1/evidence/{evidence_id}/files/{file_id}"]["get"]["responses"]
            ["200"]["content"];
        assert!(file.get("*/*").is_none());
        assert!(file["application/pdf"].is_object() && file["text/plain"].is_object());
        let pdf = &doc["paths"]["/api/v1/claims/{claim_id}/summary.pdf"]["get"]["responses"]["200"];
        assert!(pdf["content"]["application/pdf"].is_object());
    }
}
