//! The OpenAPI 3.1 document, generated from the route table so that it cannot drift from what
//! the service answers.

use actix_web::HttpResponse;
use serde_json::{Map, Value, json};

use crate::web::routes::{Endpoint, Kind, endpoints};

/// `GET /api/v1/openapi.json`. Access: public.
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(build())
}

pub fn build() -> Value {
    let mut paths = Map::new();
    for endpoint in endpoints().iter().filter(|e| e.kind != Kind::Page) {
        let entry = paths
            .entry(endpoint.openapi_path())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(endpoint.method.as_str().to_lowercase(), operation(endpoint));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "eportfolio API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Training, e-portfolio evidence, assessment, quality assurance and certification claims for the SQA FX35 35 and City & Guilds 3085 awards. Errors are application/problem+json with a stable `code`.",
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Problem": {
                    "type": "object",
                    "required": ["type", "title", "status", "detail", "code"],
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "code": {"type": "string"},
                        "errors": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
                    }
                }
            }
        }
    })
}

fn operation(endpoint: &Endpoint) -> Value {
    let parameters: Vec<Value> = endpoint
        .parameters()
        .into_iter()
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    let mut responses = Map::new();
    responses.insert("200".to_owned(), json!({"description": "OK"}));
    for (status, description) in endpoint.errors {
        responses.insert(
            status.to_string(),
            json!({
                "description": description,
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
            }),
        );
    }
    json!({
        "summary": endpoint.summary,
        "description": endpoint.access.describe(),
        "operationId": operation_id(endpoint),
        "parameters": parameters,
        "responses": responses,
    })
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
