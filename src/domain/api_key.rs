//! What an administrator writes when making an API key: a name that says which system will use
//! it, so a list of keys (and the decisions made with each) reads as "ERP", "Ledger sync".

use super::input_error::InputError;

const MAX_NAME_CHARS: usize = 100;

/// A key's name, valid by construction: trimmed, 1–100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyName(String);

impl KeyName {
    pub fn new(text: &str) -> Result<Self, InputError> {
        let name = text.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(InputError::KeyNameInvalid);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_and_bounded() {
        assert_eq!(KeyName::new("  Ledger sync ").unwrap().as_str(), "Ledger sync");
        assert_eq!(KeyName::new(&"x".repeat(100)).unwrap().as_str().len(), 100);
        for bad in ["", "   ", "two\nlines", &"x".repeat(101)] {
            assert_eq!(KeyName::new(bad), Err(InputError::KeyNameInvalid), "{bad:?}");
        }
    }
}
