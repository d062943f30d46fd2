//! Storing, updating, revising and locking, the same on both databases.

use std::str::FromStr;

use ragbook_core::Decimal;
use ragbook_core::dataset::{Dataset, RecordChange, ValueRecord};
use ragbook_core::period::FinancialQuarter;
use ragbook_core::plan::ItemId;
use ragbook_core::value::MeasureValue;
use ragbook_store::{SCHEMA_VERSION, Store, StoreError};

use crate::{change, demo, on_both};

/// Loads the demo into an empty store, as `ragbook import` does.
async fn load_demo(store: &Store) -> Dataset {
    let package = demo();
    let when = ("ann", "2026-11-01T09:00:00Z");
    crate::import(store, package.dataset.clone(), &package.settings, when).await;
    package.dataset
}

async fn the_demo_round_trips_through_the_store(store: &Store) {
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    let loaded = load_demo(store).await;
    let held = store.load().await.unwrap();
    assert_eq!(held.dataset, loaded);
    assert_eq!(held.settings_text, demo().settings);
    // Importing the same package again changes nothing.
    let mut again = held.dataset.clone();
    assert!(again.merge(demo().dataset).is_empty());
}
on_both!(the_demo_round_trips_through_the_store);

/// The older-format sample holds what the demo does not: measures that evidence a deliverable,
/// headline initiatives and published overall ratings. All come back as they went in, and
/// changing one is a revision like any other.
async fn the_older_format_sample_round_trips_through_the_store(store: &Store) {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/westmere-q3-2021-22/package");
    let package = ragbook_io::package::read_package(&path, None, &Dataset::default(), "").unwrap();
    assert!(
        package
            .dataset
            .measures
            .iter()
            .any(|m| m.deliverable.is_some())
    );
    assert!(!package.dataset.headline_initiatives.is_empty());
    assert!(!package.dataset.published_rollups.is_empty());
    let mut held = store.load().await.unwrap();
    let diff = held.dataset.merge(package.dataset.clone());
    let who = change("ann", "2026-11-01T09:00:00Z", None);
    store
        .apply(&diff, Some(&package.settings), &who)
        .await
        .unwrap();
    let mut held = store.load().await.unwrap().dataset;
    assert_eq!(held, package.dataset);
    let mut changed = Dataset::default();
    let mut rollup = held.published_rollups[0].clone();
    rollup.rating = "review".into();
    changed.published_rollups.push(rollup);
    let mut measure = held
        .measures
        .iter()
        .find(|m| m.deliverable.is_some())
        .unwrap()
        .clone();
    measure.deliverable = None;
    changed.measures.push(measure);
    let diff = held.merge(changed);
    assert_eq!(diff.counts(), (0, 2));
    store.apply(&diff, None, &who).await.unwrap();
    assert_eq!(store.load().await.unwrap().dataset, held);
}
on_both!(the_older_format_sample_round_trips_through_the_store);

fn with_value(dataset: &Dataset, measure: &str, period: &str, figure: &str) -> ValueRecord {
    let id = ItemId::new(measure).unwrap();
    let period = period.parse().unwrap();
    let mut record = dataset
        .measure_values
        .iter()
        .find(|v| v.measure == id && v.period == period)
        .cloned()
        .unwrap();
    record.value = MeasureValue::actual(Decimal::from_str(figure).unwrap());
    record
}

async fn every_change_is_kept_with_who_when_and_why(store: &Store) {
    let loaded = load_demo(store).await;
    let mut held = store.load().await.unwrap().dataset;
    let mut deliverable = loaded.deliverables[0].clone();
    deliverable.title = "A new title".into();
    let package = Dataset {
        deliverables: vec![deliverable],
        measure_values: vec![with_value(&loaded, "KM07", "2026-27-Q1", "4.9")],
        ..Dataset::default()
    };
    let diff = held.merge(package);
    let applied = store
        .apply(
            &diff,
            None,
            &change(
                "bob",
                "2026-11-02T10:00:00Z",
                Some("Corrected from the HR system"),
            ),
        )
        .await
        .unwrap();
    assert_eq!((applied.inserted, applied.updated), (0, 2));
    assert_eq!(store.load().await.unwrap().dataset, held);

    let history = store.history("KM07").await.unwrap();
    assert_eq!(history.len(), 1);
    let revision = &history[0];
    assert_eq!(revision.key, "KM07 2026-27-Q1");
    assert_eq!(
        (revision.change.by.as_str(), revision.change.at.as_str()),
        ("bob", "2026-11-02T10:00:00Z")
    );
    assert_eq!(
        revision.change.reason.as_deref(),
        Some("Corrected from the HR system")
    );
    assert!(revision.new.contains("\"4.9\""), "{}", revision.new);
    assert!(revision.old.as_deref().unwrap().contains("\"value\""));
    assert!(!revision.restatement);
    let created = store.created("KM07").await.unwrap().unwrap();
    assert_eq!(created.by, "ann");
    assert_eq!(store.changes().await.unwrap().len(), 2);
    let title_history = store
        .history(loaded.deliverables[0].id.as_str())
        .await
        .unwrap();
    assert!(title_history[0].new.contains("A new title"));
}
on_both!(every_change_is_kept_with_who_when_and_why);

async fn a_locked_quarter_needs_a_reason_and_reads_back_as_it_was(store: &Store) {
    let loaded = load_demo(store).await;
    let q1: FinancialQuarter = "2026-27-Q1".parse().unwrap();
    store
        .lock(q1, &change("perf", "2026-08-01T12:00:00Z", None))
        .await
        .unwrap();
    assert_eq!(store.locked_quarters().await.unwrap(), vec![q1]);
    assert!(matches!(
        store
            .lock(q1, &change("perf", "2026-08-02T12:00:00Z", None))
            .await,
        Err(StoreError::AlreadyLocked(_))
    ));

    let package = Dataset {
        measure_values: vec![
            with_value(&loaded, "KM07", "2026-27-Q1", "4.9"),
            with_value(&loaded, "KM07", "2026-27-Q2", "4.8"),
        ],
        ..Dataset::default()
    };
    let mut held = store.load().await.unwrap().dataset;
    let diff = held.merge(package);
    let refused = store
        .apply(&diff, None, &change("bob", "2026-11-02T10:00:00Z", None))
        .await;
    match refused {
        Err(StoreError::NeedsReason(keys)) => assert_eq!(keys, ["measure value KM07 2026-27-Q1"]),
        other => panic!("expected NeedsReason, got {other:?}"),
    }
    assert_eq!(
        store.load().await.unwrap().dataset,
        loaded,
        "nothing was written"
    );

    let applied = store
        .apply(
            &diff,
            None,
            &change("bob", "2026-11-02T10:00:00Z", Some("Late HR data")),
        )
        .await
        .unwrap();
    assert_eq!(applied.restatements, ["measure value KM07 2026-27-Q1"]);
    let history = store.history("KM07").await.unwrap();
    let flags: Vec<(String, bool)> = history
        .iter()
        .map(|r| (r.key.clone(), r.restatement))
        .collect();
    assert_eq!(
        flags,
        [
            ("KM07 2026-27-Q1".into(), true),
            ("KM07 2026-27-Q2".into(), false)
        ]
    );

    let as_locked = store.as_locked(q1).await.unwrap().unwrap();
    assert_eq!(
        as_locked.dataset, loaded,
        "the locked quarter reads back exactly as it was"
    );
    assert_eq!(
        store
            .as_locked("2026-27-Q2".parse().unwrap())
            .await
            .unwrap(),
        None
    );
}
on_both!(a_locked_quarter_needs_a_reason_and_reads_back_as_it_was);

async fn a_failed_write_leaves_nothing_behind(store: &Store) {
    load_demo(store).await;
    let before = store.load().await.unwrap();
    // A value for a measure the store does not hold fails inside the transaction, after the
    // change set was written: the rollback must take that with it.
    let mut orphan = before.dataset.measure_values[0].clone();
    orphan.measure = ItemId::new("KM99").unwrap();
    let mut diff = ragbook_core::dataset::Diff::default();
    let mut new_value = before.dataset.measure_values[0].clone();
    new_value.period = "2030-31-Q1".parse().unwrap();
    diff.measure_values = vec![
        RecordChange::Insert(new_value),
        RecordChange::Insert(orphan),
    ];
    let result = store
        .apply(&diff, None, &change("eve", "2026-11-03T10:00:00Z", None))
        .await;
    assert!(matches!(result, Err(StoreError::Corrupt(_))), "{result:?}");
    assert_eq!(store.load().await.unwrap(), before);
    assert_eq!(
        store.changes().await.unwrap().len(),
        1,
        "no change set was recorded"
    );
}
on_both!(a_failed_write_leaves_nothing_behind);

/// A location that is not a database is reported at once with its cause, not after the
/// pool's 30-second time-out as "pool timed out".
#[tokio::test(flavor = "current_thread")]
async fn a_database_that_cannot_be_opened_fails_at_once_saying_why() {
    let folder = tempfile::tempdir().unwrap();
    let not_sqlite = folder.path().join("notes.txt");
    std::fs::write(
        &not_sqlite,
        "These are my notes, not a database.\n".repeat(200),
    )
    .unwrap();
    let cases = [
        (not_sqlite.display().to_string(), "is not a SQLite database"),
        (
            "postgres://postgres:secret@127.0.0.1:1/x".to_owned(),
            "connection refused at 127.0.0.1:1",
        ),
        (
            folder
                .path()
                .join("no/such/folder/db.sqlite")
                .display()
                .to_string(),
            "cannot be created or opened there",
        ),
    ];
    for (location, expected) in cases {
        let started = std::time::Instant::now();
        let error = Store::open(&location).await.unwrap_err().to_string();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{location}: slow"
        );
        assert!(error.contains(expected), "{location}: {error}");
        assert!(
            !error.contains("secret"),
            "the password is never shown: {error}"
        );
    }
}

/// A second plan is kept beside the first; the first keeps the settings it had, and each
/// quarter reads with its own plan's.
async fn a_second_plan_is_kept_and_the_first_keeps_its_settings(store: &Store) {
    let first = load_demo(store).await;
    let mut held = store.load().await.unwrap();
    let next = ragbook_core::dataset::PlanHeader {
        id: ItemId::new("council-plan-2027-31").unwrap(),
        title: "Council Plan 2027-31".into(),
        first_year: "2027-28".parse().unwrap(),
        last_year: "2030-31".parse().unwrap(),
    };
    let mut n1 = ragbook_core::dataset::PriorityRecord::new(
        ItemId::new("N1").unwrap(),
        "A council that works for everyone".into(),
    );
    n1.plan = Some(next.id.clone());
    let diff = held.dataset.merge(Dataset {
        plans: vec![next],
        priorities: vec![n1],
        ..Dataset::default()
    });
    let settings = "[report]\nintroduction = \"The Council Plan 2027-31.\"\n";
    store
        .apply(
            &diff,
            Some(settings),
            &change("ann", "2027-04-01T09:00:00Z", None),
        )
        .await
        .unwrap();
    let held = store.load().await.unwrap();
    assert_eq!(held.dataset.plans.len(), 2);
    assert_eq!(held.settings_text, settings);
    let demo_settings = demo().settings;
    assert_eq!(
        held.plan_settings.get("council-plan-2023-27"),
        Some(&demo_settings)
    );
    let q = |text: &str| FinancialQuarter::from_str(text).unwrap();
    let then = held.for_quarter(q("2024-25-Q1")).unwrap();
    assert_eq!(then.settings_text, demo_settings);
    assert_eq!(then.dataset.priorities, first.priorities);
    let later = held.for_quarter(q("2027-28-Q1")).unwrap();
    assert_eq!(later.settings_text, settings);
    assert_eq!(
        later.dataset.current_plan().unwrap().title,
        "Council Plan 2027-31"
    );
    assert_eq!(later.dataset.priorities.len(), 1);
}
on_both!(a_second_plan_is_kept_and_the_first_keeps_its_settings);

/// A long import tells how far it has got: counts that only grow, ending at every record of the
/// change set.
async fn an_import_tells_its_progress_up_to_every_record(store: &Store) {
    use std::sync::{Arc, Mutex};
    let package = demo();
    let mut held = store.load().await.unwrap();
    let diff = held.dataset.merge(package.dataset.clone());
    let told = Arc::new(Mutex::new(Vec::new()));
    let hook = Arc::clone(&told);
    let progress: ragbook_store::Progress =
        Arc::new(move |written| hook.lock().unwrap().push(written));
    let applied = store
        .apply_package(
            &diff,
            Some(&package.settings),
            &ragbook_store::PlanSettings::new(),
            &change("ann", "2026-11-01T09:00:00Z", None),
            Some(progress),
        )
        .await
        .unwrap();
    let told = told.lock().unwrap();
    assert!(told.len() > 5, "{told:?}");
    assert!(told.windows(2).all(|w| w[0] <= w[1]), "{told:?}");
    assert_eq!(told.last(), Some(&(applied.inserted + applied.updated)));
}
on_both!(an_import_tells_its_progress_up_to_every_record);
