//! Money: a whole number of öre/øre, parsed without rounding and added with overflow checks.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

use super::input_error::InputError;
use super::DomainError;

/// An amount of SEK or NOK: a whole number of öre / øre, so it always has exactly two decimals and
/// always fits the database's BIGINT. The ways in are [`Money::parse`] and [`Money::from_decimal`],
/// which refuse a third significant decimal instead of rounding it away (a rounded input would be a
/// silently changed claim) and refuse an amount beyond ±92 233 720 368 547 758.07, and
/// [`Money::from_minor`] for values already in öre. Arithmetic is checked: a sum that would leave
/// that range is `invalid_amount`, never a panic or a wrapped number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    /// Also for constants such as legal caps.
    pub const fn from_minor(minor: i64) -> Self {
        Money(minor)
    }

    /// Accepts `1.5` and `1.500`, refuses `1.505` and anything too large with `invalid_amount`.
    pub fn from_decimal(d: Decimal) -> Result<Self, DomainError> {
        let n = d.normalize();
        if n.scale() > 2 {
            return Err(DomainError::InvalidAmount);
        }
        Self::exact_minor(n)
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let d = Decimal::from_str(s.trim()).map_err(|_| DomainError::InvalidAmount)?;
        Self::from_decimal(d)
    }

    /// Rounds half away from zero, the spec's only rounding rule (not `round_dp`, which is banker's).
    pub fn round(d: Decimal) -> Result<Self, DomainError> {
        Self::exact_minor(d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    /// `d` has at most two decimals.
    fn exact_minor(d: Decimal) -> Result<Self, DomainError> {
        d.checked_mul(Decimal::ONE_HUNDRED).and_then(|m| m.to_i64()).map(Money).ok_or(DomainError::InvalidAmount)
    }

    /// Whole kronor / kroner.
    pub fn whole(units: u64) -> Result<Self, DomainError> {
        units.checked_mul(100).and_then(|m| i64::try_from(m).ok()).map(Money).ok_or(DomainError::InvalidAmount)
    }

    /// Minor units, for storage.
    pub fn minor(self) -> i64 {
        self.0
    }

    /// The exact value with scale 2, for arithmetic with rates.
    pub fn decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn min(self, other: Money) -> Money {
        Money(self.0.min(other.0))
    }

    pub fn checked_add(self, other: Money) -> Result<Money, DomainError> {
        self.0.checked_add(other.0).map(Money).ok_or(DomainError::InvalidAmount)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, DomainError> {
        self.0.checked_sub(other.0).map(Money).ok_or(DomainError::InvalidAmount)
    }

    /// The sum of `items`; `invalid_amount` when it does not fit.
    pub fn sum<I: IntoIterator<Item = Money>>(items: I) -> Result<Money, DomainError> {
        items.into_iter().try_fold(Money::ZERO, Money::checked_add)
    }

    /// Smallest whole krona/krone at or above this amount (0 for nothing or less).
    pub fn ceil_whole(self) -> u64 {
        u64::try_from(self.0).map(|m| m.div_ceil(100)).unwrap_or(0)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl FromStr for Money {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, DomainError> {
        Money::parse(s)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    /// Only for our own round trips (server ↔ browser); outside input goes through the `calc`
    /// adapter so that a third decimal becomes `invalid_amount`, not a shape error.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Money::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// An amount typed into a form: empty is "not given"; otherwise whole or with two decimals (a
/// decimal comma and spaces as thousands separators allowed), not negative.
pub fn form_amount(field: &str) -> Result<Option<Money>, InputError> {
    let t: String = field.trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}').collect();
    if t.is_empty() {
        return Ok(None);
    }
    let m = Money::parse(&t.replace(',', ".")).map_err(|_| InputError::AmountInvalid)?;
    if m.is_negative() {
        return Err(InputError::AmountInvalid);
    }
    Ok(Some(m))
}

/// Formats for people: `12 345,67` in Swedish and Norwegian, `12,345.67` in English. Grouping uses a
/// narrow no-break space so an amount never wraps across lines on a phone.
pub fn format_amount(m: Money, decimal_comma: bool) -> String {
    let s = m.to_string();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, "00"));
    let sep = if decimal_comma { '\u{202f}' } else { ',' };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(sep);
        }
        grouped.push(ch);
    }
    let point = if decimal_comma { ',' } else { '.' };
    format!("{}{grouped}{point}{frac}", if neg { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_trailing_zeros_and_refuses_third_decimal() {
        assert_eq!(Money::parse("1.500").unwrap().to_string(), "1.50");
        assert_eq!(Money::parse("7").unwrap().to_string(), "7.00");
        assert_eq!(Money::parse("-0.05").unwrap().to_string(), "-0.05");
        assert_eq!(Money::parse("1.505"), Err(DomainError::InvalidAmount));
        assert_eq!(Money::parse("abc"), Err(DomainError::InvalidAmount));
    }

    #[test]
    fn always_two_decimals() {
        assert_eq!(Money::ZERO.to_string(), "0.00");
        assert_eq!(Money::default().to_string(), "0.00");
        assert_eq!(Money::parse("-0").unwrap().to_string(), "0.00");
        assert_eq!(Money::round(Decimal::from_str("-0.001").unwrap()).unwrap().to_string(), "0.00");
        assert_eq!(Money::decimal(Money::ZERO).scale(), 2);
    }

    #[test]
    fn bounded_to_a_bigint_of_ore() {
        assert_eq!(Money::parse("92233720368547758.07").unwrap().minor(), i64::MAX);
        assert_eq!(Money::parse("-92233720368547758.08").unwrap().minor(), i64::MIN);
        assert_eq!(Money::parse("92233720368547758.08"), Err(DomainError::InvalidAmount));
        assert_eq!(Money::parse("1000000000000000000000000"), Err(DomainError::InvalidAmount));
        let max = Money::from_minor(i64::MAX);
        assert_eq!(max.checked_add(Money::from_minor(1)), Err(DomainError::InvalidAmount));
        assert_eq!(Money::from_minor(i64::MIN).checked_sub(Money::from_minor(1)), Err(DomainError::InvalidAmount));
        assert_eq!(Money::sum([max, max]), Err(DomainError::InvalidAmount));
        assert_eq!(Money::whole(u64::MAX), Err(DomainError::InvalidAmount));
        assert_eq!(Money::from_minor(i64::MIN).to_string(), "-92233720368547758.08");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        let r = |s: &str| Money::round(Decimal::from_str(s).unwrap()).unwrap().to_string();
        assert_eq!(r("50.025"), "50.03");
        assert_eq!(r("50.035"), "50.04");
        assert_eq!(r("-50.025"), "-50.03");
    }

    #[test]
    fn whole_units_and_ceiling() {
        assert_eq!(Money::parse("12.01").unwrap().ceil_whole(), 13);
        assert_eq!(Money::parse("12").unwrap().ceil_whole(), 12);
        assert_eq!(Money::parse("-3").unwrap().ceil_whole(), 0);
        assert_eq!(Money::whole(7).unwrap().to_string(), "7.00");
    }

    #[test]
    fn formats_for_people() {
        let m = Money::parse("1234567.5").unwrap();
        assert_eq!(format_amount(m, true), "1\u{202f}234\u{202f}567,50");
        assert_eq!(format_amount(m, false), "1,234,567.50");
        assert_eq!(format_amount(Money::parse("12").unwrap(), true), "12,00");
        assert_eq!(format_amount(Money::parse("-123").unwrap(), false), "-123.00");
    }
}
