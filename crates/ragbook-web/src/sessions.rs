//! Sessions kept in the database (SQLite or PostgreSQL), under a hash of their id: a restart
//! signs nobody out, several servers can share them, and someone who reads the database cannot
//! take over a session from what they read.

use std::time::Duration;

use ragbook_store::{Store, StoredSession};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The session store over the app's database.
#[derive(Debug, Clone)]
pub(crate) struct DatabaseSessions {
    store: Store,
}

impl DatabaseSessions {
    pub(crate) fn new(store: Store) -> DatabaseSessions {
        DatabaseSessions { store }
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
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let kept = StoredSession {
            data,
            expires: record.expiry_date.unix_timestamp(),
        };
        self.store
            .save_session(&id_hash(&record.id), &kept)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = ragbook_io::clock::now_unix();
        let Some(kept) = self
            .store
            .session(&id_hash(id), now)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&kept.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(kept.expires)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store
            .delete_session(&id_hash(id))
            .await
            .map_err(backend)
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
