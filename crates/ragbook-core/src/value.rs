//! A measure's value for a period: a figure, or a reason there is none. The reasons are kept
//! distinct because reports say different things for each ('Data due in Q3' is not 'TBC').

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::period::FinancialQuarter;

/// How firm a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Firmness {
    /// Final.
    Actual,
    /// Reported early, may change ("provisional 71.3%").
    Provisional,
    /// A forecast, e.g. a year-end projection.
    Projected,
    /// Changed after its quarter was reported.
    Restated,
}

/// Why a measure has no figure for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "quarter")]
pub enum Missing {
    /// The data does not exist for this period.
    NotAvailable,
    /// Expected, not yet received from the service or source.
    AwaitingData,
    /// A figure exists but is not yet confirmed.
    ToBeConfirmed,
    /// The measure does not apply to this period.
    NotApplicable,
    /// Published later in the year ("Data due in Q3").
    DueIn(FinancialQuarter),
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::NotAvailable => f.write_str("Not available"),
            Missing::AwaitingData => f.write_str("Awaiting data"),
            Missing::ToBeConfirmed => f.write_str("To be confirmed"),
            Missing::NotApplicable => f.write_str("Not applicable"),
            Missing::DueIn(quarter) => write!(f, "Data due in {}", quarter.short_label()),
        }
    }
}

/// A measure's value for one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureValue {
    /// A figure, with how firm it is.
    Figure {
        /// The exact figure.
        value: Decimal,
        /// Actual, provisional, projected or restated.
        firmness: Firmness,
    },
    /// No figure, and why.
    Missing(Missing),
}

impl MeasureValue {
    /// A final figure.
    pub fn actual(value: Decimal) -> MeasureValue {
        MeasureValue::Figure {
            value,
            firmness: Firmness::Actual,
        }
    }

    /// The figure, if there is one.
    pub fn figure(&self) -> Option<Decimal> {
        match self {
            MeasureValue::Figure { value, .. } => Some(*value),
            MeasureValue::Missing(_) => None,
        }
    }
}

/// A status word that is not one ragbook knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected a status (not available, awaiting data, to be confirmed, not applicable, due in QN), found {found:?}"
)]
pub struct UnknownStatus {
    /// What was given.
    pub found: String,
}

impl Missing {
    /// Reads the status words officers type in place of a figure. `year` is the financial year
    /// the value belongs to, so "Data due in Q3" can name its quarter.
    pub fn parse(text: &str, year: crate::period::FinancialYear) -> Result<Missing, UnknownStatus> {
        let trimmed = text.trim();
        let is = |words: &[&str]| words.iter().any(|w| trimmed.eq_ignore_ascii_case(w));
        let status = if is(&["not available", "n/a", "na", "not avail"]) {
            Missing::NotAvailable
        } else if is(&["awaiting data", "awaiting"]) {
            Missing::AwaitingData
        } else if is(&["to be confirmed", "tbc"]) {
            Missing::ToBeConfirmed
        } else if is(&["not applicable"]) {
            Missing::NotApplicable
        } else {
            let lower = trimmed.to_ascii_lowercase();
            let quarter = lower
                .strip_prefix("data due in q")
                .or_else(|| lower.strip_prefix("due in q"))
                .and_then(|n| n.trim().parse::<u8>().ok())
                .and_then(|n| FinancialQuarter::new(year, n));
            match quarter {
                Some(quarter) => Missing::DueIn(quarter),
                None => {
                    return Err(UnknownStatus {
                        found: text.to_owned(),
                    });
                }
            }
        };
        Ok(status)
    }
}

/// Whether `text` is one of the status words [`Missing::parse`] accepts, for callers that do
/// not know the financial year (and so cannot name the quarter in "Data due in Q3").
pub fn is_status_word(text: &str) -> bool {
    Missing::parse(text, crate::period::FinancialYear::starting(2000)).is_ok()
}

impl Firmness {
    /// The code used in files (blank also means actual).
    pub fn code(self) -> &'static str {
        match self {
            Firmness::Actual => "actual",
            Firmness::Provisional => "provisional",
            Firmness::Projected => "projected",
            Firmness::Restated => "restated",
        }
    }
}

impl Missing {
    /// The code used in files: `not available`, `awaiting data`, `to be confirmed`,
    /// `not applicable` or `due in Q3`.
    pub fn code(self) -> String {
        match self {
            Missing::NotAvailable => "not available".into(),
            Missing::AwaitingData => "awaiting data".into(),
            Missing::ToBeConfirmed => "to be confirmed".into(),
            Missing::NotApplicable => "not applicable".into(),
            Missing::DueIn(quarter) => format!("due in {}", quarter.short_label()),
        }
    }
}

impl FromStr for Firmness {
    type Err = UnknownStatus;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let is = |words: &[&str]| words.iter().any(|w| trimmed.eq_ignore_ascii_case(w));
        if is(&["", "actual", "final"]) {
            Ok(Firmness::Actual)
        } else if is(&["provisional"]) {
            Ok(Firmness::Provisional)
        } else if is(&["projected", "projection", "forecast"]) {
            Ok(Firmness::Projected)
        } else if is(&["restated"]) {
            Ok(Firmness::Restated)
        } else {
            Err(UnknownStatus {
                found: text.to_owned(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::FinancialYear;

    #[test]
    fn statuses_stay_distinct() {
        let year: FinancialYear = "2023-24".parse().unwrap();
        let due = Missing::parse("Data due in Q3", year).unwrap();
        assert_eq!(due, Missing::DueIn("2023-24-Q3".parse().unwrap()));
        assert_eq!(due.to_string(), "Data due in Q3");
        assert_eq!(Missing::parse("TBC", year), Ok(Missing::ToBeConfirmed));
        assert_ne!(
            Missing::parse("not available", year),
            Missing::parse("not applicable", year)
        );
        assert!(Missing::parse("due in Q7", year).is_err());
        assert_eq!("provisional".parse(), Ok(Firmness::Provisional));
    }
}
