//! A dispute's content as the debtor gives it: why, and in their own words. Valid by construction,
//! so the store and the pages never see an empty or overlong explanation.

use serde::{Deserialize, Serialize};

use super::input_error::InputError;
use super::text_code::text_code;

/// The longest explanation taken, in characters (not bytes: å is one).
pub const MAX_EXPLANATION_CHARS: usize = 5_000;
/// What one dispute takes in all (the first submission and the additions to it): without a bound a
/// debtor's session could store 50 MB an addition for ever (security review, F6).
pub const MAX_DISPUTE_ENTRIES: usize = 10;
pub const MAX_DISPUTE_DOCUMENTS: usize = 20;

text_code! {
    /// Why the debtor disputes the claim, in the order the form offers them.
    pub enum DisputeReason("dispute reason") {
        AlreadyPaid = "already_paid",
        WrongAmount = "wrong_amount",
        /// Goods or service not received, or faulty.
        NotReceived = "not_received",
        NotMyDebt = "not_my_debt",
        Other = "other",
    }
}

impl DisputeReason {
    /// The form's radio value (empty when none was chosen).
    pub fn from_field(s: &str) -> Result<Self, InputError> {
        s.trim().parse().map_err(|_| InputError::ReasonMissing)
    }
}

/// Free text typed into a form, as it is kept: line breaks as `\n`, trimmed, at most `max_chars`
/// characters (counted as typed), without control characters other than line breaks and tabs
/// (which a form never sends on purpose).
pub(super) fn form_text(text: &str, max_chars: usize, too_long: InputError) -> Result<String, InputError> {
    let text = text.replace("\r\n", "\n");
    if text.trim().chars().count() > max_chars {
        return Err(too_long);
    }
    // Trimmed after the control characters are gone: "\u{1} x" is "x", and text that was nothing
    // but control characters is empty (found by fuzzing: it was kept as "" and then read back as
    // a corrupt row).
    let kept: String = text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect();
    Ok(kept.trim().to_owned())
}

/// Free text from the debtor: trimmed, not empty, at most [`MAX_EXPLANATION_CHARS`], without
/// control characters other than line breaks and tabs (which a form never sends on purpose).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Explanation(String);

impl Explanation {
    pub fn new(text: &str) -> Result<Self, InputError> {
        let kept = form_text(text, MAX_EXPLANATION_CHARS, InputError::ExplanationTooLong)?;
        if kept.is_empty() {
            return Err(InputError::ExplanationMissing);
        }
        Ok(Self(kept))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Explanation {
    type Error = InputError;
    fn try_from(s: String) -> Result<Self, InputError> {
        Self::new(&s)
    }
}

impl From<Explanation> for String {
    fn from(e: Explanation) -> String {
        e.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_come_from_the_form_or_are_missing() {
        assert_eq!(DisputeReason::from_field("not_my_debt"), Ok(DisputeReason::NotMyDebt));
        assert_eq!(DisputeReason::from_field(""), Err(InputError::ReasonMissing));
        assert_eq!(DisputeReason::from_field("NOT_MY_DEBT"), Err(InputError::ReasonMissing));
    }

    #[test]
    fn explanations_are_trimmed_bounded_and_clean() {
        assert_eq!(Explanation::new("  \n "), Err(InputError::ExplanationMissing));
        assert_eq!(
            Explanation::new(" Betald 3 okt.\r\nKvitto bifogat. ").unwrap().as_str(),
            "Betald 3 okt.\nKvitto bifogat."
        );
        assert_eq!(Explanation::new("a\u{0}b\u{1b}c").unwrap().as_str(), "abc");
        // Nothing but control characters is nothing; what they hid at the edges is trimmed too.
        assert_eq!(Explanation::new("\u{1}"), Err(InputError::ExplanationMissing));
        assert_eq!(Explanation::new("\u{1} x \u{7f}").unwrap().as_str(), "x");
        let longest = "å".repeat(MAX_EXPLANATION_CHARS);
        assert_eq!(Explanation::new(&longest).unwrap().as_str().chars().count(), MAX_EXPLANATION_CHARS);
        assert_eq!(Explanation::new(&format!("{longest}x")), Err(InputError::ExplanationTooLong));
        assert!(serde_json::from_str::<Explanation>(r#""  ""#).is_err());
    }
}
