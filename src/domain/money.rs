use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::{Add, AddAssign, Sub, SubAssign};
use std::str::FromStr;

use super::DomainError;

/// An amount of SEK or NOK with exactly two decimals (öre / øre). The only way in from outside is
/// [`Money::parse`], which refuses a third significant decimal instead of rounding it away: a rounded
/// input would be a silently changed claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money::from_minor_const(0);

    /// Accepts `"1.5"` and `"1.500"`, refuses `"1.505"` with `invalid_amount`.
    pub fn from_decimal(d: Decimal) -> Result<Self, DomainError> {
        let n = d.normalize();
        if n.scale() > 2 {
            return Err(DomainError::InvalidAmount);
        }
        Ok(Money::scaled(n))
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let d = Decimal::from_str(s.trim()).map_err(|_| DomainError::InvalidAmount)?;
        Self::from_decimal(d)
    }

    /// Rounds half away from zero, the spec's only rounding rule (not `round_dp`, which is banker's).
    pub fn round(d: Decimal) -> Self {
        Money::scaled(d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    /// For constants such as legal caps.
    pub const fn from_minor_const(minor: u32) -> Self {
        Money(Decimal::from_parts(minor, 0, 0, false, 2))
    }

    pub fn from_minor(minor: i64) -> Self {
        Money(Decimal::new(minor, 2))
    }

    /// Minor units for storage; `None` only for amounts beyond ±92 233 720 368 547 758.07.
    pub fn to_minor(self) -> Option<i64> {
        let mut m = self.0 * Decimal::ONE_HUNDRED;
        m.rescale(0);
        i64::try_from(m).ok()
    }

    pub fn whole(units: u64) -> Self {
        Money(Decimal::from(units)).rescaled()
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_positive(self) -> bool {
        self.0 > Decimal::ZERO
    }

    pub fn is_negative(self) -> bool {
        self.0 < Decimal::ZERO
    }

    pub fn min(self, other: Money) -> Money {
        if self <= other {
            self
        } else {
            other
        }
    }

    /// Smallest whole krona/krone at or above this amount.
    pub fn ceil_whole(self) -> u64 {
        let c = self.0.ceil();
        u64::try_from(c).unwrap_or(0)
    }

    fn scaled(d: Decimal) -> Self {
        Money(d).rescaled()
    }

    fn rescaled(mut self) -> Self {
        self.0.rescale(2);
        if self.0.is_zero() {
            // `-0.00` must never reach a debtor's screen.
            self.0 = Decimal::new(0, 2);
        }
        self
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0).rescaled()
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0).rescaled()
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        *self = *self - rhs;
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    /// Only for our own round trips (server ↔ browser); outside input goes through the case parser so
    /// that a third decimal becomes `invalid_amount`, not a shape error.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Money::parse(&s).map_err(serde::de::Error::custom)
    }
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
        assert_eq!(Money::parse("1.505"), Err(DomainError::InvalidAmount));
        assert_eq!(Money::parse("abc"), Err(DomainError::InvalidAmount));
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(Money::round(Decimal::from_str("50.025").unwrap()).to_string(), "50.03");
        assert_eq!(Money::round(Decimal::from_str("50.035").unwrap()).to_string(), "50.04");
        assert_eq!(Money::round(Decimal::from_str("-50.025").unwrap()).to_string(), "-50.03");
        assert_eq!(Money::round(Decimal::from_str("-0.001").unwrap()).to_string(), "0.00");
    }

    #[test]
    fn minor_units_round_trip() {
        for minor in [0_i64, 1, 99, 100, 123_456_789, -5] {
            assert_eq!(Money::from_minor(minor).to_minor(), Some(minor));
        }
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
