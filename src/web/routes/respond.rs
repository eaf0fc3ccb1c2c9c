//! The two answers every page handler gives: a rendered page with a status, or a redirect
//! after a successful form post (303, so a reload does not post again).

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use maud::Markup;

pub fn html(status: StatusCode, page: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}

pub fn see_other(to: impl Into<String>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.into()))
        .finish()
}
