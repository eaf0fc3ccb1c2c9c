//! The device a session came from, in words a person recognises ("Firefox on Linux"), read from
//! the browser's user-agent text. A best effort: anything unrecognised reads "An unknown browser".

/// Browsers, most specific first (Edge and Opera also name Chrome; Chrome also names Safari).
const BROWSERS: &[(&str, &str)] = &[
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
];

/// Systems, most specific first (Android names Linux; an iPhone names Mac OS X).
const SYSTEMS: &[(&str, &str)] = &[
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "a Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
];

/// "Firefox on Linux", "Safari on iPhone", "A program (curl)", or "An unknown browser".
pub fn device_words(user_agent: &str) -> String {
    let browser = BROWSERS
        .iter()
        .find(|(mark, _)| user_agent.contains(mark))
        .map(|(_, name)| *name);
    let system = SYSTEMS
        .iter()
        .find(|(mark, _)| user_agent.contains(mark))
        .map(|(_, name)| *name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => format!("A browser on {system}"),
        (None, None) => match user_agent.split(['/', ' ']).next() {
            Some(program) if !program.is_empty() && !user_agent.starts_with("Mozilla") => {
                format!(
                    "A program ({})",
                    program.chars().take(40).collect::<String>()
                )
            }
            _ => "An unknown browser".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::device_words;

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(device_words(firefox), "Firefox on Linux");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0";
        assert_eq!(device_words(edge), "Edge on Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_words(iphone), "Safari on iPhone");
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
        assert_eq!(device_words(android), "Chrome on Android");
    }

    #[test]
    fn programs_and_unknowns_are_said_plainly() {
        assert_eq!(device_words("curl/8.5.0"), "A program (curl)");
        assert_eq!(device_words(""), "An unknown browser");
        assert_eq!(device_words("Mozilla/5.0"), "An unknown browser");
    }
}
