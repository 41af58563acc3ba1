//! What the dispute page receives. Built by `server::disputes` from storage.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::decision_data::ShownDecision;
use crate::domain::claim::FeeKind;
use crate::domain::decision::Outcome;
use crate::domain::dispute::DisputeReason;
use crate::domain::dispute_part::DisputedPart;
use crate::domain::document::DocumentInfo;
use crate::domain::ids::ClaimId;
use crate::domain::{ClaimStatus, Country, Currency, Money};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputePageData {
    pub claim_id: ClaimId,
    pub concerns: String,
    pub case_number: String,
    pub creditor: String,
    /// What happens next depends on the country's law.
    pub country: Country,
    pub currency: Currency,
    pub status: ClaimStatus,
    /// The claim's dispute, open or answered; `None` before one is sent.
    pub dispute: Option<ShownDispute>,
    /// The fee lines still to pay, which a dispute may concern one by one.
    pub fees: Vec<FeeLine>,
}

/// A fee line the form offers to dispute: its place among the claim's fees and what is left of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    pub position: u32,
    pub kind: FeeKind,
    pub outstanding: Money,
}

impl DisputePageData {
    /// The form is offered while the claim can be disputed and was not, or after the creditor
    /// rejected the dispute (a new one needs new information). Once the creditor upheld it, the
    /// answer names the way on.
    pub fn can_dispute(&self) -> bool {
        let answered_no = self.dispute.as_ref().is_some_and(ShownDispute::rejected);
        (self.dispute.is_none() || answered_no) && self.status.can_be_disputed()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownDispute {
    pub reference: String,
    pub reason: DisputeReason,
    /// The whole claim or the part of it that is paused.
    pub part: PartView,
    /// Collection is paused until the creditor answers; more can be added meanwhile.
    pub open: bool,
    pub sent_at: NaiveDateTime,
    /// The first explanation, then each addition, oldest first.
    pub entries: Vec<EntryView>,
    /// The creditor's answer, once given.
    pub answer: Option<ShownDecision>,
}

/// A disputed part as people read it: a fee line by its kind and amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartView {
    Whole,
    Amount(Money),
    Fee { kind: FeeKind, amount: Money },
}

impl PartView {
    /// `fees` are the claim's fees in their order; a fee line that is not there (it cannot be:
    /// the part was checked against them) reads as the whole fee kind unknown.
    pub fn of(part: DisputedPart, fees: &[crate::domain::claim::Fee]) -> Self {
        match part {
            DisputedPart::Whole => Self::Whole,
            DisputedPart::Amount(m) => Self::Amount(m),
            DisputedPart::Fee(n) => match fees.get(n as usize) {
                Some(f) => Self::Fee { kind: f.kind.clone(), amount: f.amount },
                None => Self::Fee { kind: FeeKind::Other(String::new()), amount: Money::ZERO },
            },
        }
    }
}

impl ShownDispute {
    /// Answered, and the creditor maintains the claim.
    pub fn rejected(&self) -> bool {
        !self.open && self.answer.as_ref().is_some_and(|a| a.outcome == Outcome::Rejected)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub sent_at: NaiveDateTime,
    pub explanation: String,
    pub documents: Vec<DocumentInfo>,
}
