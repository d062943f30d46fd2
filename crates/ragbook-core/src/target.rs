//! Targets as councils set them: a figure, a year-to-date profile of a full-year figure, a range,
//! a bound ("2% or less"), a benchmark to beat, or no target at all for a stated reason.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::figure::{FigureError, format_figure, parse_figure};
use crate::measure::{Polarity, Unit};

/// Which side of a bound is acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundSide {
    /// "2% or less".
    AtMost,
    /// "90% or more".
    AtLeast,
}

/// A measure's target for a period.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Target {
    /// A single figure to reach.
    Figure {
        /// The target figure.
        value: Decimal,
    },
    /// The share of a full-year target due by this point ("Q2 target £2.45m of a £4m year").
    ProfiledYearToDate {
        /// Due by the end of this period; this is what the figure is rated against.
        to_date: Decimal,
        /// The whole year's target, for context.
        full_year: Decimal,
    },
    /// Anywhere from `low` to `high` (inclusive) is on target ("15-21").
    Range {
        /// Lowest acceptable figure.
        low: Decimal,
        /// Highest acceptable figure.
        high: Decimal,
    },
    /// A limit not to cross ("2% or less").
    Bound {
        /// The limit.
        limit: Decimal,
        /// Which side is acceptable.
        side: BoundSide,
    },
    /// Beat a benchmark series ("faster than nationally"); rated by the comparator method.
    Benchmark {
        /// The benchmark series id, e.g. `national`.
        series: String,
    },
    /// Watched without a target, by design.
    Monitor,
    /// The first year's data is being collected to set a target from.
    Baseline,
    /// No target has been set (yet).
    NotSet,
}

/// What the rating engine compares a figure with, once a target has been resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yardstick {
    /// Compare with this figure, this way round.
    Figure {
        /// The figure to compare with.
        target: Decimal,
        /// Which way is better for this comparison.
        polarity: Polarity,
    },
    /// Compare with this benchmark figure by the comparator rule.
    Benchmark {
        /// The benchmark figure.
        value: Decimal,
    },
    /// Nothing to compare with: the rating is the scheme's 'No Target'.
    None,
}

impl Target {
    /// What `actual` should be compared with. A figure inside a range is on target (compared
    /// with itself); outside, it is compared with the nearer end. A benchmark target needs the
    /// benchmark's figure, if known.
    pub fn yardstick(
        &self,
        actual: Decimal,
        polarity: Polarity,
        benchmark: Option<Decimal>,
    ) -> Yardstick {
        match self {
            Target::Figure { value } => Yardstick::Figure {
                target: *value,
                polarity,
            },
            Target::ProfiledYearToDate { to_date, .. } => Yardstick::Figure {
                target: *to_date,
                polarity,
            },
            Target::Range { low, high } => {
                let (target, polarity) = if actual < *low {
                    (*low, Polarity::HigherIsBetter)
                } else if actual > *high {
                    (*high, Polarity::LowerIsBetter)
                } else {
                    (actual, Polarity::HigherIsBetter)
                };
                Yardstick::Figure { target, polarity }
            }
            Target::Bound { limit, side } => Yardstick::Figure {
                target: *limit,
                polarity: match side {
                    BoundSide::AtMost => Polarity::LowerIsBetter,
                    BoundSide::AtLeast => Polarity::HigherIsBetter,
                },
            },
            Target::Benchmark { .. } => match benchmark {
                Some(value) => Yardstick::Benchmark { value },
                None => Yardstick::None,
            },
            Target::Monitor | Target::Baseline | Target::NotSet => Yardstick::None,
        }
    }

    /// The target as a report table shows it: "£2,450,000", "15-21", "2% or less", "Not set".
    pub fn describe(&self, unit: Unit) -> String {
        match self {
            Target::Figure { value } | Target::ProfiledYearToDate { to_date: value, .. } => {
                format_figure(*value, unit)
            }
            Target::Range { low, high } => {
                format!(
                    "{}-{}",
                    format_figure(*low, unit),
                    format_figure(*high, unit)
                )
            }
            Target::Bound { limit, side } => {
                let words = match side {
                    BoundSide::AtMost => "or less",
                    BoundSide::AtLeast => "or more",
                };
                format!("{} {words}", format_figure(*limit, unit))
            }
            Target::Benchmark { series } => format!("Better than {series}"),
            Target::Monitor => "Monitor".to_owned(),
            Target::Baseline => "Baseline".to_owned(),
            Target::NotSet => "Not set".to_owned(),
        }
    }

    /// The target as ragbook writes it in files: plain figures without £ or commas ("2450000",
    /// "15-21", "2 or less", "better than national", "Monitor"). [`Target::parse`] reads it back
    /// exactly. A profiled target writes its year-to-date figure; the full year goes in its own
    /// column.
    pub fn code(&self) -> String {
        match self {
            Target::Figure { value } | Target::ProfiledYearToDate { to_date: value, .. } => {
                value.to_string()
            }
            Target::Range { low, high } => format!("{low}-{high}"),
            Target::Bound {
                limit,
                side: BoundSide::AtMost,
            } => format!("{limit} or less"),
            Target::Bound {
                limit,
                side: BoundSide::AtLeast,
            } => format!("{limit} or more"),
            Target::Benchmark { series } => format!("better than {series}"),
            Target::Monitor => "Monitor".into(),
            Target::Baseline => "Baseline".into(),
            Target::NotSet => String::new(),
        }
    }

    /// Reads a target typed in one cell: a figure ("5.1%"), a range ("15-21"), a bound
    /// ("2% or less", "at least 90%"), or one of `Monitor`, `Baseline`, `Not set` (blank is
    /// not set).
    pub fn parse(text: &str, unit: Unit) -> Result<Target, FigureError> {
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        match lower.as_str() {
            "" | "not set" | "no target" | "none" | "-" | "tbc" => return Ok(Target::NotSet),
            "monitor" => return Ok(Target::Monitor),
            "baseline" | "baseline year" => return Ok(Target::Baseline),
            _ => {}
        }
        if let Some(series) = lower.strip_prefix("better than ") {
            let series = series.trim();
            if !series.is_empty()
                && series
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Ok(Target::Benchmark {
                    series: series.to_owned(),
                });
            }
        }
        let bound = |rest: &str, side| -> Result<Target, FigureError> {
            Ok(Target::Bound {
                limit: parse_figure(rest, unit)?,
                side,
            })
        };
        for (suffix, side) in [
            (" or less", BoundSide::AtMost),
            (" or more", BoundSide::AtLeast),
        ] {
            if let Some(rest) = lower.strip_suffix(suffix) {
                return bound(&trimmed[..rest.len()], side);
            }
        }
        for (prefix, side) in [
            ("at most ", BoundSide::AtMost),
            ("at least ", BoundSide::AtLeast),
            ("<=", BoundSide::AtMost),
            (">=", BoundSide::AtLeast),
            ("≤", BoundSide::AtMost),
            ("≥", BoundSide::AtLeast),
        ] {
            if lower.starts_with(prefix) {
                return bound(&trimmed[prefix.len()..], side);
            }
        }
        // A range has a dash after its first character (so "-5" stays a negative figure).
        if let Some(dash) = trimmed
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == '-')
            .map(|(i, _)| i)
            && let (Ok(low), Ok(high)) = (
                parse_figure(&trimmed[..dash], unit),
                parse_figure(&trimmed[dash + 1..], unit),
            )
            && low <= high
        {
            return Ok(Target::Range { low, high });
        }
        Ok(Target::Figure {
            value: parse_figure(trimmed, unit)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn reads_every_kind_of_target_typed_in_a_cell() {
        assert_eq!(
            Target::parse("5.1%", Unit::Percent),
            Ok(Target::Figure { value: d("5.1") })
        );
        assert_eq!(Target::parse("Not set", Unit::Percent), Ok(Target::NotSet));
        assert_eq!(Target::parse("", Unit::Percent), Ok(Target::NotSet));
        assert_eq!(Target::parse("Monitor", Unit::Count), Ok(Target::Monitor));
        assert_eq!(Target::parse("Baseline", Unit::Count), Ok(Target::Baseline));
        assert_eq!(
            Target::parse("15-21", Unit::Count),
            Ok(Target::Range {
                low: d("15"),
                high: d("21")
            })
        );
        assert_eq!(
            Target::parse("2% or less", Unit::Percent),
            Ok(Target::Bound {
                limit: d("2"),
                side: BoundSide::AtMost
            })
        );
        assert_eq!(
            Target::parse("at least 90%", Unit::Percent),
            Ok(Target::Bound {
                limit: d("90"),
                side: BoundSide::AtLeast
            })
        );
        assert_eq!(
            Target::parse("-5", Unit::Count),
            Ok(Target::Figure { value: d("-5") })
        );
        assert!(Target::parse("lots", Unit::Count).is_err());
    }

    #[test]
    fn every_target_reads_back_from_its_code() {
        for target in [
            Target::Figure { value: d("5.1") },
            Target::Figure {
                value: d("-12.038"),
            },
            Target::Range {
                low: d("15"),
                high: d("21"),
            },
            Target::Range {
                low: d("-10"),
                high: d("-5"),
            },
            Target::Bound {
                limit: d("2"),
                side: BoundSide::AtMost,
            },
            Target::Bound {
                limit: d("90.0"),
                side: BoundSide::AtLeast,
            },
            Target::Benchmark {
                series: "national".into(),
            },
            Target::Monitor,
            Target::Baseline,
            Target::NotSet,
        ] {
            assert_eq!(
                Target::parse(&target.code(), Unit::Percent),
                Ok(target.clone()),
                "{}",
                target.code()
            );
        }
    }

    #[test]
    fn a_range_is_met_inside_and_measured_from_the_nearer_end_outside() {
        let range = Target::Range {
            low: d("15"),
            high: d("21"),
        };
        let inside = range.yardstick(d("18"), Polarity::None, None);
        assert_eq!(
            inside,
            Yardstick::Figure {
                target: d("18"),
                polarity: Polarity::HigherIsBetter
            }
        );
        let above = range.yardstick(d("25"), Polarity::None, None);
        assert_eq!(
            above,
            Yardstick::Figure {
                target: d("21"),
                polarity: Polarity::LowerIsBetter
            }
        );
        let below = range.yardstick(d("10"), Polarity::None, None);
        assert_eq!(
            below,
            Yardstick::Figure {
                target: d("15"),
                polarity: Polarity::HigherIsBetter
            }
        );
        assert_eq!(range.describe(Unit::Count), "15-21");
    }

    #[test]
    fn profiled_targets_rate_against_the_year_to_date_share() {
        let profiled = Target::ProfiledYearToDate {
            to_date: d("2450000"),
            full_year: d("4000000"),
        };
        assert_eq!(
            profiled.yardstick(d("2921500"), Polarity::HigherIsBetter, None),
            Yardstick::Figure {
                target: d("2450000"),
                polarity: Polarity::HigherIsBetter
            }
        );
        assert_eq!(profiled.describe(Unit::Money), "£2,450,000");
        assert_eq!(
            Target::Monitor.yardstick(d("1"), Polarity::HigherIsBetter, None),
            Yardstick::None
        );
    }
}
