//! The argon2 checks running at once (`SIGN_IN_CONCURRENCY`), shared by letters and staff
//! passwords. One client (a throttle key: an address or IPv6 /64) may hold only part of them, so one
//! address flooding sign-ins cannot keep everyone else's check waiting (security review, F3).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Clone)]
pub struct HashingSlots {
    all: Arc<Semaphore>,
    total: usize,
    per_client: usize,
    held: Arc<Mutex<HashMap<String, usize>>>,
}

/// A slot taken; given back when dropped (when the check is done, wherever it ran).
pub struct HashingSlot {
    _permit: OwnedSemaphorePermit,
    client: String,
    held: Arc<Mutex<HashMap<String, usize>>>,
}

impl HashingSlots {
    /// `total` slots; a client may hold half of them (at least one).
    pub fn new(total: usize) -> Self {
        Self { all: Arc::new(Semaphore::new(total)), total, per_client: (total / 2).max(1), held: Arc::default() }
    }

    /// Slots taken now (for the metrics).
    pub fn busy(&self) -> usize {
        self.total.saturating_sub(self.all.available_permits())
    }

    /// A slot for `client`, or `None` at once when all are busy or the client holds its share.
    pub fn try_take(&self, client: &str) -> Option<HashingSlot> {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let mine = held.get(client).copied().unwrap_or(0);
        if mine >= self.per_client {
            return None;
        }
        let permit = self.all.clone().try_acquire_owned().ok()?;
        held.insert(client.to_owned(), mine + 1);
        Some(HashingSlot { _permit: permit, client: client.to_owned(), held: self.held.clone() })
    }

    /// Every slot, for a test that needs the pool full.
    pub fn semaphore(&self) -> &Arc<Semaphore> {
        &self.all
    }
}

impl Drop for HashingSlot {
    fn drop(&mut self) {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = held.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                held.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::HashingSlots;

    #[test]
    fn one_client_holds_half_and_the_others_the_rest() {
        let slots = HashingSlots::new(4);
        let (a1, a2) = (slots.try_take("a"), slots.try_take("a"));
        assert!(a1.is_some() && a2.is_some());
        assert!(slots.try_take("a").is_none(), "a's share is taken");
        let (b1, b2) = (slots.try_take("b"), slots.try_take("b"));
        assert!(b1.is_some() && b2.is_some());
        assert!(slots.try_take("c").is_none(), "all four are busy");
        drop(a1);
        assert!(slots.try_take("c").is_some(), "a slot given back serves the next client");
        drop((a2, b1, b2));
        assert_eq!(slots.semaphore().available_permits(), 4);
        assert!(HashingSlots::new(1).try_take("x").is_some(), "one slot: a client may use it");
    }
}
