//! Key measure definitions: what a figure means, which way is better and how it is rated.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::plan::ItemId;

/// What a measure's figures count or measure. Decides how a figure is typed and displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A number of things: people, grants, services ("1,506").
    Count,
    /// A percentage ("4.7%"). Deviation from target is still relative, not in points.
    Percent,
    /// Money in pounds ("£2,921,500").
    Money,
    /// Money in millions of pounds ("£16.420m").
    MoneyMillions,
    /// A number of days ("64.1 days").
    Days,
    /// Percentage points: a gap or a change between two percentages ("2.4").
    Points,
    /// A rate per so many of the population ("per 10,000"). `per` 0 means not stated.
    Rate {
        /// The population base, e.g. 10,000 or 100,000.
        per: u32,
    },
    /// A ratio of two quantities ("1.4").
    Ratio,
}

impl Unit {
    /// The word used for the unit in files and settings (`count`, `money_m`, `rate`...).
    pub fn code(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Money => "money",
            Unit::MoneyMillions => "money_m",
            Unit::Days => "days",
            Unit::Points => "points",
            Unit::Rate { .. } => "rate",
            Unit::Ratio => "ratio",
        }
    }

    /// Whether figures in this unit are sums of money.
    pub fn is_money(self) -> bool {
        matches!(self, Unit::Money | Unit::MoneyMillions)
    }

    /// One unit of each kind, in the order documented (rates shown as `rate`).
    pub const ALL: [Unit; 8] = [
        Unit::Count,
        Unit::Percent,
        Unit::Money,
        Unit::MoneyMillions,
        Unit::Days,
        Unit::Points,
        Unit::Rate { per: 0 },
        Unit::Ratio,
    ];

    /// How many kinds of unit there are (rates of every base are one kind).
    pub const KINDS: usize = 8;

    /// A distinct number 0..KINDS for each kind of unit, for tables indexed by unit.
    pub fn kind_index(self) -> usize {
        match self {
            Unit::Count => 0,
            Unit::Percent => 1,
            Unit::Money => 2,
            Unit::MoneyMillions => 3,
            Unit::Days => 4,
            Unit::Points => 5,
            Unit::Rate { .. } => 6,
            Unit::Ratio => 7,
        }
    }

    /// The codes accepted by [`Unit::from_str`], for error messages and documentation.
    pub const CODES: &'static str = "count, percent, money, money_m, days, points, rate, rate_per_N (e.g. rate_per_10000), ratio";
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Rate { per } if *per > 0 => write!(f, "rate_per_{per}"),
            other => f.write_str(other.code()),
        }
    }
}

/// A unit word that ragbook does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a unit ({}), found {found:?}", Unit::CODES)]
pub struct UnknownUnit {
    /// What was given.
    pub found: String,
}

impl FromStr for Unit {
    type Err = UnknownUnit;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let word = text.trim().to_ascii_lowercase();
        let unit = match word.as_str() {
            "count" | "number" => Unit::Count,
            "percent" | "percentage" | "%" => Unit::Percent,
            "money" | "£" | "pounds" => Unit::Money,
            "money_m" | "£m" => Unit::MoneyMillions,
            "days" => Unit::Days,
            "points" | "percentage_points" | "pp" => Unit::Points,
            "rate" => Unit::Rate { per: 0 },
            "ratio" => Unit::Ratio,
            other => match other
                .strip_prefix("rate_per_")
                .map(|n| n.replace(',', "").parse())
            {
                Some(Ok(per)) if per > 0 => Unit::Rate { per },
                _ => {
                    return Err(UnknownUnit {
                        found: text.to_owned(),
                    });
                }
            },
        };
        Ok(unit)
    }
}

/// Which direction of a measure is better. Stored, because it cannot be guessed from a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// More is better (people supported, money raised).
    HigherIsBetter,
    /// Less is better (sickness absence, days to hire, admissions to care).
    LowerIsBetter,
    /// Neither: the figure is monitored, not rated against a target.
    None,
}

impl Polarity {
    /// Every polarity, in the order documented.
    pub const ALL: [Polarity; 3] = [
        Polarity::HigherIsBetter,
        Polarity::LowerIsBetter,
        Polarity::None,
    ];

    /// The words used in explanations: "higher is better".
    pub fn describe(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "higher is better",
            Polarity::LowerIsBetter => "lower is better",
            Polarity::None => "no better direction",
        }
    }

    /// The code used in files: `higher`, `lower` or `none`.
    pub fn code(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "higher",
            Polarity::LowerIsBetter => "lower",
            Polarity::None => "none",
        }
    }
}

/// A polarity word that ragbook does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected a polarity (higher or lower; none for measures that are not rated), found {found:?}"
)]
pub struct UnknownPolarity {
    /// What was given.
    pub found: String,
}

impl FromStr for Polarity {
    type Err = UnknownPolarity;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "higher" | "higher is better" | "up" | "high" => Ok(Polarity::HigherIsBetter),
            "lower" | "lower is better" | "down" | "low" => Ok(Polarity::LowerIsBetter),
            "none" | "neither" => Ok(Polarity::None),
            _ => Err(UnknownPolarity {
                found: text.to_owned(),
            }),
        }
    }
}

/// How a measure's rating is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingMethod {
    /// Relative deviation from target cut into the scheme's bands.
    Threshold,
    /// Met or beaten (e.g. the national rate of improvement) or not.
    Comparator,
    /// A person chooses the rating from the scheme's vocabulary.
    Manual,
    /// Not rated at all (context measures).
    None,
}

impl RatingMethod {
    /// Every method, in the order documented.
    pub const ALL: [RatingMethod; 4] = [
        RatingMethod::Threshold,
        RatingMethod::Comparator,
        RatingMethod::Manual,
        RatingMethod::None,
    ];

    /// The code used in files.
    pub fn code(self) -> &'static str {
        match self {
            RatingMethod::Threshold => "threshold",
            RatingMethod::Comparator => "comparator",
            RatingMethod::Manual => "manual",
            RatingMethod::None => "none",
        }
    }
}

/// A rating method word that ragbook does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a rating method (threshold, comparator, manual or none), found {found:?}")]
pub struct UnknownRatingMethod {
    /// What was given.
    pub found: String,
}

impl FromStr for RatingMethod {
    type Err = UnknownRatingMethod;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "threshold" | "target" => Ok(RatingMethod::Threshold),
            "comparator" | "benchmark" => Ok(RatingMethod::Comparator),
            "manual" => Ok(RatingMethod::Manual),
            "none" => Ok(RatingMethod::None),
            _ => Err(UnknownRatingMethod {
                found: text.to_owned(),
            }),
        }
    }
}

/// How often new figures arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Twice a year.
    SixMonthly,
    /// Once a year (often arriving in a later quarter).
    Annual,
    /// When a survey is run.
    Survey,
}

impl Frequency {
    /// Every frequency, in the order documented.
    pub const ALL: [Frequency; 5] = [
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::SixMonthly,
        Frequency::Annual,
        Frequency::Survey,
    ];

    /// The code used in files.
    pub fn code(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::SixMonthly => "six_monthly",
            Frequency::Annual => "annual",
            Frequency::Survey => "survey",
        }
    }
}

/// What period a figure covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregationBasis {
    /// From the start of the financial year to the 'as of' month.
    YearToDate,
    /// Since a programme started ("since April 2021").
    CumulativeSinceStart,
    /// The twelve months to the 'as of' month.
    Rolling12Months,
    /// Average of the three months to the 'as of' month.
    ThreeMonthAverage,
    /// Average of the six months to the 'as of' month.
    SixMonthAverage,
    /// The 'as of' month alone.
    SingleMonth,
    /// A snapshot at a date (share of homes rated Good).
    PointInTime,
    /// Forecast for the year end (projected savings).
    YearEndProjection,
}

impl AggregationBasis {
    /// Every basis, in the order documented.
    pub const ALL: [AggregationBasis; 8] = [
        AggregationBasis::YearToDate,
        AggregationBasis::CumulativeSinceStart,
        AggregationBasis::Rolling12Months,
        AggregationBasis::ThreeMonthAverage,
        AggregationBasis::SixMonthAverage,
        AggregationBasis::SingleMonth,
        AggregationBasis::PointInTime,
        AggregationBasis::YearEndProjection,
    ];

    /// The code used in files.
    pub fn code(self) -> &'static str {
        match self {
            AggregationBasis::YearToDate => "year_to_date",
            AggregationBasis::CumulativeSinceStart => "cumulative",
            AggregationBasis::Rolling12Months => "rolling_12_months",
            AggregationBasis::ThreeMonthAverage => "3_month_average",
            AggregationBasis::SixMonthAverage => "6_month_average",
            AggregationBasis::SingleMonth => "single_month",
            AggregationBasis::PointInTime => "point_in_time",
            AggregationBasis::YearEndProjection => "year_end_projection",
        }
    }
}

/// Finds the item of `all` whose code is `text` (ignoring case), for closed lists in files.
pub fn from_code<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str, text: &str) -> Option<T> {
    let wanted = text.trim();
    all.iter()
        .copied()
        .find(|item| code(*item).eq_ignore_ascii_case(wanted))
}

/// A named comparison series shown beside a measure (national, county, statistical neighbours).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchmarkSeries {
    /// Stable identifier, e.g. `national`.
    pub id: String,
    /// Label in reports, e.g. "National Benchmark".
    pub label: String,
}

/// Everything that stays the same about a key measure from quarter to quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureDefinition {
    /// Stable identifier (also the plan item id).
    pub id: ItemId,
    /// Full title as published.
    pub title: String,
    /// What the figures are.
    pub unit: Unit,
    /// Decimal places shown in reports.
    pub decimals: u32,
    /// Which direction is better.
    pub polarity: Polarity,
    /// How often figures arrive.
    pub frequency: Frequency,
    /// What period a figure covers.
    pub basis: AggregationBasis,
    /// How the measure is rated.
    pub method: RatingMethod,
    /// Officer or role accountable for the figures.
    pub owner: Option<String>,
    /// National indicator code, e.g. "ASCOF 2A".
    pub national_code: Option<String>,
    /// Comparison series reported beside the measure.
    pub benchmarks: Vec<BenchmarkSeries>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_round_trip_through_their_codes() {
        for unit in [
            Unit::Count,
            Unit::Percent,
            Unit::Money,
            Unit::MoneyMillions,
            Unit::Days,
            Unit::Points,
            Unit::Rate { per: 10_000 },
            Unit::Ratio,
        ] {
            assert_eq!(unit.to_string().parse::<Unit>(), Ok(unit));
        }
        assert_eq!("rate".parse::<Unit>(), Ok(Unit::Rate { per: 0 }));
        assert_eq!(
            "rate_per_100,000".parse::<Unit>(),
            Ok(Unit::Rate { per: 100_000 })
        );
        let error = "kg".parse::<Unit>().unwrap_err();
        assert!(error.to_string().contains("money_m"), "{error}");
    }

    #[test]
    fn polarity_accepts_the_words_officers_use() {
        assert_eq!("Higher".parse(), Ok(Polarity::HigherIsBetter));
        assert_eq!("lower is better".parse(), Ok(Polarity::LowerIsBetter));
        assert!("sideways".parse::<Polarity>().is_err());
    }
}
