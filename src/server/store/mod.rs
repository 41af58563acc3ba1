//! The one storage API the rest of the server uses, on SQLite (embedded default) and PostgreSQL
//! (production) alike. Queries are written once in the SQL both understand and run through sqlx's
//! `Any` driver; only the schema differs, in `migrations/sqlite` and `migrations/postgres`.

mod access_codes;
mod api_keys;
mod api_lists;
mod audit;
mod claim_files;
mod claim_imports;
mod claims;
mod decisions;
mod deferrals;
mod dispute_answers;
mod disputes;
mod documents;
mod explain;
mod hardship;
mod idempotency;
mod load_batches;
mod parties;
mod payments;
mod plan_decisions;
mod plan_follow_up;
mod plan_proposals;
mod queue;
mod rates;
mod reference_cache;
pub use reference_cache::DEFAULT_TTL as REFERENCE_CACHE_DEFAULT;
mod refund_accounts;
mod retention;
mod review_requests;
mod roles;
mod sealed_text;
mod sessions;
mod sign_in_throttle;
mod staff;

pub use access_codes::AccessCodeRecord;
pub use api_keys::{ApiClient, ApiKeyRecord};
pub use api_lists::{After, ApiList, ListedDispute, ListedProposal};
pub use audit::{link_hash, ActorKind, AuditAction, AuditEntry, ChainReport};
pub use claim_files::ClaimFile;
pub use claim_imports::{Imported, ImportedLetter};
pub use claims::{ClaimRecord, ClaimRegistration};
pub use decisions::{Decided, Decider, DecisionRecord};
pub use deferrals::{DeferralRecord, DeferralRecorded, DeferralState, NewDeferral};
pub use disputes::{
    paused_part, DisputeAddition, DisputeEntry, DisputeHead, DisputeOpened, DisputeRecord, DisputeState, NewDispute,
};
pub use documents::{DocumentOwner, NewDocument, Sealed, StoredDocument};
pub use explain::PlanOf;
pub use hardship::{HardshipRecord, NewHardship};
pub use idempotency::Reserved;
pub use load_batches::{LoadBatch, LoadClaim, LoadCodes, LoadDebtor};
pub use parties::{CreditorRecord, DebtorRecord};
pub use payments::{PaymentRecorded, ReportedPayment};
pub use plan_proposals::{NewProposal, PlanEnd, ProposalRecord, ProposalState, Recorded};
pub use queue::{QueueEntry, QueueFrom, QueuePage};
pub use refund_accounts::RefundAccountRecord;
pub use retention::{Deleted, KeptEvidence, KeptHardship};
pub use review_requests::{NewReview, ReviewRecorded, ReviewRequest, ReviewState};
pub use roles::valid_role_name;
pub use sessions::{NewSession, Pending, SessionRecord, SignInMethod, Subject};
pub use sign_in_throttle::{case_client_key, Refused, Reservation, ThrottleScope};
pub use staff::{canonical_email, AccountAdded, NewStaffUser, StaffRole, StaffUserRecord};

use super::clock::Clock;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Row};

/// The condition that an item's claim (its `claim_id`, bound as `$2` the creditor) is the
/// creditor's: the `creditors_*` reads put it in the query itself.
pub(super) const OF_CREDITOR: &str = "claim_id IN (SELECT id FROM claims WHERE creditor_id = $2)";

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
/// How much of an SQLite file each connection reads through a memory map.
const SQLITE_MMAP_BYTES: u64 = 4 << 30;
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// How long a request waits for a database connection before it is told to try again later.
const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// A pooled connection idle this long is pinged before it is used again.
const PING_AFTER_IDLE: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("unsupported database URL (use sqlite:// or postgres://)")]
    UnsupportedUrl,
    /// Free text of special categories is sealed with the document keys: a store opened without
    /// them (`Store::with_vault`) cannot write or read it.
    #[error("the document keys are needed for this (DOCUMENT_KEYS)")]
    NoDocumentKeys,
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Stamps `created_at` and the audit log; the application's own clock once it is set.
    clock: Clock,
    /// Seals what debtors write about disputes and hardship (`sealed_text::seal_text`).
    vault: Option<crate::server::document_vault::Vault>,
    /// Creditors and rate tables read lately (`reference_cache`).
    reference: std::sync::Arc<reference_cache::ReferenceCache>,
}

impl StoreError {
    /// The database could not be reached (refused, reset, timed out waiting for a connection), as
    /// opposed to a statement it refused: nothing was changed, and trying again later may work.
    pub fn is_unavailable(&self) -> bool {
        use sqlx::Error as E;
        match self {
            StoreError::Db(E::Io(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed | E::Tls(_)) => true,
            // PostgreSQL shutting down or starting up: admin_shutdown, crash_shutdown,
            // cannot_connect_now (class 57P).
            StoreError::Db(E::Database(d)) => d.code().is_some_and(|c| c.starts_with("57P")),
            _ => false,
        }
    }
}

impl Store {
    /// Connects; creates the SQLite file (and its folder) when missing. Does not migrate.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        if let Some(path) = sqlite_path(url).filter(|_| backend == Backend::Sqlite) {
            create_private_file(&path).map_err(|e| StoreError::Db(sqlx::Error::Io(e)))?;
        }
        let max = if backend == Backend::Sqlite { 4 } else { 10 };
        // No ping before each use of a busy connection: it was a round trip (and on SQLite a worker
        // handoff) per statement under load. One idle for a while is pinged first, as a restarted
        // database or a proxy may have closed it; one that died in between fails its statement
        // (a 503, `AppError`) and the pool replaces it. sqlx still pings a connection when it
        // goes back to the pool, in the background.
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            // A database that is down (restarting, unreachable) is a 503 with `Retry-After` in
            // seconds, well before the request timeout would make it a 408.
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .test_before_acquire(false)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    // Pages read through a memory map, not a read() call each: a search that
                    // walks thousands of items' claims spent half its time in the kernel at a
                    // million claims (README, "Running in production"). The map is address
                    // space, shared by the connections through the page cache.
                    if backend == Backend::Sqlite {
                        sqlx::query(&format!("PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")).execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= PING_AFTER_IDLE {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect(url)
            .await?;
        if backend == Backend::Sqlite {
            // WAL lets readers carry on while a write commits; it is a property of the file, set once.
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
        }
        let reference = std::sync::Arc::new(reference_cache::ReferenceCache::new(reference_cache::DEFAULT_TTL));
        Ok(Self { pool, backend, clock: Clock::system(), vault: None, reference })
    }

    /// The same store, stamping rows with `clock` (the application's).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub(crate) fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The same store, sealing and opening free text with `vault` (the application's document keys).
    pub fn with_vault(mut self, vault: crate::server::document_vault::Vault) -> Self {
        self.vault = Some(vault);
        self
    }

    pub(crate) fn vault(&self) -> Result<&crate::server::document_vault::Vault, StoreError> {
        self.vault.as_ref().ok_or(StoreError::NoDocumentKeys)
    }

    /// The same store, keeping creditors and rate tables for `ttl` (zero: not at all) in a cache
    /// of its own.
    pub fn with_reference_ttl(mut self, ttl: std::time::Duration) -> Self {
        self.reference = std::sync::Arc::new(reference_cache::ReferenceCache::new(ttl));
        self
    }

    fn migrator(&self) -> &'static Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.migrator().run(&self.pool).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that will write. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`),
    /// waiting for it under the busy timeout: a deferred transaction that reads first and writes later
    /// fails at once with "database is locked" when another write committed in between, which the
    /// busy timeout does not cover (two debtors signing in at the same moment). PostgreSQL's row
    /// locks and constraints need no such thing.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// For `/readyz`: can the database answer at all.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// True before any demo or production data was loaded.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let row: AnyRow = sqlx::query("SELECT COUNT(*) AS n FROM creditors").fetch_one(&self.pool).await?;
        Ok(row.try_get::<i64, _>("n")? == 0)
    }
}

/// The database file and its folder are the portal's alone (0600 / 0700); SQLite gives its `-wal`
/// and `-shm` files the database file's permissions.
fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::server::config::create_private_dir(parent)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path).map(drop)
}

pub(crate) fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// The database refused a row because a unique index already holds its twin: how the store tells
/// "someone got there first" (an open proposal, dispute or deferral, a kept statement) from a fault.
fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Dates are stored as ISO text so both backends read them through `Any`.
fn parse_date(s: &str) -> Result<chrono::NaiveDate, StoreError> {
    s.parse().map_err(|_| StoreError::Corrupt(format!("bad date {s:?}")))
}

/// Rates are stored as exact decimal text, never floating point.
fn parse_rate(s: &str) -> Result<rust_decimal::Decimal, StoreError> {
    s.parse().map_err(|_| StoreError::Corrupt(format!("bad rate {s:?}")))
}

/// A code column (status, kind, scheme …) as its enum; anything else in the column is corrupt data.
fn parse_code<T: std::str::FromStr<Err = crate::domain::UnknownCode>>(s: &str) -> Result<T, StoreError> {
    s.parse().map_err(|e: crate::domain::UnknownCode| StoreError::Corrupt(e.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_database_out_of_reach_is_told_from_a_refused_statement() {
        use super::StoreError;
        assert!(StoreError::Db(sqlx::Error::PoolTimedOut).is_unavailable());
        assert!(StoreError::Db(sqlx::Error::PoolClosed).is_unavailable());
        assert!(StoreError::Db(sqlx::Error::Io(std::io::ErrorKind::ConnectionRefused.into())).is_unavailable());
        assert!(!StoreError::Db(sqlx::Error::RowNotFound).is_unavailable());
        assert!(!StoreError::Corrupt("bad date".into()).is_unavailable());
    }

    #[test]
    fn sqlite_paths() {
        assert_eq!(super::sqlite_path("sqlite://data/p.db?mode=rwc").unwrap().to_str(), Some("data/p.db"));
        assert_eq!(super::sqlite_path("sqlite::memory:"), None);
    }

    /// A transaction that read, then wrote after another connection's write had committed, failed
    /// at once on SQLite ("database is locked"); one begun by `begin_write` holds the write lock from
    /// its start, so the other write waits for it instead and both succeed.
    #[tokio::test]
    async fn a_write_transaction_is_not_overtaken_between_its_read_and_its_write() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        let store = super::Store::connect(&url).await.unwrap();
        sqlx::query("CREATE TABLE t (n INTEGER)").execute(store.pool()).await.unwrap();
        let insert = |n: i64| sqlx::query("INSERT INTO t (n) VALUES ($1)").bind(n);
        let count = || sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM t");

        // The old way, deterministic: read, another connection commits, then write.
        let mut deferred = store.pool().begin().await.unwrap();
        count().fetch_one(&mut *deferred).await.unwrap();
        insert(1).execute(store.pool()).await.unwrap();
        let err = insert(2).execute(&mut *deferred).await.unwrap_err();
        assert!(err.to_string().contains("locked"), "{err}");
        deferred.rollback().await.unwrap();

        // `begin_write`: the other connection's write waits until this transaction commits.
        let mut tx = store.begin_write().await.unwrap();
        count().fetch_one(&mut *tx).await.unwrap();
        let other = tokio::spawn({
            let pool = store.pool().clone();
            async move { sqlx::query("INSERT INTO t (n) VALUES (3)").execute(&pool).await.map(|_| ()) }
        });
        insert(4).execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
        other.await.unwrap().unwrap();
        assert_eq!(count().fetch_one(store.pool()).await.unwrap(), 3);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_sqlite_file_and_its_folder_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new/portal.db");
        let store = super::Store::connect(&format!("sqlite://{}?mode=rwc", db.display())).await.unwrap();
        store.migrate().await.unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&db), 0o600);
        assert_eq!(mode(db.parent().unwrap()), 0o700);
        store.close().await;
    }
}
