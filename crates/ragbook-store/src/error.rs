//! What can go wrong with a store.

/// A store error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The location given is not a database.
    #[error("{0}")]
    Location(String),
    /// The database could not be reached or opened.
    #[error("could not open the database {0}")]
    Connect(String),
    /// The schema could not be brought up to date.
    #[error("could not bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database was written by a newer release of ragbook.
    #[error(
        "this database is at schema version {held}, written by a newer release of ragbook; this release knows versions up to {known}. Use the newer release (ragbook info shows a database's version)"
    )]
    Newer {
        /// The database's version.
        held: i64,
        /// The newest this release knows.
        known: i64,
    },
    /// A query failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A stored record could not be read back (the database was changed outside ragbook).
    #[error(
        "the database holds a record ragbook cannot read ({0}); was it changed outside ragbook?"
    )]
    Corrupt(String),
    /// A change restates a locked quarter and no reason was given.
    #[error("these changes restate locked quarters and need a reason (--reason): {}", .0.join("; "))]
    NeedsReason(Vec<String>),
    /// The quarter is already locked.
    #[error("{0} is already locked")]
    AlreadyLocked(String),
    /// The change is not allowed as things stand (the message says why).
    #[error("{0}")]
    Refused(String),
    /// Someone else changed the record since it was read.
    #[error("{0}")]
    Conflict(String),
}
