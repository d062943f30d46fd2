//! The storage suite, run against SQLite and PostgreSQL alike: every test is written once and
//! the `on_both!` macro makes a test per database.
//!
//! See `ragbook_store::test_support` for where the PostgreSQL databases come from.

// Test helpers may panic on a broken fixture: that is a failed test, not a crash.
#![allow(clippy::unwrap_used)]

mod accounts;
mod cycle;
mod store;
mod upgrade;
mod window;

use std::path::PathBuf;

use ragbook_core::dataset::Dataset;
use ragbook_io::package::{Package, read_package};
use ragbook_store::ChangeInfo;
pub use ragbook_store::on_both;

/// The bundled demo package.
pub fn demo() -> Package {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    read_package(&path, None, &Dataset::default(), "").unwrap()
}

/// Merges `dataset` (with `settings`) into what `store` holds and writes the change, as
/// `ragbook import` does, by `by` at `at`.
pub async fn import(
    store: &ragbook_store::Store,
    dataset: Dataset,
    settings: &str,
    (by, at): (&str, &str),
) {
    let mut held = store.load().await.unwrap();
    let diff = held.dataset.merge(dataset);
    store
        .apply(&diff, Some(settings), &change(by, at, None))
        .await
        .unwrap();
}

/// A change made by the tests at a fixed time.
pub fn change(by: &str, at: &str, reason: Option<&str>) -> ChangeInfo {
    ChangeInfo {
        by: by.into(),
        at: at.into(),
        reason: reason.map(str::to_owned),
        source: Some("test".into()),
    }
}
