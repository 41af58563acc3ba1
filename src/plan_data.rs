//! What the plan page and the claim page receive about installment plans. Built by `server::plans`
//! from storage and the engine; the calculator island computes everything else itself from
//! [`PlanInputs`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::decision_data::ShownDecision;
use crate::domain::ids::ClaimId;
use crate::domain::plan::Installment;
use crate::domain::plan_progress::{Progress, RateChange};
use crate::domain::policy::{PolicyTerms, Reason};
use crate::domain::proposal::{PlanChoice, PlanInputs};
use crate::domain::{ClaimStatus, Currency, Money};

/// Why a claim offers no plan; each is said in plain words on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoPlan {
    /// A dispute pauses the claim until it is answered.
    Disputed,
    /// The dispute was rejected and the debtor contests the claim: the creditor's way on is the
    /// court (or the conciliation board), and a plan (with its fee, a collection cost) is not
    /// offered; the debtor may still pay.
    Contested,
    /// Nothing is left to pay (paid, or closed).
    NothingToPay,
    /// The claim's plan lapsed and the creditor takes no new plan in the portal after that.
    AfterLapse { ended_on: NaiveDate },
}

/// An active plan behind by more than the creditor's grace: what to pay to catch up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrears {
    /// The due date of the oldest installment left unpaid.
    pub since: NaiveDate,
    pub amount: Money,
}

/// The claim's pending proposal or active plan, as the server stored it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenPlan {
    /// Approved (at once or by the creditor); otherwise waiting for the creditor.
    pub active: bool,
    pub choice: PlanChoice,
    pub start_date: NaiveDate,
    pub plan_fee: Money,
    pub installment_amount: Money,
    pub start_total: Money,
    pub total_amount: Money,
    pub total_interest: Money,
    /// Why it waits for the creditor, in the words of the creditor's rules (`terms`).
    pub reasons: Vec<Reason>,
    pub terms: PolicyTerms,
    pub installments: Vec<Installment>,
    /// Which installments the payments since the start have covered (an active plan).
    pub progress: Progress,
    /// Behind by more than the creditor's grace (an active plan).
    pub arrears: Option<Arrears>,
    /// Rates published for the plan's period after it was made (an active plan).
    pub rate_changes: Vec<RateChange>,
    /// The claim's OCR / KID: every installment is paid with it.
    pub reference: String,
    /// The creditor's counter-proposal, waiting for the debtor: the agent's message ('' if none).
    pub from_creditor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanState {
    /// A plan can be proposed: the calculator gets these inputs.
    Offer(Box<PlanInputs>),
    NotOffered(NoPlan),
    Open(Box<OpenPlan>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPageData {
    pub claim_id: ClaimId,
    pub concerns: String,
    pub case_number: String,
    pub currency: Currency,
    pub status: ClaimStatus,
    pub state: PlanState,
    /// The creditor's answer when the last proposal was rejected (shown while a new one can be made).
    pub rejected: Option<ShownDecision>,
}

/// The plan agreement: who agreed to what. Only for an active plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub claim_id: ClaimId,
    pub creditor_name: String,
    pub creditor_org_number: String,
    pub debtor_name: String,
    pub concerns: String,
    pub case_number: String,
    pub currency: Currency,
    pub bankgiro: Option<String>,
    pub account_number: Option<String>,
    pub plan: OpenPlan,
}
