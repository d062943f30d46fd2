//! The measure figures a quarter's reports and checks read, so that their cost follows the
//! quarter and not the years of history (or the retired measures) held. [`Dataset::for_quarter`] keeps only these, and a
//! store can load only these: either way the quarter's view is the same.

use std::collections::{HashMap, HashSet};

use super::{Dataset, Lifetime, MeasureRecord, ValueRecord};
use crate::period::{AcademicYear, FinancialQuarter, FinancialYear, Month, Period};
use crate::plan::ItemId;

/// How many financial years of figures a quarter reads: its own and the three before. The
/// charts show three years ([`crate::quarter::HISTORY_YEARS`]); a service plan for a year,
/// read as at its first quarter, prints the three years before it.
pub const WINDOW_YEARS: u16 = 4;

const _: () = assert!(crate::quarter::HISTORY_YEARS <= WINDOW_YEARS as usize);

/// The figures a quarter reads, those of the measures in force in it: every figure for a period
/// ending in the window's years, and, for each measure and kind of period (quarter, month,
/// financial, academic or calendar year), the latest one ending before them: the figure still
/// reported for a measure that has not been updated since, and the last of its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueWindow {
    quarter: FinancialQuarter,
    first_year: FinancialYear,
}

/// One kind of period's [`Period::key`]s: all of them run from `start` to before `end`; those
/// ending in the window run from `first`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRange {
    /// The kind's first key.
    pub start: i64,
    /// The first key of a period ending in the window.
    pub first: i64,
    /// The next kind's first key.
    pub end: i64,
}

impl ValueWindow {
    /// The window of `quarter`: its financial year and the [`WINDOW_YEARS`] - 1 before.
    pub fn of(quarter: FinancialQuarter) -> ValueWindow {
        let year = quarter.year();
        ValueWindow {
            quarter,
            first_year: FinancialYear::starting(year.start_year().saturating_sub(WINDOW_YEARS - 1)),
        }
    }

    /// Whether the window holds figures of `measure`: whether it is in force in the quarter.
    pub fn holds(self, measure: &MeasureRecord) -> bool {
        measure.in_force(self.quarter)
    }

    /// The window's first month: figures for periods ending earlier are history.
    pub fn from(self) -> Month {
        self.first_year.first_month()
    }

    /// For each kind of period, its range of keys: a database selects the window's figures by
    /// these, which is the same as [`ValueWindow::keep`] because keys of one kind sort by time.
    pub fn key_ranges(self) -> [KeyRange; 5] {
        let year = self.first_year;
        let first = [
            FinancialQuarter::new(year, 1).map_or(Period::FinancialYear(year), Period::Quarter),
            Period::Month(year.first_month()),
            Period::FinancialYear(year),
            // An academic year ends in August: the one ending in the window's first year.
            Period::AcademicYear(AcademicYear::starting(year.start_year().saturating_sub(1))),
            Period::CalendarYear(year.start_year()),
        ];
        first.map(|period| {
            let keys = period.kind_keys();
            KeyRange {
                start: keys.start,
                first: period.key(),
                end: keys.end,
            }
        })
    }

    /// The figures of `values` the window holds, in their order, given every one of `measures`.
    pub fn keep(self, measures: &[MeasureRecord], values: &[ValueRecord]) -> Vec<ValueRecord> {
        let held: HashSet<&ItemId> = measures
            .iter()
            .filter(|m| self.holds(m))
            .map(|m| &m.id)
            .collect();
        let values: Vec<&ValueRecord> = values
            .iter()
            .filter(|v| held.contains(&v.measure))
            .collect();
        let from = self.from();
        let kind = |v: &ValueRecord| v.period.kind_keys().start;
        let mut latest: HashMap<(&ItemId, i64), i64> = HashMap::new();
        for value in values.iter().filter(|v| v.period.end_month() < from) {
            let key = value.period.key();
            latest
                .entry((&value.measure, kind(value)))
                .and_modify(|k| *k = (*k).max(key))
                .or_insert(key);
        }
        values
            .iter()
            .filter(|v| {
                v.period.end_month() >= from
                    || latest.get(&(&v.measure, kind(v))) == Some(&v.period.key())
            })
            .map(|v| (*v).clone())
            .collect()
    }
}

impl Dataset {
    /// The figures of `quarter`'s window ([`ValueWindow`]).
    pub(super) fn values_for(&self, quarter: FinancialQuarter) -> Vec<ValueRecord> {
        ValueWindow::of(quarter).keep(&self.measures, &self.measure_values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::{Polarity, Unit};
    use crate::value::{Firmness, MeasureValue};

    fn measures(ids: &[&str]) -> Vec<MeasureRecord> {
        ids.iter()
            .map(|id| {
                let id = ItemId::new(id).unwrap();
                MeasureRecord::new(
                    id,
                    "A measure".into(),
                    Unit::Count,
                    Polarity::HigherIsBetter,
                )
            })
            .collect()
    }

    fn value(measure: &str, period: Period) -> ValueRecord {
        ValueRecord {
            measure: ItemId::new(measure).unwrap(),
            period,
            value: MeasureValue::Figure {
                value: 1.into(),
                firmness: Firmness::Actual,
            },
            as_of: None,
            note: None,
        }
    }

    fn quarter(text: &str) -> FinancialQuarter {
        text.parse().unwrap()
    }

    /// Every period of every kind from 1990 to 2040.
    fn periods() -> Vec<Period> {
        let mut all = Vec::new();
        for start in 1990..2040 {
            let year = FinancialYear::starting(start);
            all.extend((1..=4).filter_map(|q| FinancialQuarter::new(year, q).map(Period::Quarter)));
            all.extend((1..=12).filter_map(|m| Month::new(start, m).map(Period::Month)));
            all.push(Period::FinancialYear(year));
            all.push(Period::AcademicYear(AcademicYear::starting(start)));
            all.push(Period::CalendarYear(start));
        }
        all
    }

    #[test]
    fn key_ranges_select_the_periods_ending_in_the_window() {
        for text in ["2026-27-Q4", "2026-27-Q1", "2003-04-Q2"] {
            let window = ValueWindow::of(quarter(text));
            let ranges = window.key_ranges();
            for period in periods() {
                let key = period.key();
                let range = ranges
                    .iter()
                    .find(|r| r.start <= key && key < r.end)
                    .unwrap();
                assert_eq!(
                    key >= range.first,
                    period.end_month() >= window.from(),
                    "{period} in {text}'s window"
                );
            }
        }
    }

    #[test]
    fn the_window_is_the_quarters_year_and_the_three_before() {
        let window = ValueWindow::of(quarter("2026-27-Q3"));
        assert_eq!(window.from(), "Apr-2023".parse().unwrap());
    }

    #[test]
    fn keeps_the_window_and_the_latest_earlier_figure_of_each_kind() {
        let year = |start| Period::FinancialYear(FinancialYear::starting(start));
        let q = |text: &str| Period::Quarter(quarter(text));
        let values = vec![
            value("KM1", year(2018)),
            value("KM1", year(2020)),
            value("KM1", q("2019-20-Q4")),
            value("KM1", q("2021-22-Q4")),
            value("KM1", q("2023-24-Q1")),
            value("KM2", year(2019)),
            value("KM2", Period::AcademicYear(AcademicYear::starting(2020))),
            value("KM2", Period::AcademicYear(AcademicYear::starting(2021))),
            value("KM2", Period::AcademicYear(AcademicYear::starting(2022))),
        ];
        let kept = ValueWindow::of(quarter("2026-27-Q1")).keep(&measures(&["KM1", "KM2"]), &values);
        let shown: Vec<String> = kept
            .iter()
            .map(|v| format!("{} {}", v.measure, v.period))
            .collect();
        assert_eq!(
            shown,
            [
                "KM1 2020-21",
                "KM1 2021-22-Q4",
                "KM1 2023-24-Q1",
                "KM2 2019-20",
                "KM2 2021-22 a/y",
                "KM2 2022-23 a/y",
            ]
            .map(String::from)
        );
    }

    #[test]
    fn keeping_twice_keeps_the_same() {
        let values: Vec<ValueRecord> = periods().into_iter().map(|p| value("KM1", p)).collect();
        let window = ValueWindow::of(quarter("2030-31-Q2"));
        let held = measures(&["KM1"]);
        let once = window.keep(&held, &values);
        assert!(once.len() < values.len());
        assert_eq!(window.keep(&held, &once), once);
    }

    #[test]
    fn holds_no_figures_of_a_measure_not_in_force() {
        let mut held = measures(&["KM1", "KM2"]);
        held[1].ends = Some(quarter("2019-20-Q4"));
        let recent = Period::Quarter(quarter("2026-27-Q1"));
        let values = vec![
            value("KM1", recent),
            value("KM2", recent),
            value("KM3", recent),
        ];
        let kept = ValueWindow::of(quarter("2026-27-Q1")).keep(&held, &values);
        assert_eq!(kept, values[..1]);
    }
}
