//! Calendar dates as officers type them ("31/03/2024", "31 Mar 2024", "2024-03-31"), checked
//! to exist: 31/09/2020 is refused, not rolled over into October.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date(time::Date);

/// Text that is not a real date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not in a form ragbook reads.
    #[error("expected a date such as 31/03/2024, 31 Mar 2024 or 2024-03-31, found {found:?}")]
    Form {
        /// The text given.
        found: String,
    },
    /// In a readable form, but the day does not exist.
    #[error("{found:?} is not a real date: {reason}")]
    Impossible {
        /// The text given.
        found: String,
        /// Why, e.g. "September has 30 days".
        reason: String,
    },
}

impl Date {
    /// A date from its parts, if it exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date)
    }

    /// The date an Excel serial number stands for (1 is 1 January 1900; Excel's fictitious
    /// 29 February 1900 is skipped, as every spreadsheet does since 1 March 1900).
    pub fn from_excel_serial(serial: i64) -> Option<Date> {
        // 30 December 1899 is serial 0 for every date from March 1900 on.
        let epoch = time::Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
        let days = i32::try_from(serial).ok()?;
        if serial < 61 {
            return None;
        }
        time::Date::from_julian_day(epoch.to_julian_day().checked_add(days)?)
            .ok()
            .map(Date)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1-12.
    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// "31 Mar 2024", as reports write it.
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day(),
            MONTHS[usize::from(self.month() - 1)],
            self.year()
        )
    }
}

/// ISO 8601, `2024-03-31`: how ragbook stores and exports dates.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Reads `2024-03-31`, `31/03/2024` (day first, as in the UK), `31 Mar 2024`,
    /// `31-Mar-2024` and `31 March 2024`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let form = || DateError::Form {
            found: text.to_owned(),
        };
        let parts: Vec<&str> = trimmed
            .split(['-', '/', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        let [first, second, third] = parts[..] else {
            return Err(form());
        };
        let number = |part: &str| part.parse::<i32>().map_err(|_| form());
        let (year, month, day) = if first.len() == 4 {
            (number(first)?, number(second)?, number(third)?)
        } else {
            let month = match second.parse::<i32>() {
                Ok(month) => month,
                Err(_) => {
                    let name = second.get(..3).ok_or_else(form)?.to_ascii_lowercase();
                    MONTHS
                        .iter()
                        .position(|m| m.to_ascii_lowercase() == name)
                        .map(|i| i as i32 + 1)
                        .ok_or_else(form)?
                }
            };
            if third.len() != 4 {
                return Err(form());
            }
            (number(third)?, month, number(first)?)
        };
        let impossible = |reason: String| DateError::Impossible {
            found: text.to_owned(),
            reason,
        };
        if !(1..=12).contains(&month) {
            return Err(impossible(format!("there is no month {month}")));
        }
        let month_name = time::Month::try_from(month as u8).map_err(|_| form())?;
        let days = time::util::days_in_month(month_name, year);
        if day < 1 || day > i32::from(days) {
            return Err(impossible(format!("{month_name} {year} has {days} days")));
        }
        Date::new(year, month as u8, day as u8).ok_or_else(form)
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_officers_type() {
        for text in [
            "2024-03-31",
            "31/03/2024",
            "31 Mar 2024",
            "31-Mar-2024",
            "31 March 2024",
            " 31/3/2024 ",
        ] {
            assert_eq!(
                text.parse::<Date>().unwrap().to_string(),
                "2024-03-31",
                "{text}"
            );
        }
        assert_eq!("2024-03-31".parse::<Date>().unwrap().long(), "31 Mar 2024");
    }

    #[test]
    fn refuses_dates_that_do_not_exist() {
        let error = "31/09/2020".parse::<Date>().unwrap_err().to_string();
        assert_eq!(
            error,
            "\"31/09/2020\" is not a real date: September 2020 has 30 days"
        );
        assert!(
            "29/02/2023"
                .parse::<Date>()
                .unwrap_err()
                .to_string()
                .contains("February 2023 has 28 days")
        );
        assert!("29/02/2024".parse::<Date>().is_ok(), "2024 is a leap year");
        assert!(
            "2024-13-01"
                .parse::<Date>()
                .unwrap_err()
                .to_string()
                .contains("no month 13")
        );
        assert!(
            "03/31/2024".parse::<Date>().is_err(),
            "US order is not a UK date"
        );
        assert!(
            "soon"
                .parse::<Date>()
                .unwrap_err()
                .to_string()
                .contains("expected a date")
        );
        assert!(
            "31/03/24".parse::<Date>().is_err(),
            "two-digit years are ambiguous"
        );
    }

    #[test]
    fn excel_serial_numbers() {
        assert_eq!(
            Date::from_excel_serial(45382).unwrap().to_string(),
            "2024-03-31"
        );
        assert_eq!(
            Date::from_excel_serial(61).unwrap().to_string(),
            "1900-03-01"
        );
        assert_eq!(Date::from_excel_serial(10), None);
    }
}
