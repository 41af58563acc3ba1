//! The append-only, hash-chained audit log: who did what to which claim, written in the transaction
//! of the change.

use sqlx::FromRow;

use super::{parse_code, Store, StoreError};
use crate::domain::text_code::text_code;
use crate::server::clock::Instant;

text_code! {
    /// Who did something.
    pub enum ActorKind("actor kind") {
        Debtor = "debtor",
        Staff = "staff",
        /// The portal itself (a command, a scheduled job).
        System = "system",
        /// A creditor's system, by the API key it called with.
        ApiKey = "api_key",
    }
}

text_code! {
    /// What was done. Every state change adds its own action here.
    pub enum AuditAction("audit action") {
        SignedIn = "signed_in",
        /// A wrong (or expired) code; the detail names the client and the case number typed.
        SignInFailed = "sign_in_failed",
        /// A wrong code that made its client wait (a lock, or a longer one).
        SignInLocked = "sign_in_locked",
        SignedOut = "signed_out",
        /// Another letter's claims added to a signed-in session.
        LetterAdded = "letter_added",
        /// Someone else's letter (right case number and code) typed into "add a letter": refused,
        /// and written against that letter's claim, so its holder can see it happened.
        LetterRefused = "letter_refused",
        /// A letter's code replaced by a new one (`reissue-code`).
        AccessCodeReissued = "access_code_reissued",
        DemoDataLoaded = "demo_data_loaded",
        /// Generated load data (`seed-load`) stored; the detail gives its size.
        LoadDataLoaded = "load_data_loaded",
        /// A creditor's file of claims stored; the detail lists the new case numbers.
        ClaimsImported = "claims_imported",
        PlanProposed = "plan_proposed",
        PlanApproved = "plan_approved",
        /// An activated plan's fee booked on the claim (once per claim).
        PlanFeeBooked = "plan_fee_booked",
        /// An installment unpaid past the creditor's grace: the plan is in arrears.
        PlanInArrears = "plan_in_arrears",
        /// A payment brought a plan in arrears up to date.
        PlanArrearsCleared = "plan_arrears_cleared",
        /// A plan ended unpaid (the daily job or an agent): the claim is back in collection.
        PlanLapsed = "plan_lapsed",
        PlanWithdrawn = "plan_withdrawn",
        /// A pending proposal declined by the creditor's staff.
        PlanDeclined = "plan_declined",
        /// The creditor's staff answered a proposal with a plan of their own, for the debtor to accept.
        PlanCountered = "plan_countered",
        CounterAccepted = "counter_proposal_accepted",
        CounterDeclined = "counter_proposal_declined",
        /// A proposal the creditor's rules refuse; not stored as a proposal, only this line.
        PlanRejected = "plan_rejected",
        /// A dispute sent; the detail names its reference and reason, never what the debtor wrote.
        DisputeOpened = "dispute_opened",
        /// More information (and files) added to an open dispute.
        DisputeAdded = "dispute_information_added",
        /// The creditor's staff agreed with a dispute: the claim withdrawn or its principal lowered
        /// (the detail has the principal before and after).
        DisputeUpheld = "dispute_upheld",
        /// The creditor's staff maintain the claim; collection resumes.
        DisputeRejected = "dispute_rejected",
        /// A later pay-by date granted: at once by the creditor's policy (actor debtor), or by the
        /// creditor's staff (actor staff).
        DeferralGranted = "deferral_granted",
        /// A later pay-by date the creditor's staff would not grant.
        DeferralDeclined = "deferral_declined",
        /// A later pay-by date asked for, waiting for the creditor.
        DeferralRequested = "deferral_requested",
        /// The debtor gave (or replaced) the account an overpaid claim is paid back to; the detail
        /// has ids only, never the number.
        RefundAccountGiven = "refund_account_given",
        /// A hardship statement shared under consent; the detail never holds what it says.
        HardshipShared = "hardship_shared",
        /// Consent withdrawn: the statement and its documents were deleted.
        HardshipWithdrawn = "hardship_withdrawn",
        /// A statement and its documents deleted at the end of the retention its consent states; the
        /// detail has ids, why and dates only.
        HardshipRetentionEnded = "hardship_retention_ended",
        /// A decided dispute's documents deleted at the end of their stated retention (ids and dates).
        DisputeEvidenceRetentionEnded = "dispute_evidence_retention_ended",
        /// Sessions past their idle or absolute timeout deleted; the detail has how many, no tokens.
        SessionsPurged = "sessions_purged",
        /// API idempotency records past their lifetime deleted; the detail has how many.
        IdempotencyKeysPurged = "idempotency_keys_purged",
        /// A person was asked to look at an automatic decision (GDPR Art. 22).
        ReviewRequested = "review_requested",
        /// A person answered a review request.
        ReviewAnswered = "review_answered",
        /// Creditor staff signed in; a failed attempt is `staff_sign_in_failed` (the detail names the
        /// client, never the password typed).
        StaffSignedIn = "staff_signed_in",
        StaffSignInFailed = "staff_sign_in_failed",
        StaffSignedOut = "staff_signed_out",
        /// An administrator added or removed a staff account of their creditor.
        StaffAccountAdded = "staff_account_added",
        StaffAccountRemoved = "staff_account_removed",
        /// An administrator changed the creditor's plan rules; the detail has them before and after.
        PolicyChanged = "policy_changed",
        /// A half-year's reference rate published (CLI: system; rates page: the administrator).
        RatePublished = "rate_published",
        /// An administrator made or revoked an API key (the detail has its name and prefix, never the key).
        ApiKeyCreated = "api_key_created",
        ApiKeyRevoked = "api_key_revoked",
        /// A request with an unknown or revoked API key; the detail names the client and what the
        /// key began with (its listed prefix), never the key. At most one a minute per client.
        ApiKeyRefused = "api_key_refused",
        /// A staff member chose a new password (the first one an administrator set, or any later).
        StaffPasswordChanged = "staff_password_changed",
        /// A staff member turned two-step sign-in (TOTP) on.
        StaffTotpEnabled = "staff_totp_enabled",
        /// A signed-in staff member gave their password again before making a key or an account.
        StaffReauthenticated = "staff_reauthenticated",
        /// A payment reported by the creditor's system; the detail has the amount, date and reference.
        PaymentRecorded = "payment_recorded",
        /// The claim was paid in full by a reported payment.
        ClaimPaid = "claim_paid",
    }
}

/// One line of the append-only audit log (the database refuses updates and deletes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: Instant,
    pub actor_kind: ActorKind,
    pub actor_id: Option<String>,
    pub action: AuditAction,
    pub subject: Option<String>,
    pub detail: serde_json::Value,
}

#[derive(FromRow)]
struct AuditRow {
    id: i64,
    at: Instant,
    actor_kind: String,
    actor_id: Option<String>,
    action: String,
    subject: Option<String>,
    detail: String,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = StoreError;
    fn try_from(r: AuditRow) -> Result<Self, StoreError> {
        Ok(Self {
            actor_kind: parse_code(&r.actor_kind)?,
            action: parse_code(&r.action)?,
            detail: serde_json::from_str(&r.detail)
                .map_err(|e| StoreError::Corrupt(format!("audit detail {}: {e}", r.id)))?,
            id: r.id,
            at: r.at,
            actor_id: r.actor_id,
            subject: r.subject,
        })
    }
}

/// The chain's hash of a line: SHA-256 over the previous line's hash and this line's fields, each
/// preceded by its length, so no two different lines can be written the same.
pub fn link_hash(
    prev: &str,
    at: Instant,
    actor_kind: &str,
    actor_id: Option<&str>,
    action: &str,
    subject: Option<&str>,
    detail: &str,
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let at = at.to_string();
    for part in [Some(prev), Some(at.as_str()), Some(actor_kind), actor_id, Some(action), subject, Some(detail)] {
        match part {
            Some(p) => {
                h.update(format!("{}:", p.len()).as_bytes());
                h.update(p.as_bytes());
            }
            None => h.update(b"-"),
        }
    }
    hex::encode(h.finalize())
}

/// One audit line on `conn`, chained to the one before it: inside a transaction (every caller's,
/// or `Store::audit`'s own), it is written with the change it records or not at all.
pub(super) async fn audit_on(
    conn: &mut sqlx::AnyConnection,
    at: Instant,
    actor_kind: ActorKind,
    actor_id: Option<&str>,
    action: AuditAction,
    subject: Option<&str>,
    detail: &serde_json::Value,
) -> Result<(), StoreError> {
    // Writing the head first takes its row lock (PostgreSQL) or the write lock (SQLite) until the
    // transaction ends: the next writer waits, then sees this line's hash.
    let (prev,): (String,) =
        sqlx::query_as("UPDATE audit_chain SET head = head WHERE id = 1 RETURNING head").fetch_one(&mut *conn).await?;
    let detail = detail.to_string();
    let hash = link_hash(&prev, at, actor_kind.as_str(), actor_id, action.as_str(), subject, &detail);
    sqlx::query(
        "INSERT INTO audit_log (at, actor_kind, actor_id, action, subject, detail, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(at)
    .bind(actor_kind.as_str())
    .bind(actor_id)
    .bind(action.as_str())
    .bind(subject)
    .bind(&detail)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_chain SET head = $1 WHERE id = 1").bind(&hash).execute(&mut *conn).await?;
    Ok(())
}

/// What `verify_audit_chain` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainReport {
    /// Every chained line links to the one before it and hashes to what it says; `unchained` lines
    /// were written before the chain began.
    Intact { chained: u64, unchained: u64 },
    /// The first line where the chain breaks, and how.
    Broken { id: i64, why: String },
}

#[derive(FromRow)]
struct ChainRow {
    #[sqlx(flatten)]
    line: AuditRow,
    prev_hash: Option<String>,
    hash: Option<String>,
}

impl Store {
    pub async fn audit(
        &self,
        actor_kind: ActorKind,
        actor_id: Option<&str>,
        action: AuditAction,
        subject: Option<&str>,
        detail: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        audit_on(&mut tx, self.clock().now(), actor_kind, actor_id, action, subject, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Walks the whole log in order and checks every link (`debtor-portal audit verify`): each
    /// chained line names the hash of the chained line before it, hashes to what it says, and the
    /// newest one is the chain's head, so a line removed at the end shows too.
    pub async fn verify_audit_chain(&self) -> Result<ChainReport, StoreError> {
        let (head, legacy): (String, i64) =
            sqlx::query_as("SELECT head, legacy_lines FROM audit_chain WHERE id = 1").fetch_one(self.pool()).await?;
        let legacy = u64::try_from(legacy).unwrap_or(0);
        let (mut chained, mut unchained, mut prev, mut last_id) = (0u64, 0u64, String::new(), 0i64);
        let mut after = -1i64;
        // In pages, so a long log is never held in memory at once.
        loop {
            let rows: Vec<ChainRow> = sqlx::query_as(
                "SELECT id, at, actor_kind, actor_id, action, subject, detail, prev_hash, hash FROM audit_log \
                 WHERE id > $1 ORDER BY id LIMIT 1000",
            )
            .bind(after)
            .fetch_all(self.pool())
            .await?;
            let Some(last) = rows.last() else { break };
            after = last.line.id;
            for ChainRow { line: r, prev_hash, hash } in rows {
                let (Some(prev_hash), Some(hash)) = (prev_hash, hash) else {
                    if chained > 0 {
                        return Ok(ChainReport::Broken {
                            id: r.id,
                            why: "a line without its hash inside the chain".into(),
                        });
                    }
                    unchained += 1;
                    if unchained > legacy {
                        let why = "a line without hashes that was not there when the chain began".into();
                        return Ok(ChainReport::Broken { id: r.id, why });
                    }
                    continue;
                };
                if prev_hash != prev {
                    let why = "it does not name the line before it: a line was removed or changed before it".into();
                    return Ok(ChainReport::Broken { id: r.id, why });
                }
                let computed = link_hash(
                    &prev_hash,
                    r.at,
                    &r.actor_kind,
                    r.actor_id.as_deref(),
                    &r.action,
                    r.subject.as_deref(),
                    &r.detail,
                );
                if computed != hash {
                    return Ok(ChainReport::Broken {
                        id: r.id,
                        why: "its content was changed after it was written".into(),
                    });
                }
                prev = computed;
                chained += 1;
                last_id = r.id;
            }
        }
        if unchained < legacy {
            let why = "lines written before the chain began are missing".into();
            return Ok(ChainReport::Broken { id: 0, why });
        }
        if prev != head {
            let why = "the newest lines are missing: the chain's head names a later line".into();
            return Ok(ChainReport::Broken { id: last_id, why });
        }
        Ok(ChainReport::Intact { chained, unchained })
    }

    /// What one person did, oldest first: their sign-ins and decisions made on their requests.
    pub async fn audit_by(&self, actor_kind: ActorKind, actor_id: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, actor_kind, actor_id, action, subject, detail FROM audit_log \
             WHERE actor_kind = $1 AND actor_id = $2 ORDER BY id",
        )
        .bind(actor_kind.as_str())
        .bind(actor_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }

    pub async fn audit_for(&self, subject: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, actor_kind, actor_id, action, subject, detail FROM audit_log WHERE subject = $1 ORDER BY id",
        )
        .bind(subject)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }
}
