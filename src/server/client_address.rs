//! Who is on the other end of a request, for throttling and the audit log. Only a proxy named in
//! `TRUSTED_PROXIES` may tell us the client's address; anyone else's `X-Forwarded-For` is ignored.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::HeaderMap;

/// An address block such as `10.0.0.0/8` or `fd00::/8`; a bare address is a block of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for Cidr {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (ip, prefix) = s.trim().split_once('/').map_or((s.trim(), None), |(a, p)| (a, Some(p)));
        let network = canonical(ip.parse::<IpAddr>().map_err(|_| format!("{s:?} is not an address or CIDR block"))?);
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("{s:?}: bad prefix length"))?,
        };
        Ok(Self { network, prefix })
    }
}

/// `::ffff:1.2.3.4` is the IPv4 client 1.2.3.4 (a dual-stack listener reports it that way).
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client as the server sees it: the peer, or behind trusted proxies the right-most address of
/// `X-Forwarded-For` (all header lines, in order) that is not itself a trusted proxy. Addresses to the
/// right of it were added by our proxies; those to the left were written by the client and are not
/// believed.
pub fn client_ip(peer: SocketAddr, headers: &HeaderMap, trusted: &[Cidr]) -> IpAddr {
    let peer = canonical(peer.ip());
    let lines = headers.get_all("x-forwarded-for");
    if lines.iter().next().is_none() {
        return peer;
    }
    if !trusted.iter().any(|c| c.contains(peer)) {
        warn_untrusted_once(peer);
        return peer;
    }
    // A line that is not text counts as one unreadable hop; each hop is read on its own, so text
    // the client wrote to the left of what our proxies added cannot spoil their part.
    let hops: Vec<Option<IpAddr>> = lines
        .iter()
        .flat_map(|v| match v.to_str() {
            Ok(text) => text.split(',').map(|s| s.trim().parse::<IpAddr>().ok().map(canonical)).collect(),
            Err(_) => vec![None],
        })
        .collect();
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    // From the right: our proxies' own hops are skipped; the first other one is the client. An
    // unreadable one there was not written by a proxy of ours: the nearest proxy is all we know.
    let mut nearest = peer;
    for hop in hops.iter().rev() {
        match hop {
            Some(ip) if is_trusted(*ip) => nearest = *ip,
            Some(ip) => return *ip,
            None => return nearest,
        }
    }
    nearest
}

fn warn_untrusted_once(peer: IpAddr) {
    static WARNED: AtomicBool = AtomicBool::new(false);
    if !WARNED.swap(true, Ordering::Relaxed) {
        tracing::warn!(%peer, "X-Forwarded-For from a peer not in TRUSTED_PROXIES is ignored (said once)");
    }
}

/// What throttling counts against: an IPv4 address, or the /64 an IPv6 client holds (one household or
/// phone gets a whole /64, so single IPv6 addresses are free to change).
pub fn throttle_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let net = Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64));
            format!("{net}/64")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn cidrs(list: &[&str]) -> Vec<Cidr> {
        list.iter().map(|c| c.parse().unwrap()).collect()
    }

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append("x-forwarded-for", HeaderValue::from_str(l).unwrap());
        }
        h
    }

    #[test]
    fn forwarded_for_is_read_only_from_trusted_proxies() {
        let proxy: SocketAddr = "10.0.0.5:4000".parse().unwrap();
        let stranger: SocketAddr = "198.51.100.9:4000".parse().unwrap();
        let trusted = cidrs(&["10.0.0.0/8"]);
        // (peer, header lines, expected client)
        let table: &[(SocketAddr, &[&str], &str)] = &[
            (proxy, &[], "10.0.0.5"),
            (proxy, &["203.0.113.7"], "203.0.113.7"),
            // The client wrote the left part itself: only the right-most untrusted hop counts.
            (proxy, &["1.2.3.4, 203.0.113.7"], "203.0.113.7"),
            // A chain of our own proxies is skipped.
            (proxy, &["203.0.113.7, 10.0.0.9, 10.0.0.8"], "203.0.113.7"),
            // Several header lines read as one list, in order.
            (proxy, &["1.2.3.4", "203.0.113.7", "10.1.1.1"], "203.0.113.7"),
            // Only proxies in the header: the first of them is the best we know.
            (proxy, &["10.0.0.9, 10.0.0.8"], "10.0.0.9"),
            // Unreadable where our proxy wrote: the nearest proxy is all we know.
            (proxy, &["203.0.113.7, garbage"], "10.0.0.5"),
            (proxy, &["203.0.113.7, garbage, 10.0.0.9"], "10.0.0.9"),
            // Unreadable to the left of what our proxy added: the client wrote it, and it changes
            // nothing (before, it made the whole header count for nothing).
            (proxy, &["garbage, 203.0.113.7"], "203.0.113.7"),
            (proxy, &["", "203.0.113.7"], "203.0.113.7"),
            // From an untrusted peer the header means nothing.
            (stranger, &["203.0.113.7"], "198.51.100.9"),
            (proxy, &["2001:db8::1"], "2001:db8::1"),
            (proxy, &["::ffff:203.0.113.7"], "203.0.113.7"),
        ];
        for (peer, lines, want) in table {
            assert_eq!(client_ip(*peer, &headers(lines), &trusted).to_string(), *want, "{peer} {lines:?}");
        }
        assert_eq!(client_ip(proxy, &headers(&["203.0.113.7"]), &[]).to_string(), "10.0.0.5");
    }

    #[test]
    fn blocks_parse_and_contain() {
        let c: Cidr = "192.168.0.0/16".parse().unwrap();
        assert!(c.contains("192.168.44.1".parse().unwrap()));
        assert!(!c.contains("192.169.0.1".parse().unwrap()));
        assert!(c.contains("::ffff:192.168.1.1".parse().unwrap()));
        let one: Cidr = "127.0.0.1".parse().unwrap();
        assert!(one.contains("127.0.0.1".parse().unwrap()) && !one.contains("127.0.0.2".parse().unwrap()));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("8.8.8.8".parse().unwrap()));
        let v6: Cidr = "fd00::/8".parse().unwrap();
        assert!(v6.contains("fd12::1".parse().unwrap()) && !v6.contains("fe80::1".parse().unwrap()));
        for bad in ["10.0.0.0/33", "fd00::/129", "nonsense", "10.0.0.0/x", ""] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(throttle_key("2001:db8:1:2:aaaa::1".parse().unwrap()), "2001:db8:1:2::/64");
        assert_eq!(
            throttle_key("2001:db8:1:2:ffff::9".parse().unwrap()),
            throttle_key("2001:db8:1:2::1".parse().unwrap())
        );
        assert_ne!(throttle_key("2001:db8:1:3::1".parse().unwrap()), throttle_key("2001:db8:1:2::1".parse().unwrap()));
        assert_eq!(throttle_key("203.0.113.7".parse().unwrap()), "203.0.113.7");
        assert_eq!(throttle_key("::ffff:203.0.113.7".parse().unwrap()), "203.0.113.7");
    }
}
