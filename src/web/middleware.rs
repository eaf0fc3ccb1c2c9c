//! Middleware on every response: security headers, answers not kept in caches, one log line per
//! request with its id, and error pages drawn with the signed-in person's navigation.

use std::time::Instant;

use actix_web::HttpMessage;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::{DefaultHeaders, Next};

/// No inline script or style, no framing, no sniffing, no referrer leaking paths with ids; behind
/// an https address, browsers are told to use https only, for a year (HSTS).
pub fn security_headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "geolocation=(), microphone=(self), camera=(self)",
        ));
    if https {
        headers.add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        headers
    }
}

/// Answers are not kept by browsers or proxies unless the handler says they may be: every page,
/// API answer and session answer carries `Cache-Control: no-store`; the stylesheet, script and
/// icon set their own public lifetime, and files their `private, no-store`.
pub async fn not_kept(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    if !headers.contains_key(actix_web::http::header::CACHE_CONTROL) {
        headers.insert(
            actix_web::http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        );
    }
    Ok(response)
}

/// Give the request an id (echoed in `X-Request-Id`) and log method, path (without link tokens),
/// status and duration (successful health checks at debug, everything else at info).
pub async fn request_log(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.path().to_owned();
    let mut response = next.call(request).await?;
    let path = loggable_path(&path, response.request().match_pattern().as_deref());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    let status = response.status().as_u16();
    let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    // A load balancer's health checks, when they succeed, are logged only at debug: a line per
    // check costs the probe half its throughput and buries the requests people make.
    if status < 400 && matches!(path.as_str(), "/healthz" | "/readyz") {
        tracing::debug!(request.id = %id, http.method = %method, http.path = %path, http.status = status, duration_ms, "request");
    } else {
        tracing::info!(request.id = %id, http.method = %method, http.path = %path, http.status = status, duration_ms, "request");
    }
    Ok(response)
}

/// The path as logged: a single-use link's token (password, witness and authenticator links)
/// never reaches the log, so the route's pattern is logged in its place.
fn loggable_path(path: &str, pattern: Option<&str>) -> String {
    match pattern {
        Some(pattern) if pattern.contains("{token}") => pattern.to_owned(),
        _ => path.to_owned(),
    }
}

/// An error page drawn for a signed-in person shows their navigation, not a signed-out one: the
/// page an error left (`ErrorPageContent` on the response) is drawn again with the person the
/// request's extractor found. Other responses pass untouched.
pub async fn error_pages_know_who(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let response = next.call(request).await?;
    let content = response
        .response()
        .extensions()
        .get::<crate::web::error::ErrorPageContent>()
        .cloned();
    let user = response
        .request()
        .extensions()
        .get::<crate::web::auth::CurrentUser>()
        .cloned();
    let (Some(content), Some(user)) = (content, user) else {
        return Ok(response.map_into_left_body());
    };
    let page = crate::web::views::error::page(Some(&user), content.title, &content.detail);
    let status = response.status();
    let headers = response.headers().clone();
    let (request, _) = response.into_parts();
    let mut fresh = actix_web::HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.into_string());
    for (name, value) in &headers {
        if name != actix_web::http::header::CONTENT_TYPE
            && name != actix_web::http::header::CONTENT_LENGTH
        {
            fresh.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(request, fresh).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::{loggable_path, security_headers};
    use actix_web::test as actix_test;
    use actix_web::{App, HttpResponse, web};

    async fn hsts_of(https: bool) -> Option<String> {
        let app = actix_test::init_service(
            App::new()
                .wrap(security_headers(https))
                .route("/", web::get().to(HttpResponse::Ok)),
        )
        .await;
        let response =
            actix_test::call_service(&app, actix_test::TestRequest::get().uri("/").to_request())
                .await;
        response
            .headers()
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    #[actix_web::test]
    async fn an_https_address_sends_hsts_for_a_year_with_subdomains() {
        assert_eq!(
            hsts_of(true).await.as_deref(),
            Some("max-age=31536000; includeSubDomains")
        );
        assert_eq!(
            hsts_of(false).await,
            None,
            "a plain http address sends none"
        );
    }

    #[test]
    fn link_tokens_never_reach_the_log() {
        assert_eq!(
            loggable_path("/witness/abc.def.ghi", Some("/witness/{token}")),
            "/witness/{token}"
        );
        assert_eq!(
            loggable_path(
                "/api/v1/password-resets/xyz",
                Some("/api/v1/password-resets/{token}")
            ),
            "/api/v1/password-resets/{token}"
        );
    }

    #[test]
    fn other_paths_are_logged_as_asked() {
        let path = "/registrations/r1/tracker";
        assert_eq!(
            loggable_path(path, Some("/registrations/{registration_id}/tracker")),
            path
        );
        assert_eq!(loggable_path("/nowhere", None), "/nowhere");
    }
}
