//! Fresh stores for tests, on SQLite and PostgreSQL alike, for this crate's tests and those of
//! the crates above it (feature `test-support`).
//!
//! PostgreSQL tests use the server at RAGBOOK_TEST_POSTGRES (default
//! postgres://postgres@127.0.0.1:5432/postgres), creating a fresh database per test. Where no
//! server is reachable they print SKIPPED loudly and pass, unless RAGBOOK_REQUIRE_POSTGRES is
//! set (as .ci/run sets it), when they fail.

// A broken fixture is a failed test, not a crash to handle.
#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]

use crate::Store;

/// A fresh store of the kind asked for, and what keeps it alive.
pub struct Fresh {
    /// The store.
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl Fresh {
    /// A fresh SQLite file in a temporary folder.
    pub async fn sqlite() -> Fresh {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ragbook.sqlite");
        let store = Store::open(path.to_str().unwrap()).await.unwrap();
        Fresh {
            store,
            _dir: Some(dir),
            postgres: None,
        }
    }

    /// A copy of the SQLite file at `path`, opened (and so brought up to date).
    pub async fn sqlite_copy(path: &std::path::Path) -> Fresh {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("ragbook.sqlite");
        std::fs::copy(path, &copy).unwrap();
        let store = Store::open(copy.to_str().unwrap()).await.unwrap();
        Fresh {
            store,
            _dir: Some(dir),
            postgres: None,
        }
    }

    /// A fresh PostgreSQL database, or None (after saying so) when no server is reachable.
    pub async fn postgres(test: &str) -> Option<Fresh> {
        Fresh::postgres_from(test, "").await
    }

    /// A fresh PostgreSQL database made by running `sql` (e.g. a `pg_dump` of one an earlier
    /// release wrote), then opened; or None (after saying so) when no server is reachable.
    pub async fn postgres_from(test: &str, sql: &str) -> Option<Fresh> {
        use sqlx::{Connection, Executor};
        let admin = std::env::var("RAGBOOK_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        sqlx::any::install_default_drivers();
        let mut connection = match sqlx::AnyConnection::connect(&admin).await {
            Ok(connection) => connection,
            Err(error) => {
                if std::env::var_os("RAGBOOK_REQUIRE_POSTGRES").is_some() {
                    panic!(
                        "PostgreSQL is required (RAGBOOK_REQUIRE_POSTGRES) but {admin} is not reachable: {error}"
                    );
                }
                eprintln!(
                    "\n*** SKIPPED {test} on PostgreSQL: no server at {admin} ({error}). Set RAGBOOK_TEST_POSTGRES to run it. ***\n"
                );
                return None;
            }
        };
        let name = format!(
            "ragbook_test_{}_{}",
            std::process::id(),
            test.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        );
        connection
            .execute(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name}"
            )))
            .await
            .unwrap();
        connection
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .unwrap();
        let base = admin.rsplit_once('/').unwrap().0;
        let location = format!("{base}/{name}");
        if !sql.is_empty() {
            let mut made = sqlx::AnyConnection::connect(&location).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                .execute(&mut made)
                .await
                .unwrap();
            made.close().await.unwrap();
        }
        let store = Store::open(&location).await.unwrap();
        Some(Fresh {
            store,
            _dir: None,
            postgres: Some((admin, name)),
        })
    }

    /// Closes the store and drops its PostgreSQL database.
    pub async fn drop_database(self) {
        use sqlx::{Connection, Executor};
        let Fresh {
            store, postgres, ..
        } = self;
        store.close().await;
        if let Some((admin, name)) = postgres {
            let mut connection = sqlx::AnyConnection::connect(&admin).await.unwrap();
            connection
                .execute(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name}"
                )))
                .await
                .unwrap();
        }
    }
}

/// Runs `$test(store)` as one test on SQLite and one on PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "current_thread")]
            async fn sqlite() {
                let fresh = $crate::test_support::Fresh::sqlite().await;
                super::$name(&fresh.store).await;
                fresh.drop_database().await;
            }

            #[tokio::test(flavor = "current_thread")]
            async fn postgres() {
                if let Some(fresh) = $crate::test_support::Fresh::postgres(stringify!($name)).await
                {
                    super::$name(&fresh.store).await;
                    fresh.drop_database().await;
                }
            }
        }
    };
}
