//! Signed-in sessions, kept in the database so that a restart signs nobody out and several
//! servers can share them. The caller hashes the session id and supplies the time: this crate
//! never sees a session's secret and reads no clock.

use crate::{Store, StoreError};

/// A session as kept: its data (JSON) and when it expires (seconds since 1970, UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// The session's data, as JSON.
    pub data: String,
    /// When it expires, in seconds since 1970 (UTC).
    pub expires: i64,
}

impl Store {
    /// Keeps a session (replacing what was kept under the same id).
    pub async fn save_session(
        &self,
        id_hash: &str,
        session: &StoredSession,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash.to_owned())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sessions (id_hash, data, expires) VALUES ($1, $2, $3)")
            .bind(id_hash.to_owned())
            .bind(session.data.clone())
            .bind(session.expires)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session kept under `id_hash`, unless it has expired by `now`.
    pub async fn session(
        &self,
        id_hash: &str,
        now: i64,
    ) -> Result<Option<StoredSession>, StoreError> {
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT data, expires FROM sessions WHERE id_hash = $1 AND expires > $2",
        )
        .bind(id_hash.to_owned())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(data, expires)| StoredSession { data, expires }))
    }

    /// Ends a session.
    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes every session expired by `now`; returns how many.
    pub async fn delete_expired_sessions(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// How many sessions are kept (expired or not).
    pub async fn session_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
            .fetch_one(&self.pool)
            .await?)
    }
}
