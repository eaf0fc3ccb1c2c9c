//! What the platform administrator may read of the platform's mail: everything but the
//! single-use links (choosing a password, a witness's testimony, authenticating evidence), which
//! would let whoever reads them act as the recipient. The view says a link was sent, and to whom.

/// The paths whose links carry a single-use token.
const SINGLE_USE: [&str; 3] = ["/password/", "/witness/", "/authenticate/"];

/// What stands where a single-use link was.
pub const LINK_WITHHELD: &str = "[single-use link, sent only to the recipient]";

/// `text` with every single-use link replaced by [`LINK_WITHHELD`].
pub fn without_single_use_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("http") {
        out.push_str(&rest[..start]);
        let link = &rest[start..];
        let end = link
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')'))
            .unwrap_or(link.len());
        let (url, after) = link.split_at(end);
        if SINGLE_USE.iter().any(|path| url.contains(path)) {
            out.push_str(LINK_WITHHELD);
        } else {
            out.push_str(url);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_use_links_are_withheld_from_the_mail_view() {
        let body = "Choose your password:\nhttps://ep.example/password/eyJ.abc.def\n\nThanks";
        assert_eq!(
            without_single_use_links(body),
            format!("Choose your password:\n{LINK_WITHHELD}\n\nThanks")
        );
        assert_eq!(
            without_single_use_links("Sign: http://localhost/witness/t0k3n (valid 14 days)"),
            format!("Sign: {LINK_WITHHELD} (valid 14 days)")
        );
    }

    #[test]
    fn other_links_and_text_are_kept() {
        let body = "See https://ep.example/registrations/r1/tracker — and a word like httpd.";
        assert_eq!(without_single_use_links(body), body);
    }
}
