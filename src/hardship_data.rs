//! What the hardship page and "My data" receive. Built by `server::hardship` and `server::my_data`.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::decision_data::ShownDecision;
use crate::domain::ids::ClaimId;

use crate::domain::document::DocumentInfo;
use crate::domain::hardship::HardshipStatement;
use crate::domain::Currency;

/// A claim to choose, in the debtor's words for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimChoice {
    pub id: ClaimId,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardshipPageData {
    /// Who uses the information (the consent names them).
    pub controller: String,
    /// The currency amounts are given in: that of the debtor's claims.
    pub currency: Currency,
    /// The debtor's open claims this session may see.
    pub claims: Vec<ClaimChoice>,
    /// The statements shared through letters this session holds (at most one, but for a session
    /// holding several letters each shared through on its own).
    pub current: Vec<HardshipView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardshipView {
    pub id: String,
    pub statement: HardshipStatement,
    pub currency: Currency,
    pub claims: Vec<String>,
    pub documents: Vec<DocumentInfo>,
    pub consent_at: NaiveDateTime,
    pub consent_version: String,
}

/// An automatic decision a person can be asked to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionKind {
    PlanRejected,
    /// Sent to the creditor instead of approved at once.
    PlanNotApproved,
    /// Sent to the creditor instead of granted at once.
    DeferralNotGranted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The decision's audit line.
    pub id: i64,
    pub kind: DecisionKind,
    pub date: NaiveDate,
    pub claim: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub sent_at: NaiveDateTime,
    pub decision: Option<Decision>,
    pub explanation: String,
    pub answered: bool,
    /// The person's answer.
    pub answer: Option<ShownDecision>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDataPageData {
    pub controller: String,
    pub contact: String,
    pub decisions: Vec<Decision>,
    pub requests: Vec<ReviewView>,
}
