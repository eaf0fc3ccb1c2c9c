//! Cross-site request forgery: every state-changing request from a page is checked twice, by its
//! `Origin` (or `Sec-Fetch-Site`) header and by the CSRF token tied to the session.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use super::{CurrentUser, reject};
use crate::web::error::AppError;

/// A form that carries the session's CSRF token in a hidden `csrf_token` field.
pub trait CarriesCsrf {
    fn csrf_token(&self) -> &str;
}

/// Implement [`CarriesCsrf`] for form structs with a `csrf_token: String` field.
#[macro_export]
macro_rules! carries_csrf {
    ($($form:ty),+ $(,)?) => {
        $(impl $crate::web::auth::csrf::CarriesCsrf for $form {
            fn csrf_token(&self) -> &str {
                &self.csrf_token
            }
        })+
    };
}

/// True when the request comes from one of our own pages.
pub fn same_origin(request: &HttpRequest) -> bool {
    let info = request.connection_info();
    let ours = format!("{}://{}", info.scheme(), info.host());
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        return origin.to_str().is_ok_and(|o| o == ours);
    }
    match request
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
    {
        Some(site) => site == "same-origin",
        None => false,
    }
}

/// Compare without stopping at the first difference.
pub fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A signed-in person's form post, checked for origin and CSRF token before the handler runs.
pub struct SignedInForm<T> {
    pub current: CurrentUser,
    pub form: T,
}

impl<T: DeserializeOwned + CarriesCsrf + 'static> FromRequest for SignedInForm<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let request = request.clone();
        let current = CurrentUser::from_request(&request, payload);
        let body = web::Bytes::from_request(&request, payload);
        Box::pin(async move {
            let current = current.await?;
            if !same_origin(&request) {
                return Err(reject(&request, AppError::Forbidden));
            }
            let body = body
                .await
                .map_err(|_| reject(&request, AppError::PayloadTooLarge(crate::web::FORM_LIMIT)))?;
            if body.len() > crate::web::FORM_LIMIT {
                return Err(reject(
                    &request,
                    AppError::PayloadTooLarge(crate::web::FORM_LIMIT),
                ));
            }
            // serde_html_form reads repeated keys (a group of checkboxes) into lists.
            let form: T = serde_html_form::from_bytes(&body).map_err(|e| {
                tracing::debug!(error = %e, "unreadable form");
                reject(
                    &request,
                    AppError::BadRequest(
                        "The form could not be read. Go back, reload the page and try again."
                            .to_owned(),
                    ),
                )
            })?;
            if !tokens_match(form.csrf_token(), &current.session.csrf_token) {
                return Err(reject(&request, AppError::Forbidden));
            }
            Ok(Self { current, form })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_exactly() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abd"));
        assert!(!tokens_match("abc", "abcd"));
        assert!(!tokens_match("", "a"));
    }
}
