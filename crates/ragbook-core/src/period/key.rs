//! A period as one number that sorts periods of one kind by time, as the database keeps it.

use super::{AcademicYear, FinancialQuarter, FinancialYear, Month, Period};

/// The span of [`Period::key`]s of one kind: the keys of a kind are `kind * KEY_KIND_SPAN` and
/// up, so a kind's periods are one range of keys, in order of time.
pub const KEY_KIND_SPAN: i64 = 10_000_000;

impl Period {
    /// A number that identifies the period and sorts periods of one kind by time: the kind
    /// (1 quarter, 2 month, 3 financial year, 4 academic year, 5 calendar year) times
    /// 10,000,000, plus the year times 100, plus the quarter or month number.
    pub fn key(self) -> i64 {
        let (kind, year, part) = match self {
            Period::Quarter(q) => (1, q.year.start, q.quarter),
            Period::Month(m) => (2, m.year, m.month),
            Period::FinancialYear(y) => (3, y.start, 0),
            Period::AcademicYear(y) => (4, y.start, 0),
            Period::CalendarYear(y) => (5, y, 0),
        };
        kind * KEY_KIND_SPAN + i64::from(year) * 100 + i64::from(part)
    }

    /// The [`Period::key`]s of periods of this one's kind, which sort by time.
    pub fn kind_keys(self) -> std::ops::Range<i64> {
        let start = self.key() - self.key().rem_euclid(KEY_KIND_SPAN);
        start..start + KEY_KIND_SPAN
    }

    /// The [`Period::key`]s of quarters.
    pub fn quarter_keys() -> std::ops::Range<i64> {
        KEY_KIND_SPAN..2 * KEY_KIND_SPAN
    }

    /// The period a [`Period::key`] stands for.
    pub fn from_key(key: i64) -> Option<Period> {
        let kind = key / KEY_KIND_SPAN;
        let year = u16::try_from((key % KEY_KIND_SPAN) / 100).ok()?;
        let part = u8::try_from(key % 100).ok()?;
        match (kind, part) {
            (1, _) => {
                FinancialQuarter::new(FinancialYear::starting(year), part).map(Period::Quarter)
            }
            (2, _) => Month::new(year, part).map(Period::Month),
            (3, 0) => Some(Period::FinancialYear(FinancialYear::starting(year))),
            (4, 0) => Some(Period::AcademicYear(AcademicYear::starting(year))),
            (5, 0) => Some(Period::CalendarYear(year)),
            _ => None,
        }
    }
}
