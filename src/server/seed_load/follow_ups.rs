//! What some of the loaded claims go through next: a plan, a proposal waiting for the creditor, a
//! dispute (some with a document). Each goes through the store call the portal itself makes, so the
//! proposal's schedule, the plan fee, the claim's status, the sealed explanation and the audit lines
//! are exactly what a debtor's own action leaves. A few percent of the claims: a few minutes at most.

use chrono::{Days, NaiveDate};

use super::generate::{FollowUp, Pending, Setting, SplitMix, SEED};
use crate::domain::dispute::{DisputeReason, Explanation};
use crate::domain::dispute_part::DisputedPart;
use crate::domain::document::{DocumentInfo, DocumentType};
use crate::domain::policy::PolicyOutcome;
use crate::domain::proposal::{ChosenSize, PlanBasis, PlanChoice, Proposal};
use crate::domain::{ClaimStatus, Country, DocumentId};
use crate::server::store::{CreditorRecord, NewDispute, NewDocument, NewProposal, ProposalState, Store};

/// A receipt as a phone would send it: a real PDF signature, a few bytes.
const RECEIPT_PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

const EXPLANATIONS: [(DisputeReason, &str); 5] = [
    (DisputeReason::AlreadyPaid, "Jag betalade fakturan i tid, se kvittot."),
    (DisputeReason::WrongAmount, "Beloppet stämmer inte med mitt avtal."),
    (DisputeReason::NotReceived, "Jeg har aldri mottatt varene."),
    (DisputeReason::NotMyDebt, "This is not my debt; I never had an account there."),
    (DisputeReason::Other, "Abonnemanget sades upp innan perioden började."),
];

/// Applies every follow-up in order; returns the rows it wrote (about).
pub async fn apply(
    store: &Store,
    creditors: &[CreditorRecord],
    setting: &Setting,
    pending: Vec<Pending>,
) -> Result<u64, String> {
    // A stream of its own, so that the claims themselves do not depend on how these go.
    let mut rng = SplitMix::new(SEED ^ 0xF0_11_0F);
    let mut rows = 0;
    for p in pending {
        let creditor = &creditors[p.creditor];
        rows += match p.follow_up {
            FollowUp::Plan | FollowUp::Proposal => {
                let basis = PlanBasis {
                    claim: &p.claim,
                    table: &setting.tables[p.creditor],
                    policy: &creditor.policy,
                    today: setting.today,
                };
                let Some(proposal) = proposal(&basis, &mut rng, p.follow_up, creditor.country, setting.today) else {
                    continue;
                };
                let (state, status_after) = match proposal.verdict.outcome {
                    PolicyOutcome::AutoApproved => (ProposalState::Active, ClaimStatus::PlanActive),
                    PolicyOutcome::NeedsReview => (ProposalState::Pending, ClaimStatus::PlanProposed),
                    PolicyOutcome::Rejected => continue,
                };
                let new = NewProposal {
                    claim_id: &p.claim_id,
                    debtor_id: &p.debtor_id,
                    state,
                    proposal: &proposal,
                    plan_fee: proposal.plan_fee,
                    status_before: ClaimStatus::DemandSent,
                    status_after,
                };
                store.record_proposal(new).await.map_err(|e| e.to_string())?;
                2 + proposal.plan.installments.len() as u64
            }
            FollowUp::Dispute { with_document } => {
                let (reason, text) = rng.pick(&EXPLANATIONS);
                let explanation = Explanation::new(text).map_err(|e| e.to_string())?;
                let documents = if with_document { vec![receipt(store)?] } else { Vec::new() };
                let dispute = NewDispute {
                    claim_id: &p.claim_id,
                    debtor_id: &p.debtor_id,
                    reason: *reason,
                    explanation: &explanation,
                    status_before: ClaimStatus::DemandSent,
                    part: DisputedPart::Whole,
                    documents: &documents,
                };
                store.open_dispute(dispute).await.map_err(|e| e.to_string())?;
                3 + documents.len() as u64
            }
        };
    }
    Ok(rows)
}

/// The debtor's choice: a plan within the creditor's automatic limits, or one beyond them that
/// waits for the creditor; what the policy rejects outright becomes the nearest it accepts.
fn proposal(
    basis: &PlanBasis<'_>,
    rng: &mut SplitMix,
    follow_up: FollowUp,
    country: Country,
    today: NaiveDate,
) -> Option<Proposal> {
    let count = match (follow_up, country) {
        (FollowUp::Plan, Country::Se) => rng.between(3, 12),
        (FollowUp::Plan, Country::No) => rng.between(2, 4),
        (_, Country::Se) => rng.between(13, 24),
        (_, Country::No) => rng.between(5, 12),
    } as u32;
    let first_due = today.checked_add_days(Days::new(rng.between(5, 25))).unwrap_or(today);
    let choice = PlanChoice { size: ChosenSize::Installments { count }, first_due };
    match basis.propose(choice) {
        Ok(p) if p.verdict.outcome != PolicyOutcome::Rejected => Some(p),
        _ => basis.nearest_acceptable(choice),
    }
}

/// A receipt sealed under a new document id, as an upload is.
fn receipt(store: &Store) -> Result<NewDocument, String> {
    let id = DocumentId::random();
    let sealed = store.vault().map_err(|e| e.to_string())?.seal(id.as_str(), RECEIPT_PDF).map_err(|e| e.to_string())?;
    let info = DocumentInfo { id, name: "kvitto.pdf".into(), kind: DocumentType::Pdf, size: RECEIPT_PDF.len() as u64 };
    Ok(NewDocument { info, sealed })
}
