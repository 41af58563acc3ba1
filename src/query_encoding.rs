//! Values carried in an address's query: the language switcher's way back, the policy page's typed
//! rules.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// RFC 3986's unreserved characters, and `/` (a path in `next=` stays readable), go as they are.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

/// Percent-encodes everything but unreserved characters (RFC 3986) and `/`, for a query value.
pub fn encode_component(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_query_values() {
        assert_eq!(super::encode_component("/claims?a=1&b=å"), "/claims%3Fa%3D1%26b%3D%C3%A5");
        assert_eq!(super::encode_component("A-z_0.9~/ +%#"), "A-z_0.9~/%20%2B%25%23");
    }
}
