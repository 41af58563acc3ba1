//! A creditor's decision on what a debtor asked for, as the agent gives it: which outcome, why (a
//! reason from a list, so the debtor reads it in their own language) and the agent's own words.
//! Valid by construction, like the debtor's side in `dispute`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dispute::form_text;
use super::input_error::InputError;
use super::money::form_amount;
use super::proposal::PlanChoice;
use super::text_code::text_code;
use super::{DomainError, Money};

/// The longest note an agent can write to the debtor, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;

text_code! {
    /// What a decision is about: the four kinds of item in the creditor's work queue.
    pub enum ItemKind("queue item kind") {
        PlanProposal = "plan_proposal",
        Dispute = "dispute",
        Deferral = "deferral",
        ReviewRequest = "review_request",
    }
}

text_code! {
    /// What became of the item. Stored with the decision and shown on both sides.
    pub enum Outcome("decision outcome") {
        /// A plan proposal approved: the plan is active.
        Approved = "approved",
        /// A plan proposal declined: the claim is back where it was.
        Declined = "declined",
        /// A plan proposal answered with the creditor's own plan, for the debtor to accept or decline.
        Countered = "countered",
        /// A dispute upheld: the creditor withdrew the claim.
        Withdrawn = "withdrawn",
        /// A dispute upheld in part: the claim's principal was lowered.
        Reduced = "reduced",
        /// A dispute rejected: the creditor maintains the claim and collection resumes.
        Rejected = "rejected",
        /// A later pay-by date granted by the creditor's staff.
        Granted = "granted",
        /// A request for a person's review answered.
        Answered = "answered",
    }
}

text_code! {
    /// Why a plan proposal was declined, in the order the form offers them.
    pub enum DeclineReason("decline reason") {
        /// The monthly amount is too low for the claim.
        AmountTooLow = "amount_too_low",
        /// The plan would run too long.
        TooLong = "too_long",
        /// An earlier plan for this debt was not kept.
        EarlierPlanBroken = "earlier_plan_broken",
        /// The creditor asks for the whole amount now.
        PayInFull = "pay_in_full",
        /// Said in the note.
        Other = "other",
    }
}

/// What the agent may write to the debtor: trimmed, at most [`MAX_NOTE_CHARS`], no control
/// characters other than line breaks and tabs. May be empty unless the reason is `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Note(String);

impl Note {
    pub fn new(text: &str) -> Result<Self, InputError> {
        form_text(text, MAX_NOTE_CHARS, InputError::NoteTooLong).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<String> for Note {
    type Error = InputError;
    fn try_from(s: String) -> Result<Self, InputError> {
        Self::new(&s)
    }
}

impl From<Note> for String {
    fn from(n: Note) -> String {
        n.0
    }
}

/// An agent's decision on a plan proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanDecision {
    Approve { note: Note },
    Decline { reason: DeclineReason, note: Note },
}

impl PlanDecision {
    /// The decision form's fields: `outcome` (approved / declined), `reason` and `note`.
    pub fn from_fields(outcome: &str, reason: &str, note: &str) -> Result<Self, InputError> {
        let note = Note::new(note)?;
        match outcome.trim().parse::<Outcome>() {
            Ok(Outcome::Approved) => Ok(Self::Approve { note }),
            Ok(Outcome::Declined) => {
                let reason = reason.trim().parse::<DeclineReason>().map_err(|_| InputError::DeclineReasonMissing)?;
                if reason == DeclineReason::Other && note.is_empty() {
                    return Err(InputError::NoteMissing);
                }
                Ok(Self::Decline { reason, note })
            }
            // A dispute's outcome is no answer to a proposal.
            _ => Err(InputError::OutcomeMissing),
        }
    }

    pub fn outcome(&self) -> Outcome {
        match self {
            Self::Approve { .. } => Outcome::Approved,
            Self::Decline { .. } => Outcome::Declined,
        }
    }

    pub fn reason(&self) -> Option<DeclineReason> {
        match self {
            Self::Approve { .. } => None,
            Self::Decline { reason, .. } => Some(*reason),
        }
    }

    pub fn note(&self) -> &Note {
        match self {
            Self::Approve { note } | Self::Decline { note, .. } => note,
        }
    }
}

/// An agent's counter-proposal as the form gives it: another number of installments (`count`) or
/// another installment amount (`amount`), exactly one of them, from `first_due`.
pub fn counter_choice(count: &str, amount: &str, first_due: NaiveDate) -> Result<PlanChoice, DomainError> {
    let mode = match (count.trim().is_empty(), amount.trim().is_empty()) {
        (false, true) => "installments",
        (true, false) => "amount",
        _ => "",
    };
    PlanChoice::from_fields(mode, count, amount, &first_due.to_string())
}

/// An agent's decision on a deferral request: granted (a message is optional) or declined (the
/// debtor is told why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeferralDecision {
    Grant { note: Note },
    Decline { note: Note },
}

impl DeferralDecision {
    /// The form's fields: `outcome` (granted / declined) and `note`.
    pub fn from_fields(outcome: &str, note: &str) -> Result<Self, InputError> {
        let note = Note::new(note)?;
        match outcome.trim().parse::<Outcome>() {
            Ok(Outcome::Granted) => Ok(Self::Grant { note }),
            Ok(Outcome::Declined) if note.is_empty() => Err(InputError::DeferralNoteMissing),
            Ok(Outcome::Declined) => Ok(Self::Decline { note }),
            _ => Err(InputError::OutcomeMissing),
        }
    }

    pub fn outcome(&self) -> Outcome {
        match self {
            Self::Grant { .. } => Outcome::Granted,
            Self::Decline { .. } => Outcome::Declined,
        }
    }

    pub fn note(&self) -> &Note {
        match self {
            Self::Grant { note } | Self::Decline { note } => note,
        }
    }
}

/// A person's answer to a request to review an automatic decision: never empty.
pub fn review_answer(note: &str) -> Result<Note, InputError> {
    let note = Note::new(note)?;
    if note.is_empty() {
        return Err(InputError::AnswerMissing);
    }
    Ok(note)
}

/// An agent's answer to a dispute: upheld (the claim withdrawn, or its principal lowered to a new
/// amount) or rejected with an explanation the debtor reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DisputeDecision {
    Withdraw { note: Note },
    Reduce { principal: Money, note: Note },
    Reject { explanation: Note },
}

impl DisputeDecision {
    /// The answer form's fields: `outcome` (withdrawn / reduced / rejected), `amount` (the new
    /// principal, for a reduction: above zero, below `principal`) and `note` (required to reject).
    pub fn from_fields(outcome: &str, amount: &str, note: &str, principal: Money) -> Result<Self, InputError> {
        let note = Note::new(note)?;
        match outcome.trim().parse::<Outcome>() {
            Ok(Outcome::Withdrawn) => Ok(Self::Withdraw { note }),
            Ok(Outcome::Reduced) => {
                let new = form_amount(amount)?.ok_or(InputError::NewPrincipalMissing)?;
                if !new.is_positive() || new >= principal {
                    return Err(InputError::NewPrincipalNotLower);
                }
                Ok(Self::Reduce { principal: new, note })
            }
            Ok(Outcome::Rejected) if note.is_empty() => Err(InputError::RejectionExplanationMissing),
            Ok(Outcome::Rejected) => Ok(Self::Reject { explanation: note }),
            _ => Err(InputError::OutcomeMissing),
        }
    }

    pub fn outcome(&self) -> Outcome {
        match self {
            Self::Withdraw { .. } => Outcome::Withdrawn,
            Self::Reduce { .. } => Outcome::Reduced,
            Self::Reject { .. } => Outcome::Rejected,
        }
    }

    /// The new principal of a reduction.
    pub fn new_principal(&self) -> Option<Money> {
        match self {
            Self::Reduce { principal, .. } => Some(*principal),
            _ => None,
        }
    }

    pub fn note(&self) -> &Note {
        match self {
            Self::Withdraw { note } | Self::Reduce { note, .. } | Self::Reject { explanation: note } => note,
        }
    }

    /// Upheld (in whole or in part): the debtor was right.
    pub fn upheld(&self) -> bool {
        !matches!(self, Self::Reject { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decline_needs_a_reason_and_other_needs_words() {
        assert_eq!(PlanDecision::from_fields("declined", "", ""), Err(InputError::DeclineReasonMissing));
        assert_eq!(PlanDecision::from_fields("declined", "other", "  "), Err(InputError::NoteMissing));
        let d = PlanDecision::from_fields("declined", "too_long", "").unwrap();
        assert_eq!((d.outcome(), d.reason()), (Outcome::Declined, Some(DeclineReason::TooLong)));
        let d = PlanDecision::from_fields("approved", "too_long", " fine ").unwrap();
        assert_eq!((d.reason(), d.note().as_str()), (None, "fine"));
        assert_eq!(PlanDecision::from_fields("", "", ""), Err(InputError::OutcomeMissing));
        assert_eq!(PlanDecision::from_fields("maybe", "", ""), Err(InputError::OutcomeMissing));
        assert_eq!(PlanDecision::from_fields("withdrawn", "", ""), Err(InputError::OutcomeMissing));
    }

    #[test]
    fn a_dispute_answer_is_whole() {
        let p = Money::from_minor(1_250_000);
        let d = |o: &str, a: &str, n: &str| DisputeDecision::from_fields(o, a, n, p);
        assert_eq!(d("withdrawn", "", "").map(|d| (d.outcome(), d.upheld())), Ok((Outcome::Withdrawn, true)));
        assert_eq!(d("reduced", "9 000,50", "").unwrap().new_principal(), Some(Money::from_minor(900_050)));
        assert_eq!(d("reduced", "", ""), Err(InputError::NewPrincipalMissing));
        assert_eq!(d("reduced", "12500", ""), Err(InputError::NewPrincipalNotLower));
        assert_eq!(d("reduced", "0", ""), Err(InputError::NewPrincipalNotLower));
        assert_eq!(d("reduced", "-5", ""), Err(InputError::AmountInvalid));
        assert_eq!(d("reduced", "12,345", ""), Err(InputError::AmountInvalid));
        assert_eq!(d("rejected", "", "  "), Err(InputError::RejectionExplanationMissing));
        let r = d("rejected", "100", " The delivery was signed for. ").unwrap();
        assert_eq!((r.upheld(), r.new_principal(), r.note().as_str()), (false, None, "The delivery was signed for."));
        assert_eq!(d("approved", "", "x"), Err(InputError::OutcomeMissing));
        assert_eq!(d("", "", "x"), Err(InputError::OutcomeMissing));
    }

    #[test]
    fn a_counter_is_a_number_of_installments_or_an_amount() {
        use super::super::proposal::ChosenSize;
        let day = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert_eq!(counter_choice(" 12 ", "", day).map(|c| c.size), Ok(ChosenSize::Installments { count: 12 }));
        let amount = Money::from_minor(50_050);
        assert_eq!(
            counter_choice("", "500,50", day).map(|c| (c.size, c.first_due)),
            Ok((ChosenSize::Amount { amount }, day))
        );
        assert_eq!(counter_choice("12", "500", day), Err(DomainError::AmountXorInstallments));
        assert_eq!(counter_choice("", " ", day), Err(DomainError::AmountXorInstallments));
        assert_eq!(counter_choice("0", "", day), Err(DomainError::InvalidInstallments));
        assert_eq!(counter_choice("", "-3", day), Err(DomainError::InvalidAmount));
    }

    #[test]
    fn deferrals_and_reviews_are_answered_in_words() {
        let grant = DeferralDecision::from_fields("granted", "").unwrap();
        assert_eq!((grant.outcome(), grant.note().is_empty()), (Outcome::Granted, true));
        assert_eq!(DeferralDecision::from_fields("declined", " "), Err(InputError::DeferralNoteMissing));
        assert_eq!(DeferralDecision::from_fields("declined", "Nej.").map(|d| d.outcome()), Ok(Outcome::Declined));
        assert_eq!(DeferralDecision::from_fields("rejected", "x"), Err(InputError::OutcomeMissing));
        assert_eq!(review_answer("  "), Err(InputError::AnswerMissing));
        assert_eq!(review_answer(" Checked by hand. ").unwrap().as_str(), "Checked by hand.");
    }

    #[test]
    fn notes_are_bounded_and_clean() {
        assert_eq!(Note::new(&"å".repeat(MAX_NOTE_CHARS)).map(|n| n.as_str().chars().count()), Ok(MAX_NOTE_CHARS));
        assert_eq!(Note::new(&"å".repeat(MAX_NOTE_CHARS + 1)), Err(InputError::NoteTooLong));
        assert_eq!(Note::new("a\u{0}b\r\nc").unwrap().as_str(), "ab\nc");
    }
}
