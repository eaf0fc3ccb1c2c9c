//! Attacks, each refused with its status and code (API.md): forged and stale tokens, cross-site
//! forms, reaching into other people's and other centres' records, hostile text, huge bodies,
//! password guessing, and a tampered audit trail.

mod audit_chain;
mod content;
mod mail_view;
mod passwords;
mod proxies;
mod scope;
mod sessions;
mod tokens;

use crate::support::Reply;
use crate::world::show;

/// An API refusal: this status, `application/problem+json`, and this `code`.
#[track_caller]
pub fn assert_problem(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status.as_u16(), status, "{}", show(reply));
    assert_eq!(
        reply.header("content-type"),
        "application/problem+json",
        "{}",
        show(reply)
    );
    assert_eq!(reply.json()["code"], code, "{}", show(reply));
}

/// A page refusing someone not signed in: 303 to the sign-in page.
#[track_caller]
pub fn assert_sent_to_sign_in(reply: &Reply) {
    assert_eq!(reply.status.as_u16(), 303, "{}", show(reply));
    assert_eq!(reply.header("location"), "/sign-in", "{}", show(reply));
}
