//! What the dispute page receives. Built by `server::disputes` from storage.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::decision_data::DecisionView;
use crate::domain::dispute::DisputeReason;
use crate::domain::document::DocumentInfo;
use crate::domain::{ClaimStatus, Country, Currency};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputePageData {
    pub claim_id: String,
    pub concerns: String,
    pub case_number: String,
    pub creditor: String,
    /// What happens next depends on the country's law.
    pub country: Country,
    pub currency: Currency,
    pub status: ClaimStatus,
    /// The claim's dispute, open or answered; `None` before one is sent.
    pub dispute: Option<DisputeView>,
}

impl DisputePageData {
    /// The form is offered while the claim can be disputed and never was: once the creditor has
    /// answered, the answer names the way on (court, complaint bodies).
    pub fn can_dispute(&self) -> bool {
        self.dispute.is_none() && self.status.can_be_disputed()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeView {
    pub reference: String,
    pub reason: DisputeReason,
    /// Collection is paused until the creditor answers; more can be added meanwhile.
    pub open: bool,
    pub sent_at: NaiveDateTime,
    /// The first explanation, then each addition, oldest first.
    pub entries: Vec<EntryView>,
    /// The creditor's answer, once given.
    pub answer: Option<DecisionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub sent_at: NaiveDateTime,
    pub explanation: String,
    pub documents: Vec<DocumentInfo>,
}
