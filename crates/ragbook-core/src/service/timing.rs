//! When a service plan's action starts or completes, as plans write it: a full date, a month,
//! a financial year or a calendar year (each with its precision), or a status (Ongoing,
//! Underway, To be confirmed). A completion is checked against the start at the precision
//! both are given to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::period::{FinancialYear, Month};

/// An action's start or completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Timing {
    /// A full date: "31 Mar 2025".
    Date(Date),
    /// A month: "April 2024".
    Month(Month),
    /// A financial year: "2024-25".
    FinancialYear(FinancialYear),
    /// A calendar year: "2025".
    Year(u16),
    /// Carrying on with no end.
    Ongoing,
    /// Started, date not given.
    Underway,
    /// Not yet known.
    ToBeConfirmed,
}

/// Text that is not a timing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadTiming {
    /// Not in any form a timing takes.
    #[error(
        "expected a date (2025-03-31), a month (Apr-2024), a financial year (2024-25), a year (2025), Ongoing, Underway or To be confirmed, found {0:?}"
    )]
    Form(String),
    /// A date in a readable form that does not exist (31 September).
    #[error("{0}")]
    NoSuchDate(crate::date::DateError),
}

impl FromStr for Timing {
    type Err = BadTiming;
    fn from_str(text: &str) -> Result<Timing, BadTiming> {
        let text = text.trim();
        let bad = || BadTiming::Form(text.to_owned());
        match text.to_lowercase().as_str() {
            "ongoing" => return Ok(Timing::Ongoing),
            "underway" => return Ok(Timing::Underway),
            "tbc" | "to be confirmed" => return Ok(Timing::ToBeConfirmed),
            _ => {}
        }
        if let Ok(year) = text.parse::<u16>() {
            return (1990..=2100)
                .contains(&year)
                .then_some(Timing::Year(year))
                .ok_or_else(bad);
        }
        match text.parse::<Date>() {
            Ok(date) => return Ok(Timing::Date(date)),
            Err(error @ crate::date::DateError::Impossible { .. }) => {
                return Err(BadTiming::NoSuchDate(error));
            }
            Err(_) => {}
        }
        if let Ok(year) = text.replace('/', "-").parse::<FinancialYear>() {
            return Ok(Timing::FinancialYear(year));
        }
        text.parse::<Month>().map(Timing::Month).map_err(|_| bad())
    }
}

impl TryFrom<String> for Timing {
    type Error = BadTiming;
    fn try_from(text: String) -> Result<Timing, BadTiming> {
        text.parse()
    }
}

/// Written as files take it back: `2025-03-31`, `Apr-2024`, `2024-25`, `2025`, `Ongoing`.
impl From<Timing> for String {
    fn from(timing: Timing) -> String {
        match timing {
            Timing::Date(date) => date.to_string(),
            Timing::Month(month) => month.to_string(),
            Timing::FinancialYear(year) => year.to_string(),
            Timing::Year(year) => year.to_string(),
            Timing::Ongoing => "Ongoing".into(),
            Timing::Underway => "Underway".into(),
            Timing::ToBeConfirmed => "To be confirmed".into(),
        }
    }
}

/// As the plan prints it: "31 Mar 2025", "April 2024", "2024-25", "Ongoing".
impl fmt::Display for Timing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Timing::Date(date) => f.write_str(&date.long()),
            Timing::Month(month) => f.write_str(&month.full_label()),
            other => f.write_str(&String::from(*other)),
        }
    }
}

/// A point in time to the day: a month and a day of it.
type Day = (Month, u8);

impl Timing {
    /// The first and last day it may mean; none for a status.
    fn span(self) -> Option<(Day, Day)> {
        let month = |year: u16, month: u8| Month::new(year, month);
        Some(match self {
            Timing::Date(date) => {
                let m = month(u16::try_from(date.year()).ok()?, date.month())?;
                ((m, date.day()), (m, date.day()))
            }
            Timing::Month(m) => ((m, 1), (m, 31)),
            Timing::FinancialYear(year) => ((year.first_month(), 1), (year.last_month(), 31)),
            Timing::Year(year) => ((month(year, 1)?, 1), (month(year, 12)?, 31)),
            Timing::Ongoing | Timing::Underway | Timing::ToBeConfirmed => return None,
        })
    }

    /// Whether a completion at `self` is before a start at `start`, at the precision both are
    /// given to: "March 2025" after "1 March 2025" is not before it.
    pub fn before(self, start: Timing) -> bool {
        match (self.span(), start.span()) {
            (Some((_, complete_last)), Some((start_first, _))) => complete_last < start_first,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Timing {
        text.parse().unwrap()
    }

    #[test]
    fn timings_are_read_as_plans_write_them_and_written_back() {
        for (text, shown) in [
            ("2025-03-31", "31 Mar 2025"),
            ("Apr-2024", "April 2024"),
            ("April 2024", "April 2024"),
            ("2024-25", "2024-25"),
            ("2024/25", "2024-25"),
            ("2025", "2025"),
            ("ongoing", "Ongoing"),
            ("TBC", "To be confirmed"),
        ] {
            let timing = t(text);
            assert_eq!(timing.to_string(), shown, "{text}");
            assert_eq!(t(&String::from(timing)), timing, "{text} round trips");
        }
        let error = "2024-09-31".parse::<Timing>().unwrap_err().to_string();
        assert!(error.contains("is not a real date"), "{error}");
        assert!("soon".parse::<Timing>().is_err());
    }

    #[test]
    fn a_completion_before_its_start_is_caught_at_their_precision() {
        assert!(t("Mar-2024").before(t("Apr-2024")));
        assert!(
            !t("Mar-2025").before(t("2025-03-01")),
            "March 2025 may be after 1 March"
        );
        assert!(t("2025-02-28").before(t("2025-03-01")));
        assert!(!t("2024-25").before(t("Apr-2024")));
        assert!(t("2023").before(t("2024-25")));
        assert!(
            !t("Ongoing").before(t("Apr-2024")),
            "a status is never before"
        );
    }
}
