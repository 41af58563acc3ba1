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

/// What an import stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// Every claim, with these case numbers in the file's order.
    Stored(Vec<String>),
    /// Nothing: the claims at these positions (in `letters`) have invoices the creditor has
    /// registered already, the same file sent again.
    InvoicesRegistered(Vec<usize>),
}

/// Invoices looked up per statement: well inside both backends' limits on parameters.
const INVOICES_PER_LOOKUP: usize = 500;

impl Store {
    /// Stores every claim of a checked file for `creditor`; returns their case numbers, in the
    /// file's order, or the claims whose invoices are registered already (then nothing is stored).
    /// `actor` is the administrator (staff) or the command line (system).
    pub async fn import_claims(
        &self,
        creditor: &CreditorRecord,
        letters: &[ImportedLetter<'_>],
        actor: (ActorKind, Option<&str>),
        code_expires_at: Instant,
    ) -> Result<Imported, StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        // The creditor's row is locked first (a no-op update; SQLite's write transactions are one at
        // a time already), so the same file sent twice at once finds the first one's claims below.
        sqlx::query("UPDATE creditors SET id = id WHERE id = $1").bind(&creditor.id).execute(&mut *tx).await?;
        let registered = registered_invoices(&mut tx, creditor, letters).await?;
        if !registered.is_empty() {
            tx.rollback().await?;
            let at = letters
                .iter()
                .enumerate()
                .filter(|(_, l)| registered.contains(&l.claim.original_invoice))
                .map(|(i, _)| i)
                .collect();
            return Ok(Imported::InvoicesRegistered(at));
        }
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
        Ok(Imported::Stored(case_numbers))
    }
}

/// Which of the letters' invoices the creditor has a claim of already.
async fn registered_invoices(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    creditor: &CreditorRecord,
    letters: &[ImportedLetter<'_>],
) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut found = std::collections::HashSet::new();
    for chunk in letters.chunks(INVOICES_PER_LOOKUP) {
        let params: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT original_invoice FROM claims WHERE creditor_id = $1 AND original_invoice IN ({})",
            params.join(", ")
        );
        let query =
            chunk.iter().fold(sqlx::query_as(&sql).bind(&creditor.id), |q, l| q.bind(&l.claim.original_invoice));
        let rows: Vec<(String,)> = query.fetch_all(&mut **tx).await?;
        found.extend(rows.into_iter().map(|(i,)| i));
    }
    Ok(found)
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
