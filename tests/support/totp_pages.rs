//! Reading the staff account page as a browser would, and being the authenticator app: for the
//! tests that turn two-step sign-in on.

#![allow(dead_code)]

use totp_rs::{Builder, Secret};

/// The code an authenticator app holding `key` (base32, as the account page shows it, spaces and
/// all) shows at `at`.
pub fn totp_code(key: &str, at: i64) -> String {
    let secret = Secret::try_from_base32(key.replace(' ', "")).unwrap();
    Builder::new().with_secret(secret).build().unwrap().generate(at as u64).to_string()
}

/// The element holding `marker` (an attribute, as written in the page): its whole tag, and the text
/// after it up to the next tag.
pub fn element<'a>(page: &'a str, marker: &str) -> (&'a str, &'a str) {
    let at = page.find(marker).unwrap_or_else(|| panic!("{marker} not in the page"));
    let start = page[..at].rfind('<').unwrap();
    let end = at + page[at..].find('>').unwrap();
    let text_end = end + 1 + page[end + 1..].find('<').unwrap();
    (&page[start..=end], &page[end + 1..text_end])
}

pub fn attribute<'a>(tag: &'a str, name: &str) -> &'a str {
    let from = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    &tag[from..from + tag[from..].find('"').unwrap()]
}
