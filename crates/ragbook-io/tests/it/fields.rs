//! Each kind of record is declared once: its struct in the core and its table's field list.
//! These tests fail when the two disagree, and show that a field column needs no code of its
//! own to be read, checked and written.

use std::collections::BTreeSet;

use ragbook_core::city::project::Stage;
use ragbook_core::city::{ProjectRecord, ProjectUpdate, RiskRecord, RiskUpdate};
use ragbook_core::dataset::{
    DeliverableRecord, DeliverableUpdate, HeadlineInitiative, MeasureRecord, MeasureUpdate,
    PriorityRecord, PriorityRename, PublishedRollup, RollupOf,
};
use ragbook_core::measure::{Polarity, Unit};
use ragbook_core::period::FinancialQuarter;
use ragbook_core::plan::ItemId;
use ragbook_io::package::definition::{TABLES, field_kind, table};
use serde::Serialize;

use crate::package::{copy_of_demo, read_fresh, with_first_row_cell};

fn id(text: &str) -> ItemId {
    ItemId::new(text).unwrap()
}

/// The names of a record's serde fields.
fn fields<T: Serialize>(record: &T) -> BTreeSet<String> {
    match serde_json::to_value(record).unwrap() {
        serde_json::Value::Object(object) => object.keys().cloned().collect(),
        other => panic!("not a record: {other}"),
    }
}

fn columns(name: &str) -> BTreeSet<String> {
    table(name)
        .unwrap()
        .columns
        .iter()
        .map(|c| c.name.to_owned())
        .collect()
}

/// A field added to a record and not to its table (or the other way round) would be lost on
/// the way in or out without a word: this names it.
#[test]
fn every_record_has_exactly_its_tables_columns() {
    let quarter: FinancialQuarter = "2026-27-Q2".parse().unwrap();
    let cases = [
        (
            "priorities",
            fields(&PriorityRecord::new(id("P1"), "P".into())),
        ),
        (
            "priority_renames",
            fields(&PriorityRename {
                priority: id("P1"),
                from: quarter,
                title: "P".into(),
                short_title: None,
            }),
        ),
        (
            "deliverables",
            fields(&DeliverableRecord::new(
                id("D1"),
                "D".into(),
                vec![id("P1")],
            )),
        ),
        (
            "measures",
            fields(&MeasureRecord::new(
                id("KM1"),
                "M".into(),
                Unit::Count,
                Polarity::HigherIsBetter,
            )),
        ),
        (
            "deliverable_updates",
            fields(&DeliverableUpdate::new(id("D1"), quarter)),
        ),
        (
            "measure_updates",
            fields(&MeasureUpdate::new(id("KM1"), quarter)),
        ),
        (
            "headline_initiatives",
            fields(&HeadlineInitiative {
                id: id("H1"),
                priority: id("P1"),
                title: "H".into(),
                description: None,
            }),
        ),
        (
            "published_rollups",
            fields(&PublishedRollup {
                priority: id("P1"),
                quarter,
                of: RollupOf::Measures,
                rating: "good".into(),
                source: None,
            }),
        ),
    ];
    let city = [
        (
            "projects",
            fields(&ProjectRecord::new(id("PP1"), "P".into(), vec![id("P1")])),
        ),
        (
            "project_updates",
            fields(&ProjectUpdate::new(id("PP1"), quarter, Stage::Active)),
        ),
        (
            "risks",
            fields(&RiskRecord::new(id("SR1"), "R".into(), vec![id("P1")])),
        ),
        ("risk_updates", fields(&RiskUpdate::new(id("SR1"), quarter))),
    ];
    for (table, record) in cases.into_iter().chain(city) {
        let mut columns = columns(table);
        if table == "risk_updates" {
            // Scores typed beside their levels, as a check: derived, so not fields.
            columns.remove("score");
            columns.remove("opportunity_score");
        }
        let missing: Vec<_> = record.difference(&columns).collect();
        let extra: Vec<_> = columns.difference(&record).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{table}: fields without a column {missing:?}, columns without a field {extra:?}"
        );
    }
}

#[test]
fn every_field_column_is_of_a_kind_read_without_code() {
    for definition in TABLES {
        for column in definition.columns.iter().filter(|c| c.field) {
            assert!(
                field_kind(column.kind),
                "{}.{} is a field of kind {:?}",
                definition.name,
                column.name,
                column.kind
            );
        }
    }
}

/// The demo package with one cell of its first measure set to `value`.
fn demo_with_measure_cell(column: &str, value: &str) -> tempfile::TempDir {
    let dir = copy_of_demo();
    let path = dir.path().join("measures.csv");
    let original = std::fs::read(&path).unwrap();
    with_first_row_cell(&path, &original, column, value);
    dir
}

/// A field column is read from its cell (trimmed; blank is none) and written back, with no
/// code of the measures table's own.
#[test]
fn a_field_column_is_read_and_written_by_its_name() {
    let dir = demo_with_measure_cell("owner", "  Head of Libraries ");
    let package = read_fresh(dir.path()).unwrap();
    assert_eq!(
        package.dataset.measures[0].owner.as_deref(),
        Some("Head of Libraries")
    );
    let rows = ragbook_io::package::write::table_rows(&package.dataset);
    let (definition, rows) = rows.iter().find(|(d, _)| d.name == "measures").unwrap();
    let owner = definition
        .columns
        .iter()
        .position(|c| c.name == "owner")
        .unwrap();
    assert_eq!(rows[0][owner], "Head of Libraries");

    let blank = demo_with_measure_cell("owner", "");
    let package = read_fresh(blank.path()).unwrap();
    assert_eq!(package.dataset.measures[0].owner, None);
}
