//! Sessions kept in the database (SQLite or PostgreSQL), under a hash of their id: a restart
//! signs nobody out, several servers can share them, and someone who reads the database cannot
//! take over a session from what they read.
//!
//! A session read from the database is used until it is stale ([`crate::freshness`]), so
//! signing out takes effect at once on the server it was done on and within a second on any
//! other. Each request moves a session's expiry on; that alone is written at most once every
//! [`EXPIRY_WRITE`], so that reading a page is not a write.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ragbook_store::{Store, StoredSession};

use crate::freshness::{Freshness, Stamp};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// How far a session's expiry must move before it is written again: a session idle for eight
/// hours may end up to this much sooner.
const EXPIRY_WRITE: i64 = 60;

/// How many sessions are noted before expired ones are forgotten.
const FORGET_FROM: usize = 10_000;

/// The session store over the app's database.
#[derive(Debug, Clone)]
pub(crate) struct DatabaseSessions {
    store: Store,
    /// What is held in the database for each session this server has read or written, by id
    /// hash.
    held: Arc<Mutex<HashMap<String, Held>>>,
    freshness: Arc<Freshness>,
}

/// A session as the database holds it.
#[derive(Debug)]
struct Held {
    /// Its data, parsed (the order of keys is not kept).
    data: serde_json::Value,
    expires: i64,
    /// When it was read or written.
    stamp: Stamp,
}

impl DatabaseSessions {
    pub(crate) fn new(store: Store, freshness: Arc<Freshness>) -> DatabaseSessions {
        DatabaseSessions {
            store,
            held: Arc::default(),
            freshness,
        }
    }

    /// Session `hash` as last read, if that is fresh and it has not expired.
    fn fresh(&self, hash: &str) -> Option<(serde_json::Value, i64)> {
        let mut held = self.held.lock().ok()?;
        let kept = held.get_mut(hash)?;
        (kept.expires > ragbook_io::clock::now_unix() && self.freshness.usable(&mut kept.stamp))
            .then(|| (kept.data.clone(), kept.expires))
    }

    /// Notes what the database holds for session `hash` (nothing, for `None`), as read or
    /// written at `stamp`.
    fn note(&self, hash: &str, kept: Option<&StoredSession>, stamp: Stamp) {
        if let Ok(mut held) = self.held.lock() {
            match kept {
                Some(kept) => {
                    // Sessions never seen again are forgotten once they have expired.
                    if held.len() >= FORGET_FROM {
                        let now = ragbook_io::clock::now_unix();
                        held.retain(|_, held| held.expires > now);
                    }
                    let data = serde_json::from_str(&kept.data).unwrap_or_default();
                    let expires = kept.expires;
                    held.insert(
                        hash.to_owned(),
                        Held {
                            data,
                            expires,
                            stamp,
                        },
                    )
                }
                None => held.remove(hash),
            };
        }
    }

    /// Whether the database already holds `record`'s data with an expiry less than
    /// [`EXPIRY_WRITE`] earlier.
    fn is_held(&self, hash: &str, record: &Record) -> bool {
        let Ok(data) = serde_json::to_value(&record.data) else {
            return false;
        };
        let expires = record.expiry_date.unix_timestamp();
        self.held.lock().is_ok_and(|held| {
            held.get(hash).is_some_and(|held| {
                held.data == data && (0..EXPIRY_WRITE).contains(&(expires - held.expires))
            })
        })
    }
}

fn id_hash(id: &Id) -> String {
    crate::auth::token_hash(&id.to_string())
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

#[async_trait::async_trait]
impl SessionStore for DatabaseSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are 128 random bits, so a clash is all but impossible; still never reuse one.
        while self
            .store
            .session(&id_hash(&record.id), i64::MIN)
            .await
            .map_err(backend)?
            .is_some()
        {
            record.id = Id::default();
        }
        self.save(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let hash = id_hash(&record.id);
        if self.is_held(&hash, record) {
            return Ok(());
        }
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let kept = StoredSession {
            data,
            expires: record.expiry_date.unix_timestamp(),
        };
        let stamp = self.freshness.stamp();
        self.store
            .save_session(&hash, &kept)
            .await
            .map_err(backend)?;
        self.note(&hash, Some(&kept), stamp);
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = ragbook_io::clock::now_unix();
        let hash = id_hash(id);
        let (data, expires) = match self.fresh(&hash) {
            Some(fresh) => fresh,
            None => {
                let stamp = self.freshness.stamp();
                let found = self.store.session(&hash, now).await.map_err(backend)?;
                self.note(&hash, found.as_ref(), stamp);
                let Some(kept) = found else {
                    return Ok(None);
                };
                let data = serde_json::from_str(&kept.data)
                    .map_err(|e| session_store::Error::Decode(e.to_string()))?;
                (data, kept.expires)
            }
        };
        let data = serde_json::from_value(data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(expires)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let hash = id_hash(id);
        self.note(&hash, None, self.freshness.stamp());
        self.store.delete_session(&hash).await.map_err(backend)
    }
}

/// Removes expired sessions every ten minutes, for as long as the server runs.
pub(crate) async fn sweep(store: Store) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        let now = ragbook_io::clock::now_unix();
        if let Err(e) = store.delete_expired_sessions(now).await {
            eprintln!("ragbook serve: could not remove expired sessions: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ragbook_store::test_support::Fresh;

    fn record(data: &str, expires: i64) -> Record {
        Record {
            id: Id(7),
            data: serde_json::from_str(data).unwrap(),
            expiry_date: OffsetDateTime::from_unix_timestamp(expires).unwrap(),
        }
    }

    #[tokio::test]
    async fn a_page_view_moves_the_expiry_without_writing_until_it_has_moved_a_minute() {
        let fresh = Fresh::sqlite().await;
        let sessions = DatabaseSessions::new(
            fresh.store.clone(),
            Arc::new(Freshness::new(Duration::ZERO)),
        );
        let expires_held = || async {
            let kept = fresh.store.session(&id_hash(&Id(7)), 0).await.unwrap();
            kept.map(|k| (k.data, k.expires))
        };
        let start = ragbook_io::clock::now_unix() + 8 * 3600;
        sessions
            .save(&record(r#"{"user":"perf"}"#, start))
            .await
            .unwrap();
        assert_eq!(expires_held().await.unwrap().1, start);
        // Seconds later: nothing is written.
        sessions
            .save(&record(r#"{"user":"perf"}"#, start + 30))
            .await
            .unwrap();
        assert_eq!(expires_held().await.unwrap().1, start);
        // A minute later, it is.
        sessions
            .save(&record(r#"{"user":"perf"}"#, start + 61))
            .await
            .unwrap();
        assert_eq!(expires_held().await.unwrap().1, start + 61);
        // New data is written at once.
        let flashed = r#"{"flash":"Saved","user":"perf"}"#;
        sessions.save(&record(flashed, start + 93)).await.unwrap();
        assert_eq!(expires_held().await.unwrap().1, start + 93);
        // Signing out removes it, and another server's write is read as written.
        sessions.delete(&Id(7)).await.unwrap();
        assert_eq!(expires_held().await, None);
        assert!(sessions.load(&Id(7)).await.unwrap().is_none());
        sessions.save(&record(flashed, start + 94)).await.unwrap();
        assert_eq!(expires_held().await.unwrap().1, start + 94);
    }

    #[tokio::test]
    async fn a_session_read_is_used_until_this_server_changes_something() {
        let fresh = Fresh::sqlite().await;
        let freshness = Arc::new(Freshness::new(Duration::from_secs(3600)));
        let sessions = DatabaseSessions::new(fresh.store.clone(), Arc::clone(&freshness));
        let expires = ragbook_io::clock::now_unix() + 8 * 3600;
        sessions
            .save(&record(r#"{"user":"perf"}"#, expires))
            .await
            .unwrap();
        // Another server signs them out: this one goes on with what it read...
        fresh.store.delete_session(&id_hash(&Id(7))).await.unwrap();
        let kept = sessions.load(&Id(7)).await.unwrap().unwrap();
        assert_eq!(kept.data["user"], "perf");
        // ...until it changes something itself (or the reading is old).
        freshness.changed();
        assert!(sessions.load(&Id(7)).await.unwrap().is_none());
    }
}
