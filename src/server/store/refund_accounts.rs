//! The account a claim's overpayment is paid back to (`refund_accounts`): one per claim, sealed,
//! given by the claim's debtor and read by the creditor's staff and API.

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::{Store, StoreError};
use crate::domain::ids::{ClaimId, DebtorId};
use crate::domain::refund_account::RefundAccount;
use crate::domain::Country;
use crate::server::clock::Instant;
use crate::server::ids::new_id;

/// A claim's refund account as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundAccountRecord {
    pub id: String,
    pub claim_id: ClaimId,
    pub account: RefundAccount,
    pub created_at: Instant,
}

#[derive(FromRow)]
struct RefundAccountRow {
    id: String,
    claim_id: ClaimId,
    account: String,
    created_at: Instant,
}

/// What an account's sealed digits are bound to: its own row.
fn purpose(id: &str) -> String {
    format!("refund_account:{id}")
}

/// The sealed plain text: `se:clearing:account` or `no:account`.
fn plain(account: &RefundAccount) -> String {
    match account {
        RefundAccount::Se { clearing, account } => format!("se:{clearing}:{account}"),
        RefundAccount::No { account } => format!("no:{account}"),
    }
}

/// Checked again on the way out, so a row can only ever yield an account the form would take.
fn parse(text: &str) -> Result<RefundAccount, StoreError> {
    let corrupt = || StoreError::Corrupt("a refund account does not read as one".into());
    let parsed = match text.split(':').collect::<Vec<_>>().as_slice() {
        ["se", clearing, account] => RefundAccount::from_fields(Country::Se, clearing, account),
        ["no", account] => RefundAccount::from_fields(Country::No, "", account),
        _ => return Err(corrupt()),
    };
    parsed.map_err(|_| corrupt())
}

impl Store {
    /// Keeps `account` as the claim's refund account, replacing any given before, with its audit
    /// line (ids only: the number stays out of the log) in the same transaction.
    pub async fn save_refund_account(
        &self,
        claim_id: &ClaimId,
        debtor_id: &DebtorId,
        account: &RefundAccount,
    ) -> Result<RefundAccountRecord, StoreError> {
        let id = new_id();
        let now = self.clock().now();
        let sealed = self.seal_text(&purpose(&id), &plain(account))?;
        let mut tx = self.begin_write().await?;
        let replaced: Option<(String,)> =
            sqlx::query_as("DELETE FROM refund_accounts WHERE claim_id = $1 RETURNING id")
                .bind(claim_id)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO refund_accounts (id, claim_id, debtor_id, account, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(claim_id)
        .bind(debtor_id)
        .bind(&sealed)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let detail = serde_json::json!({ "refund_account": id, "replaced": replaced.map(|(r,)| r) });
        audit_on(
            &mut tx,
            now,
            ActorKind::Debtor,
            Some(debtor_id.as_str()),
            AuditAction::RefundAccountGiven,
            Some(claim_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(RefundAccountRecord { id, claim_id: claim_id.to_owned(), account: account.clone(), created_at: now })
    }

    /// The claim's refund account, opened, if its debtor gave one.
    pub async fn refund_account_of_claim(&self, claim_id: &ClaimId) -> Result<Option<RefundAccountRecord>, StoreError> {
        let row: Option<RefundAccountRow> =
            sqlx::query_as("SELECT id, claim_id, account, created_at FROM refund_accounts WHERE claim_id = $1")
                .bind(claim_id)
                .fetch_optional(self.pool())
                .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(self.open_account(r.id, r.claim_id, &r.account, r.created_at)?))
    }

    /// The record of a stored row, its account opened.
    pub(super) fn open_account(
        &self,
        id: String,
        claim_id: ClaimId,
        sealed: &str,
        created_at: Instant,
    ) -> Result<RefundAccountRecord, StoreError> {
        let account = parse(&self.open_text(&purpose(&id), sealed)?)?;
        Ok(RefundAccountRecord { id, claim_id, account, created_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sealed_text_reads_back_as_the_account_and_nothing_else() {
        let se = RefundAccount::Se { clearing: "83279".into(), account: "123456789".into() };
        let no = RefundAccount::No { account: "12345678903".into() };
        for a in [se, no] {
            assert_eq!(parse(&plain(&a)).unwrap(), a);
        }
        for bad in ["", "se:83279", "no:12345678904", "se:0600:1234567", "xx:1:2", "no:1:2"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
