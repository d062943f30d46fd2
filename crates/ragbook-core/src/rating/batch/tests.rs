//! The batch gives, row by row, exactly what rating one figure at a time gives.

use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::measure::{Polarity, RatingMethod, Unit};
use crate::rating::{Batch, MeasureScheme, RatingInput, Scheme};

/// A scheme of six bands (more bounds than the batch's loop compares) with `when` rules on two
/// units, one of them on a band other than the first.
const SIX_BANDS: &str = r##"
id = "six"
name = "Six bands"
description = "A test scheme."
[[category]]
id = "a"
label = "A"
score = 6
colour = "#000000"
symbol = "a"
description = "a"
response = "a"
[[category]]
id = "b"
label = "B"
score = 5
colour = "#000000"
symbol = "b"
description = "b"
response = "b"
[[category]]
id = "c"
label = "C"
score = 4
colour = "#000000"
symbol = "c"
description = "c"
response = "c"
[[category]]
id = "n"
label = "None"
colour = "#000000"
symbol = "n"
description = "n"
response = "n"
[measures]
no_target = "n"
no_data = "n"
comparator = { met = "a", missed = "c" }
zero_target = { met = "b", missed = "c" }
[[measures.band]]
rating = "a"
above = "12.5%"
[[measures.band]]
rating = "a"
above = "5%"
when = [{ unit = "days", target_above = "30.5", from = "1%" }]
[[measures.band]]
rating = "b"
from = "0%"
[[measures.band]]
rating = "b"
from = "-2.25%"
when = [{ unit = "percent", target_above = "-3", above = "-4%" }]
[[measures.band]]
rating = "c"
from = "-10%"
[[measures.band]]
rating = "c"
"##;

fn schemes() -> Vec<Scheme> {
    let mut schemes: Vec<Scheme> = ["county", "county-older", "city"]
        .iter()
        .map(|name| Scheme::shipped(name).unwrap())
        .collect();
    schemes.push(Scheme::from_toml(SIX_BANDS).unwrap());
    // The same six bands less the last two lower bounds: four bounds, the loop's most.
    let four = SIX_BANDS.replace("[[measures.band]]\nrating = \"c\"\nfrom = \"-10%\"\n", "");
    schemes.push(Scheme::from_toml(&four).unwrap());
    schemes
}

/// Figures of every shape the parser gives: small ones near each other at mixed scales (so
/// bounds are met exactly), zeros, and long ones that need 128 bits or cannot be rated.
fn figure() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Decimal::ZERO)),
        // The schemes' `when` thresholds, at several scales.
        1 => (proptest::sample::select(vec![95_i64, 305, -3]), 0_u32..3).prop_map(|(m, s)| {
            let mut d = Decimal::new(m, if m == 305 { 1 } else { 0 });
            d.rescale(d.scale() + s);
            Some(d)
        }),
        6 => (-2_000_i64..2_000, 0_u32..4).prop_map(|(m, s)| Some(Decimal::new(m, s))),
        2 => (-1_000_000_000_i64..1_000_000_000, 0_u32..11).prop_map(|(m, s)| Some(Decimal::new(m, s))),
        1 => (any::<i64>(), 0_u32..29).prop_map(|(m, s)| Some(Decimal::new(m, s))),
        1 => (any::<i128>(), 0_u32..29).prop_map(|(m, s)| {
            Decimal::try_from_i128_with_scale(m % 10_i128.pow(28), s).ok()
        }),
    ]
}

fn input() -> impl Strategy<Value = RatingInput> {
    let unit = prop_oneof![
        proptest::sample::select(Unit::ALL.to_vec()),
        Just(Unit::Rate { per: 10_000 }),
    ];
    let polarity = proptest::sample::select(vec![
        Polarity::HigherIsBetter,
        Polarity::LowerIsBetter,
        Polarity::None,
    ]);
    let method = prop_oneof![
        6 => Just(RatingMethod::Threshold),
        2 => Just(RatingMethod::Comparator),
        1 => Just(RatingMethod::Manual),
        1 => Just(RatingMethod::None),
    ];
    (figure(), figure(), unit, polarity, method).prop_map(
        |(actual, target, unit, polarity, method)| RatingInput {
            actual,
            target,
            unit,
            polarity,
            method,
        },
    )
}

/// A target near an actual, so that bands and thresholds are crossed rather than skipped.
fn near(input: RatingInput, step: i64) -> RatingInput {
    let target = input
        .actual
        .map(|a| a + Decimal::new(step, a.scale().min(6)));
    RatingInput { target, ..input }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_batch_rates_each_row_as_one_figure_is_rated(
        rows in proptest::collection::vec((input(), -60_i64..60, any::<bool>()), 1..200),
    ) {
        let rows: Vec<RatingInput> = rows
            .into_iter()
            .map(|(input, step, shift)| if shift { near(input, step) } else { input })
            .collect();
        let mut batch = Batch::with_capacity(rows.len());
        for row in &rows {
            batch.push(row);
        }
        prop_assert_eq!(batch.len(), rows.len());
        let mut rated = Vec::new();
        for scheme in schemes() {
            let rules = MeasureScheme::new(&scheme).unwrap();
            rules.rate_batch(&batch, &mut rated);
            let one_by_one: Vec<_> = rows.iter().map(|row| rules.rate(row)).collect();
            prop_assert_eq!(&rated, &one_by_one, "scheme {}", scheme.id);
        }
    }
}

#[test]
fn small_batches_compare_in_64_bits_and_long_figures_in_128() {
    let scheme = Scheme::shipped("county").unwrap();
    let rules = MeasureScheme::new(&scheme).unwrap();
    let row = |actual: Decimal, target: Decimal| RatingInput {
        actual: Some(actual),
        target: Some(target),
        unit: Unit::Percent,
        polarity: Polarity::HigherIsBetter,
        method: RatingMethod::Threshold,
    };
    // 96.0 against a target of 95.5 with the 95% rule; then the same among figures whose
    // products need 128 bits, and one too long to rate at all.
    let rows = [
        row(Decimal::new(9_742, 2), Decimal::new(955, 1)),
        row(Decimal::new(999_999_999_999_999_999, 0), Decimal::new(1, 0)),
        row(Decimal::new(9_742, 2), Decimal::new(955, 1)),
        row(
            Decimal::from_i128_with_scale(10_i128.pow(27), 0),
            Decimal::new(1, 10),
        ),
    ];
    let mut batch = Batch::default();
    let mut rated = Vec::new();
    batch.push(&rows[0]);
    rules.rate_batch(&batch, &mut rated);
    assert_eq!(rated, [rules.rate(&rows[0])]);
    batch.clear();
    for row in &rows {
        batch.push(row);
    }
    rules.rate_batch(&batch, &mut rated);
    let one_by_one: Vec<_> = rows.iter().map(|row| rules.rate(row)).collect();
    assert_eq!(rated, one_by_one);
    assert_eq!(scheme.category(rated[0].rating).id, "strong");
    assert_eq!(rated[0], rated[2]);
    assert_eq!(rated[3].basis, crate::rating::Basis::TooPrecise);
}
