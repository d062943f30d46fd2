//! Every computed rating explained in words an officer can check by hand:
//! "64.1 days is 28.2% worse than the target of 50.0 (lower is better): more than 10% worse,
//! so Action". Only explanations divide; ratings never do (see `engine`).

use rust_decimal::Decimal;

use super::engine::{Assessment, Basis, MeasureScheme, RatingInput};
use super::scheme::{Band, Bound};
use crate::figure::{describe_quantity, format_figure};
use crate::measure::{Polarity, RatingMethod};
use crate::rounding::round_half_away;

/// The relative deviation from target in percent, positive when better, rounded to `places`
/// (half away from zero). `None` without both figures or with a zero target.
pub fn deviation_percent(input: &RatingInput, places: u32) -> Option<Decimal> {
    let exact = exact_deviation_percent(input)?;
    Some(round_half_away(exact, places))
}

fn exact_deviation_percent(input: &RatingInput) -> Option<Decimal> {
    let (actual, target) = (input.actual?, input.target?);
    if target.is_zero() || input.polarity == Polarity::None {
        return None;
    }
    let better = match input.polarity {
        Polarity::LowerIsBetter => target.checked_sub(actual)?,
        _ => actual.checked_sub(target)?,
    };
    better
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(target.abs())
}

/// The sentence explaining `assessment` of `input`.
pub fn explain(scheme: MeasureScheme<'_>, input: &RatingInput, assessment: &Assessment) -> String {
    let label = &scheme.scheme().category(assessment.rating).label;
    let unit = input.unit;
    let polarity = input.polarity.describe();
    let actual = input
        .actual
        .map(|a| describe_quantity(a, unit))
        .unwrap_or_default();
    let target = input
        .target
        .map(|t| format_figure(t, unit))
        .unwrap_or_default();
    match assessment.basis {
        Basis::Band { band, adjusted } => {
            let bounds = effective_bounds(scheme, input);
            let band = usize::from(band);
            let phrase = band_phrase(bounds[band], band.checked_sub(1).and_then(|b| bounds[b]));
            let condition = if adjusted {
                condition_phrase(&scheme.rules().bands[band], input)
            } else {
                String::new()
            };
            let exact = exact_deviation_percent(input).unwrap_or_default();
            let comparison = if exact.is_zero() {
                format!("{actual} is exactly on the target of {target}")
            } else {
                let boundaries: Vec<Decimal> = bounds
                    .iter()
                    .flatten()
                    .map(|b| percent(b.fraction).abs())
                    .collect();
                let shown = shown_percent(exact.abs(), &boundaries);
                let direction = if exact > Decimal::ZERO {
                    "better"
                } else {
                    "worse"
                };
                format!("{actual} is {shown}% {direction} than the target of {target}")
            };
            format!("{comparison} ({polarity}): {phrase}{condition}, so {label}")
        }
        Basis::Comparator { met } => {
            let verb = if !met {
                "falls short of"
            } else if input.actual == input.target || is_level(input) {
                "meets"
            } else {
                "beats"
            };
            let outcome = if met { "met or beaten" } else { "not met" };
            format!(
                "{actual} {verb} the comparator target of {target} ({polarity}): {outcome}, so {label}"
            )
        }
        Basis::ZeroTarget { met } => {
            if met {
                format!(
                    "{actual} meets or beats the target of {target} ({polarity}): a target of zero met, so {label}"
                )
            } else {
                format!(
                    "{actual} is worse than the target of {target} ({polarity}): a target of zero missed, so {label}"
                )
            }
        }
        Basis::NoTarget => format!("No target is set for this period, so {label}"),
        Basis::NoData => format!("There is no figure for this period, so {label}"),
        Basis::NotRated => match input.method {
            RatingMethod::Manual => {
                format!("The measure is rated by hand, not by rule, so {label}")
            }
            RatingMethod::None => {
                format!("The measure is not rated (rating method none), so {label}")
            }
            _ => format!(
                "The measure has no better direction, so it is not rated against a target: {label}"
            ),
        },
        Basis::TooPrecise => format!(
            "The figures have more than {} significant digits or {} decimal places and cannot be compared exactly, so {label}",
            crate::figure::MAX_SIGNIFICANT_DIGITS,
            crate::figure::MAX_DECIMAL_PLACES
        ),
    }
}

/// Each band of a scheme in words, best first, with any conditional bound:
/// "Strong: more than 5% better (more than 2% better for a percent target above 95)".
pub fn describe_bands(scheme: MeasureScheme<'_>) -> Vec<String> {
    let bands = &scheme.rules().bands;
    bands
        .iter()
        .enumerate()
        .map(|(index, band)| {
            let upper = index.checked_sub(1).and_then(|i| bands[i].lower);
            let mut text = format!(
                "{}: {}",
                scheme.scheme().category(band.rating).label,
                band_phrase(band.lower, upper)
            );
            for adjustment in &band.adjustments {
                text.push_str(&format!(
                    " ({} for a {} target above {})",
                    band_phrase(Some(adjustment.bound), upper),
                    adjustment.unit.code(),
                    adjustment.target_above
                ));
            }
            text
        })
        .collect()
}

fn is_level(input: &RatingInput) -> bool {
    matches!((input.actual, input.target), (Some(a), Some(t)) if a == t)
}

/// The lower bound of every band as it applies to this input (after `when` rules).
fn effective_bounds(scheme: MeasureScheme<'_>, input: &RatingInput) -> Vec<Option<Bound>> {
    let target = input.target.unwrap_or_default();
    scheme
        .rules()
        .bands
        .iter()
        .map(|band| {
            band.adjustments
                .iter()
                .find(|a| a.unit == input.unit && target > a.target_above)
                .map(|a| a.bound)
                .or(band.lower)
        })
        .collect()
}

fn condition_phrase(band: &Band, input: &RatingInput) -> String {
    let target = input.target.unwrap_or_default();
    band.adjustments
        .iter()
        .find(|a| a.unit == input.unit && target > a.target_above)
        .map(|a| {
            format!(
                " (the bound for a target above {})",
                format_figure(a.target_above, a.unit)
            )
        })
        .unwrap_or_default()
}

fn percent(fraction: Decimal) -> Decimal {
    (fraction * Decimal::ONE_HUNDRED).normalize()
}

/// Shows a deviation to one decimal place, or more when one place would round it onto a band
/// boundary it is not on (5.04% would read "5.0% better ... more than 5% better").
fn shown_percent(exact: Decimal, boundaries: &[Decimal]) -> Decimal {
    for places in 1..=4 {
        let rounded = round_half_away(exact, places);
        if !boundaries.iter().any(|b| *b == rounded && *b != exact) {
            return rounded;
        }
    }
    exact.normalize()
}

/// Describes the deviations from `lower` (this band's bound) up to `upper` (the better band's
/// bound) in words: "more than 10% worse", "between 2% worse and 5% better".
fn band_phrase(lower: Option<Bound>, upper_of_better_band: Option<Bound>) -> String {
    // The better band takes d > U (or d >= U); this band's upper end is therefore d <= U (or d < U).
    let upper = upper_of_better_band.map(|b| (percent(b.fraction), !b.inclusive));
    let lower = lower.map(|b| (percent(b.fraction), b.inclusive));
    match (lower, upper) {
        (None, None) => "any deviation".to_owned(),
        (Some((l, inclusive)), None) => {
            let magnitude = l.abs();
            match (l.cmp(&Decimal::ZERO), inclusive) {
                (std::cmp::Ordering::Equal, true) => "on target or better".to_owned(),
                (std::cmp::Ordering::Equal, false) => "better than target".to_owned(),
                (std::cmp::Ordering::Greater, false) => format!("more than {magnitude}% better"),
                (std::cmp::Ordering::Greater, true) => format!("{magnitude}% or more better"),
                (std::cmp::Ordering::Less, false) => {
                    format!("less than {magnitude}% worse, or better")
                }
                (std::cmp::Ordering::Less, true) => {
                    format!("no more than {magnitude}% worse, or better")
                }
            }
        }
        (None, Some((u, inclusive))) => {
            let magnitude = u.abs();
            match (u.cmp(&Decimal::ZERO), inclusive) {
                (std::cmp::Ordering::Equal, true) => "on target or worse".to_owned(),
                (std::cmp::Ordering::Equal, false) => "worse than target".to_owned(),
                (std::cmp::Ordering::Less, false) => format!("more than {magnitude}% worse"),
                (std::cmp::Ordering::Less, true) => format!("{magnitude}% or more worse"),
                (std::cmp::Ordering::Greater, false) => {
                    format!("less than {magnitude}% better, or worse")
                }
                (std::cmp::Ordering::Greater, true) => {
                    format!("no more than {magnitude}% better, or worse")
                }
            }
        }
        (Some((l, lower_inclusive)), Some((u, upper_inclusive))) => {
            let near = |x: Decimal, inclusive: bool, toward_zero: bool| {
                // toward_zero: the bound nearer the target on its side.
                match (toward_zero, inclusive) {
                    (true, true) => format!("at least {}%", x.abs()),
                    (true, false) => format!("more than {}%", x.abs()),
                    (false, true) => format!("no more than {}%", x.abs()),
                    (false, false) => format!("less than {}%", x.abs()),
                }
            };
            if u <= Decimal::ZERO {
                // Both on the worse side: "more than 2% but no more than 10% worse".
                format!(
                    "{} but {} worse",
                    near(u, upper_inclusive, true),
                    near(l, lower_inclusive, false)
                )
            } else if l >= Decimal::ZERO {
                format!(
                    "{} but {} better",
                    near(l, lower_inclusive, true),
                    near(u, upper_inclusive, false)
                )
            } else {
                // Straddling the target: "between 2% worse and 5% better", as the key words it.
                let (l, u) = (l.abs(), u.abs());
                match (lower_inclusive, upper_inclusive) {
                    (true, true) => format!("between {l}% worse and {u}% better"),
                    (true, false) => format!("from {l}% worse to less than {u}% better"),
                    (false, true) => format!("less than {l}% worse, up to {u}% better"),
                    (false, false) => format!("less than {l}% worse or less than {u}% better"),
                }
            }
        }
    }
}
