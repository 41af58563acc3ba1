//! Claims imported from a creditor's file: every debtor, claim, fee and access code of the file in
//! one transaction, with fresh case numbers, and one audit line. A file is stored whole or not at
//! all.

use rand::Rng;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::claims::{insert_claim_on, ClaimRegistration};
use super::parties::{insert_debtor_on, CreditorRecord};
use super::{Store, StoreError};
use crate::domain::claim_import::ImportedClaim;
use crate::domain::ids::DebtorId;
use crate::domain::ClaimStatus;
use crate::server::clock::Instant;

/// A new letter: the claim's case number and the hash of the access code printed on it.
pub struct ImportedLetter<'a> {
    pub claim: &'a ImportedClaim,
    pub code_hash: &'a str,
}

impl Store {
    /// Stores every claim of a checked file for `creditor`; returns their case numbers, in the
    /// file's order. `actor` is the administrator (staff) or the command line (system).
    pub async fn import_claims(
        &self,
        creditor: &CreditorRecord,
        letters: &[ImportedLetter<'_>],
        actor: (ActorKind, Option<&str>),
        code_expires_at: Instant,
    ) -> Result<Vec<String>, StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        let mut debtors: std::collections::HashMap<String, DebtorId> = std::collections::HashMap::new();
        let mut case_numbers: Vec<String> = Vec::with_capacity(letters.len());
        for l in letters {
            let d = &l.claim.debtor;
            let known = d.reference.as_ref().and_then(|r| debtors.get(r)).cloned();
            let debtor_id = match known {
                Some(id) => id,
                None => {
                    let (email, phone, address) = (d.email.as_deref(), d.phone.as_deref(), d.address.as_deref());
                    let id = insert_debtor_on(&mut tx, now, &d.name, d.language, email, phone, address).await?;
                    if let Some(r) = &d.reference {
                        debtors.insert(r.clone(), id.clone());
                    }
                    id
                }
            };
            let case_number = fresh_case_number(&mut tx, &case_numbers).await?;
            let claim = ClaimRegistration {
                case_number: &case_number,
                creditor_id: &creditor.id,
                debtor_id: &debtor_id,
                concerns: &l.claim.concerns,
                original_invoice: &l.claim.original_invoice,
                claim: &l.claim.claim,
                status: ClaimStatus::DemandSent,
                reference_base: &case_number,
                access_code_hash: l.code_hash,
                code_expires_at,
                demand_sent_on: l.claim.demand_sent_on,
            };
            insert_claim_on(&mut tx, now, &claim).await?;
            case_numbers.push(case_number);
        }
        let detail =
            serde_json::json!({ "creditor": creditor.id, "claims": case_numbers.len(), "case_numbers": case_numbers });
        audit_on(&mut tx, now, actor.0, actor.1, AuditAction::ClaimsImported, Some(creditor.id.as_str()), &detail)
            .await?;
        tx.commit().await?;
        Ok(case_numbers)
    }
}

/// An eight-digit case number starting with 7 (the demo's start with 4) that no claim has and
/// that this import has not handed out yet.
async fn fresh_case_number(tx: &mut sqlx::Transaction<'_, sqlx::Any>, taken: &[String]) -> Result<String, StoreError> {
    loop {
        let candidate = format!("7{:07}", rand::rngs::OsRng.gen_range(0..10_000_000u32));
        if taken.contains(&candidate) {
            continue;
        }
        let used: Option<(String,)> = sqlx::query_as("SELECT id FROM claims WHERE case_number = $1")
            .bind(&candidate)
            .fetch_optional(&mut **tx)
            .await?;
        if used.is_none() {
            return Ok(candidate);
        }
    }
}
