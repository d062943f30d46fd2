//! Reporting periods: financial years from April, their quarters and months, academic years
//! (September to August), calendar years, and the 'as of' month a figure relates to, which can
//! lag the quarter it is reported in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

mod key;
pub use key::KEY_KIND_SPAN;

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Text that is not a period of the expected form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected}, found {found:?}")]
pub struct PeriodError {
    /// What was given.
    pub found: String,
    /// The form wanted, with an example.
    pub expected: &'static str,
}

/// A calendar month, e.g. Sep-2023: the month a figure is 'as of'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Month {
    year: u16,
    month: u8,
}

impl Month {
    /// A month from a year and a month number 1-12.
    pub fn new(year: u16, month: u8) -> Option<Month> {
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// The calendar year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month number, 1 for January.
    pub fn number(self) -> u8 {
        self.month
    }

    /// Months since year 0, so months can be subtracted.
    fn ordinal(self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month) - 1
    }

    /// How many months `self` is after `earlier` (negative when before).
    pub fn months_after(self, earlier: Month) -> i32 {
        self.ordinal() - earlier.ordinal()
    }

    /// The financial year the month falls in.
    pub fn financial_year(self) -> FinancialYear {
        if self.month >= 4 {
            FinancialYear::starting(self.year)
        } else {
            FinancialYear::starting(self.year - 1)
        }
    }

    /// The financial quarter the month falls in.
    pub fn financial_quarter(self) -> FinancialQuarter {
        let quarter = match self.month {
            4..=6 => 1,
            7..=9 => 2,
            10..=12 => 3,
            _ => 4,
        };
        FinancialQuarter {
            year: self.financial_year(),
            quarter,
        }
    }

    /// "September 2023", as a sentence names the month.
    pub fn full_label(self) -> String {
        const FULL: &str =
            "January February March April May June July August September October November December";
        let name = FULL
            .split(' ')
            .nth(usize::from(self.month - 1))
            .unwrap_or_default();
        format!("{name} {}", self.year)
    }

    /// "Sep 2023", as trend table columns are headed.
    pub fn long_label(self) -> String {
        format!("{} {}", MONTH_NAMES[usize::from(self.month - 1)], self.year)
    }
}

/// Written as in reports: `Sep-2023`.
impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            MONTH_NAMES[usize::from(self.month - 1)],
            self.year
        )
    }
}

impl FromStr for Month {
    type Err = PeriodError;

    /// Accepts `Sep-2023`, `Sep 2023`, `September 2023` and `2023-09`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_month(text).ok_or_else(|| PeriodError {
            found: text.to_owned(),
            expected: "a month such as Sep-2023 or 2023-09",
        })
    }
}

/// Month names are matched on their first three letters, ignoring case, without allocating:
/// periods are read for every row of large tables.
fn parse_month(text: &str) -> Option<Month> {
    let (first, second) = text.trim().split_once(['-', ' ', '/'])?;
    if let (Ok(year), Ok(month)) = (first.parse::<u16>(), second.parse::<u8>()) {
        return YEARS
            .contains(&year)
            .then(|| Month::new(year, month))
            .flatten();
    }
    let name = first.get(..3)?;
    let month = MONTH_NAMES
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name))?;
    if first.len() > 3 {
        // A full name must still be a month's name ("September", not "Septober").
        const FULL: [&str; 12] = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        let sept = month == 8 && first.eq_ignore_ascii_case("sept");
        if !(FULL[month].eq_ignore_ascii_case(first) || sept) {
            return None;
        }
    }
    let year: u16 = second.trim().parse().ok()?;
    if !YEARS.contains(&year) {
        return None;
    }
    Month::new(year, month as u8 + 1)
}

/// The years a typed period may be in: wide enough for any plan's history and future, narrow
/// enough to catch "Sep-203" and "0020".
const YEARS: std::ops::RangeInclusive<u16> = 1900..=2999;

/// A financial year, 1 April to 31 March, written `2023-24`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct FinancialYear {
    start: u16,
}

impl FinancialYear {
    /// The financial year that starts in April of `year`.
    pub fn starting(year: u16) -> FinancialYear {
        FinancialYear { start: year }
    }

    /// The calendar year it starts in.
    pub fn start_year(self) -> u16 {
        self.start
    }

    /// April, its first month.
    pub fn first_month(self) -> Month {
        Month {
            year: self.start,
            month: 4,
        }
    }

    /// March, its last month.
    pub fn last_month(self) -> Month {
        Month {
            year: self.start + 1,
            month: 3,
        }
    }

    /// Its four quarters in order.
    pub fn quarters(self) -> [FinancialQuarter; 4] {
        [1, 2, 3, 4].map(|quarter| FinancialQuarter {
            year: self,
            quarter,
        })
    }

    /// The year before.
    pub fn previous(self) -> FinancialYear {
        FinancialYear {
            start: self.start - 1,
        }
    }

    /// The year after.
    pub fn next(self) -> FinancialYear {
        FinancialYear {
            start: self.start + 1,
        }
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.start, (self.start + 1) % 100)
    }
}

/// Parses `2023-24` (also `2023/24` and `2023-2024`), checking the second year follows the first.
fn parse_year_pair(text: &str, expected: &'static str) -> Result<u16, PeriodError> {
    year_pair(text).ok_or_else(|| PeriodError {
        found: text.to_owned(),
        expected,
    })
}

fn year_pair(text: &str) -> Option<u16> {
    let (first, second) = text.trim().split_once(['-', '/'])?;
    let start: u16 = first.parse().ok()?;
    if first.len() != 4 || !YEARS.contains(&start) {
        return None;
    }
    let end_matches = match second.len() {
        2 => second.parse::<u16>().ok() == Some((start + 1) % 100),
        4 => second.parse::<u16>().ok() == Some(start + 1),
        _ => false,
    };
    end_matches.then_some(start)
}

fn quarter(text: &str) -> Option<FinancialQuarter> {
    let trimmed = text.trim();
    let split = trimmed.rfind(['q', 'Q']).filter(|&i| i > 0)?;
    let year = year_pair(trimmed[..split].trim_end_matches(['-', ' ']))?;
    let number: u8 = trimmed[split + 1..].parse().ok()?;
    FinancialQuarter::new(FinancialYear::starting(year), number)
}

impl FromStr for FinancialYear {
    type Err = PeriodError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_year_pair(text, "a financial year such as 2023-24").map(FinancialYear::starting)
    }
}

/// One quarter of a financial year: Q1 April-June ... Q4 January-March. Written `2023-24-Q2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct FinancialQuarter {
    year: FinancialYear,
    quarter: u8,
}

impl FinancialQuarter {
    /// Quarter `quarter` (1-4) of `year`.
    pub fn new(year: FinancialYear, quarter: u8) -> Option<FinancialQuarter> {
        (1..=4)
            .contains(&quarter)
            .then_some(FinancialQuarter { year, quarter })
    }

    /// The financial year.
    pub fn year(self) -> FinancialYear {
        self.year
    }

    /// 1 to 4.
    pub fn number(self) -> u8 {
        self.quarter
    }

    /// The last month of the quarter: Jun, Sep, Dec or Mar.
    pub fn end_month(self) -> Month {
        let first = self.year.first_month().ordinal() + i32::from(self.quarter) * 3 - 1;
        Month {
            year: (first / 12) as u16,
            month: (first % 12 + 1) as u8,
        }
    }

    /// The quarter after, crossing into the next year from Q4.
    pub fn next(self) -> FinancialQuarter {
        if self.quarter == 4 {
            FinancialQuarter {
                year: self.year.next(),
                quarter: 1,
            }
        } else {
            FinancialQuarter {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }

    /// The quarter before, crossing into the previous year from Q1.
    pub fn previous(self) -> FinancialQuarter {
        if self.quarter == 1 {
            FinancialQuarter {
                year: self.year.previous(),
                quarter: 4,
            }
        } else {
            FinancialQuarter {
                year: self.year,
                quarter: self.quarter - 1,
            }
        }
    }

    /// "Quarter 2 2023-24", as report headings say it.
    pub fn long_label(self) -> String {
        format!("Quarter {} {}", self.quarter, self.year)
    }

    /// "Q2", as 'Good (Strong in Q1)' says it.
    pub fn short_label(self) -> String {
        format!("Q{}", self.quarter)
    }

    /// How far an 'as of' month trails this quarter, deciding which table a measure goes in.
    pub fn freshness_of(self, as_of: Month) -> Freshness {
        let quarter = as_of.financial_quarter();
        if quarter == self {
            Freshness::ThisQuarter
        } else if quarter < self {
            Freshness::Earlier(quarter)
        } else {
            Freshness::Later(quarter)
        }
    }
}

impl fmt::Display for FinancialQuarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.quarter)
    }
}

impl FromStr for FinancialQuarter {
    type Err = PeriodError;

    /// Accepts `2023-24-Q2` and `2023-24 Q2`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        quarter(text).ok_or_else(|| PeriodError {
            found: text.to_owned(),
            expected: "a quarter such as 2023-24-Q2",
        })
    }
}

/// Where a figure's 'as of' month sits relative to the reporting quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Data for the quarter being reported.
    ThisQuarter,
    /// Data for an earlier quarter, reported in arrears.
    Earlier(FinancialQuarter),
    /// Data dated after the reporting quarter (a mistake, or a forecast).
    Later(FinancialQuarter),
}

/// An academic year, September to August, written `2022-23 a/y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct AcademicYear {
    start: u16,
}

impl AcademicYear {
    /// The academic year starting in September of `year`.
    pub fn starting(year: u16) -> AcademicYear {
        AcademicYear { start: year }
    }

    /// The academic year a month falls in.
    pub fn containing(month: Month) -> AcademicYear {
        if month.month >= 9 {
            AcademicYear::starting(month.year)
        } else {
            AcademicYear::starting(month.year - 1)
        }
    }

    /// August, its last month.
    pub fn last_month(self) -> Month {
        Month {
            year: self.start + 1,
            month: 8,
        }
    }
}

impl fmt::Display for AcademicYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02} a/y", self.start, (self.start + 1) % 100)
    }
}

impl FromStr for AcademicYear {
    type Err = PeriodError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let years = trimmed
            .strip_suffix("a/y")
            .or_else(|| trimmed.strip_suffix("ay"))
            .unwrap_or(trimmed)
            .trim();
        parse_year_pair(years, "an academic year such as 2022-23 a/y").map(AcademicYear::starting)
    }
}

/// The span of time a figure covers, in whichever calendar the measure uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Period {
    /// A financial year.
    FinancialYear(FinancialYear),
    /// A quarter of a financial year.
    Quarter(FinancialQuarter),
    /// A single month.
    Month(Month),
    /// An academic year.
    AcademicYear(AcademicYear),
    /// A calendar year.
    CalendarYear(u16),
}

impl Period {
    /// The first month the period covers.
    pub fn start_month(self) -> Month {
        match self {
            Period::FinancialYear(year) => year.first_month(),
            Period::Quarter(quarter) => Month {
                year: quarter.end_month().year,
                month: quarter.end_month().month - 2,
            },
            Period::Month(month) => month,
            Period::AcademicYear(year) => Month {
                year: year.start,
                month: 9,
            },
            Period::CalendarYear(year) => Month { year, month: 1 },
        }
    }

    /// Whether the period shares any month with `quarter`.
    pub fn overlaps(self, quarter: FinancialQuarter) -> bool {
        let (start, end) = (self.start_month(), self.end_month());
        let quarter = Period::Quarter(quarter);
        start <= quarter.end_month() && end >= quarter.start_month()
    }

    /// The last month the period covers: what 'as of' means when nothing else is said.
    pub fn end_month(self) -> Month {
        match self {
            Period::FinancialYear(year) => year.last_month(),
            Period::Quarter(quarter) => quarter.end_month(),
            Period::Month(month) => month,
            Period::AcademicYear(year) => year.last_month(),
            Period::CalendarYear(year) => Month { year, month: 12 },
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::FinancialYear(year) => year.fmt(f),
            Period::Quarter(quarter) => quarter.fmt(f),
            Period::Month(month) => month.fmt(f),
            Period::AcademicYear(year) => year.fmt(f),
            Period::CalendarYear(year) => write!(f, "{year}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    /// Tries, in order: quarter (`2023-24-Q2`), academic year (`2022-23 a/y`), financial year
    /// (`2023-24`), calendar year (`2023`), month (`Sep-2023`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let error = || PeriodError {
            found: text.to_owned(),
            expected: "a period such as 2023-24-Q2, 2023-24, 2022-23 a/y, 2023 or Sep-2023",
        };
        if let Some(quarter) = quarter(trimmed) {
            return Ok(Period::Quarter(quarter));
        }
        if let Some(years) = trimmed
            .strip_suffix("a/y")
            .or_else(|| trimmed.strip_suffix("ay"))
        {
            return year_pair(years.trim())
                .map(|y| Period::AcademicYear(AcademicYear::starting(y)))
                .ok_or_else(error);
        }
        if let Some(year) = year_pair(trimmed) {
            return Ok(Period::FinancialYear(FinancialYear::starting(year)));
        }
        if trimmed.len() == 4
            && let Ok(year) = trimmed.parse::<u16>()
            && YEARS.contains(&year)
        {
            return Ok(Period::CalendarYear(year));
        }
        parse_month(trimmed).map(Period::Month).ok_or_else(error)
    }
}

/// Periods travel (in JSON exports and revision records) as the text people write.
macro_rules! as_text {
    ($($type:ty),*) => {$(
        impl From<$type> for String {
            fn from(period: $type) -> String {
                period.to_string()
            }
        }

        impl TryFrom<String> for $type {
            type Error = PeriodError;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                text.parse()
            }
        }
    )*};
}

as_text!(Month, FinancialYear, FinancialQuarter, AcademicYear, Period);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_end_on_the_months_trend_tables_head() {
        let year: FinancialYear = "2023-24".parse().unwrap();
        let ends: Vec<String> = year
            .quarters()
            .iter()
            .map(|q| q.end_month().long_label())
            .collect();
        assert_eq!(ends, ["Jun 2023", "Sep 2023", "Dec 2023", "Mar 2024"]);
    }

    #[test]
    fn parses_and_prints_every_period_form() {
        for text in ["2023-24-Q2", "2023-24", "2022-23 a/y", "2023", "Sep-2023"] {
            let period: Period = text.parse().unwrap();
            assert_eq!(period.to_string(), text);
        }
        assert_eq!(
            "2023/24 Q3"
                .parse::<FinancialQuarter>()
                .unwrap()
                .to_string(),
            "2023-24-Q3"
        );
        assert_eq!("2023-09".parse::<Month>().unwrap().to_string(), "Sep-2023");
        assert_eq!(
            "September 2023".parse::<Month>().unwrap().to_string(),
            "Sep-2023"
        );
    }

    #[test]
    fn refuses_years_that_do_not_follow_on() {
        assert!("2023-25".parse::<FinancialYear>().is_err());
        assert!("2023-24-Q5".parse::<FinancialQuarter>().is_err());
        assert!("Sept-20x3".parse::<Month>().is_err());
        assert!("13-2023".parse::<Month>().is_err());
        // Found by fuzzing: "0020" read as the year 20, which printed as "20" and read back as nothing.
        assert!("0020".parse::<Period>().is_err());
        assert!("Sep-203".parse::<Month>().is_err());
    }

    #[test]
    fn months_belong_to_financial_and_academic_years() {
        let march: Month = "Mar-2024".parse().unwrap();
        assert_eq!(march.financial_year().to_string(), "2023-24");
        assert_eq!(march.financial_quarter().to_string(), "2023-24-Q4");
        let august: Month = "Aug-2023".parse().unwrap();
        assert_eq!(AcademicYear::containing(august).to_string(), "2022-23 a/y");
        let q1: FinancialQuarter = "2024-25-Q1".parse().unwrap();
        assert_eq!(q1.previous().to_string(), "2023-24-Q4");
    }

    #[test]
    fn period_keys_round_trip_and_overlaps_follow_months() {
        for text in ["2023-24-Q2", "2023-24", "2022-23 a/y", "2023", "Sep-2023"] {
            let period: Period = text.parse().unwrap();
            assert_eq!(Period::from_key(period.key()), Some(period), "{text}");
        }
        let q2: FinancialQuarter = "2023-24-Q2".parse().unwrap();
        let overlaps = |text: &str| text.parse::<Period>().unwrap().overlaps(q2);
        assert!(overlaps("2023-24"));
        assert!(overlaps("Aug-2023"));
        assert!(overlaps("2023"));
        assert!(
            overlaps("2022-23 a/y"),
            "September 2022 to August 2023 includes July and August"
        );
        assert!(!overlaps("2023-24-Q3"));
        assert!(!overlaps("2022-23"));
        assert!(
            "2023-24-Q1".parse::<Period>().unwrap().key()
                < "2023-24-Q2".parse::<Period>().unwrap().key()
        );
    }

    #[test]
    fn as_of_months_can_lag_the_reporting_quarter() {
        let q2: FinancialQuarter = "2023-24-Q2".parse().unwrap();
        assert_eq!(
            q2.freshness_of("Sep-2023".parse().unwrap()),
            Freshness::ThisQuarter
        );
        assert_eq!(
            q2.freshness_of("Aug-2023".parse().unwrap()),
            Freshness::ThisQuarter
        );
        assert_eq!(
            q2.freshness_of("Jun-2023".parse().unwrap()),
            Freshness::Earlier("2023-24-Q1".parse().unwrap())
        );
        assert_eq!(
            q2.freshness_of("Mar-2023".parse().unwrap()),
            Freshness::Earlier("2022-23-Q4".parse().unwrap())
        );
        assert_eq!(
            "Sep-2023"
                .parse::<Month>()
                .unwrap()
                .months_after("Jun-2023".parse().unwrap()),
            3
        );
    }
}
