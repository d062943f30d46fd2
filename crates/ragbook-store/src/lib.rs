//! ragbook's storage: the whole data set, every change to it, and locked quarters, in an
//! embedded SQLite file (no setup) or a PostgreSQL server (shared use).
//!
//! One schema serves both: the migrations in `migrations/` are portable SQL, applied when a
//! store is opened (`upgrade.rs`), and every query is written once and run through sqlx's `Any`
//! driver.
//! Figures are stored as decimal text, exactly as held. This crate is the only one that knows
//! SQL; it knows nothing of files, reports or HTTP.

mod apply;
mod batch;
mod codec;
mod connect;
mod cycle;
mod error;
mod feed;
mod history;
mod load;
mod locks;
mod records;
mod sessions;
mod tables;
mod upgrade;
mod users;

use std::str::FromStr;
use std::sync::Once;

use sqlx::any::{AnyConnectOptions, install_default_drivers};
use sqlx::{AnyPool, ConnectOptions};

pub use apply::{Applied, PlanSettings, Progress};
pub use cycle::{Cycle, Publication, PublishedFile, Reports, Step, UpdateRecord};
pub use error::StoreError;
pub use history::{ChangeSet, Revision};
pub use load::{Held, Summary};
pub use sessions::StoredSession;
pub use users::{AccountChange, ApiToken, ApiTokenListing, User};

/// Which database a store is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Who made a change, when, why and from what. The caller supplies the time, so that stores
/// (and tests) never read a clock of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeInfo {
    /// The person or system, e.g. a user name.
    pub by: String,
    /// When, as an ISO 8601 UTC timestamp.
    pub at: String,
    /// Why: required when the change restates a locked quarter.
    pub reason: Option<String>,
    /// What it came from, e.g. the package file.
    pub source: Option<String>,
}

/// An open store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// The schema version the migrations bring a store to; docs/storage.md describes each.
pub const SCHEMA_VERSION: i64 = 8;

/// The migrations, from `migrations/`.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

static DRIVERS: Once = Once::new();

impl Store {
    /// Opens (creating if needed) the store at `location`: a `postgres://` URL, a `sqlite:` URL,
    /// or a path to a SQLite file. Brings its schema up to date.
    pub async fn open(location: &str) -> Result<Store, StoreError> {
        DRIVERS.call_once(install_default_drivers);
        let (url, backend) =
            if location.starts_with("postgres://") || location.starts_with("postgresql://") {
                (location.to_owned(), Backend::Postgres)
            } else {
                let path = location
                    .strip_prefix("sqlite://")
                    .or_else(|| location.strip_prefix("sqlite:"))
                    .unwrap_or(location);
                if path.contains(['?', '#']) {
                    return Err(StoreError::Location(format!(
                        "{location:?}: a SQLite file name may not contain '?' or '#'"
                    )));
                }
                (format!("sqlite://{path}?mode=rwc"), Backend::Sqlite)
            };
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|e| {
                StoreError::Location(format!("{location:?} is not a database location: {e}"))
            })?
            .disable_statement_logging();
        connect::probe(&options, backend, location).await?;
        let pool = connect::pool(options, backend)
            .await
            .map_err(|e| StoreError::Connect(connect::explain(location, &e)))?;
        upgrade::refuse_newer(&pool).await?;
        upgrade::migrate(&pool, &MIGRATOR).await?;
        Ok(Store { pool, backend })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The schema version this store is at.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let version: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = $1")
                .bind(true)
                .fetch_one(&self.pool)
                .await?;
        Ok(version.unwrap_or(0))
    }

    /// Closes the store, waiting for pending writes.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// A location without any password it contains, for messages.
fn shown_location(location: &str) -> String {
    match (location.find("://"), location.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &location[..scheme], &location[at + 1..])
        }
        _ => location.to_owned(),
    }
}

#[cfg(feature = "test-support")]
pub mod test_support;
