//! How long what the server has read from the database may be used before it is read again.
//!
//! Reading a page must not cost a trip to the database for each thing it depends on (the
//! session, the person signed in, whether the data has changed): at hundreds of requests a
//! second those trips are most of the work. So what is read is stamped, and used until this
//! server makes a change (any request that is not a GET or HEAD moves the stamp on as it starts,
//! so that it decides on what the database holds, and again once it has been answered) or until
//! [`crate::Options::reread_after`] has passed, whichever comes first. A change made through
//! this server is therefore seen by the very next request; one made elsewhere (`ragbook
//! import`, another server sharing the database) within that time.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The server's count of its own changes, and how long a reading stays usable.
#[derive(Debug)]
pub(crate) struct Freshness {
    changes: AtomicU64,
    reread_after: Duration,
}

/// When something was read: taken before reading, so that a change made while it was being
/// read makes it stale.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamp {
    at: Instant,
    changes: u64,
}

impl Freshness {
    pub(crate) fn new(reread_after: Duration) -> Freshness {
        Freshness {
            changes: AtomicU64::new(0),
            reread_after,
        }
    }

    /// A stamp for something about to be read.
    pub(crate) fn stamp(&self) -> Stamp {
        Stamp {
            at: Instant::now(),
            changes: self.changes.load(Ordering::Acquire),
        }
    }

    /// Whether what was read at `stamp` may still be used.
    pub(crate) fn is_fresh(&self, stamp: &Stamp) -> bool {
        stamp.changes == self.changes.load(Ordering::Acquire)
            && stamp.at.elapsed() < self.reread_after
    }

    /// Whether what was read at `stamp` may be used now. A reading that has only grown old is
    /// read again by the first request to find it so: its stamp is moved on, so the others go
    /// on using it for the moment that reading takes rather than all reading at once. After a
    /// change made through this server, nobody uses it.
    pub(crate) fn usable(&self, stamp: &mut Stamp) -> bool {
        if stamp.changes != self.changes.load(Ordering::Acquire) {
            return false;
        }
        if stamp.at.elapsed() < self.reread_after {
            return true;
        }
        stamp.at = Instant::now();
        false
    }

    /// Notes that this server has changed something: everything read before is read again.
    pub(crate) fn changed(&self) {
        self.changes.fetch_add(1, Ordering::AcqRel);
    }
}

/// Things read from the database by key (a person's account, an update's state), each used
/// while its reading is fresh.
pub(crate) struct Readings<K, V>(Mutex<HashMap<K, (V, Stamp)>>);

impl<K, V> Default for Readings<K, V> {
    fn default() -> Self {
        Readings(Mutex::new(HashMap::new()))
    }
}

/// How many readings are kept before stale ones are forgotten.
const FORGET_FROM: usize = 10_000;

impl<K: Eq + Hash + Clone, V: Clone> Readings<K, V> {
    /// What `key` reads as: as last read if that is fresh, else `read` afresh.
    pub(crate) async fn get<E>(
        &self,
        freshness: &Freshness,
        key: &K,
        read: impl AsyncFnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        if let Ok(mut readings) = self.0.lock()
            && let Some((value, stamp)) = readings.get_mut(key)
            && freshness.usable(stamp)
        {
            return Ok(value.clone());
        }
        let stamp = freshness.stamp();
        let value = read().await?;
        if let Ok(mut readings) = self.0.lock() {
            if readings.len() >= FORGET_FROM {
                readings.retain(|_, (_, stamp)| freshness.is_fresh(stamp));
            }
            readings.insert(key.clone(), (value.clone(), stamp));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_is_used_until_a_change_or_until_it_is_old() {
        let freshness = Freshness::new(Duration::from_millis(200));
        let stamp = freshness.stamp();
        assert!(freshness.is_fresh(&stamp));
        freshness.changed();
        assert!(!freshness.is_fresh(&stamp));
        let later = freshness.stamp();
        assert!(freshness.is_fresh(&later));
        std::thread::sleep(Duration::from_millis(250));
        assert!(!freshness.is_fresh(&later));
        let never = Freshness::new(Duration::ZERO);
        assert!(!never.is_fresh(&never.stamp()));
    }

    #[test]
    fn an_old_reading_is_read_again_by_one_request_while_the_others_use_it() {
        let freshness = Freshness::new(Duration::from_millis(100));
        let mut stamp = freshness.stamp();
        assert!(freshness.usable(&mut stamp));
        std::thread::sleep(Duration::from_millis(150));
        assert!(
            !freshness.usable(&mut stamp),
            "the first to find it old reads it"
        );
        assert!(freshness.usable(&mut stamp), "the others use it meanwhile");
        freshness.changed();
        assert!(!freshness.usable(&mut stamp));
        assert!(
            !freshness.usable(&mut stamp),
            "after a change, nobody uses it"
        );
    }
}
