//! Values carried in an address's query: the language switcher's way back, the policy page's typed
//! rules.

/// Percent-encodes everything but unreserved characters (RFC 3986) and `/`, for a query value.
pub fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_query_values() {
        assert_eq!(super::encode_component("/claims?a=1&b=å"), "/claims%3Fa%3D1%26b%3D%C3%A5");
    }
}
