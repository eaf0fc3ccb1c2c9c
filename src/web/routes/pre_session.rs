//! The cookies of signing in, before there is a session: the sign-in form's token (login CSRF)
//! and the password step's token for the second step. Behind an https address they are `Secure`
//! and carry the name prefix the browser enforces.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, web};

use crate::actions::AppState;
use crate::web::auth::csrf::{same_origin, tokens_match};

/// Whether the public address is https: cookies are then `Secure`, with a name prefix the
/// browser enforces (`__Host-`, or `__Secure-` for a cookie kept to one path).
pub(super) fn https(request: &HttpRequest) -> bool {
    request
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.sessions.secure_cookies)
}

/// A cookie of this browser only (`SameSite=Strict`, `HttpOnly`), kept for `lasting`.
fn short_lived(
    name: &'static str,
    token: &str,
    path: &'static str,
    secure: bool,
    lasting: CookieDuration,
) -> Cookie<'static> {
    Cookie::build(name, token.to_owned())
        .path(path)
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(lasting)
        .finish()
}

fn sign_in_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-eportfolio_sign_in"
    } else {
        "eportfolio_sign_in"
    }
}

/// A form token for people not yet signed in, kept in a short-lived cookie (login CSRF).
pub(super) fn pre_session_cookie(token: &str, secure: bool) -> Cookie<'static> {
    short_lived(
        sign_in_cookie_name(secure),
        token,
        "/",
        secure,
        CookieDuration::hours(1),
    )
}

pub(super) fn pre_session_ok(request: &HttpRequest, submitted: &str) -> bool {
    same_origin(request)
        && request
            .cookie(sign_in_cookie_name(https(request)))
            .is_some_and(|c| !submitted.is_empty() && tokens_match(c.value(), submitted))
}

pub(super) fn challenge_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Secure-eportfolio_second_step"
    } else {
        "eportfolio_second_step"
    }
}

/// The password step's token, for the second step's form (five minutes, this browser only).
pub(super) fn challenge_cookie(token: &str, secure: bool) -> Cookie<'static> {
    short_lived(
        challenge_cookie_name(secure),
        token,
        "/sign-in",
        secure,
        CookieDuration::minutes(5),
    )
}

#[cfg(test)]
mod tests {
    use super::{challenge_cookie, pre_session_cookie};

    #[test]
    fn behind_https_the_sign_in_cookies_are_secure_and_prefixed() {
        let form = pre_session_cookie("t", true);
        assert_eq!(
            (form.name(), form.secure(), form.path()),
            ("__Host-eportfolio_sign_in", Some(true), Some("/"))
        );
        let second = challenge_cookie("t", true);
        assert_eq!(
            (second.name(), second.secure(), second.path()),
            (
                "__Secure-eportfolio_second_step",
                Some(true),
                Some("/sign-in")
            )
        );
    }

    #[test]
    fn over_plain_http_they_keep_their_plain_names() {
        assert_eq!(pre_session_cookie("t", false).name(), "eportfolio_sign_in");
        assert_eq!(
            challenge_cookie("t", false).name(),
            "eportfolio_second_step"
        );
    }
}
