//! The data the debtor's claim pages receive from their server functions ("My claims" and one
//! claim). Every amount in here was computed by `crate::domain` on the server; the pages only format
//! it. Built by `server::debtor_claims`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::decision_data::ShownDecision;
use crate::dispute_data::PartView;
use crate::domain::ids::ClaimId;
use crate::domain::interest::InterestKind;
use crate::domain::reference::ReferenceKind;
use crate::domain::statement::Statement;
use crate::domain::timeline::Step;
use crate::domain::{ClaimStatus, Country, Currency, Money};
use crate::plan_data::{NoPlan, OpenPlan};

/// One line of "My claims".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSummary {
    pub id: ClaimId,
    pub case_number: String,
    pub creditor: String,
    pub concerns: String,
    pub currency: Currency,
    pub total_outstanding: Money,
    pub status: ClaimStatus,
    pub next_step: Option<Step>,
    /// A plan can be proposed (the list links to the plan page).
    pub plan_offered: bool,
    /// What to pay, by when and with which reference: an active plan's next installment, or else
    /// the whole balance.
    pub pay: Option<(NaiveDate, Money, PayPurpose, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditorInfo {
    pub name: String,
    pub org_number: String,
    pub country: Country,
}

/// The interest terms as a debtor needs to read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestInfo {
    pub kind: InterestKind,
    /// The margin over the reference rate (statutory) or the agreed rate (fixed).
    pub rate: Decimal,
    /// Interest runs from the day after this date.
    pub runs_from: NaiveDate,
    /// The yearly rate in force today and since when.
    pub in_force: Option<(NaiveDate, Decimal)>,
    /// Every rate period used from the due date to today.
    pub periods: Vec<(NaiveDate, Decimal)>,
    /// True when today's rate is the latest published one carried forward.
    pub latest_rate_assumed: bool,
}

/// Everything needed to pay: to which account, with which reference, how much, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInstructions {
    pub bankgiro: Option<String>,
    pub account_number: Option<String>,
    /// OCR (Sweden) or KID (Norway), built by the engine from the case number.
    pub reference: String,
    pub reference_kind: ReferenceKind,
    pub amount: Money,
    pub pay_by: NaiveDate,
    pub purpose: PayPurpose,
    /// What a dispute does to the amount: a paused part left out of it, or a contested claim.
    pub dispute_note: Option<PayNote>,
}

/// What the amount in the payment box pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayPurpose {
    /// The whole balance, by the demand's (or a deferral's) date.
    Balance,
    /// An active plan's next installment (number `n` of `of`). `payoff` is the whole balance today,
    /// `saves` what paying it today saves compared with the rest of the plan.
    Installment { n: u32, of: u32, payoff: Money, saves: Money },
    /// An active plan behind: everything overdue, to catch up now.
    CatchUp { payoff: Money, saves: Money },
}

/// One line under the amount to pay when a dispute touches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayNote {
    /// A partial dispute pauses this part; the amount is the rest.
    PartPaused(PartView),
    /// The whole claim is disputed or contested: nothing is asked for, but paying the amount
    /// settles the claim.
    MayStillPay,
}

/// What the claim page shows: the claim as of today, for the debtor who owes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimPageData {
    pub id: ClaimId,
    pub case_number: String,
    pub creditor: CreditorInfo,
    pub concerns: String,
    pub original_invoice: String,
    pub due_date: NaiveDate,
    pub currency: Currency,
    pub status: ClaimStatus,
    pub statement: Statement,
    pub payments: Vec<(NaiveDate, Money)>,
    pub interest: InterestInfo,
    pub pay: Option<PaymentInstructions>,
    pub timeline: Vec<Step>,
    pub plan: ClaimPlan,
    /// The claim's dispute, open or answered.
    pub dispute: Option<DisputeSummary>,
    /// A dispute can be sent (the claim is not paid, closed or disputed already).
    pub can_dispute: bool,
    /// What the payment box asks for: the total outstanding less what a dispute pauses
    /// (`domain::payable`); the API's `payable_now` is the same number.
    pub payable_now: Money,
    pub deferral: DeferralOffer,
    /// The creditor's staff's decision on the latest deferral request they decided.
    pub deferral_answer: Option<ShownDecision>,
    /// The account the debtor gave for paying back an overpayment, masked (last digits only).
    pub refund_account: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeSummary {
    pub reference: String,
    /// Collection is paused until the creditor answers.
    pub open: bool,
    /// The whole claim or the part that is paused.
    pub part: PartView,
}

/// What the claim offers as to a later pay-by date (anstånd / betalingsutsettelse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeferralOffer {
    /// The form: any date after `pay_by` up to `latest`; up to `granted_at_once` (when the claim's
    /// one automatic deferral is unused) it is granted at once, later ones wait for the creditor.
    Offered { pay_by: NaiveDate, granted_at_once: Option<NaiveDate>, latest: NaiveDate },
    /// A request waits for the creditor.
    Pending { requested: NaiveDate },
    /// Disputed, in a plan, paid or closed.
    NotOffered,
}

/// The claim's installment plan as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimPlan {
    Offered,
    NotOffered(NoPlan),
    Open(Box<OpenPlan>),
}
