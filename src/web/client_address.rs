//! The client's network address, for the sign-in throttle and the signatures and audit trail
//! that record it: the socket's peer, or, only when that peer is a proxy the operator trusts
//! (`--trusted-proxy`), the nearest address in `X-Forwarded-For` that is not itself trusted.
//! A client that talks to the service directly cannot choose its address by sending the header.

use std::net::IpAddr;

use actix_web::HttpRequest;
use ipnet::IpNet;

/// The proxies (single addresses or ranges) whose `X-Forwarded-For` is believed, from the
/// operator's list: `10.0.0.0/8`, `192.168.1.7`, `::1`. The entry that is neither is named in
/// the error.
pub fn trusted_proxies(entries: &[String]) -> Result<Vec<IpNet>, String> {
    entries
        .iter()
        .flat_map(|e| e.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("trusted proxy {entry:?} is not an address or a range like 10.0.0.0/8")
                })
        })
        .collect()
}

fn trusts(trusted: &[IpNet], address: IpAddr) -> bool {
    trusted.iter().any(|net| net.contains(&address))
}

/// Who the client is: `peer` unless it is trusted, then the right-most address of
/// `forwarded_for` that is not trusted (each proxy appends the address it heard from).
pub fn client_of(
    peer: Option<IpAddr>,
    forwarded_for: Option<&str>,
    trusted: &[IpNet],
) -> Option<IpAddr> {
    let peer = peer?;
    if !trusts(trusted, peer) {
        return Some(peer);
    }
    let mut nearest = peer;
    for hop in forwarded_for.unwrap_or("").rsplit(',') {
        let Ok(address) = hop.trim().parse::<IpAddr>() else {
            break;
        };
        nearest = address;
        if !trusts(trusted, address) {
            break;
        }
    }
    Some(nearest)
}

/// The request's client address in words ("unknown" when the socket has none).
pub fn client_address(request: &HttpRequest) -> String {
    let trusted = request
        .app_data::<actix_web::web::Data<crate::actions::AppState>>()
        .map(|state| state.trusted_proxies.clone())
        .unwrap_or_default();
    let trusted: &[IpNet] = &trusted;
    let forwarded = request
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    client_of(request.peer_addr().map(|a| a.ip()), forwarded, trusted)
        .map_or_else(|| "unknown".to_owned(), |a| a.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        text.parse().ok()
    }

    fn proxies(list: &[&str]) -> Vec<IpNet> {
        let owned: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        trusted_proxies(&owned).unwrap_or_default()
    }

    #[test]
    fn a_direct_client_cannot_choose_its_address_with_the_header() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            client_of(ip("203.0.113.9"), Some("198.51.100.1"), &trusted),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn through_a_trusted_proxy_the_forwarded_client_counts() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            client_of(ip("10.1.2.3"), Some("198.51.100.1"), &trusted),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn addresses_a_client_prepended_are_not_believed() {
        // The client sent "1.2.3.4" itself; the trusted proxy appended what it really heard.
        let trusted = proxies(&["10.0.0.0/8", "192.168.0.5"]);
        assert_eq!(
            client_of(
                ip("10.1.2.3"),
                Some("1.2.3.4, 198.51.100.1, 192.168.0.5"),
                &trusted
            ),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let none: Vec<IpNet> = Vec::new();
        assert_eq!(
            client_of(ip("10.1.2.3"), Some("198.51.100.1"), &none),
            ip("10.1.2.3")
        );
    }

    #[test]
    fn a_proxy_list_that_is_not_addresses_is_refused_by_entry() {
        let refused = trusted_proxies(&["10.0.0.0/8, proxy.local".to_owned()]);
        assert_eq!(
            refused,
            Err(
                "trusted proxy \"proxy.local\" is not an address or a range like 10.0.0.0/8"
                    .to_owned()
            )
        );
        assert!(trusted_proxies(&["::1, 192.168.1.7".to_owned()]).is_ok());
    }
}
