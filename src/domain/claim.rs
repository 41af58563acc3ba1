//! A claim as the creditor registered it: principal, due date, interest terms, fees and payments.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::interest::InterestTerms;
use super::text_code::text_code;
use super::{DomainError, Money};

text_code! {
    /// The fees the portal knows by their legal names (påminnelseavgift, inkassoavgift, purregebyr,
    /// inkassovarsel, inkassosalær).
    pub enum KnownFee("fee kind") {
        Reminder = "reminder",
        Collection = "collection",
        PlanFee = "plan_fee",
        Purregebyr = "purregebyr",
        Inkassovarsel = "inkassovarsel",
        Inkassosalaer = "inkassosalaer",
    }
}

/// A fee's kind. The arithmetic spec lets a creditor name any kind; those the portal does not know
/// are kept as given and shown as "other fee".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FeeKind {
    Known(KnownFee),
    Other(String),
}

impl FeeKind {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(k) => k.as_str(),
            Self::Other(s) => s,
        }
    }

    /// A reminder before collection (SE påminnelse, NO purring): a step in the case's history.
    pub fn is_reminder(&self) -> bool {
        matches!(self, Self::Known(KnownFee::Reminder | KnownFee::Purregebyr))
    }

    /// NO inkassovarsel: the warning that collection will start.
    pub fn is_collection_warning(&self) -> bool {
        matches!(self, Self::Known(KnownFee::Inkassovarsel))
    }
}

impl From<KnownFee> for FeeKind {
    fn from(k: KnownFee) -> Self {
        Self::Known(k)
    }
}

impl std::str::FromStr for FeeKind {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(s.parse().map(Self::Known).unwrap_or_else(|_| Self::Other(s.to_owned())))
    }
}

impl From<&str> for FeeKind {
    fn from(s: &str) -> Self {
        let Ok(kind) = s.parse();
        kind
    }
}

impl Serialize for FeeKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FeeKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::text_code::deserialize_text(d)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub kind: FeeKind,
    pub amount: Money,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub date: NaiveDate,
    pub amount: Money,
}

/// A claim that has passed the spec's checks; built only through [`Claim::new`], also when read
/// from JSON (the plan calculator in the page gets the claim that way).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ClaimParts", into = "ClaimParts")]
pub struct Claim {
    principal: Money,
    due_date: NaiveDate,
    interest: InterestTerms,
    fees: Vec<Fee>,
    payments: Vec<Payment>,
    /// Positions (in `fees`) of fee lines a dispute pauses: they stay owed, and no payment is
    /// applied to them until the dispute ends (the debtor pays the rest).
    paused_fees: Vec<usize>,
}

#[derive(Serialize, Deserialize)]
struct ClaimParts {
    principal: Money,
    due_date: NaiveDate,
    interest: InterestTerms,
    fees: Vec<Fee>,
    payments: Vec<Payment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    paused_fees: Vec<usize>,
}

impl TryFrom<ClaimParts> for Claim {
    type Error = DomainError;
    fn try_from(p: ClaimParts) -> Result<Self, DomainError> {
        let mut claim = Self::new(p.principal, p.due_date, p.interest, p.fees, p.payments)?;
        for k in p.paused_fees {
            claim = claim.with_paused_fee(k);
        }
        Ok(claim)
    }
}

impl From<Claim> for ClaimParts {
    fn from(c: Claim) -> Self {
        Self {
            principal: c.principal,
            due_date: c.due_date,
            interest: c.interest,
            fees: c.fees,
            payments: c.payments,
            paused_fees: c.paused_fees,
        }
    }
}

impl Claim {
    pub fn new(
        principal: Money,
        due_date: NaiveDate,
        interest: InterestTerms,
        fees: Vec<Fee>,
        payments: Vec<Payment>,
    ) -> Result<Self, DomainError> {
        Self::check_amounts(principal, &fees, &payments)?;
        Ok(Self { principal, due_date, interest, fees, payments, paused_fees: Vec::new() })
    }

    /// The same claim with the fee at `position` paused by a dispute (a position it does not have
    /// changes nothing).
    pub fn with_paused_fee(mut self, position: usize) -> Self {
        if position < self.fees.len() && !self.paused_fees.contains(&position) {
            self.paused_fees.push(position);
        }
        self
    }

    pub fn fee_paused(&self, position: usize) -> bool {
        self.paused_fees.contains(&position)
    }

    /// The same claim (fees, paused ones included) with these payments instead.
    pub fn with_payments(&self, payments: Vec<Payment>) -> Result<Self, DomainError> {
        Self::check_amounts(self.principal, &self.fees, &payments)?;
        Ok(Self { payments, ..self.clone() })
    }

    /// The spec's first check (`invalid_amount`): principal ≥ 0, every fee and payment > 0. Public so
    /// the `calc` adapter can run it before the interest terms are read, as the spec's order requires.
    pub fn check_amounts(principal: Money, fees: &[Fee], payments: &[Payment]) -> Result<(), DomainError> {
        if principal.is_negative()
            || fees.iter().any(|f| !f.amount.is_positive())
            || payments.iter().any(|p| !p.amount.is_positive())
        {
            return Err(DomainError::InvalidAmount);
        }
        Ok(())
    }

    pub fn principal(&self) -> Money {
        self.principal
    }

    pub fn due_date(&self) -> NaiveDate {
        self.due_date
    }

    pub fn interest(&self) -> &InterestTerms {
        &self.interest
    }

    pub fn fees(&self) -> &[Fee] {
        &self.fees
    }

    pub fn payments(&self) -> &[Payment] {
        &self.payments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_kinds_keep_unknown_names() {
        assert_eq!(FeeKind::from("reminder"), FeeKind::Known(KnownFee::Reminder));
        assert_eq!(FeeKind::from("porto").as_str(), "porto");
        assert!(FeeKind::from("purregebyr").is_reminder());
        assert_eq!(serde_json::to_value(FeeKind::from("inkassosalaer")).unwrap(), "inkassosalaer");
    }

    #[test]
    fn amounts_are_checked_once_here() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let none = InterestTerms::None { day_count: Default::default() };
        let fee = |minor| Fee { kind: KnownFee::Reminder.into(), amount: Money::from_minor(minor), date: d };
        assert!(Claim::new(Money::ZERO, d, none.clone(), vec![fee(1)], vec![]).is_ok());
        assert_eq!(Claim::new(Money::from_minor(-1), d, none.clone(), vec![], vec![]), Err(DomainError::InvalidAmount));
        assert_eq!(Claim::new(Money::ZERO, d, none.clone(), vec![fee(0)], vec![]), Err(DomainError::InvalidAmount));
        let nothing = Payment { date: d, amount: Money::ZERO };
        assert_eq!(Claim::new(Money::ZERO, d, none, vec![], vec![nothing]), Err(DomainError::InvalidAmount));
    }

    #[test]
    fn json_goes_through_the_same_checks() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let terms = InterestTerms::Fixed { rate: rust_decimal::Decimal::new(8, 0), day_count: Default::default() };
        let fee = Fee { kind: KnownFee::Reminder.into(), amount: Money::from_minor(6_000), date: d };
        let claim = Claim::new(Money::from_minor(100_000), d, terms, vec![fee], vec![]).unwrap();
        let mut json = serde_json::to_value(&claim).unwrap();
        assert_eq!(serde_json::from_value::<Claim>(json.clone()).unwrap(), claim);
        json["principal"] = serde_json::json!("-1.00");
        assert!(serde_json::from_value::<Claim>(json).unwrap_err().to_string().contains("amount"));
    }
}
