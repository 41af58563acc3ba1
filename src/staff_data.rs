//! What the creditor staff's pages receive: the work queue and the decision screens. Built by
//! `server::staff`, always for one creditor: the signed-in
//! staff member's.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub use crate::decision_data::ShownDecision;
use crate::dispute_data::ShownDispute;
use crate::domain::decision::ItemKind;
use crate::domain::deferral::DeferralReason;
use crate::domain::document::DocumentInfo;
use crate::domain::hardship::HardshipStatement;
use crate::domain::ids::{ApiKeyId, StaffId};
use crate::domain::ids::{ClaimId, DisputeId, ProposalId};
use crate::domain::interest::RateEntry;
use crate::domain::plan::Installment;
use crate::domain::policy::{PolicyTerms, Reason};
use crate::domain::policy_form::PolicyFields;
use crate::domain::proposal::{PlanChoice, Proposal};
use crate::domain::staff_account::StaffRole;
use crate::domain::statement::Statement;
use crate::domain::{ClaimStatus, Country, Currency, Money};
pub use crate::hardship_data::Decision as AutomaticDecision;

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
    pub claim_id: ClaimId,
    pub case_number: String,
    pub debtor_name: String,
    /// The claim's principal as registered (or as a dispute's answer lowered it), before payments.
    pub principal: Money,
    /// What the item asks the creditor for.
    pub asks: crate::domain::work_queue::QueueAsk,
    /// How long it has waited, in whole hours (the page says hours or days).
    pub waiting_hours: i64,
}

/// The queue's form as the address gave it, to show again: the fields keep what was typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueFormFields {
    pub kind: String,
    pub search: String,
    pub waited: String,
    pub principal_from: String,
    pub principal_to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePageData {
    pub header: StaffHeader,
    /// The currency of the creditor's claims.
    pub currency: Currency,
    /// The form as sent, and why it could not be used (the list is then the whole queue's).
    pub form: QueueFormFields,
    pub form_error: Option<crate::error::ErrorCode>,
    /// Whether a search, an age or an amount narrows the list: the counts then say how many match.
    pub narrowed: bool,
    /// Each kind with how many wait or match (all four, zeros included), in the queue's order,
    /// counted up to [`crate::domain::work_queue::COUNTED_UP_TO`].
    pub counts: Vec<(ItemKind, crate::domain::work_queue::Tally)>,
    /// The page's items (of one kind when filtered), oldest first.
    pub items: Vec<QueueItem>,
    /// Where the page before and the page after start (`created_at.id`), when there are such.
    pub before: Option<String>,
    pub after: Option<String>,
    /// Whether this is a page after or before another (not the first).
    pub paged: bool,
    /// How long the oldest item that fits the form has waited, in hours: on the first page only,
    /// where that item is.
    pub oldest_hours: Option<i64>,
    /// Active plans in arrears, oldest arrears first.
    pub arrears: Vec<ArrearsItem>,
    /// The current half-year's first day when the creditor's rate table has no rate for it.
    pub rate_missing: Option<NaiveDate>,
}

/// The claim an item is about, as every item screen heads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimHead {
    pub case_number: String,
    pub debtor_name: String,
    pub concerns: String,
    pub currency: Currency,
    pub status: ClaimStatus,
    /// The account the debtor gave for paying back an overpayment, in full: the staff pay to it.
    pub refund_account: Option<String>,
}

/// The plan-proposal screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalReview {
    pub header: StaffHeader,
    pub proposal_id: ProposalId,
    pub claim: ClaimHead,
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
    /// This is the creditor's own counter-proposal, waiting for the debtor.
    pub waiting_for_debtor: bool,
    pub decision: Option<ShownDecision>,
    /// The creditor's counter-proposal to this proposal, once made.
    pub counter: Option<CounterSummary>,
    /// Every decision on the claim, oldest first.
    pub history: Vec<ShownDecision>,
    /// An approved plan: how it stands.
    pub plan: Option<PlanStanding>,
}

/// An approved plan as the agent sees it: kept, in arrears (since the oldest unpaid installment's
/// due date, with what is overdue), or lapsed (the day, and whether a person ended it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanStanding {
    Kept,
    InArrears { since: NaiveDate, overdue: Money },
    Lapsed { on: NaiveDate, by_agent: bool },
}

/// A plan in arrears in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrearsItem {
    pub proposal_id: ProposalId,
    pub case_number: String,
    pub debtor_name: String,
    pub since: NaiveDate,
}

/// A counter-proposal as the agent's screen sums it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterSummary {
    pub id: ProposalId,
    pub installments: usize,
    pub installment_amount: Money,
    pub first_due: NaiveDate,
    pub total_amount: Money,
    pub state: CounterState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CounterState {
    Waiting,
    Accepted,
    Declined,
    /// Lapsed: the debtor disputed the claim.
    Withdrawn,
}

/// The deferral screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeferralReview {
    pub header: StaffHeader,
    pub deferral_id: String,
    pub claim: ClaimHead,
    pub statement: Statement,
    pub pay_by_before: NaiveDate,
    pub requested_date: NaiveDate,
    /// Why the creditor's rules did not grant it at once.
    pub reasons: Vec<DeferralReason>,
    pub terms: PolicyTerms,
    pub pending: bool,
    pub decision: Option<ShownDecision>,
    /// The debtor's hardship statement, when they shared it for this claim.
    pub hardship: Option<HardshipSummary>,
    pub history: Vec<ShownDecision>,
}

/// The review-request screen: a debtor asks a person to look at an automatic decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewScreen {
    pub header: StaffHeader,
    pub review_id: String,
    pub claim: ClaimHead,
    /// The claim's itemisation today.
    pub statement: Statement,
    /// The automatic decision the debtor chose, if any.
    pub about: Option<AutomaticDecision>,
    pub explanation: String,
    pub sent_at: NaiveDateTime,
    pub pending: bool,
    pub decision: Option<ShownDecision>,
    /// The debtor's hardship statement, when they shared it for this claim.
    pub hardship: Option<HardshipSummary>,
    pub history: Vec<ShownDecision>,
}

/// The dispute screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeReview {
    pub header: StaffHeader,
    pub dispute_id: DisputeId,
    pub claim: ClaimHead,
    /// The claim's itemisation today (a reduction lowers its principal).
    pub statement: Statement,
    /// The reason, what the debtor wrote and sent, oldest first, and the answer once given.
    pub dispute: ShownDispute,
    /// The debtor's hardship statement, when they shared it for this claim.
    pub hardship: Option<HardshipSummary>,
    pub history: Vec<ShownDecision>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardshipSummary {
    pub statement: HardshipStatement,
    pub currency: Currency,
    pub documents: Vec<DocumentInfo>,
}

/// The creditor's plan rules, for an administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPageData {
    pub header: StaffHeader,
    pub country: Country,
    pub currency: Currency,
    /// The legal cap on the plan fee where the law sets one (Sweden).
    pub fee_cap: Option<Money>,
    /// The form shows rules typed but not saved (a preview, or a refused save).
    pub preview: bool,
    pub fields: PolicyFields,
    pub current: PolicyTerms,
    /// The rules the example follows: the typed ones when they hold, else those in force.
    pub shown: PolicyTerms,
    /// The example debt's plan under `shown`.
    pub example: Option<Proposal>,
}

/// The reference rates the creditor's claims use, for an administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatesPageData {
    pub header: StaffHeader,
    pub country: Country,
    /// This administrator's creditor is the agency that publishes the national rates.
    pub can_publish: bool,
    /// Oldest first.
    pub entries: Vec<RateEntry>,
    /// The current half-year's first day, when it has no rate yet.
    pub missing: Option<NaiveDate>,
}

/// The creditor's staff accounts, for an administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsPageData {
    pub header: StaffHeader,
    pub accounts: Vec<AccountView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: StaffId,
    pub name: String,
    pub email: String,
    pub role: StaffRole,
    /// The administrator looking at the page (who cannot remove themselves).
    pub you: bool,
}

/// The API keys page: the creditor's keys, and a key just made (shown this once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeysPageData {
    pub header: StaffHeader,
    pub keys: Vec<ApiKeyView>,
    pub new_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: ApiKeyId,
    pub name: String,
    /// The key's first characters, to tell keys apart.
    pub prefix: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// A staff member's own account page: their password, and two-step sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccountPageData {
    pub name: String,
    pub email: String,
    pub creditor: String,
    pub admin: bool,
    /// The sign-in waits for the account's own password in place of the administrator's.
    pub must_change_password: bool,
    /// The sign-in is complete (the staff bar's links work).
    pub complete: bool,
    pub two_factor_on: bool,
    /// A fresh key to turn two-step sign-in on with, while it is off.
    pub setup: Option<TotpSetup>,
}

/// A new TOTP key as the page shows it: for typing into an app, as the app's link, and sealed for
/// the form that confirms it (the browser cannot change it unnoticed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    pub key: String,
    pub uri: String,
    pub sealed: String,
}
