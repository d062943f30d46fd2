//! Rating a figure against its target by a scheme's rules, exactly and fast.
//!
//! The deviation d = (actual - target) / |target| (sign turned for lower-is-better, so positive
//! is always better) is never divided out. Both figures are brought to a common decimal scale as
//! integers A and T, and "d passes the bound n / 10^k" becomes the integer comparison
//! `s·(A − T)·10^k  ⋛  n·|T|`, which is exact. Dividing by |target| rather than the target keeps
//! the sign meaning 'better' for negative targets (net income lines) too.
//!
//! Integers fit an i128 for every figure the parser accepts (at most 18 significant digits and
//! 10 decimal places, bounds at most 6 decimal places): 10^18·10^10·10^6·2 < 2^127. Figures
//! beyond that are not rounded: they are reported as not rateable.

use rust_decimal::Decimal;

use super::scheme::{Band, Bound, MeasureRules, RatingId, Scheme};
use crate::measure::{Polarity, RatingMethod, Unit};

/// Largest mantissa (exclusive) the exact integer comparison accepts.
const MANTISSA_LIMIT: u128 = 1_000_000_000_000_000_000;
/// Largest decimal scale the exact integer comparison accepts.
const SCALE_LIMIT: u32 = 10;
const POWERS_OF_TEN: [i128; 11] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
];

/// Everything needed to rate one figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingInput {
    /// This period's figure; `None` when there is no data.
    pub actual: Option<Decimal>,
    /// The figure to compare with; `None` when there is no target.
    pub target: Option<Decimal>,
    /// What the figures are (the 95% rule applies to percentages only).
    pub unit: Unit,
    /// Which way is better.
    pub polarity: Polarity,
    /// How to rate.
    pub method: RatingMethod,
}

/// Why a rating was given: enough to explain it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The deviation fell in band `band` (0 is the best); `adjusted` when a `when` rule
    /// supplied its lower bound (the 95% rule).
    Band {
        /// Index of the band in the scheme.
        band: u8,
        /// Whether the band's bound was replaced by a conditional one.
        adjusted: bool,
    },
    /// Rated by the comparator method.
    Comparator {
        /// Met or beaten.
        met: bool,
    },
    /// The target is zero.
    ZeroTarget {
        /// Met or beaten.
        met: bool,
    },
    /// There is no target.
    NoTarget,
    /// There is no figure for the period.
    NoData,
    /// The measure is not rated automatically (method manual or none, or no polarity).
    NotRated,
    /// The figures have more digits than can be compared exactly.
    TooPrecise,
}

/// A computed rating and the reason for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    /// The category given.
    pub rating: RatingId,
    /// Why.
    pub basis: Basis,
}

/// A scheme without measure rules cannot rate figures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("scheme {scheme:?} is a vocabulary for rating by hand; it has no rules for rating measures")]
pub struct NotAMeasureScheme {
    /// The scheme's id.
    pub scheme: String,
}

/// A scheme checked to have measure rules: rate with it many times without checking again.
#[derive(Debug, Clone, Copy)]
pub struct MeasureScheme<'a> {
    scheme: &'a Scheme,
    rules: &'a MeasureRules,
}

impl<'a> MeasureScheme<'a> {
    /// The scheme's measure rules, or an error for a manual vocabulary.
    pub fn new(scheme: &'a Scheme) -> Result<MeasureScheme<'a>, NotAMeasureScheme> {
        match &scheme.measures {
            Some(rules) => Ok(MeasureScheme { scheme, rules }),
            None => Err(NotAMeasureScheme {
                scheme: scheme.id.clone(),
            }),
        }
    }

    /// The scheme itself.
    pub fn scheme(&self) -> &'a Scheme {
        self.scheme
    }

    /// The measure rules.
    pub fn rules(&self) -> &'a MeasureRules {
        self.rules
    }

    /// Rates one figure.
    #[inline]
    pub fn rate(&self, input: &RatingInput) -> Assessment {
        let rules = self.rules;
        let given = |rating, basis| Assessment { rating, basis };
        let automatic = matches!(input.method, RatingMethod::Threshold | RatingMethod::Comparator);
        if !automatic || input.polarity == Polarity::None {
            return given(rules.no_target, Basis::NotRated);
        }
        let Some(actual) = input.actual else {
            return given(rules.no_data, Basis::NoData);
        };
        let Some(target) = input.target else {
            return given(rules.no_target, Basis::NoTarget);
        };
        let Some((actual_int, target_int)) = aligned(actual, target) else {
            return given(rules.no_data, Basis::TooPrecise);
        };
        let better = match input.polarity {
            Polarity::LowerIsBetter => target_int - actual_int,
            _ => actual_int - target_int,
        };
        if input.method == RatingMethod::Comparator {
            let met = better >= 0;
            let rating = if met { rules.comparator.met } else { rules.comparator.missed };
            return given(rating, Basis::Comparator { met });
        }
        if target_int == 0 {
            let met = better >= 0;
            let rating = if met { rules.zero_target.met } else { rules.zero_target.missed };
            return given(rating, Basis::ZeroTarget { met });
        }
        let deviation = better * POWERS_OF_TEN[rules.denominator_places as usize];
        let magnitude = target_int.abs();
        for (index, band) in rules.bands.iter().enumerate() {
            let (bound, adjusted) = effective_bound(band, input.unit, target);
            let passes = match bound {
                None => true,
                Some(bound) => {
                    let limit = bound.numerator * magnitude;
                    deviation > limit || (bound.inclusive && deviation == limit)
                }
            };
            if passes {
                return given(
                    band.rating,
                    Basis::Band {
                        band: index as u8,
                        adjusted,
                    },
                );
            }
        }
        // Validation guarantees a last band without a bound, so this is not reached.
        given(rules.no_data, Basis::TooPrecise)
    }
}

/// The bound that applies to `band` for this unit and target, and whether it was adjusted.
#[inline]
fn effective_bound(band: &Band, unit: Unit, target: Decimal) -> (Option<Bound>, bool) {
    for adjustment in &band.adjustments {
        if adjustment.unit == unit && target > adjustment.target_above {
            return (Some(adjustment.bound), true);
        }
    }
    (band.lower, false)
}

/// Both figures as integers at their common scale, if they are small enough to compare exactly.
#[inline]
fn aligned(actual: Decimal, target: Decimal) -> Option<(i128, i128)> {
    let (a, t) = (actual.mantissa(), target.mantissa());
    let (scale_a, scale_t) = (actual.scale(), target.scale());
    if a.unsigned_abs() >= MANTISSA_LIMIT
        || t.unsigned_abs() >= MANTISSA_LIMIT
        || scale_a > SCALE_LIMIT
        || scale_t > SCALE_LIMIT
    {
        return aligned_normalised(actual, target);
    }
    let scale = scale_a.max(scale_t);
    Some((
        a * POWERS_OF_TEN[(scale - scale_a) as usize],
        t * POWERS_OF_TEN[(scale - scale_t) as usize],
    ))
}

/// Trailing zeros ("5.000000000000") can push a figure over the limits; try without them.
#[cold]
fn aligned_normalised(actual: Decimal, target: Decimal) -> Option<(i128, i128)> {
    let (actual, target) = (actual.normalize(), target.normalize());
    let fits = |d: Decimal| d.mantissa().unsigned_abs() < MANTISSA_LIMIT && d.scale() <= SCALE_LIMIT;
    if !(fits(actual) && fits(target)) {
        return None;
    }
    aligned(actual, target)
}
