//! Checking a scheme as written (categories, measure bands and their compiled form, finance
//! bands) into the form the engine uses.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Checks a scheme as written, part by part, naming the scheme in every error.
pub(super) struct Checker<'a> {
    pub(super) id: &'a str,
    pub(super) categories: &'a [Category],
}

impl Checker<'_> {
    fn invalid(&self, message: String) -> SchemeError {
        SchemeError::Invalid(format!("scheme {:?}: {message}", self.id))
    }

    /// The category `id`, which `role` names.
    fn find(&self, id: &str, role: &str) -> Result<RatingId, SchemeError> {
        self.categories
            .iter()
            .position(|c| c.id == id)
            .map(|i| RatingId(i as u8))
            .ok_or_else(|| {
                self.invalid(format!(
                    "{role} names category {id:?}, which is not defined"
                ))
            })
    }

    fn met_or_missed(&self, pair: &RawMetOrMissed, role: &str) -> Result<MetOrMissed, SchemeError> {
        Ok(MetOrMissed {
            met: self.find(&pair.met, role)?,
            missed: self.find(&pair.missed, role)?,
        })
    }

    /// Some categories, each defined once, each with a colour.
    pub(super) fn categories(&self) -> Result<(), SchemeError> {
        if self.categories.is_empty() {
            return Err(self.invalid("it has no categories".into()));
        }
        if self.categories.len() > usize::from(u8::MAX) {
            return Err(self.invalid("it has more than 255 categories".into()));
        }
        for (i, category) in self.categories.iter().enumerate() {
            if self.categories[..i].iter().any(|c| c.id == category.id) {
                return Err(self.invalid(format!("category {:?} is defined twice", category.id)));
            }
            if !is_hex_colour(&category.colour) {
                return Err(self.invalid(format!(
                    "category {:?} has colour {:?}; expected #rrggbb",
                    category.id, category.colour
                )));
            }
        }
        Ok(())
    }

    /// The measure bands, falling from best to worst, with their `when` rules.
    fn bands(&self, raw: &RawMeasureRules) -> Result<Vec<Band>, SchemeError> {
        let mut bands = Vec::with_capacity(raw.bands.len());
        for (i, band) in raw.bands.iter().enumerate() {
            let role = format!("band {}", i + 1);
            let last = i + 1 == raw.bands.len();
            let lower = parse_bound(band.above.as_deref(), band.from.as_deref())
                .map_err(|m| self.invalid(format!("{role}: {m}")))?;
            if last != lower.is_none() {
                return Err(self.invalid(format!(
              "{role}: every band but the last needs `above` or `from`; the last takes what is left and has neither"
          )));
            }
            let mut adjustments = Vec::new();
            for adjust in &band.when {
                let unit = Unit::from_str(&adjust.unit)
                    .map_err(|e| self.invalid(format!("{role}: {e}")))?;
                let target_above = Decimal::from_str(adjust.target_above.trim()).map_err(|_| {
                    self.invalid(format!(
                        "{role}: target_above {:?} is not a number",
                        adjust.target_above
                    ))
                })?;
                let bound = parse_bound(adjust.above.as_deref(), adjust.from.as_deref())
                    .map_err(|m| self.invalid(format!("{role}: {m}")))?
                    .ok_or_else(|| {
                        self.invalid(format!("{role}: a `when` rule needs `above` or `from`"))
                    })?;
                adjustments.push(Adjustment {
                    unit,
                    target_above,
                    bound,
                });
            }
            bands.push(Band {
                rating: self.find(&band.rating, &role)?,
                lower,
                adjustments,
            });
        }
        if bands.is_empty() {
            return Err(self.invalid("[measures] has no bands".into()));
        }
        check_bands_fall(&bands).map_err(|m| self.invalid(m))?;
        Ok(bands)
    }

    pub(super) fn measure_rules(&self, raw: &RawMeasureRules) -> Result<MeasureRules, SchemeError> {
        let bands = self.bands(raw)?;
        let denominator_places = bands
            .iter()
            .flat_map(|b| b.lower.iter().chain(b.adjustments.iter().map(|a| &a.bound)))
            .map(|bound| bound.fraction.scale())
            .max()
            .unwrap_or(0);
        let compile = |bound: &Bound| CompiledBound {
            numerator: scaled_numerator(bound.fraction, denominator_places),
            strict: i64::from(!bound.inclusive),
        };
        let bounds: Vec<CompiledBound> = bands
            .iter()
            .filter_map(|b| b.lower.as_ref().map(compile))
            .collect();
        // One entry per unit; units without a `when` rule never exceed their threshold.
        let mut by_unit: [CompiledAdjustment; Unit::KINDS] =
            std::array::from_fn(|_| CompiledAdjustment {
                band: usize::MAX,
                threshold_at_scale: [i128::MAX; 11],
                bounds: bounds.clone(),
            });
        for (index, band) in bands.iter().enumerate() {
            for adjustment in &band.adjustments {
                let threshold = adjustment.target_above.normalize();
                if threshold.scale() > crate::rating::engine::SCALE_LIMIT
                    || threshold.mantissa().unsigned_abs() >= crate::rating::engine::MANTISSA_LIMIT
                {
                    return Err(self.invalid(format!(
                        "band {}: target_above has too many digits",
                        index + 1
                    )));
                }
                let slot = &mut by_unit[adjustment.unit.kind_index()];
                if slot.band != usize::MAX {
                    return Err(self.invalid(format!(
                  "band {}: only one `when` rule per unit is supported, and {} already has one",
                  index + 1,
                  adjustment.unit.code()
              )));
                }
                let (mantissa, places) = (threshold.mantissa(), threshold.scale());
                slot.band = index;
                slot.threshold_at_scale = std::array::from_fn(|scale: usize| {
                    let scale = scale as u32;
                    if scale >= places {
                        mantissa * 10_i128.pow(scale - places)
                    } else {
                        mantissa.div_euclid(10_i128.pow(places - scale))
                    }
                });
                slot.bounds[index] = compile(&adjustment.bound);
            }
        }
        Ok(MeasureRules {
            bands,
            no_target: self.find(&raw.no_target, "no_target")?,
            no_data: self.find(&raw.no_data, "no_data")?,
            comparator: self.met_or_missed(&raw.comparator, "comparator")?,
            zero_target: self.met_or_missed(&raw.zero_target, "zero_target")?,
            denominator_places,
            bounds,
            by_unit: Box::new(by_unit),
        })
    }

    pub(super) fn finance_rules(&self, raw: &RawFinanceRules) -> Result<FinanceRules, SchemeError> {
        let mut bands: Vec<FinanceBand> = Vec::with_capacity(raw.bands.len());
        for (i, band) in raw.bands.iter().enumerate() {
            let role = format!("finance band {}", i + 1);
            let last = i + 1 == raw.bands.len();
            let up_to = parse_bound(None, band.up_to.as_deref())
                .map_err(|m| self.invalid(format!("{role}: {m}")))?
                .map(|bound| bound.fraction);
            if last != up_to.is_none() {
                return Err(self.invalid(format!(
              "{role}: every band but the last needs `up_to`; the last takes what is left and has none"
          )));
            }
            if let (Some(previous), Some(this)) = (bands.last().and_then(|b| b.up_to), up_to)
                && this <= previous
            {
                return Err(self.invalid(format!("{role}: `up_to` must rise from band to band")));
            }
            bands.push(FinanceBand {
                rating: self.find(&band.rating, &role)?,
                up_to,
            });
        }
        if bands.is_empty() {
            return Err(self.invalid("[finance] has no bands".into()));
        }
        Ok(FinanceRules { bands })
    }
}
