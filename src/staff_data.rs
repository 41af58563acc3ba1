//! What the creditor staff's pages receive: the work queue and the decision screens. Built by
//! `server::staff_queue` and `server::staff_decisions`, always for one creditor: the signed-in
//! staff member's.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::decision_data::DecisionView;
use crate::dispute_data::DisputeView;
use crate::domain::decision::ItemKind;
use crate::domain::document::DocumentInfo;
use crate::domain::hardship::HardshipStatement;
use crate::domain::plan::Installment;
use crate::domain::policy::{PolicyTerms, Reason};
use crate::domain::proposal::PlanChoice;
use crate::domain::statement::Statement;
use crate::domain::{ClaimStatus, Currency, Money};

/// Who is signed in, for every staff page's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffHeader {
    pub name: String,
    pub creditor: String,
    pub admin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub kind: ItemKind,
    pub id: String,
    pub claim_id: String,
    pub case_number: String,
    pub debtor_name: String,
    /// How long it has waited, in whole hours (the page says hours or days).
    pub waiting_hours: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePageData {
    pub header: StaffHeader,
    /// Each kind with how many wait (all four, zeros included), in the queue's order of kinds.
    pub counts: Vec<(ItemKind, usize)>,
    /// The items shown (of one kind when filtered), oldest first.
    pub items: Vec<QueueItem>,
    /// The oldest shown item's wait, in hours.
    pub oldest_hours: Option<i64>,
}

/// The plan-proposal screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalReview {
    pub header: StaffHeader,
    pub proposal_id: String,
    pub case_number: String,
    pub debtor_name: String,
    pub concerns: String,
    pub currency: Currency,
    pub status: ClaimStatus,
    /// The claim's itemisation today.
    pub statement: Statement,
    pub choice: PlanChoice,
    pub start_date: NaiveDate,
    pub installment_amount: Money,
    pub total_amount: Money,
    pub total_interest: Money,
    pub installments: Vec<Installment>,
    /// The policy's verdict: why the proposal waits for a person.
    pub reasons: Vec<Reason>,
    pub terms: PolicyTerms,
    /// The debtor's hardship statement, when they shared it for this claim.
    pub hardship: Option<HardshipSummary>,
    /// Still waiting for a decision.
    pub pending: bool,
    pub decision: Option<DecisionView>,
    /// Every decision on the claim, oldest first.
    pub history: Vec<DecisionView>,
}

/// The dispute screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeReview {
    pub header: StaffHeader,
    pub dispute_id: String,
    pub case_number: String,
    pub debtor_name: String,
    pub concerns: String,
    pub currency: Currency,
    pub status: ClaimStatus,
    /// The claim's itemisation today (a reduction lowers its principal).
    pub statement: Statement,
    /// The reason, what the debtor wrote and sent, oldest first, and the answer once given.
    pub dispute: DisputeView,
    pub history: Vec<DecisionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardshipSummary {
    pub statement: HardshipStatement,
    pub currency: Currency,
    pub documents: Vec<DocumentInfo>,
}
