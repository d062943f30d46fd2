//! Rating many figures at once, exactly as [`MeasureScheme::rate`] rates one.
//!
//! The figures are laid out column by column and brought to integers at a common scale once
//! ([`Batch`]); a scheme then rates the whole batch in one loop whose steps do not branch on the
//! figures (units, polarities and missing figures vary from row to row, and a mispredicted branch
//! costs more than the arithmetic). Every row's outcome is a small code, turned into its
//! [`Assessment`] by a table made once per scheme.

use rust_decimal::Decimal;

use super::engine::{
    Assessment, Basis, MANTISSA_LIMIT, MeasureScheme, POWERS_OF_TEN, RatingInput, aligned, small,
};
use super::scheme::RatingId;
use crate::measure::{Polarity, RatingMethod, Unit};

/// The most bounds (bands less one) the loop compares; schemes with more are rated row by row.
const BOUNDS: usize = 4;

/// Outcome codes: `band * 2 + adjusted` below [`COMPARATOR_MET`], then the rest.
const COMPARATOR_MET: u8 = 2 * (BOUNDS as u8 + 1);
const COMPARATOR_MISSED: u8 = COMPARATOR_MET + 1;
const ZERO_MET: u8 = COMPARATOR_MET + 2;
const ZERO_MISSED: u8 = COMPARATOR_MET + 3;
const NO_TARGET: u8 = COMPARATOR_MET + 4;
const NO_DATA: u8 = COMPARATOR_MET + 5;
const NOT_RATED: u8 = COMPARATOR_MET + 6;
const TOO_PRECISE: u8 = COMPARATOR_MET + 7;

/// How a row is rated, with what the loop needs to know of it, in one small word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Lane(u16);

impl Lane {
    const LOWER: u16 = 1 << 7;
    const COMPARATOR: u16 = 1 << 8;
    const FIXED: u16 = 1 << 9;

    fn figures(scale: u32, unit: Unit, polarity: Polarity, method: RatingMethod) -> Lane {
        let mut lane = scale as u16 | ((unit.kind_index() as u16) << 4);
        if polarity == Polarity::LowerIsBetter {
            lane |= Lane::LOWER;
        }
        if method == RatingMethod::Comparator {
            lane |= Lane::COMPARATOR;
        }
        Lane(lane)
    }

    /// A row whose outcome does not depend on its figures.
    fn fixed(code: u8) -> Lane {
        Lane(Lane::FIXED | (u16::from(code) << 10))
    }

    fn scale(self) -> usize {
        usize::from(self.0 & 0xF)
    }

    fn unit_kind(self) -> usize {
        usize::from((self.0 >> 4) & 0x7)
    }

    fn fixed_code(self) -> Option<u8> {
        (self.0 & Lane::FIXED != 0).then_some((self.0 >> 10) as u8)
    }
}

/// Figures to rate, column by column, each row's actual and target as integers at a common
/// decimal scale. Build it once ([`Batch::push`]); rate it with any scheme
/// ([`MeasureScheme::rate_batch`]).
#[derive(Debug, Clone, Default)]
pub struct Batch {
    actual: Vec<i64>,
    target: Vec<i64>,
    lanes: Vec<Lane>,
    /// Rows whose figures do not fit 64-bit integers once aligned, rated one by one.
    others: Vec<(usize, RatingInput)>,
    /// The largest magnitude in `actual` and `target`, to tell when 64-bit products are exact.
    largest: u64,
}

impl Batch {
    /// An empty batch with room for `rows`.
    pub fn with_capacity(rows: usize) -> Batch {
        Batch {
            actual: Vec::with_capacity(rows),
            target: Vec::with_capacity(rows),
            lanes: Vec::with_capacity(rows),
            ..Batch::default()
        }
    }

    /// How many rows it holds.
    pub fn len(&self) -> usize {
        self.lanes.len()
    }

    /// Whether it holds no rows.
    pub fn is_empty(&self) -> bool {
        self.lanes.is_empty()
    }

    /// Empties it, keeping its memory.
    pub fn clear(&mut self) {
        self.actual.clear();
        self.target.clear();
        self.lanes.clear();
        self.others.clear();
        self.largest = 0;
    }

    /// Adds a figure to rate, as [`MeasureScheme::rate`] would take it.
    pub fn push(&mut self, input: &RatingInput) {
        let lane = match lane_of(input) {
            Ok((actual, target, lane)) => {
                self.largest = self
                    .largest
                    .max(actual.unsigned_abs())
                    .max(target.unsigned_abs());
                self.actual.push(actual);
                self.target.push(target);
                lane
            }
            Err(Some(code)) if code != TOO_PRECISE => self.pad(Lane::fixed(code)),
            // Too long to rate, or to hold: rated one by one (as "too precise", or in i128).
            Err(_) => {
                self.others.push((self.lanes.len(), *input));
                self.pad(Lane::fixed(TOO_PRECISE))
            }
        };
        self.lanes.push(lane);
    }

    fn pad(&mut self, lane: Lane) -> Lane {
        self.actual.push(0);
        self.target.push(0);
        lane
    }

    /// Row `i` as a figure to rate one by one: the same outcome as its lane gives (rows held
    /// in `others` are rated from their own input).
    fn input(&self, i: usize) -> RatingInput {
        let lane = self.lanes[i];
        let (actual, target) = match lane.fixed_code() {
            Some(NO_DATA) => (None, Some(Decimal::ZERO)),
            Some(NO_TARGET) => (Some(Decimal::ZERO), None),
            Some(_) => (None, None),
            None => {
                let scale = lane.scale() as u32;
                (
                    Some(Decimal::new(self.actual[i], scale)),
                    Some(Decimal::new(self.target[i], scale)),
                )
            }
        };
        let polarity = match lane.fixed_code() {
            Some(NOT_RATED) => Polarity::None,
            _ if lane.0 & Lane::LOWER != 0 => Polarity::LowerIsBetter,
            _ => Polarity::HigherIsBetter,
        };
        RatingInput {
            actual,
            target,
            unit: Unit::ALL[lane.unit_kind()],
            polarity,
            method: if lane.0 & Lane::COMPARATOR != 0 {
                RatingMethod::Comparator
            } else {
                RatingMethod::Threshold
            },
        }
    }
}

/// A row's figures as integers at a common scale and its lane, or its fixed outcome code, or
/// `Err(None)` when its figures are too long for 64 bits once aligned.
fn lane_of(input: &RatingInput) -> Result<(i64, i64, Lane), Option<u8>> {
    let automatic = matches!(
        input.method,
        RatingMethod::Threshold | RatingMethod::Comparator
    );
    if !automatic || input.polarity == Polarity::None {
        return Err(Some(NOT_RATED));
    }
    let actual = input.actual.ok_or(Some(NO_DATA))?;
    let target = input.target.ok_or(Some(NO_TARGET))?;
    let lane = |scale| Lane::figures(scale, input.unit, input.polarity, input.method);
    if let (Some((actual, actual_scale)), Some((target, target_scale))) =
        (small(actual), small(target))
        && actual_scale == target_scale
    {
        return Ok((actual, target, lane(actual_scale)));
    }
    let aligned = aligned(actual, target).ok_or(Some(TOO_PRECISE))?;
    let fits = |n: i128| n.unsigned_abs() < MANTISSA_LIMIT;
    if fits(aligned.actual) && fits(aligned.target) {
        // Both are under 10^18, so they fit an i64.
        Ok((
            aligned.actual as i64,
            aligned.target as i64,
            lane(aligned.scale),
        ))
    } else {
        Err(None)
    }
}

/// What the loop needs of a scheme, laid out for it.
struct Table {
    /// Power of ten every deviation is scaled by.
    scale_deviation: i64,
    /// Each unit kind's bound numerators without (`[kind][0]`) and with (`[kind][1]`) its
    /// adjustment, padded to [`BOUNDS`].
    numerators: [[[i64; BOUNDS]; 2]; Unit::KINDS],
    /// 1 for a strict bound, as the numerators.
    stricts: [[[i64; BOUNDS]; 2]; Unit::KINDS],
    /// How many bounds the scheme has.
    bounds: usize,
    /// Each unit kind's adjustment threshold at each scale (targets above it are adjusted);
    /// sixteen scales, as many as a lane can name, so that no lookup is checked.
    thresholds: [[i64; 16]; Unit::KINDS],
    /// Each unit kind's adjusted band (`u8::MAX` for none).
    adjusted_band: [u8; Unit::KINDS],
    /// Each outcome code's assessment (codes are bytes, so no lookup is checked).
    outcomes: [Assessment; 256],
    /// The largest numerator's magnitude.
    largest_numerator: u64,
}

impl Table {
    /// The scheme's table, or `None` when it has more bounds than the loop compares.
    fn of(scheme: &MeasureScheme<'_>) -> Option<Table> {
        let rules = scheme.rules();
        if rules.bounds.len() > BOUNDS {
            return None;
        }
        let mut numerators = [[[0; BOUNDS]; 2]; Unit::KINDS];
        let mut stricts = [[[0; BOUNDS]; 2]; Unit::KINDS];
        let mut thresholds = [[i64::MAX; 16]; Unit::KINDS];
        let mut adjusted_band = [u8::MAX; Unit::KINDS];
        let mut largest_numerator = 0;
        for kind in 0..Unit::KINDS {
            let adjustment = &rules.by_unit[kind];
            for (set, bounds) in [&rules.bounds, &adjustment.bounds].into_iter().enumerate() {
                for (j, bound) in bounds.iter().enumerate().take(BOUNDS) {
                    numerators[kind][set][j] = bound.numerator;
                    stricts[kind][set][j] = bound.strict;
                    largest_numerator = largest_numerator.max(bound.numerator.unsigned_abs());
                }
            }
            if adjustment.band < BOUNDS + 1 {
                adjusted_band[kind] = adjustment.band as u8;
                for (scale, threshold) in adjustment.threshold_at_scale.iter().enumerate() {
                    thresholds[kind][scale] = i64::try_from(*threshold)
                        .unwrap_or(if *threshold < 0 { i64::MIN } else { i64::MAX });
                }
            }
        }
        let given = |rating: RatingId, basis| Assessment { rating, basis };
        let mut outcomes = [given(rules.no_data, Basis::TooPrecise); 256];
        for (band, rule) in rules.bands.iter().enumerate().take(BOUNDS + 1) {
            for adjusted in [false, true] {
                outcomes[band * 2 + usize::from(adjusted)] = given(
                    rule.rating,
                    Basis::Band {
                        band: band as u8,
                        adjusted,
                    },
                );
            }
        }
        let met_or_missed = |rules: super::MetOrMissed, basis: fn(bool) -> Basis| {
            [
                given(rules.met, basis(true)),
                given(rules.missed, basis(false)),
            ]
        };
        [
            outcomes[COMPARATOR_MET as usize],
            outcomes[COMPARATOR_MISSED as usize],
        ] = met_or_missed(rules.comparator, |met| Basis::Comparator { met });
        [outcomes[ZERO_MET as usize], outcomes[ZERO_MISSED as usize]] =
            met_or_missed(rules.zero_target, |met| Basis::ZeroTarget { met });
        outcomes[NO_TARGET as usize] = given(rules.no_target, Basis::NoTarget);
        outcomes[NO_DATA as usize] = given(rules.no_data, Basis::NoData);
        outcomes[NOT_RATED as usize] = given(rules.no_target, Basis::NotRated);
        Some(Table {
            scale_deviation: POWERS_OF_TEN[rules.denominator_places as usize] as i64,
            numerators,
            stricts,
            bounds: rules.bounds.len(),
            thresholds,
            adjusted_band,
            outcomes,
            largest_numerator,
        })
    }

    /// Whether every product the loop forms for figures up to `largest` fits an i64.
    fn fits_64_bits(&self, largest: u64) -> bool {
        let limit = 1_u128 << 62;
        let largest = u128::from(largest);
        2 * largest * self.scale_deviation as u128 + 1 < limit
            && largest * u128::from(self.largest_numerator) + 1 < limit
    }

    /// A row's outcome code, in integers `W` wide enough for its products, for a scheme of
    /// `N` bounds.
    #[inline(always)]
    fn code<W: Wide, const N: usize>(&self, actual: i64, target: i64, lane: Lane) -> u8 {
        let lower = i64::from(lane.0 & Lane::LOWER != 0);
        // Negated for lower-is-better without a branch: (x ^ -1) + 1 = -x.
        let difference = actual - target;
        let better = (difference ^ -lower) + lower;
        let kind = lane.unit_kind();
        let applies = target > self.thresholds[kind][lane.scale()];
        let set = usize::from(applies);
        let numerators = &self.numerators[kind][set];
        let stricts = &self.stricts[kind][set];
        let deviation = W::from(better) * W::from(self.scale_deviation);
        let magnitude = W::from(target.abs());
        let mut band = 0_u8;
        for j in 0..N {
            let fails = deviation < magnitude * W::from(numerators[j]) + W::from(stricts[j]);
            band += u8::from(fails);
        }
        let adjusted = u8::from(applies & (band == self.adjusted_band[kind]));
        let missed = u8::from(better < 0);
        let banded = band * 2 + adjusted;
        let zero = if target == 0 {
            ZERO_MET + missed
        } else {
            banded
        };
        let measured = if lane.0 & Lane::COMPARATOR != 0 {
            COMPARATOR_MET + missed
        } else {
            zero
        };
        if lane.0 & Lane::FIXED != 0 {
            (lane.0 >> 10) as u8
        } else {
            measured
        }
    }

    /// Rates every row in integers `W`, with the loop made for the scheme's number of bounds.
    fn rate_all<W: Wide>(&self, batch: &Batch, out: &mut Vec<Assessment>) {
        match self.bounds {
            0 => self.rate_rows::<W, 0>(batch, out),
            1 => self.rate_rows::<W, 1>(batch, out),
            2 => self.rate_rows::<W, 2>(batch, out),
            3 => self.rate_rows::<W, 3>(batch, out),
            _ => self.rate_rows::<W, BOUNDS>(batch, out),
        }
    }

    fn rate_rows<W: Wide, const N: usize>(&self, batch: &Batch, out: &mut Vec<Assessment>) {
        out.extend(
            batch
                .actual
                .iter()
                .zip(&batch.target)
                .zip(&batch.lanes)
                .map(|((&actual, &target), &lane)| {
                    self.outcomes[usize::from(self.code::<W, N>(actual, target, lane))]
                }),
        );
    }
}

/// The integers the loop compares in: i64 when the batch's figures are small enough for every
/// product to fit, i128 otherwise.
trait Wide:
    Copy + PartialOrd + From<i64> + std::ops::Mul<Output = Self> + std::ops::Add<Output = Self>
{
}

impl Wide for i64 {}
impl Wide for i128 {}

impl MeasureScheme<'_> {
    /// Rates every row of `batch`, replacing `out` with their assessments in order: the same as
    /// [`MeasureScheme::rate`] gives for each.
    pub fn rate_batch(&self, batch: &Batch, out: &mut Vec<Assessment>) {
        out.clear();
        out.reserve(batch.len());
        match Table::of(self) {
            Some(table) if table.fits_64_bits(batch.largest) => table.rate_all::<i64>(batch, out),
            Some(table) => table.rate_all::<i128>(batch, out),
            None => out.extend((0..batch.len()).map(|i| self.rate(&batch.input(i)))),
        }
        for (row, input) in &batch.others {
            out[*row] = self.rate(input);
        }
    }
}

#[cfg(test)]
mod tests;
