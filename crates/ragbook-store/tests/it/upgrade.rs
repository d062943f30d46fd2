//! A database written by the release before schema 8 (tests/fixtures/schema7, made by that
//! release) opens, upgrades itself in one transaction and reads back identical, on both
//! databases; one written by a newer release is refused, naming both versions.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use ragbook_core::dataset::{Dataset, RecordChange};
use ragbook_core::measure::{Polarity, Unit};
use ragbook_core::period::{FinancialQuarter, Period};
use ragbook_core::plan::ItemId;
use ragbook_core::value::MeasureValue;
use ragbook_store::test_support::Fresh;
use ragbook_store::{SCHEMA_VERSION, Store, StoreError};
use sqlx::Connection;

use crate::change;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schema7")
        .join(name)
}

/// What the earlier release exported from the database: its settings and records.
fn exported_by_the_earlier_release() -> (String, Dataset) {
    #[derive(serde::Deserialize)]
    struct Export {
        settings: String,
        dataset: Dataset,
    }
    let text = std::fs::read_to_string(fixture("held.json")).unwrap();
    let export: Export = serde_json::from_str(&text).unwrap();
    (export.settings, export.dataset)
}

async fn reads_back_identical(store: &Store) {
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    let (settings, dataset) = exported_by_the_earlier_release();
    let held = store.load().await.unwrap();
    assert!(
        held.dataset == dataset,
        "the upgraded store holds other records"
    );
    assert_eq!(held.settings_text, settings);
    assert_eq!(held.dataset.plans.len(), 1);

    // The history survives: who made each record, and the revisions of KM01 and D01.
    assert_eq!(store.created("KM01").await.unwrap().unwrap().id, 1);
    let km01 = store.history("KM01").await.unwrap();
    assert_eq!(km01.len(), 1);
    assert!(
        km01[0].new.contains("(revised)") && !km01[0].old.as_ref().unwrap().contains("(revised)")
    );
    assert_eq!(store.history("D01").await.unwrap().len(), 1);

    // The locked quarter reads back as it was locked, before the revision.
    let q1 = FinancialQuarter::from_str("2026-27-Q1").unwrap();
    let locked = store.as_locked(q1).await.unwrap().unwrap();
    let title = |d: &ragbook_core::dataset::Dataset| {
        d.measure(&ItemId::new("KM01").unwrap())
            .unwrap()
            .title
            .clone()
    };
    assert!(!title(&locked.dataset).contains("(revised)"));
    assert!(title(&store.load().await.unwrap().dataset).contains("(revised)"));

    // New records go on after the old ones: a new measure gets its own number, and its value and
    // an old measure's come back each under its own measure.
    let mut held = store.load().await.unwrap().dataset;
    let mut package = held.clone();
    let new = ItemId::new("KM99").unwrap();
    package
        .measures
        .push(ragbook_core::dataset::MeasureRecord::new(
            new.clone(),
            "A measure added after the upgrade".into(),
            Unit::Count,
            Polarity::HigherIsBetter,
        ));
    let value = |measure: &ItemId, figure: &str| ragbook_core::dataset::ValueRecord {
        measure: measure.clone(),
        period: Period::Quarter(FinancialQuarter::from_str("2026-27-Q3").unwrap()),
        value: MeasureValue::Figure {
            value: figure.parse().unwrap(),
            firmness: ragbook_core::value::Firmness::Actual,
        },
        as_of: None,
        note: None,
    };
    let km01 = ItemId::new("KM01").unwrap();
    package.measure_values.push(value(&new, "7"));
    package.measure_values.push(value(&km01, "11"));
    let diff = held.merge(package);
    assert!(matches!(
        diff.measures.as_slice(),
        [RecordChange::Insert(_)]
    ));
    store
        .apply(&diff, None, &change("ann", "2026-12-01T09:00:00Z", None))
        .await
        .unwrap();
    let after = store.load().await.unwrap().dataset;
    assert_eq!(after, held);
    assert_eq!(after.measures.last().unwrap().id, new);
}

#[tokio::test(flavor = "current_thread")]
async fn a_sqlite_file_from_the_earlier_release_upgrades_and_reads_back_identical() {
    let fresh = Fresh::sqlite_copy(&fixture("ragbook.sqlite")).await;
    reads_back_identical(&fresh.store).await;
    fresh.drop_database().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_postgres_database_from_the_earlier_release_upgrades_and_reads_back_identical() {
    let sql = std::fs::read_to_string(fixture("postgres.sql")).unwrap();
    if let Some(fresh) = Fresh::postgres_from("upgrade_schema7", &sql).await {
        reads_back_identical(&fresh.store).await;
        fresh.drop_database().await;
    }
}

/// Marks the SQLite file at `path` as written by schema version 99.
async fn from_the_future(path: &Path) {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}", path.display());
    let mut connection = sqlx::AnyConnection::connect(&url).await.unwrap();
    sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99, 'future', TRUE, x'00', 0)")
        .execute(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_database_from_a_newer_release_is_refused_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ragbook.sqlite");
    let location = path.to_str().unwrap();
    Store::open(location).await.unwrap().close().await;
    from_the_future(&path).await;
    let error = Store::open(location).await.unwrap_err();
    assert!(matches!(error, StoreError::Newer { held: 99, known } if known == SCHEMA_VERSION));
    let message = error.to_string();
    assert!(
        message.contains("schema version 99")
            && message.contains(&format!("up to {SCHEMA_VERSION}")),
        "{message}"
    );
}
