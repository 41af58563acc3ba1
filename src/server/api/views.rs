//! What the API reads and writes, as the OpenAPI document describes it. Amounts are `Money`
//! (decimal strings with two decimals), dates `YYYY-MM-DD`, instants RFC 3339 in UTC; codes are the
//! same snake_case codes the portal stores.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::claim::KnownFee;
use crate::domain::claim_import::{ImportCode, COLUMNS, MAX_FEES};
use crate::domain::decision::{DeclineReason, Outcome};
use crate::domain::dispute::DisputeReason;
use crate::domain::dispute_part::PartKind;
use crate::domain::fee_law::{DebtorKind, FeeRule};
use crate::domain::ids::{DisputeId, ProposalId};
use crate::domain::interest::InterestKind;
use crate::domain::policy::Reason;
use crate::domain::{ClaimStatus, Currency, Language, Money};
use crate::server::store::{DisputeState, ProposalState};

// The patterns are literals because `utoipa` takes nothing else. What they say: a text the server
// keeps (`claim_import::Row::get`, trimmed) is at most 200 characters without control characters,
// and a required one is not only spaces; an amount is whole or has one or two decimals.

/// The outcomes a plan proposal takes.
fn proposal_outcome() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::domain::text_code::code_schema(
        "decision on a plan proposal",
        &[Outcome::Approved.as_str(), Outcome::Declined.as_str()],
    )
}

/// The outcomes a dispute takes.
fn dispute_outcome() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::domain::text_code::code_schema(
        "answer to a dispute",
        &[Outcome::Withdrawn.as_str(), Outcome::Reduced.as_str(), Outcome::Rejected.as_str()],
    )
}

/// A claim to register, with the same fields as a line of the CSV import (README, "Claims
/// import"). Only the first five and `debtor_name` are required.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClaim {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$",
        example = "Anna Berg"
    )]
    pub debtor_name: String,
    /// What the claim is for, as the debtor will read it.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$",
        example = "Electricity, August"
    )]
    pub concerns: String,
    /// The creditor's invoice number; unique within one request.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$",
        example = "F-2026-0815"
    )]
    pub original_invoice: String,
    /// Above zero.
    #[schema(pattern = r"^([1-9][0-9]{0,12}(\.[0-9]{1,2})?|0\.([1-9][0-9]?|0[1-9]))$", example = "1250.00")]
    pub principal: String,
    /// Not after today.
    #[schema(format = Date, example = "2026-09-30")]
    pub due_date: String,
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub debtor_address: Option<String>,
    /// The creditor's own reference for the person: claims with the same one are one debtor.
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub debtor_ref: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub debtor_email: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub debtor_phone: Option<String>,
    /// The creditor's country's language when absent.
    #[serde(default)]
    #[schema(value_type = Option<Language>)]
    pub debtor_language: Option<String>,
    /// `statutory` when absent.
    #[serde(default)]
    #[schema(value_type = Option<InterestKind>)]
    pub interest: Option<String>,
    /// Percent a year (0 to 100) for `fixed`, points above the reference rate for `statutory`.
    #[serde(default)]
    #[schema(pattern = r"^([0-9]{1,2}([.,][0-9]{1,6})?|100([.,]0{1,6})?)$", example = "8")]
    pub interest_rate: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^[0-9]{1,13}(\.[0-9]{1,2})?$", example = "180.00")]
    pub collection_fee: Option<String>,
    /// When the demand letter (NO: betalingsoppfordring) was sent, not before `due_date` nor
    /// after today; today when absent.
    #[serde(default)]
    #[schema(format = Date, example = "2026-10-15")]
    pub demand_sent_on: Option<String>,
    /// `consumer` when absent: a business's Norwegian salær cap is 1.5 times.
    #[serde(default)]
    #[schema(value_type = Option<DebtorKind>)]
    pub debtor_kind: Option<String>,
    /// `yes` when the debtor agreed to a Swedish statutory margin above 8 points.
    #[serde(default)]
    #[schema(schema_with = yes_or_no)]
    pub interest_margin_agreed: Option<String>,
    /// Fees besides `collection_fee`, at most four, each checked against the law on its date.
    #[serde(default)]
    #[schema(max_items = 4)]
    pub fees: Vec<NewFee>,
}

/// `interest_margin_agreed`: absent or `no`, or `yes`.
fn yes_or_no() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            utoipa::openapi::schema::Type::String,
            utoipa::openapi::schema::Type::Null,
        ]))
        .enum_values(Some([Some("yes"), Some("no"), None]))
        .build()
}

/// A fee the creditor has charged: `reminder`, `collection`, `plan_fee` (SE); `purregebyr`,
/// `inkassovarsel`, `inkassosalaer` (NO).
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewFee {
    #[schema(value_type = KnownFee, example = "reminder")]
    pub kind: String,
    /// `0` is no fee.
    #[schema(pattern = r"^[0-9]{1,13}(\.[0-9]{1,2})?$", example = "60.00")]
    pub amount: String,
    /// The fee's day, not after today; `demand_sent_on` when absent.
    #[serde(default)]
    #[schema(format = Date)]
    pub date: Option<String>,
}

impl NewClaim {
    /// The values in the order of `claim_import::COLUMNS`, absent ones empty.
    pub fn fields(self) -> Vec<String> {
        let values = [
            Some(self.debtor_name),
            Some(self.concerns),
            Some(self.original_invoice),
            Some(self.principal),
            Some(self.due_date),
            self.debtor_address,
            self.debtor_ref,
            self.debtor_email,
            self.debtor_phone,
            self.debtor_language,
            self.interest,
            self.interest_rate,
            self.collection_fee,
            self.demand_sent_on,
            self.debtor_kind,
            self.interest_margin_agreed,
        ];
        let mut fees = self.fees.into_iter();
        let fees = (0..MAX_FEES).flat_map(|_| match fees.next() {
            Some(f) => [Some(f.kind), Some(f.amount), f.date],
            None => [None, None, None],
        });
        let values: Vec<Option<String>> = values.into_iter().chain(fees).collect();
        debug_assert_eq!(values.len(), COLUMNS.len());
        values.into_iter().map(Option::unwrap_or_default).collect()
    }
}

/// One claim, or a list of 1 to 500 (`claims::MAX_API_CLAIMS`), stored all or nothing. Only the
/// document reads this type: `claims::claims_of` reads the body claim by claim, so an error names
/// the claim's index.
pub struct NewClaims;

impl utoipa::PartialSchema for NewClaims {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, OneOfBuilder, Ref};
        let one = || Ref::from_schema_name(<NewClaim as ToSchema>::name());
        let many = ArrayBuilder::new().items(one()).min_items(Some(1)).max_items(Some(super::claims::MAX_API_CLAIMS));
        OneOfBuilder::new().item(many).item(one()).into()
    }
}

impl ToSchema for NewClaims {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        schemas.push((<NewClaim as ToSchema>::name().into_owned(), <NewClaim as utoipa::PartialSchema>::schema()));
        <NewClaim as ToSchema>::schemas(schemas);
    }
}

/// A registered claim's letter: the access code is shown here once and stored only hashed.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedClaim {
    pub case_number: String,
    pub original_invoice: String,
    pub access_code: String,
    pub code_valid_until: NaiveDate,
    pub payment_reference: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedClaims {
    pub claims: Vec<CreatedClaim>,
}

/// Something to correct in a claim of the request, by its place in the list (0 for a single one).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimProblem {
    pub index: usize,
    pub field: Option<String>,
    pub code: ImportCode,
    /// For a refused fee: the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<FeeRule>,
    /// For a fee above its cap: the cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "560.00")]
    pub cap: Option<Money>,
    /// For a refused fee: the rule in words, e.g. `inkassoforskriften § 2-2, light salær at sats 700.00`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub law: Option<String>,
}

/// `422 claims_invalid`: nothing was stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimsInvalid {
    pub error: String,
    pub message: String,
    pub problems: Vec<ClaimProblem>,
}

/// A `422` of `POST /claims`: the claims' problems, or another error (`idempotency_key_reused`).
/// `anyOf`, not `oneOf`: a `claims_invalid` answer has the error's fields too.
pub struct ClaimsRefused;

impl utoipa::PartialSchema for ClaimsRefused {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AnyOfBuilder, Ref};
        AnyOfBuilder::new()
            .item(Ref::from_schema_name(<ClaimsInvalid as ToSchema>::name()))
            .item(Ref::from_schema_name(<ApiError as ToSchema>::name()))
            .into()
    }
}

impl ToSchema for ClaimsRefused {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        for (name, schema) in [
            (<ClaimsInvalid as ToSchema>::name(), <ClaimsInvalid as utoipa::PartialSchema>::schema()),
            (<ApiError as ToSchema>::name(), <ApiError as utoipa::PartialSchema>::schema()),
        ] {
            schemas.push((name.into_owned(), schema));
        }
        <ClaimsInvalid as ToSchema>::schemas(schemas);
    }
}

/// The API's error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// A stable snake_case code.
    #[schema(example = "not_found")]
    pub error: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Part {
    #[schema(value_type = String, example = "1250.00")]
    pub original: Money,
    #[schema(value_type = String)]
    pub paid: Money,
    #[schema(value_type = String)]
    pub outstanding: Money,
}

/// The claim itemised as of `as_of`, every payment applied.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementView {
    pub as_of: NaiveDate,
    pub principal: Part,
    /// `original` is the interest accrued through `as_of`.
    pub interest: Part,
    pub fees: Part,
    #[schema(value_type = String)]
    pub total_outstanding: Money,
    #[schema(value_type = String)]
    pub overpaid: Money,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentView {
    #[schema(value_type = String)]
    pub amount: Money,
    pub paid_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NextInstallment {
    pub due_date: NaiveDate,
    #[schema(value_type = String)]
    pub amount: Money,
}

/// The claim's active plan and how far it is paid.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    pub id: ProposalId,
    pub installments: usize,
    pub paid_installments: usize,
    pub overdue_installments: usize,
    #[schema(value_type = String)]
    pub installment_amount: Money,
    #[schema(value_type = String)]
    pub total_amount: Money,
    /// What to pay next and by when; none when every installment is paid. When installments are
    /// overdue: everything overdue, dated the oldest.
    pub next: Option<NextInstallment>,
    /// What is overdue today (`0.00` when up to date).
    #[schema(value_type = String)]
    pub overdue_amount: Money,
    /// Marked in arrears by the daily job (an installment unpaid past the creditor's grace): the
    /// due date of the oldest unpaid installment.
    pub arrears_since: Option<NaiveDate>,
    /// The whole balance today: paying it ends the plan now.
    #[schema(value_type = String)]
    pub payoff_today: Money,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimView {
    pub case_number: String,
    /// `contested` is a rejected dispute of the whole claim: no ordinary collection; court,
    /// conciliation board or Kronofogden next.
    pub status: ClaimStatus,
    pub concerns: String,
    pub original_invoice: String,
    pub debtor_name: String,
    pub currency: Currency,
    pub due_date: NaiveDate,
    pub payment_reference: String,
    pub statement: StatementView,
    pub payments: Vec<PaymentView>,
    pub plan: Option<PlanView>,
    /// What a dispute pauses today: the disputed part (an amount or a fee line) as far as it is
    /// outstanding, or all of it while the whole claim is disputed or contested; `0.00` otherwise.
    #[schema(value_type = String)]
    pub disputed_amount: Money,
    /// The total outstanding less `disputed_amount`: what the debtor's page asks to be paid now.
    #[schema(value_type = String)]
    pub payable_now: Money,
    /// Where to pay an overpayment back, as the debtor gave it: `clearing, account` for Sweden
    /// (`83279, 123456789`), `1234.56.78903` for Norway; absent until the debtor gives one.
    #[schema(example = "83279, 123456789")]
    pub refund_account: Option<String>,
}

/// A payment the creditor received for the claim.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPayment {
    /// Above zero.
    #[schema(pattern = r"^([1-9][0-9]{0,12}(\.[0-9]{1,2})?|0\.([1-9][0-9]?|0[1-9]))$", example = "500.00")]
    pub amount: String,
    /// Not after today.
    pub paid_on: NaiveDate,
    /// The payer's reference (OCR / KID) as received, on one line.
    #[serde(default)]
    #[schema(max_length = 50, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$", example = "4001000123")]
    pub reference: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InstallmentView {
    pub n: u32,
    pub due_date: NaiveDate,
    #[schema(value_type = String)]
    pub amount: Money,
}

/// A debtor's plan proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalView {
    pub id: ProposalId,
    pub case_number: String,
    pub state: ProposalState,
    pub created_at: DateTime<Utc>,
    #[schema(value_type = String)]
    pub installment_amount: Money,
    #[schema(value_type = String)]
    pub plan_fee: Money,
    #[schema(value_type = String)]
    pub total_amount: Money,
    /// Why the creditor's policy did not approve it at once.
    pub reasons: Vec<Reason>,
    pub schedule: Vec<InstallmentView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalPage {
    pub items: Vec<ProposalView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A dispute of a claim.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisputeView {
    pub id: DisputeId,
    /// The reference the debtor was given.
    pub reference: String,
    pub case_number: String,
    pub state: DisputeState,
    /// The reason the debtor chose.
    pub reason: DisputeReason,
    /// `whole`, `amount` (of the principal, `part_amount`) or `fee` (`part_fee_position`, the fee
    /// line's place in the claim's fees, 0 for the first).
    pub part: PartKind,
    #[schema(value_type = Option<String>)]
    pub part_amount: Option<Money>,
    pub part_fee_position: Option<u32>,
    pub created_at: DateTime<Utc>,
    /// What the debtor wrote, first the dispute and then each addition.
    pub explanations: Vec<String>,
    /// How many documents the debtor attached (staff download them in the portal).
    pub documents: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DisputePage {
    pub items: Vec<DisputeView>,
    pub next_cursor: Option<String>,
}

/// A decision on a plan proposal: `approved`, or `declined` with a `reason` (`amount_too_low`,
/// `too_long`, `earlier_plan_broken`, `pay_in_full`, `other`; `other` needs a `note`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalDecisionIn {
    #[schema(schema_with = proposal_outcome)]
    pub outcome: String,
    /// Needed to decline.
    #[serde(default)]
    #[schema(value_type = Option<DeclineReason>)]
    pub reason: Option<String>,
    /// Shown to the debtor.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// An answer to a dispute: `withdrawn` (the claim is closed), `reduced` (with `new_principal`,
/// above 0 and below the principal) or `rejected` (with a `note` explaining why; a dispute of the whole claim leaves it `contested`, an amount or fee line stays paused).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisputeResolutionIn {
    #[schema(schema_with = dispute_outcome)]
    pub outcome: String,
    #[serde(default)]
    #[schema(pattern = r"^([1-9][0-9]{0,12}(\.[0-9]{1,2})?|0\.([1-9][0-9]?|0[1-9]))$", example = "800.00")]
    pub new_principal: Option<String>,
    /// Shown to the debtor.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// A decision as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionView {
    pub id: String,
    pub outcome: Outcome,
    pub reason: Option<DeclineReason>,
    pub note: String,
    #[schema(value_type = Option<String>)]
    pub new_principal: Option<Money>,
    /// The staff member's name or the API key's.
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}
