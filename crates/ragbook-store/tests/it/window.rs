//! Loading what a quarter reads: the same view of the quarter as loading everything held.

use ragbook_core::dataset::{ValueRecord, ValueWindow};
use ragbook_core::period::{AcademicYear, FinancialQuarter, FinancialYear, Month, Period};
use ragbook_core::value::{Firmness, MeasureValue};
use ragbook_store::Store;

use crate::{demo, on_both};

/// Fifteen years of figures of every kind for each of the demo's measures, before its own.
fn old_history(measures: &[ragbook_core::dataset::MeasureRecord]) -> Vec<ValueRecord> {
    let mut periods = Vec::new();
    for start in 2005..2020 {
        let year = FinancialYear::starting(start);
        periods.extend((1..=4).filter_map(|q| FinancialQuarter::new(year, q).map(Period::Quarter)));
        periods.extend((1..=12).filter_map(|m| Month::new(start, m).map(Period::Month)));
        periods.push(Period::FinancialYear(year));
        periods.push(Period::AcademicYear(AcademicYear::starting(start)));
        periods.push(Period::CalendarYear(start));
    }
    let mut values = Vec::new();
    for (m, measure) in measures.iter().enumerate() {
        for (p, period) in periods.iter().enumerate() {
            values.push(ValueRecord {
                measure: measure.id.clone(),
                period: *period,
                value: MeasureValue::Figure {
                    value: ((m * 7 + p) % 97 + 1).into(),
                    firmness: Firmness::Actual,
                },
                as_of: None,
                note: None,
            });
        }
    }
    values
}

async fn a_quarter_loads_its_window_and_reads_the_same(store: &Store) {
    let package = demo();
    let mut incoming = package.dataset.clone();
    incoming
        .measure_values
        .extend(old_history(&package.dataset.measures));
    // One measure retired long ago, its figures kept: none is read for a later quarter.
    let retired = incoming.measures[0].id.clone();
    incoming.measures[0].ends = Some("2020-21-Q4".parse().unwrap());
    let when = ("ann", "2026-11-01T09:00:00Z");
    crate::import(store, incoming, &package.settings, when).await;
    let whole = store.load().await.unwrap();
    for text in ["2026-27-Q2", "2025-26-Q4", "2023-24-Q1", "2019-20-Q3"] {
        let quarter: FinancialQuarter = text.parse().unwrap();
        let windowed = store.load_quarter(quarter).await.unwrap();
        // The database selects exactly what the core's rule keeps.
        assert_eq!(
            windowed.dataset.measure_values,
            ValueWindow::of(quarter).keep(&whole.dataset.measures, &whole.dataset.measure_values),
            "{text}"
        );
        assert!(windowed.dataset.measure_values.len() * 2 < whole.dataset.measure_values.len());
        let retired_read = windowed
            .dataset
            .measure_values
            .iter()
            .any(|v| v.measure == retired);
        assert_eq!(retired_read, text == "2019-20-Q3", "{text}");
        // And the quarter reads the same from either.
        assert_eq!(
            windowed.for_quarter(quarter).unwrap(),
            whole.for_quarter(quarter).unwrap(),
            "{text}"
        );
    }
    let quarters = whole
        .dataset
        .measure_values
        .iter()
        .filter_map(|v| match v.period {
            Period::Quarter(q) => Some(q),
            _ => None,
        })
        .chain(whole.dataset.deliverable_updates.iter().map(|u| u.quarter));
    assert_eq!(store.latest_quarter().await.unwrap(), quarters.max());
}
on_both!(a_quarter_loads_its_window_and_reads_the_same);

async fn nothing_held_has_no_latest_quarter(store: &Store) {
    assert_eq!(store.latest_quarter().await.unwrap(), None);
}
on_both!(nothing_held_has_no_latest_quarter);
