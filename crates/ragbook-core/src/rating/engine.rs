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

use super::scheme::{CompiledBound, MeasureRules, RatingId, Scheme};
use crate::measure::{Polarity, RatingMethod, Unit};

/// Largest mantissa (exclusive) the exact integer comparison accepts.
pub(crate) const MANTISSA_LIMIT: u128 = 1_000_000_000_000_000_000;
/// Largest decimal scale the exact integer comparison accepts.
pub(crate) const SCALE_LIMIT: u32 = 10;
/// 10^0 to 10^10, for aligning scales and scaling bounds.
const POWERS_OF_TEN_64: [i64; 11] = {
    let mut powers = [1_i64; 11];
    let mut i = 1;
    while i < powers.len() {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};
/// The same powers of ten as 128-bit integers.
pub(crate) const POWERS_OF_TEN: [i128; 11] = {
    let mut powers = [1_i128; 11];
    let mut i = 0;
    while i < powers.len() {
        powers[i] = POWERS_OF_TEN_64[i] as i128;
        i += 1;
    }
    powers
};

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
#[error(
    "scheme {scheme:?} is a vocabulary for rating by hand; it has no rules for rating measures"
)]
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
        let automatic = matches!(
            input.method,
            RatingMethod::Threshold | RatingMethod::Comparator
        );
        if !automatic || input.polarity == Polarity::None {
            return given(rules.no_target, Basis::NotRated);
        }
        let Some(actual) = input.actual else {
            return given(rules.no_data, Basis::NoData);
        };
        let Some(target) = input.target else {
            return given(rules.no_target, Basis::NoTarget);
        };
        // The usual case, figures of up to 18 digits at one scale, in 64-bit integers; the
        // rest aligned to a common scale in 128-bit ones. Both compare exactly.
        if let (Some((actual, actual_scale)), Some((target, target_scale))) =
            (small(actual), small(target))
            && actual_scale == target_scale
        {
            return self.rate_exact(actual, target, actual_scale, input);
        }
        match aligned(actual, target) {
            Some(Aligned {
                actual,
                target,
                scale,
            }) => self.rate_exact(actual, target, scale, input),
            None => given(rules.no_data, Basis::TooPrecise),
        }
    }

    /// Rates figures already brought to integers at a common `scale`.
    #[inline]
    fn rate_exact<N: Exact>(
        &self,
        actual: N,
        target: N,
        scale: u32,
        input: &RatingInput,
    ) -> Assessment {
        let rules = self.rules;
        let given = |rating, basis| Assessment { rating, basis };
        let difference = actual - target;
        let better = if input.polarity == Polarity::LowerIsBetter {
            -difference
        } else {
            difference
        };
        if input.method == RatingMethod::Comparator {
            let met = better >= N::ZERO;
            let rating = if met {
                rules.comparator.met
            } else {
                rules.comparator.missed
            };
            return given(rating, Basis::Comparator { met });
        }
        if target == N::ZERO {
            let met = better >= N::ZERO;
            let rating = if met {
                rules.zero_target.met
            } else {
                rules.zero_target.missed
            };
            return given(rating, Basis::ZeroTarget { met });
        }
        // A `when` rule (the 95% rule) swaps in a whole set of bounds with its band's replaced.
        // Looked up by unit and chosen without a branch, as units vary from row to row.
        let adjustment = &rules.by_unit[input.unit.kind_index()];
        let applies = target.wide() > adjustment.threshold_at_scale[scale as usize];
        let (bounds, adjusted_band) = if applies {
            (adjustment.bounds.as_slice(), adjustment.band)
        } else {
            (rules.bounds.as_slice(), usize::MAX)
        };
        // Bounds fall from best to worst (checked when the scheme is loaded, adjustments
        // included), so the bands a deviation fails to enter come first and can be counted
        // instead of searched. d passes "> n" exactly when d·|T| ≥ n·|T| + 1 in integers.
        let deviation = better.times(POWERS_OF_TEN_64[rules.denominator_places as usize]);
        let magnitude = target.abs();
        let fails = |bound: &CompiledBound| {
            usize::from(deviation < magnitude.times(bound.numerator) + i128::from(bound.strict))
        };
        let band = match bounds {
            // The shipped keys have four bands: spelt out, the count needs no loop.
            [first, second, third] => fails(first) + fails(second) + fails(third),
            _ => bounds.iter().map(fails).sum(),
        };
        given(
            rules.bands[band].rating,
            Basis::Band {
                band: band as u8,
                adjusted: band == adjusted_band,
            },
        )
    }
}

/// An exact integer the engine computes with: `i64` for the usual figures, `i128` otherwise.
/// Every product fits an i128 for figures within the parser's limits (see the module notes).
trait Exact: Copy + Ord + std::ops::Sub<Output = Self> + std::ops::Neg<Output = Self> {
    const ZERO: Self;
    fn abs(self) -> Self;
    fn wide(self) -> i128;
    /// The exact product with a small factor.
    fn times(self, factor: i64) -> i128;
}

impl Exact for i64 {
    const ZERO: Self = 0;
    fn abs(self) -> Self {
        i64::abs(self)
    }
    fn wide(self) -> i128 {
        i128::from(self)
    }
    #[inline(always)]
    fn times(self, factor: i64) -> i128 {
        // One widening multiply.
        i128::from(self) * i128::from(factor)
    }
}

impl Exact for i128 {
    const ZERO: Self = 0;
    fn abs(self) -> Self {
        i128::abs(self)
    }
    fn wide(self) -> i128 {
        self
    }
    fn times(self, factor: i64) -> i128 {
        self * i128::from(factor)
    }
}

/// A figure as (integer, scale) when it has at most 18 digits and 10 decimal places.
#[inline]
pub(super) fn small(figure: Decimal) -> Option<(i64, u32)> {
    let (mantissa, scale) = (figure.mantissa(), figure.scale());
    if mantissa.unsigned_abs() >= MANTISSA_LIMIT || scale > SCALE_LIMIT {
        return None;
    }
    Some((mantissa as i64, scale))
}

/// Two figures as integers at a common decimal scale.
pub(super) struct Aligned {
    pub(super) actual: i128,
    pub(super) target: i128,
    pub(super) scale: u32,
}

/// Both figures as integers at their common scale, if they are small enough to compare exactly.
#[inline]
pub(super) fn aligned(actual: Decimal, target: Decimal) -> Option<Aligned> {
    let (a, t) = (actual.mantissa(), target.mantissa());
    let (scale_a, scale_t) = (actual.scale(), target.scale());
    if a.unsigned_abs() >= MANTISSA_LIMIT
        || t.unsigned_abs() >= MANTISSA_LIMIT
        || scale_a > SCALE_LIMIT
        || scale_t > SCALE_LIMIT
    {
        return aligned_normalised(actual, target);
    }
    if scale_a == scale_t {
        return Some(Aligned {
            actual: a,
            target: t,
            scale: scale_a,
        });
    }
    let scale = scale_a.max(scale_t);
    Some(Aligned {
        actual: a * POWERS_OF_TEN[(scale - scale_a) as usize],
        target: t * POWERS_OF_TEN[(scale - scale_t) as usize],
        scale,
    })
}

/// Trailing zeros ("5.000000000000") can push a figure over the limits; try without them.
#[cold]
fn aligned_normalised(actual: Decimal, target: Decimal) -> Option<Aligned> {
    let (actual, target) = (actual.normalize(), target.normalize());
    let fits =
        |d: Decimal| d.mantissa().unsigned_abs() < MANTISSA_LIMIT && d.scale() <= SCALE_LIMIT;
    if !(fits(actual) && fits(target)) {
        return None;
    }
    aligned(actual, target)
}
