//! What a debtor tells about a hard situation (social force majeure): which situation, optional
//! figures, their own words, and the consent that lets the collector use it. Health and family
//! details are special-category data (GDPR Art. 9): nothing is taken without explicit consent, and
//! the consent's text version is kept with it.

use serde::{Deserialize, Serialize};

use super::dispute::Explanation;
use super::input_error::InputError;
use super::money::form_amount;
use super::text_code::text_code;
use super::Money;

/// The version of the consent text the form shows; a change of wording gets a new version.
pub const CONSENT_VERSION: &str = "hardship-consent-2026-12";
/// At most this many people in a household (beyond that it is surely a typing error).
pub const MAX_HOUSEHOLD: u32 = 20;
/// Monthly amounts above this (in major units) are surely a typing error.
const MAX_MONTHLY: i64 = 10_000_000;

text_code! {
    pub enum Situation("hardship situation") {
        Unemployment = "unemployment",
        Illness = "illness",
        Separation = "separation",
        Bereavement = "bereavement",
        ReducedIncome = "reduced_income",
        Other = "other",
    }
}

/// A hardship statement as the form gives it, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardshipStatement {
    pub situation: Situation,
    pub monthly_income: Option<Money>,
    pub monthly_expenses: Option<Money>,
    pub household_size: Option<u32>,
    pub explanation: Explanation,
}

impl HardshipStatement {
    /// The form's fields as text. `consent` is the checkbox: without it nothing is taken.
    pub fn from_fields(
        situation: &str,
        income: &str,
        expenses: &str,
        household: &str,
        explanation: &str,
        consent: bool,
    ) -> Result<Self, InputError> {
        let situation = situation.trim().parse().map_err(|_| InputError::SituationMissing)?;
        let explanation = Explanation::new(explanation)?;
        let statement = Self {
            situation,
            monthly_income: amount(income)?,
            monthly_expenses: amount(expenses)?,
            household_size: household_size(household)?,
            explanation,
        };
        if !consent {
            return Err(InputError::ConsentMissing);
        }
        Ok(statement)
    }
}

/// An optional monthly amount, at most [`MAX_MONTHLY`].
fn amount(field: &str) -> Result<Option<Money>, InputError> {
    match form_amount(field)? {
        Some(m) if m.minor() > MAX_MONTHLY * 100 => Err(InputError::AmountInvalid),
        m => Ok(m),
    }
}

fn household_size(field: &str) -> Result<Option<u32>, InputError> {
    let t = field.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(n) if (1..=MAX_HOUSEHOLD).contains(&n) => Ok(Some(n)),
        _ => Err(InputError::HouseholdInvalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_needs_a_situation_words_and_consent() {
        let s = HardshipStatement::from_fields("illness", "12 500", "9800,50", "3", "Sick since May.", true).unwrap();
        assert_eq!(s.situation, Situation::Illness);
        assert_eq!(s.monthly_income, Some(Money::from_minor(1_250_000)));
        assert_eq!(s.monthly_expenses, Some(Money::from_minor(980_050)));
        assert_eq!(s.household_size, Some(3));
        let bare = HardshipStatement::from_fields("other", "", "", "", "Hard times.", true).unwrap();
        assert_eq!((bare.monthly_income, bare.household_size), (None, None));
        for (fields, err) in [
            (("", "", "", "", "x", true), InputError::SituationMissing),
            (("illness", "-5", "", "", "x", true), InputError::AmountInvalid),
            (("illness", "lots", "", "", "x", true), InputError::AmountInvalid),
            (("illness", "", "", "0", "x", true), InputError::HouseholdInvalid),
            (("illness", "", "", "21", "x", true), InputError::HouseholdInvalid),
            (("illness", "", "", "", " ", true), InputError::ExplanationMissing),
            (("illness", "", "", "", "x", false), InputError::ConsentMissing),
        ] {
            let (a, b, c, d, e, f) = fields;
            assert_eq!(HardshipStatement::from_fields(a, b, c, d, e, f), Err(err), "{fields:?}");
        }
    }
}
