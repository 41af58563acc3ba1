//! Creditors and rate tables, kept in memory for a short while: every claim page needs both, they
//! change a few times a year, and reading them was two of a claim page's statements. A change made
//! through this store clears the cache at once; a change made elsewhere (another node, `rates add`)
//! is seen within the time to live (`REFERENCE_CACHE_SECS`, README "Configuration").

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::{Duration, Instant};

use super::parties::CreditorRecord;
use crate::domain::ids::CreditorId;
use crate::domain::interest::RateTable;

/// The time to live when none is configured.
pub const DEFAULT_TTL: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub(super) struct ReferenceCache {
    ttl: Duration,
    /// Bumped by `clear`: a value read from the database before a write committed is not kept
    /// after it (`keep_*` take the generation seen before the read).
    generation: AtomicU64,
    creditors: RwLock<HashMap<CreditorId, (Instant, CreditorRecord)>>,
    tables: RwLock<HashMap<String, (Instant, RateTable)>>,
}

impl ReferenceCache {
    pub(super) fn new(ttl: Duration) -> Self {
        Self { ttl, generation: AtomicU64::new(0), creditors: RwLock::default(), tables: RwLock::default() }
    }

    /// Taken before reading what will be kept.
    pub(super) fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub(super) fn creditor(&self, id: &CreditorId) -> Option<CreditorRecord> {
        fresh(&self.creditors, id, self.ttl)
    }

    pub(super) fn keep_creditor(&self, read_at: u64, record: &CreditorRecord) {
        if self.is_current(read_at) {
            keep(&self.creditors, record.id.clone(), record.clone(), self.ttl);
        }
    }

    pub(super) fn table(&self, name: &str) -> Option<RateTable> {
        fresh(&self.tables, name, self.ttl)
    }

    pub(super) fn keep_table(&self, read_at: u64, name: &str, table: &RateTable) {
        if self.is_current(read_at) {
            keep(&self.tables, name.to_owned(), table.clone(), self.ttl);
        }
    }

    fn is_current(&self, read_at: u64) -> bool {
        self.generation.load(Ordering::SeqCst) == read_at
    }

    /// Forgets everything: called by every write to creditors or rates.
    pub(super) fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.creditors.write().unwrap_or_else(|p| p.into_inner()).clear();
        self.tables.write().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

fn fresh<K, V, Q>(map: &RwLock<HashMap<K, (Instant, V)>>, key: &Q, ttl: Duration) -> Option<V>
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: std::hash::Hash + Eq + ?Sized,
    V: Clone,
{
    let map = map.read().unwrap_or_else(|p| p.into_inner());
    map.get(key).filter(|(at, _)| at.elapsed() < ttl).map(|(_, v)| v.clone())
}

fn keep<K: std::hash::Hash + Eq, V>(map: &RwLock<HashMap<K, (Instant, V)>>, key: K, value: V, ttl: Duration) {
    // A time to live of zero keeps nothing.
    if !ttl.is_zero() {
        map.write().unwrap_or_else(|p| p.into_inner()).insert(key, (Instant::now(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_kept_until_cleared_and_never_with_no_time_to_live() {
        let table = RateTable::default();
        let cache = ReferenceCache::new(DEFAULT_TTL);
        assert_eq!(cache.table("se-reference"), None);
        cache.keep_table(cache.generation(), "se-reference", &table);
        assert_eq!(cache.table("se-reference"), Some(table.clone()));
        assert_eq!(cache.table("no-forsinkelsesrente"), None);
        cache.clear();
        assert_eq!(cache.table("se-reference"), None);

        let off = ReferenceCache::new(Duration::ZERO);
        off.keep_table(off.generation(), "se-reference", &table);
        assert_eq!(off.table("se-reference"), None);
    }

    /// Read, then a write clears the cache, then the read would keep what it read: not kept.
    #[test]
    fn what_was_read_before_a_change_is_not_kept_after_it() {
        let cache = ReferenceCache::new(DEFAULT_TTL);
        let read_at = cache.generation();
        cache.clear();
        cache.keep_table(read_at, "se-reference", &RateTable::default());
        assert_eq!(cache.table("se-reference"), None);
    }
}
