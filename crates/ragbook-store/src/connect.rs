//! Opening a database: one connection tried first, so that a wrong location is reported at
//! once with its cause, then the pool.

use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Connection, Executor};

use crate::{Backend, StoreError, shown_location};

/// Every SQLite connection runs these. WAL lets readers work beside the one writer;
/// `synchronous = FULL` makes a commit durable through a power cut, not only a crash of the
/// process, as a system of record must be (docs/storage.md gives its cost).
const SQLITE_PRAGMAS: &str =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";

/// How long a first connection may take before the location is reported unreachable.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// Tries one connection, as the pool would make it, and says plainly why it failed.
///
/// A pool retries a failing connection until its acquire time-out (30 seconds) and then reports
/// only that it timed out; a single connection fails at once with the real cause.
pub(crate) async fn probe(
    options: &AnyConnectOptions,
    backend: Backend,
    location: &str,
) -> Result<(), StoreError> {
    let attempt = async {
        let mut connection = AnyConnection::connect_with(options).await?;
        if backend == Backend::Sqlite {
            connection.execute(SQLITE_PRAGMAS).await?;
        }
        connection.close().await
    };
    match tokio::time::timeout(PROBE_TIMEOUT, attempt).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(StoreError::Connect(explain(location, &e))),
        Err(_) => Err(StoreError::Connect(format!(
            "{}: no answer within {} seconds",
            shown_location(location),
            PROBE_TIMEOUT.as_secs()
        ))),
    }
}

/// The pool every query uses.
pub(crate) async fn pool(
    options: AnyConnectOptions,
    backend: Backend,
) -> Result<AnyPool, sqlx::Error> {
    let options = options.disable_statement_logging();
    match backend {
        // One writer at a time is SQLite's way; one connection keeps the CLI simple.
        Backend::Sqlite => {
            AnyPoolOptions::new()
                .max_connections(1)
                .after_connect(|connection, _| {
                    Box::pin(async move {
                        connection.execute(SQLITE_PRAGMAS).await?;
                        Ok(())
                    })
                })
                .connect_with(options)
                .await
        }
        Backend::Postgres => {
            AnyPoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await
        }
    }
}

/// What went wrong, in words a person can act on, naming the location (without a password).
pub(crate) fn explain(location: &str, error: &sqlx::Error) -> String {
    let shown = shown_location(location);
    let text = error.to_string();
    let lower = text.to_lowercase();
    let cause = if lower.contains("file is not a database") || lower.contains("not a database") {
        "this is not a SQLite database (is it the right file?)".to_owned()
    } else if lower.contains("connection refused") {
        format!(
            "connection refused at {} (is the server running, and on that port?)",
            host_and_port(location)
        )
    } else if lower.contains("password authentication failed")
        || lower.contains("authentication failed")
    {
        "authentication failed (check the user name and password)".to_owned()
    } else if lower.contains("does not exist") && lower.contains("database") {
        "the server has no database of that name (create it first)".to_owned()
    } else if lower.contains("unable to open database file") {
        "the file cannot be created or opened there (does the folder exist, and may you write to it?)"
            .to_owned()
    } else {
        text
    };
    format!("{shown}: {cause}")
}

/// `host:port` of a server URL, for messages.
fn host_and_port(location: &str) -> String {
    let after_scheme = location
        .split_once("://")
        .map_or(location, |(_, rest)| rest);
    let after_user = after_scheme
        .rsplit_once('@')
        .map_or(after_scheme, |(_, rest)| rest);
    let host = after_user.split(['/', '?']).next().unwrap_or(after_user);
    if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:5432")
    }
}

#[cfg(test)]
mod tests {
    use super::host_and_port;

    #[test]
    fn messages_name_the_server_without_the_password() {
        assert_eq!(
            host_and_port("postgres://u:secret@127.0.0.1:1/x"),
            "127.0.0.1:1"
        );
        assert_eq!(host_and_port("postgres://db.council/x"), "db.council:5432");
    }
}
