//! A request's cookie by name: every `Cookie` header in order, the first cookie so named. The
//! session cookies, the language switcher's and the new API key's are all read through here.

use axum::http::{header, HeaderMap};
use cookie::Cookie;

/// The cookie borrows from `headers`: `value_raw()` gives its value for as long as they live.
pub fn request_cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<Cookie<'h>> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_first_cookie_of_that_name_across_headers() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; b=\"two\""));
        h.append(header::COOKIE, HeaderValue::from_static("c=3; a=4"));
        assert_eq!(request_cookie(&h, "a").and_then(|c| c.value_raw()), Some("1"));
        assert_eq!(request_cookie(&h, "b").and_then(|c| c.value_raw()), Some("\"two\""), "as sent");
        assert_eq!(request_cookie(&h, "c").and_then(|c| c.value_raw()), Some("3"));
        assert!(request_cookie(&h, "d").is_none());
        assert!(request_cookie(&HeaderMap::new(), "a").is_none());
    }
}
